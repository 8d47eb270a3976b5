import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runReportCommand } from '../../src/cli/report';
import { localCaller } from '../../src/reports/graphql-callers';
import { collectReport, REPORT_FORMATS, REPORT_KINDS, ReportKind } from '../../src/reports/report-data';
import { renderReport } from '../../src/reports/render';
import { buildAppSchema } from '../../src/schema/build-schema';
import { createApiToken } from '../../src/shared/auth/token-store';
import { parseCsv } from '../support/csv';
import { startTestApp, TestApp } from '../support/test-app';

// Every report kind in every format on the seed corpus, the CLI (local and against the API), and a run requested
// over GraphQL that a worker finishes and that downloads. The schedules' exactly-once and the retry of a killed
// worker run with real worker processes in tests/slow (npm run test:slow).
describe('reports', () => {
  let api: TestApp;
  let reader: string;
  const params: Record<ReportKind, object> = {
    'agreement-brief': { agreement: 'japan-ukraine-2024', peers: ['united-states-ukraine-2024', 'united-kingdom-ukraine-2024'] },
    'coverage-matrix': {},
    'pledges-by-provider': {},
    'constraints-digest': {},
    'changes-since': { since: '2000-01-01T00:00:00Z' },
  };

  beforeAll(async () => {
    api = await startTestApp({}, { reports: true });
    const sql = async <T>(text: string, values: unknown[] = []) => (await api.db.dataSource.query(text, values)) as T[];
    reader = (await createApiToken(sql as never, { name: 'report-reader', role: 'reader' })).token;
  });
  afterAll(() => api.close());

  const rendered = new Map<string, string>();
  const render = async (kind: ReportKind, format: (typeof REPORT_FORMATS)[number]) => {
    const id = `${kind}.${format}`;
    if (!rendered.has(id)) {
      const report = await collectReport(buildAppSchema(), kind, params[kind], localCaller(buildAppSchema(), api.db.dataSource));
      rendered.set(id, renderReport(report, format).body);
    }
    return rendered.get(id)!;
  };

  describe.each(REPORT_KINDS)('%s', (kind) => {
    it('renders in every format, stating its as-of time and its sources', async () => {
      for (const format of REPORT_FORMATS) {
        const body = await render(kind, format);
        expect(body.length).toBeGreaterThan(100);
        expect(body).toMatch(/20\d\d-\d\d-\d\dT\d\d:\d\d/);
      }
      const json = JSON.parse(await render(kind, 'json'));
      expect(JSON.stringify(json)).toContain('asOf');
      if (kind !== 'changes-since') expect(await render(kind, 'md')).toMatch(/Sources/);
    });

    it('writes CSV that parses, with a header and the as-of time on every row', async () => {
      const rows = parseCsv(await render(kind, 'csv'));
      expect(rows.length).toBeGreaterThan(1);
      const header = rows[0];
      expect(header).toContain('as_of');
      for (const row of rows.slice(1)) expect(row).toHaveLength(header.length);
    });

    it('writes one self-contained HTML file: no scripts, no external resource, no external link', async () => {
      const html = await render(kind, 'html');
      expect(html).toMatch(/^<!DOCTYPE html>/i);
      expect(html).not.toMatch(/<script|\ssrc=|<link|@import|url\(|href="https?:/i);
    });
  });

  it('briefs the Japan accord with its date, place, non-lethal limit and peers', async () => {
    for (const format of ['md', 'html'] as const) {
      const brief = await render('agreement-brief', format);
      expect(brief).toMatch(/13 June 2024|2024-06-13/);
      expect(brief).toMatch(/Apulia/);
      expect(brief).toMatch(/non-lethal/i);
      expect(brief).toMatch(/united-states-ukraine-2024|US-Ukraine/);
      expect(brief).toMatch(/united-kingdom-ukraine-2024|UK-Ukraine/);
    }
  });

  it('draws the coverage heat map and the pledge bars as inline SVG', async () => {
    expect(await render('coverage-matrix', 'html')).toMatch(/<svg[\s\S]*<rect/);
    expect(await render('pledges-by-provider', 'html')).toMatch(/<svg[\s\S]*<rect/);
  });

  it('sums pledges exactly and never across currencies', async () => {
    const rows = parseCsv(await render('pledges-by-provider', 'csv'));
    const header = rows[0];
    const [currency, amount] = [header.indexOf('currency'), header.indexOf('amount')];
    expect(currency).toBeGreaterThanOrEqual(0);
    const japan = rows.find((row) => row.includes('JP') && row[currency] === 'USD');
    expect(japan?.[amount]).toMatch(/^4,?500,?000,?000(\.00)?$/);
  });

  describe('npm run report', () => {
    let dir: string;
    const out: string[] = [];
    const io = { out: (text: string) => out.push(text), err: (text: string) => out.push(text) };

    beforeAll(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'report-'));
      process.env.DATABASE_URL = api.db.url;
    });
    afterAll(() => {
      fs.rmSync(dir, { recursive: true, force: true });
      delete process.env.DATABASE_URL;
    });
    beforeEach(() => out.splice(0));

    it('prints a report, or writes it to a file', async () => {
      expect(await runReportCommand(['coverage-matrix', '--format', 'md'], io)).toBe(0);
      expect(out.join('')).toMatch(/japan-ukraine-2024|Japan/);
      const file = path.join(dir, 'brief.html');
      expect(await runReportCommand(['agreement-brief', '--agreement', 'japan-ukraine-2024', '--format', 'html', '--out', file], io)).toBe(0);
      expect(fs.readFileSync(file, 'utf8')).toMatch(/Apulia/);
    });

    it('asks a remote API with a token, as a job on another machine would', async () => {
      const args = ['pledges-by-provider', '--format', 'csv', '--api', api.app.url, '--token', reader];
      expect(await runReportCommand(args, io)).toBe(0);
      expect(parseCsv(out.join(''))[0]).toContain('currency');
      out.splice(0);
      expect(await runReportCommand(['pledges-by-provider', '--format', 'csv', '--api', api.app.url, '--token', 'acc_forged'], io)).toBe(1);
    });

    it('refuses an unknown kind or format, a missing agreement, and bad arguments', async () => {
      expect(await runReportCommand(['weather', '--format', 'md'], io)).toBe(1);
      expect(out.join('\n')).toMatch(/unknown report kind "weather"/);
      expect(await runReportCommand(['coverage-matrix', '--format', 'pdf'], io)).toBe(1);
      expect(await runReportCommand(['agreement-brief', '--format', 'md'], io)).toBe(1);
      expect(await runReportCommand(['agreement-brief', '--agreement', 'atlantis', '--format', 'md'], io)).toBe(1);
      expect(await runReportCommand(['coverage-matrix'], io)).toBe(2);
    });
  });

  describe('runs over GraphQL', () => {
    const run = `mutation($kind: String!, $format: String!, $params: JSONObject) { runReport(kind: $kind, format: $format, params: $params) { id status downloadUrl } }`;
    const poll = `query($id: ID!) { reportRun(id: $id) { id status attempts error fileName downloadUrl startedAt finishedAt } }`;

    async function finished(id: string) {
      for (let i = 0; i < 100; i++) {
        // Runs are seen by the token that asked for them (and admins): issue 14, part D.
        const { data } = await api.gql(poll, { id }, { token: reader });
        if (['SUCCEEDED', 'FAILED'].includes(data.reportRun.status)) return data.reportRun;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      throw new Error(`run ${id} did not finish`);
    }

    it('runs a report asked for, which a worker finishes and which then downloads', async () => {
      const asked = await api.gql(run, { kind: 'agreement-brief', format: 'md', params: { agreement: 'japan-ukraine-2024' } }, { token: reader });
      expect(asked.errors).toBeUndefined();
      expect(asked.data.runReport).toMatchObject({ status: 'QUEUED', downloadUrl: null });
      const done = await finished(asked.data.runReport.id);
      expect(done).toMatchObject({ status: 'SUCCEEDED', attempts: 1, error: null });
      const response = await fetch(new URL(done.downloadUrl, api.app.url), { headers: { authorization: `Bearer ${reader}` } });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/text\/markdown/);
      expect(response.headers.get('content-disposition')).toContain(done.fileName);
      expect(await response.text()).toMatch(/Apulia/);
      const listed = await api.gql(`{ reportRuns(filter: { status: { eq: SUCCEEDED } }) { nodes { id kind } } }`, undefined, { token: reader });
      expect(listed.data.reportRuns.nodes).toContainEqual({ id: done.id, kind: 'agreement-brief' });
    });

    it('records a run that fails with its error (bad parameters are not retried), with nothing to download', async () => {
      const asked = await api.gql(run, { kind: 'agreement-brief', format: 'md', params: { agreement: 'atlantis-ukraine-2024' } }, { token: reader });
      expect(asked.errors).toBeUndefined();
      const id = asked.data.runReport.id;
      const done = await finished(id);
      expect(done.status).toBe('FAILED');
      expect(done.error).toMatch(/atlantis/);
      expect(done.downloadUrl).toBeNull();
      // Its download link is not given out before it succeeded; the key (random, in the database) still answers 409.
      const [{ key }] = await api.db.dataSource.query(`SELECT download_key AS key FROM report_run WHERE id = $1`, [id]);
      const response = await fetch(new URL(`/reports/runs/${key}/download`, api.app.url), { headers: { authorization: `Bearer ${reader}` } });
      expect(response.status).toBe(409);
    });

    it('validates kind, format and parameters, and needs a token', async () => {
      const cases: [object, string | undefined, string][] = [
        [{ kind: 'weather', format: 'md' }, reader, 'BAD_USER_INPUT'],
        [{ kind: 'coverage-matrix', format: 'pdf' }, reader, 'BAD_USER_INPUT'],
        [{ kind: 'agreement-brief', format: 'md' }, reader, 'BAD_USER_INPUT'],
        [{ kind: 'coverage-matrix', format: 'md' }, undefined, 'UNAUTHENTICATED'],
      ];
      for (const [variables, token, code] of cases) {
        const { errors } = await api.gql(run, variables as Record<string, unknown>, { token });
        expect(errors?.[0]?.extensions?.code).toBe(code);
      }
      expect((await fetch(new URL('/reports/runs/999999/download', api.app.url))).status).toBe(404);
      const unknownKey = '/reports/runs/00000000-0000-4000-8000-000000000000/download';
      expect((await fetch(new URL(unknownKey, api.app.url), { headers: { authorization: `Bearer ${reader}` } })).status).toBe(404);
    });

    it('lets admins schedule and unschedule, and validates cron and time zone', async () => {
      const sql = async <T>(text: string, values: unknown[] = []) => (await api.db.dataSource.query(text, values)) as T[];
      const admin = (await createApiToken(sql as never, { name: 'report-admin', role: 'admin' })).token;
      const schedule = `mutation($cron: String!, $tz: String) { scheduleReport(kind: "coverage-matrix", format: "html", cron: $cron, timeZone: $tz) { id cron timeZone active } }`;
      expect((await api.gql(schedule, { cron: '0 8 * * 1' }, { token: reader })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect((await api.gql(schedule, { cron: '61 8 * * 1' }, { token: admin })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect((await api.gql(schedule, { cron: '0 8 * * 1', tz: 'Mars/Base' }, { token: admin })).errors?.[0]?.extensions?.code).toBe(
        'BAD_USER_INPUT',
      );
      const made = await api.gql(schedule, { cron: '0 8 * * 1', tz: 'Europe/Kyiv' }, { token: admin });
      expect(made.data.scheduleReport).toMatchObject({ cron: '0 8 * * 1', timeZone: 'Europe/Kyiv', active: true });
      const ended = await api.gql(
        `mutation($id: ID!) { unscheduleReport(id: $id) { active } }`,
        { id: made.data.scheduleReport.id },
        { token: admin },
      );
      expect(ended.data.unscheduleReport.active).toBe(false);
      const listed = await api.gql(`{ reportSchedules { id active } }`, {}, { token: admin });
      expect(listed.data.reportSchedules).toContainEqual({ id: made.data.scheduleReport.id, active: false });
    });
  });

  it('prunes runs finished longer ago than the retention setting, and keeps the rest', async () => {
    const insert = (finished: string) =>
      api.db.dataSource.query(
        `INSERT INTO report_run (kind, format, params, status, scheduled_for, finished_at) VALUES ('coverage-matrix', 'md', '{}', 'SUCCEEDED', $1, $1) RETURNING id`,
        [finished],
      );
    const [[old], [recent]] = [await insert('2020-01-01T00:00:00Z'), await insert(new Date().toISOString())];
    expect(await api.reports!.prune()).toBeGreaterThanOrEqual(1);
    const left = await api.db.dataSource.query(`SELECT id FROM report_run WHERE id = ANY($1::int[])`, [[old.id, recent.id]]);
    expect(left).toEqual([{ id: recent.id }]);
  });

  it('runs each slot of a schedule once however many workers tick, and none before the schedule began', async () => {
    const jobs = api.reports!;
    const [{ id }] = await api.db.dataSource.query(
      `INSERT INTO report_schedule (kind, format, params, cron, created_at) VALUES ('coverage-matrix', 'json', '{}', '* * * * *', '2026-01-01T00:00:00Z') RETURNING id`,
    );
    const minute = (m: number) => new Date(Date.UTC(2026, 0, 1, 0, m, 30));
    // Three "workers" ticking at once over five minutes of (simulated) time, some twice in the same minute.
    for (let m = 0; m < 5; m++) await Promise.all([jobs.tick(minute(m)), jobs.tick(minute(m)), jobs.tick(new Date(minute(m).getTime() + 20_000))]);
    // (The app's own worker ticks in real time too; its slot is today's, outside the simulated hour.)
    const runs = await api.db.dataSource.query(
      `SELECT scheduled_for FROM report_run WHERE schedule_id = $1 AND scheduled_for < '2026-01-02' ORDER BY scheduled_for`,
      [id],
    );
    expect(runs.map((r: { scheduled_for: Date }) => r.scheduled_for.toISOString())).toEqual(
      [0, 1, 2, 3, 4].map((m) => new Date(Date.UTC(2026, 0, 1, 0, m)).toISOString()),
    );
    await api.db.dataSource.query(`UPDATE report_schedule SET ended_at = now() WHERE id = $1`, [id]);
  });
});
