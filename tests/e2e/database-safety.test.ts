import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { App, startApp } from '../../src/app';
import { AppConfig, DEFAULT_MAX_FILTER_NODES, loadConfig, PROJECT_ROOT } from '../../src/config/config';
import { connectionConfig } from '../../src/db/connection-config';
import { createDataSource } from '../../src/db/data-source';
import { createSqlRunner } from '../../src/db/sql-runner';
import { compiledOf } from '../support/read-plan';
import { REPORT_QUEUE, ReportJobs } from '../../src/reports/report-jobs';
import { buildAppSchema } from '../../src/schema/build-schema';
import { createApiToken } from '../../src/shared/auth/token-store';
import { createLogger } from '../../src/shared/logging/logging';
import { liveClient, subscribe } from '../support/live-client';
import { createTestDatabase, TestDatabase } from '../support/test-database';

// Issue 14, part A: database safety and honest client errors, against a real server and a real PostgreSQL (on the
// machine's PostgreSQL 15, which has JIT, with DATABASE_URL; the embedded build has none, but `SHOW jit` still says
// what each session was given).

interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

const WARN = 40;
const ERROR = 50;

/** The probe's query: a few hundred `or` alternatives of a full-text search through a relation (about 18 KB). */
function stallingFilter(alternatives: number): Record<string, unknown> {
  return { or: Array.from({ length: alternatives }, (_, i) => ({ hasCommitment: { search: `training${i} equipment${i}` } })) };
}

const AGREEMENTS_BY_FILTER = `query($filter: AgreementFilter) { agreements(filter: $filter, first: 5) { totalCount nodes { slug } } }`;

