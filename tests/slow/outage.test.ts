import fs from 'node:fs';
import path from 'node:path';
import { createApiToken } from '../../src/shared/auth/token-store';
import {
  buildDist,
  ChildPostgres,
  clientRunner,
  graphql,
  killAll,
  NodeProcess,
  ROOT,
  startApi,
  startChildPostgres,
  startNode,
  until,
  waitReady,
  withClient,
} from '../support/processes';

// Faults, for real: an embedded PostgreSQL of this test's own, a real API process (node dist/src/server.js) on it.
// PostgreSQL is stopped under the running API (requests then fail fast with SERVICE_UNAVAILABLE and /readyz says
// not ready), restarted on the same port (the same API process serves again), and the API and a worker are stopped
// with SIGTERM while work is in flight (it completes, then they exit 0).

const QUERY = '{ agreements(first: 3, orderBy: [SIGNED_ON_ASC]) { nodes { slug } } }';

describe('PostgreSQL stopped and restarted under a running API; SIGTERM with work in flight', () => {
  const dataDir = path.join(ROOT, '.data', 'test-postgres', `outage-${process.pid}`);
  let pg: ChildPostgres;
  let url: string;
  let api: NodeProcess;
  let base: string;
  let analyst: string;

  beforeAll(async () => {
    buildDist();
    fs.rmSync(dataDir, { recursive: true, force: true });
    pg = await startChildPostgres(dataDir);
    await withClient(pg.url, (client) => client.query('CREATE DATABASE accords'));
    url = pg.url.replace(/\/postgres$/, '/accords');
    // The API migrates and seeds the empty database itself, as on a first `npm start`.
    ({ process: api, base } = await startApi({ DATABASE_URL: url, REPORT_WORKER_IN_PROCESS: 'false' }));
    analyst = await withClient(
      url,
      async (client) => (await createApiToken(clientRunner(client), { name: 'outage-analyst', role: 'analyst' })).token,
    );
  });

  afterAll(async () => {
    await pg?.stop().catch(() => {});
    killAll();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('fails fast with SERVICE_UNAVAILABLE while PostgreSQL is down, and serves again when it is back, without a restart', async () => {
    const before = await graphql(base, QUERY);
    expect(before.status).toBe(200);
    const slugs = before.body.data.agreements.nodes;
    expect(slugs).toHaveLength(3);
    // A report worker lives through the outage too.
    const worker = startNode('worker', { DATABASE_URL: url, REPORT_SCHEDULER_TICK_SECONDS: '1', LOG_LEVEL: 'info' });
    await until(
      'the worker to start',
      async () => (/report worker ready/.test(worker.output()) || worker.child.exitCode !== null ? true : undefined),
      30_000,
    );

    await pg.stop();

    // Every request during the outage gets its coded answer within a second, none hangs.
    for (let i = 0; i < 5; i++) {
      const down = await graphql(base, QUERY);
      expect(down.status).toBe(503);
      expect(down.body.errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
      expect(down.ms).toBeLessThan(1000);
      const withToken = await graphql(base, QUERY, { token: analyst });
      expect(withToken.status).toBe(503);
      expect(withToken.body.errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
      expect(withToken.ms).toBeLessThan(1000);
      const started = Date.now();
      const ready = await fetch(`${base}/readyz`);
      expect(ready.status).toBe(503);
      expect(Date.now() - started).toBeLessThan(1000);
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }

    pg = await startChildPostgres(dataDir, pg.port);

    await waitReady(base, 10_000, api);
    const after = await graphql(base, QUERY, { token: analyst });
    expect(after.status).toBe(200);
    expect(after.body.data.agreements.nodes).toEqual(slugs);
    // The same processes all along; the worker runs a report asked for after the outage.
    expect(api.child.exitCode).toBeNull();
    expect(worker.child.exitCode).toBeNull();
    const run = await graphql(base, 'mutation { runReport(kind: "constraints-digest", format: "md") { id } }', { token: analyst });
    const runId = run.body.data.runReport.id;
    await until(
      'the worker to run the report',
      async () => {
        const [row] = await withClient(url, async (client) => (await client.query(`SELECT status FROM report_run WHERE id = $1`, [runId])).rows);
        return row.status === 'SUCCEEDED' ? true : undefined;
      },
      30_000,
      200,
    );
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toBe(0);
  });

  it('on SIGTERM stops accepting, finishes the request in flight and the report run, then exits 0', async () => {
    // A second API with a report worker inside, whose runs wait 1.5 s before reading (REPORT_HOLD_RUN_MS).
    const { process: withWorker, base: second } = await startApi({
      DATABASE_URL: url,
      REPORT_WORKER_IN_PROCESS: 'true',
      REPORT_HOLD_RUN_MS: '1500',
      REPORT_SCHEDULER_TICK_SECONDS: '1',
    });
    const run = await graphql(second, 'mutation { runReport(kind: "constraints-digest", format: "md") { id } }', { token: analyst });
    const runId = run.body.data.runReport.id;
    const status = () =>
      withClient(url, async (client) => (await client.query(`SELECT status, attempts FROM report_run WHERE id = $1`, [runId])).rows[0]);
    await until('the run to start', async () => ((await status()).status === 'RUNNING' ? true : undefined), 30_000);

    await withClient(url, async (locker) => {
      // A request in flight: a read that waits on a lock this test holds.
      await locker.query('BEGIN');
      await locker.query('LOCK TABLE agreement IN ACCESS EXCLUSIVE MODE');
      const inFlight = graphql(second, QUERY);
      await until(
        'the request to wait on the lock',
        async () =>
          (await locker.query(`SELECT 1 FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND application_name = 'accords-graphql'`)).rowCount! > 0
            ? true
            : undefined,
        10_000,
      );

      withWorker.child.kill('SIGTERM');
      // No new connections...
      await until(
        'the port to close',
        async () => {
          try {
            await fetch(`${second}/healthz`);
            return undefined;
          } catch {
            return true;
          }
        },
        5_000,
        50,
      );
      expect(withWorker.child.exitCode).toBeNull();

      // ...while the one in flight still completes.
      await locker.query('COMMIT');
      const answered = await inFlight;
      expect(answered.status).toBe(200);
      expect(answered.body.data.agreements.nodes).toHaveLength(3);
    });

    expect(await withWorker.exited).toBe(0);
    expect(await status()).toEqual({ status: 'SUCCEEDED', attempts: 1 });
    expect(withWorker.output()).not.toMatch(/shutdown failed|unhandled/i);
  });

  it('npm run worker on SIGTERM finishes its run, then exits 0', async () => {
    const worker = startNode('worker', { DATABASE_URL: url, REPORT_HOLD_RUN_MS: '1500', REPORT_SCHEDULER_TICK_SECONDS: '1' });
    const run = await graphql(base, 'mutation { runReport(kind: "coverage-matrix", format: "csv") { id } }', { token: analyst });
    const runId = run.body.data.runReport.id;
    const status = () =>
      withClient(url, async (client) => (await client.query(`SELECT status, attempts FROM report_run WHERE id = $1`, [runId])).rows[0]);
    await until('the worker to start the run', async () => ((await status()).status === 'RUNNING' ? true : undefined), 30_000);
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toBe(0);
    expect(await status()).toEqual({ status: 'SUCCEEDED', attempts: 1 });
  });
});
