import { createApiToken } from '../../src/shared/auth/token-store';
import { createTestDatabase, TestDatabase } from '../support/test-database';
import { buildDist, clientRunner, graphql, killAll, NodeProcess, startApi, startNode, until, withClient } from '../support/processes';

// Scale-out on one PostgreSQL: two API processes (REPORT_WORKER_IN_PROCESS=false) and two report workers, all started
// at once on an EMPTY database. They migrate and seed it once (an advisory lock makes them take turns), both APIs
// serve, a write through one is read through the other, a run asked of one API is run by a worker and seen through
// the other, and a schedule's slot runs once while both workers tick it every second.

const AGREEMENT = 'query { agreement(slug: "poland-ukraine-2024") { id version shortTitle } }';

describe('two API processes and two workers on one database', () => {
  let db: TestDatabase;
  let template: TestDatabase;
  const apis: { process: NodeProcess; base: string }[] = [];
  const workers: NodeProcess[] = [];
  let analyst: string;
  let admin: string;

  beforeAll(async () => {
    buildDist();
    db = await createTestDatabase({ empty: true });
    template = await createTestDatabase();
    const env = { DATABASE_URL: db.url, REPORT_SCHEDULER_TICK_SECONDS: '1', REPORT_MAINTENANCE_SECONDS: '1', REPORT_RETRY_DELAY_SECONDS: '1' };
    // All four at once: the APIs pick their own ports (PORT=0) and say which when ready.
    const starting = [startApi({ ...env, REPORT_WORKER_IN_PROCESS: 'false' }), startApi({ ...env, REPORT_WORKER_IN_PROCESS: 'false' })];
    for (let i = 0; i < 2; i++) workers.push(startNode('worker', env));
    apis.push(...(await Promise.all(starting)));
    await withClient(db.url, async (client) => {
      analyst = (await createApiToken(clientRunner(client), { name: 'scale-analyst', role: 'analyst' })).token;
      admin = (await createApiToken(clientRunner(client), { name: 'scale-admin', role: 'admin' })).token;
    });
  }, 180_000);

  afterAll(async () => {
    for (const worker of workers) worker.child.kill('SIGTERM');
    for (const api of apis) api.process.child.kill('SIGTERM');
    const late = setTimeout(killAll, 20_000);
    await Promise.all([...workers, ...apis.map((a) => a.process)].map((p) => p.exited));
    clearTimeout(late);
    await db?.drop();
    await template?.drop();
  });

  it('migrated and seeded the empty database once, and both APIs serve it', async () => {
    const counts = `SELECT (SELECT count(*) FROM agreement)::int AS agreements, (SELECT count(*) FROM commitment)::int AS commitments`;
    const [seeded] = await db.dataSource.query(counts);
    const [expected] = await template.dataSource.query(counts);
    expect(seeded).toEqual(expected);
    const [migrations] = await db.dataSource.query(`SELECT count(*)::int AS runs, count(DISTINCT name)::int AS names FROM typeorm_migrations`);
    expect(migrations.runs).toBe(migrations.names);
    for (const api of apis) {
      const answer = await graphql(api.base, '{ agreements { totalCount } }');
      expect(answer.body.data.agreements.totalCount).toBe(expected.agreements);
    }
    for (const worker of workers)
      expect({ exitCode: worker.child.exitCode, output: worker.output() }).toEqual({ exitCode: null, output: expect.any(String) });
  });

  it('a write through one API is read through the other', async () => {
    const [one, two] = apis;
    const before = (await graphql(two.base, AGREEMENT)).body.data.agreement;
    const written = await graphql(
      one.base,
      `
        mutation ($id: ID!, $version: Int!) {
          updateAgreement(id: $id, expectedVersion: $version, input: { shortTitle: "Poland-Ukraine (via one)" }) {
            version
          }
        }
      `,
      {
        token: analyst,
        variables: { id: before.id, version: before.version },
      },
    );
    expect(written.body.data.updateAgreement.version).toBe(before.version + 1);
    expect((await graphql(two.base, AGREEMENT)).body.data.agreement).toEqual({
      ...before,
      version: before.version + 1,
      shortTitle: 'Poland-Ukraine (via one)',
    });
    // The version check spans instances: a write through two with the old version is a CONFLICT.
    const stale = await graphql(
      two.base,
      `
        mutation ($id: ID!, $version: Int!) {
          updateAgreement(id: $id, expectedVersion: $version, input: { shortTitle: "lost" }) {
            version
          }
        }
      `,
      {
        token: analyst,
        variables: { id: before.id, version: before.version },
      },
    );
    expect(stale.body.errors[0].extensions.code).toBe('CONFLICT');
  });

  it('a run asked of one API is run by a worker and seen through the other', async () => {
    const [one, two] = apis;
    const asked = await graphql(one.base, 'mutation { runReport(kind: "constraints-digest", format: "md") { id status } }', { token: analyst });
    const id = asked.body.data.runReport.id;
    const run = await until(
      'the run to succeed',
      async () => {
        const seen = (await graphql(two.base, `{ reportRun(id: "${id}") { status attempts downloadUrl } }`, { token: analyst })).body.data.reportRun;
        return seen.status === 'SUCCEEDED' ? seen : undefined;
      },
      60_000,
      250,
    );
    expect(run.attempts).toBe(1);
    const download = await fetch(`${two.base}${run.downloadUrl}`, { headers: { authorization: `Bearer ${analyst}` } });
    expect(await download.text()).toMatch(/Constraints/);
  });

  it('a schedule every minute runs its slot once with two workers ticking it every second', async () => {
    const [one] = apis;
    const scheduled = await graphql(one.base, 'mutation { scheduleReport(kind: "coverage-matrix", format: "csv", cron: "* * * * *") { id } }', {
      token: admin,
    });
    const id = Number(scheduled.body.data.scheduleReport.id);
    // Made as if a minute ago, so the current minute's slot is due now rather than at the next minute.
    await db.dataSource.query(`UPDATE report_schedule SET created_at = now() - interval '61 seconds' WHERE id = $1`, [id]);
    const slot = await until(
      'the slot to run',
      async () => {
        const rows = await db.dataSource.query(`SELECT scheduled_for, status FROM report_run WHERE schedule_id = $1`, [id]);
        return rows.some((r: { status: string }) => r.status === 'SUCCEEDED') ? rows[0].scheduled_for : undefined;
      },
      60_000,
      250,
    );
    // Let both workers tick a few more times: the slot still has one run, run once.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const runs = await db.dataSource.query(`SELECT attempts FROM report_run WHERE schedule_id = $1 AND scheduled_for = $2`, [id, slot]);
    expect(runs).toEqual([{ attempts: 1 }]);
    await graphql(one.base, `mutation { unscheduleReport(id: "${id}") { id } }`, { token: admin });
  });
});