describe('database safety and honest client errors (issue 14, part A)', () => {
  let db: TestDatabase;
  let app: App;
  let reports: ReportJobs;
  let reader = '';
  let admin = '';
  const lines: LogLine[] = [];
  const extraApps: App[] = [];
  const extraSources: DataSource[] = [];

  async function start(overrides: Partial<AppConfig> = {}, dataSource = db.dataSource, options: { reports?: ReportJobs } = {}): Promise<App> {
    const config = { ...loadConfig({ NODE_ENV: 'test', DATABASE_URL: db.url, PORT: '0' }), ...overrides };
    const logger = createLogger({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    return startApp(dataSource, config, logger, 0, options);
  }

  async function post(target: App, query: string, variables: object = {}, token?: string) {
    const response = await fetch(target.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, ...((await response.json()) as { data?: any; errors?: any[] }) };
  }

  async function get(path: string, headers: Record<string, string> = {}) {
    const response = await fetch(new URL(path, app.url), { headers });
    const text = await response.text();
    return { status: response.status, text, body: text.startsWith('{') ? JSON.parse(text) : undefined };
  }

  const sql = async <T>(text: string, params: unknown[] = []) => (await db.dataSource.query(text, params)) as T[];

  beforeAll(async () => {
    db = await createTestDatabase();
    const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: db.url });
    reports = await ReportJobs.start(
      db.dataSource,
      db.url,
      { ...config.reports, retryDelaySeconds: 1, schedulerTickSeconds: 3600 },
      { schema: buildAppSchema(), work: true },
    );
    app = await start({}, db.dataSource, { reports });
    reader = (await createApiToken(sql as never, { name: 'safety-reader', role: 'reader' })).token;
    admin = (await createApiToken(sql as never, { name: 'safety-admin', role: 'admin' })).token;
  });

  afterAll(async () => {
    for (const extra of extraApps) await extra.stop();
    await app.stop();
    await reports.stop();
    for (const source of extraSources) if (source.isInitialized) await source.destroy();
    await db.drop();
  });

  describe('JIT', () => {
    it('is off on every connection the API, the worker and the tools open', async () => {
      // The API's pools (TypeORM: the read path, mutations, exports, /readyz), several connections of them.
      const pool = (db.dataSource.driver as unknown as { master: { query(text: string): Promise<{ rows: { jit: string }[] }> } }).master;
      const settings = await Promise.all(Array.from({ length: 4 }, () => pool.query('SHOW jit')));
      expect(settings.map((result) => result.rows[0].jit)).toEqual(['off', 'off', 'off', 'off']);
      // The worker's pg-boss pool (its own pg.Pool, configured by connectionConfig too).
      const boss = (reports as unknown as { boss: { getDb(): { executeSql(text: string): Promise<{ rows: { jit: string }[] }> } } }).boss;
      expect((await boss.getDb().executeSql('SHOW jit')).rows[0].jit).toBe('off');
      // A plain client (the migration lock, the LISTEN connection, the tools' reachability check).
      const client = new Client(connectionConfig(db.url, 'accords-test'));
      await client.connect();
      try {
        expect((await client.query('SHOW jit')).rows[0].jit).toBe('off');
      } finally {
        await client.end();
      }
    });

    it('runs a statement planned with its values on connections that never reuse a plan, with the same settings', async () => {
      const sql = createSqlRunner(db.dataSource);
      const settings = `SELECT current_setting('plan_cache_mode') AS mode, current_setting('jit') AS jit, current_setting('statement_timeout') AS timeout`;
      const [reused] = await sql<{ mode: string; jit: string; timeout: string }>(settings, [], false);
      const [planned] = await sql<{ mode: string; jit: string; timeout: string }>(`${settings}, 1 AS planned_with_values`, [], true);
      expect(reused.mode).toBe('auto');
      expect(planned).toEqual({ mode: 'force_custom_plan', jit: 'off', timeout: reused.timeout, planned_with_values: 1 });
      // A full-text list run again and again with different terms keeps being planned with its term: PostgreSQL never
      // switches it to its generic plan there (it did on the primary's connections: docs/BENCHMARKS.md).
      const statement = compiledOf(buildAppSchema(), `query($q: String!) { commitments(filter: { search: $q }, first: 5) { nodes { key } } }`, {
        q: 'x',
      });
      expect(statement.planWithValues).toBe(true);
      for (const term of ['training', 'air defence', 'demining', 'zzqxwv', 'security', 'energy', 'sanctions', 'training', 'demining', 'air'])
        await sql(statement.text, [term, 5], true);
      // Its prepared statement on those connections (pg_prepared_statements shows the session's own): planned each time.
      const counts = `SELECT coalesce(sum(generic_plans), 0)::int AS generic, coalesce(sum(custom_plans), 0)::int AS custom
        FROM pg_prepared_statements WHERE statement = $1`;
      const seen = await Promise.all(Array.from({ length: 2 }, () => sql<{ generic: number; custom: number }>(counts, [statement.text], true)));
      expect(seen.every(([row]) => row.generic === 0)).toBe(true);
      expect(seen.reduce((total, [row]) => total + row.custom, 0)).toBeGreaterThanOrEqual(5);
    });

    it("answers the probe's several-hundred-alternative filter with the filter limit off (no JIT stall)", async () => {
      // On PostgreSQL 15 with JIT this statement took about 20 s (the statement timeout does not stop JIT
      // compilation) and the client got SERVICE_UNAVAILABLE after 12 s; without JIT it plans and runs at once.
      const unlimited = await start({ limits: { ...loadConfig({ NODE_ENV: 'test' }).limits, filterNodes: 0 } });
      extraApps.push(unlimited);
      const { status, data, errors } = await post(unlimited, AGREEMENTS_BY_FILTER, { filter: stallingFilter(300) });
      expect(errors).toBeUndefined();
      expect(status).toBe(200);
      expect(data.agreements.totalCount).toBeGreaterThanOrEqual(0);
    }, 60_000);
  });

  describe('the filter limit (MAX_FILTER_NODES)', () => {
    const refused = (error: any) => {
      expect(error.extensions).toMatchObject({ code: 'FILTER_TOO_COMPLEX', limit: DEFAULT_MAX_FILTER_NODES, setting: 'MAX_FILTER_NODES' });
      expect(error.extensions.found).toBeGreaterThan(DEFAULT_MAX_FILTER_NODES);
      expect(error.message).toContain('MAX_FILTER_NODES');
    };

    it('refuses the stalling filter sent as variables, before any SQL, with 400 FILTER_TOO_COMPLEX', async () => {
      db.recorder.start();
      const { status, data, errors } = await post(app, AGREEMENTS_BY_FILTER, { filter: stallingFilter(300) });
      expect(db.recorder.stop()).toEqual([]);
      expect(status).toBe(400);
      expect(data).toBeUndefined();
      refused(errors![0]);
      // `or` 1, and per alternative: hasCommitment 1, its search's two terms 2.
      expect(errors![0].extensions.found).toBe(1 + 300 * 3);
    });

    it('refuses the same filter written as a literal, and counts every filter argument of the operation', async () => {
      const literal = JSON.stringify(stallingFilter(300)).replace(/"(\w+)":/g, '$1:');
      const { status, errors } = await post(app, `{ agreements(filter: ${literal}) { totalCount } }`);
      expect(status).toBe(400);
      refused(errors![0]);
      // Two arguments of 121 and 122 nodes: each under the limit, together over it.
      const half = JSON.stringify(stallingFilter(40)).replace(/"(\w+)":/g, '$1:');
      const both = await post(app, `{ a: agreements(filter: ${half}) { totalCount } b: commitments(filter: { agreement: ${half} }) { totalCount } }`);
      expect(both.status).toBe(400);
      refused(both.errors![0]);
    });

    it('refuses it in a nested connection and through a report operation run with runReport', async () => {
      const nested = await post(app, `query($f: CommitmentFilter) { agreements(first: 1) { nodes { commitments(filter: $f) { totalCount } } } }`, {
        f: { or: Array.from({ length: 100 }, (_, i) => ({ search: `word${i} other${i}` })) },
      });
      expect(nested.status).toBe(400);
      refused(nested.errors![0]);
      const before = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM report_run`);
      const run = await post(
        app,
        `mutation($p: JSONObject) { runReport(kind: "coverage-matrix", format: "json", params: $p) { id } }`,
        { p: { filter: stallingFilter(300) } },
        reader,
      );
      expect(run.errors![0].extensions.code).toBe('BAD_USER_INPUT');
      expect(run.errors![0].extensions).toMatchObject({ setting: 'MAX_FILTER_NODES', limit: DEFAULT_MAX_FILTER_NODES });
      expect(await sql<{ n: number }>(`SELECT count(*)::int AS n FROM report_run`)).toEqual(before);
    });

    it('refuses it in a trusted document sent by its hash with TRUSTED_DOCUMENTS on, and in a subscription', async () => {
      const trusted = await start({ clientContract: { ...loadConfig({ NODE_ENV: 'test' }).clientContract, trustedDocuments: true } });
      extraApps.push(trusted);
      const manifest = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'docs', 'trusted-documents.json'), 'utf8')) as Record<string, string>;
      const [hash] = Object.entries(manifest).find(([, text]) => text.includes('query ConstraintsDigest('))!;
      const send = (filter: unknown) =>
        fetch(trusted.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ variables: { filter }, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } }),
        });
      const small = await send({ kind: { eq: 'CONSTITUTIONAL' } });
      expect(((await small.json()) as { errors?: unknown }).errors).toBeUndefined();
      const wide = { or: Array.from({ length: 250 }, (_, i) => ({ search: `term${i}` })) };
      const refusal = await send(wide);
      expect(refusal.status).toBe(400);
      refused(((await refusal.json()) as { errors: any[] }).errors[0]);

      const client = liveClient(app.url);
      try {
        const changes = subscribe(client, `subscription($f: ChangeFilter) { corpusChanged(filter: $f) { id } }`, {
          f: { or: Array.from({ length: 120 }, (_, i) => ({ entityKey: { eq: `key${i}` } })) },
        });
        await changes.until((s) => s.completed || s.failure !== undefined);
        refused((changes.failure as any[])[0]);
      } finally {
        await client.dispose();
      }
    });

    it("applies to exports' filters, with the same code", async () => {
      const response = await get(`/export/agreements.csv?filter=${encodeURIComponent(JSON.stringify(stallingFilter(80)))}`);
      expect(response.status).toBe(400);
      refused(response.body.errors[0]);
    });

    it('lets an ordinary filter through, and the setting can raise the limit', async () => {
      const ordinary = { signedOn: { gte: '2024-06-01', lt: '2024-07-01' }, partyCode: { in: ['US', 'GB', 'JP'] }, domain: 'demining' };
      const { errors } = await post(app, AGREEMENTS_BY_FILTER, { filter: ordinary });
      expect(errors).toBeUndefined();
      const raised = await start({ limits: { ...loadConfig({ NODE_ENV: 'test' }).limits, filterNodes: 2_000 } });
      extraApps.push(raised);
      const answered = await post(raised, AGREEMENTS_BY_FILTER, { filter: stallingFilter(300) });
      expect(answered.errors).toBeUndefined();
    }, 60_000);
  });

  describe('a statement timeout', () => {
    it('is QUERY_TIMEOUT, not SERVICE_UNAVAILABLE nor internal, and is logged at warn', async () => {
      const short = createDataSource({ url: db.url, statementTimeoutMs: 300, poolSize: 2 });
      extraSources.push(short);
      await short.initialize();
      const timed = await start({}, short);
      extraApps.push(timed);
      // A lock held elsewhere makes the read wait until PostgreSQL's statement_timeout cancels it.
      const holder = new Client(connectionConfig(db.url, 'accords-test-lock'));
      await holder.connect();
      try {
        await holder.query('BEGIN');
        await holder.query('LOCK TABLE agreement IN ACCESS EXCLUSIVE MODE');
        const from = lines.length;
        const { errors } = await post(timed, `{ agreements(first: 1) { nodes { slug } } }`);
        expect(errors![0].extensions.code).toBe('QUERY_TIMEOUT');
        expect(errors![0].message).toContain('STATEMENT_TIMEOUT_MS');
        const logged = lines.slice(from);
        expect(logged.some((line) => line.level === WARN && line.msg === 'query timed out')).toBe(true);
        expect(logged.filter((line) => line.level >= ERROR)).toEqual([]);
        const exported = await fetch(new URL('/export/agreements.json', timed.url));
        expect(exported.status).toBe(504);
        expect(((await exported.json()) as any).errors[0].extensions.code).toBe('QUERY_TIMEOUT');
        expect(lines.slice(from).filter((line) => line.level >= ERROR)).toEqual([]);
      } finally {
        await holder.query('ROLLBACK');
        await holder.end();
      }
    });
  });

  describe('client mistakes are 4xx, named, and logged below error', () => {
    it('answers a download link that names no run (an id out of range, a malformed or unknown key) with 404', async () => {
      // Links carry a random key since issue 14 part D, never the run's id: a number, however large, names nothing.
      const from = lines.length;
      for (const key of ['9999999999', '2147483648', 'ffffffff-ffff-ffff-ffff-ffffffffffff0', '00000000-0000-0000-0000-000000000000']) {
        const response = await get(`/reports/runs/${key}/download`, { authorization: `Bearer ${reader}` });
        expect(response.status).toBe(404);
      }
      expect(lines.slice(from).filter((line) => line.level >= ERROR)).toEqual([]);
    });

    it.each(['agreements', 'commitments', 'constraints', 'actors', 'sources', 'mechanisms', 'domains'])(
      'refuses inherited and unknown keys and wrong-typed values in %s export filters with 400 BAD_USER_INPUT',
      async (collection) => {
        const from = lines.length;
        const filters = [
          '{"constructor":{"eq":"x"}}',
          '{"toString":{"eq":"x"}}',
          '{"__proto__":{"eq":"x"}}',
          '{"not":{"constructor":{}}}',
          '{"or":[{"hasOwnProperty":{"eq":1}}]}',
          '{"nonsense":{"eq":"x"}}',
          '{"id":{"eq":{"a":1}}}',
          '{"id":{"in":[{"a":1}]}}',
          '{"id":{"constructor":"1"}}',
        ];
        for (const filter of filters) {
          const response = await get(`/export/${collection}.csv?filter=${encodeURIComponent(filter)}`);
          expect({ filter, status: response.status, code: response.body?.errors?.[0]?.extensions?.code }).toEqual({
            filter,
            status: 400,
            code: 'BAD_USER_INPUT',
          });
        }
        expect(lines.slice(from).filter((line) => line.level >= ERROR)).toEqual([]);
      },
    );

    it('refuses wrong-typed values in export filters, whatever the field type', async () => {
      const cases: [string, unknown][] = [
        ['agreements', { durationYears: { eq: 'ten' } }],
        ['agreements', { signedOn: { gte: 20240601 } }],
        ['agreements', { title: { contains: { x: 1 } } }],
        ['agreements', { kind: { eq: 42 } }],
        ['commitments', { lethal: { eq: 'yes' } }],
        ['commitments', { amount: { gt: 'lots' } }],
        ['domains', { depth: { eq: 'abc' } }],
        ['domains', { slug: { eq: 5 } }],
        ['domains', { slug: { in: [1, 2] } }],
      ];
      const from = lines.length;
      for (const [collection, filter] of cases) {
        const response = await get(`/export/${collection}.csv?filter=${encodeURIComponent(JSON.stringify(filter))}`);
        expect({ filter, status: response.status, code: response.body?.errors?.[0]?.extensions?.code }).toEqual({
          filter,
          status: 400,
          code: 'BAD_USER_INPUT',
        });
      }
      expect(lines.slice(from).filter((line) => line.level >= ERROR)).toEqual([]);
    });

    it('answers malformed persisted-query extensions with 400 and a client code, never INTERNAL_SERVER_ERROR', async () => {
      const from = lines.length;
      const shapes: unknown[] = [
        'x',
        42,
        [],
        { persistedQuery: 'x' },
        { persistedQuery: [] },
        { persistedQuery: { version: 'one', sha256Hash: 'abc' } },
        { persistedQuery: { version: 1 } },
        { persistedQuery: { version: 1, sha256Hash: 42 } },
        { persistedQuery: { version: 1, sha256Hash: { a: 1 } } },
        { persistedQuery: { version: 1, sha256Hash: ['a'] } },
        { persistedQuery: { version: 2, sha256Hash: 'a'.repeat(64) } },
      ];
      for (const extensions of shapes) {
        for (const withQuery of [false, true]) {
          const response = await fetch(app.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ ...(withQuery ? { query: '{ actors(first: 1) { totalCount } }' } : {}), extensions }),
          });
          const body = (await response.json()) as { errors?: { extensions: { code: string } }[] };
          const code = body.errors?.[0]?.extensions?.code;
          expect({ extensions, withQuery, status: response.status, internal: code === 'INTERNAL_SERVER_ERROR' }).toEqual({
            extensions,
            withQuery,
            status: 400,
            internal: false,
          });
        }
      }
      expect(lines.slice(from).filter((line) => line.level >= ERROR)).toEqual([]);
    });

    it('names a key an import file holds twice (file, record, key)', async () => {
      const source = (key: string) => ({
        key,
        title: `Source ${key}`,
        publisher: 'Test',
        kind: 'ANALYSIS',
        url: 'https://example.org',
        reliability: 'MEDIUM',
      });
      const json = JSON.stringify([source('dup-source-a'), source('dup-source-b'), source('dup-source-a')]);
      const from = lines.length;
      const { errors } = await post(
        app,
        `mutation($json: String!) { importRecords(json: $json, file: "twice.json", dryRun: true) { created } }`,
        { json },
        admin,
      );
      expect(errors![0].extensions.code).toBe('BAD_USER_INPUT');
      expect(errors![0].message).toContain('twice.json source #3 (dup-source-a)');
      expect(errors![0].message).toContain('duplicate key "dup-source-a"');
      expect(errors![0].message).toContain('twice.json source #1');
      expect(lines.slice(from).filter((line) => line.level >= ERROR)).toEqual([]);
    });
  });

  describe('runReport parameters', () => {
    const runReport = `mutation($kind: String!, $p: JSONObject) { runReport(kind: $kind, format: "json", params: $p) { id } }`;

    it.each<[string, Record<string, unknown>]>([
      ['coverage-matrix', { filter: { title: { eq: 5 } } }],
      ['coverage-matrix', { filter: { titel: { eq: 'x' } } }],
      ['coverage-matrix', { depth: 'deep' }],
      ['constraints-digest', { filter: { kind: { eq: 'NOT_A_KIND' } } }],
      ['pledges-by-provider', { filter: { amount: { gt: 'lots' } } }],
      ['agreement-brief', { agreement: 42 }],
      ['agreement-brief', { agreement: 'japan-ukraine-2024', peers: [1, 2] }],
      ['changes-since', { since: 'yesterday' }],
    ])('refuses %s with %j as BAD_USER_INPUT before queueing, without schema hints', async (kind, params) => {
      const before = await sql<{ n: number }>(`SELECT count(*)::int AS n FROM report_run`);
      const { errors } = await post(app, runReport, { kind, p: params }, reader);
      expect(errors![0].extensions.code).toBe('BAD_USER_INPUT');
      expect(errors![0].message).not.toMatch(/Did you mean/);
      expect(await sql<{ n: number }>(`SELECT count(*)::int AS n FROM report_run`)).toEqual(before);
    });

    it('fails a run whose parameters are bad once, not retried, and stores no schema hint', async () => {
      // A run queued before parameters were checked (or by a schedule written then) still carries bad ones.
      const [{ id }] = await sql<{ id: number }>(
        `INSERT INTO report_run (kind, format, params, scheduled_for, requested_by)
         VALUES ('coverage-matrix', 'json', '{"filter": {"titel": {"eq": "x"}}}'::jsonb, now(), 'test') RETURNING id`,
      );
      // Queued as a job the way runReport queues one; the worker records the failure and completes the job (a job
      // it failed instead would be retried by pg-boss).
      const boss = (reports as unknown as { boss: { send(queue: string, data: object): Promise<string | null> } }).boss;
      const jobId = await boss.send(REPORT_QUEUE, { runId: id });
      let job: { state: string } | undefined;
      for (let i = 0; i < 200 && job?.state !== 'completed' && job?.state !== 'failed'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        [job] = await sql<{ state: string }>(`SELECT state::text AS state FROM pgboss.job WHERE id = $1`, [jobId]);
      }
      expect(job?.state).toBe('completed');
      const [run] = await sql<{ status: string; attempts: number; error: string }>(`SELECT status, attempts, error FROM report_run WHERE id = $1`, [
        id,
      ]);
      expect(run.status).toBe('FAILED');
      expect(run.attempts).toBe(1);
      expect(run.error).toContain('titel');
      expect(run.error).not.toMatch(/Did you mean/);
    });
  });
});
