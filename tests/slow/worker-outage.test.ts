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

// Issue 14, part B: PostgreSQL stopped in the middle of a report run, under the API with its in-process worker (the
// `npm start` default) and under a separate `npm run worker`. pg-boss 10's own worker loses the rejection of its
// failure path when the database goes away mid-job, and Node ended the process on it. Now the process stays up, the
// run is recorded and retried once PostgreSQL is back, and new runs work again.

const HOLD_MS = 1_000;
const WORKER_SETTINGS = { REPORT_HOLD_RUN_MS: String(HOLD_MS), REPORT_RETRY_DELAY_SECONDS: '1', REPORT_SCHEDULER_TICK_SECONDS: '1' };

describe('PostgreSQL stopped during a report run', () => {
  const dataDir = path.join(ROOT, '.data', 'test-postgres', `worker-outage-${process.pid}`);
  let pg: ChildPostgres;
  let url: string;
  let analyst: string;

  beforeAll(async () => {
    buildDist();
    fs.rmSync(dataDir, { recursive: true, force: true });
    pg = await startChildPostgres(dataDir);
    await withClient(pg.url, (client) => client.query('CREATE DATABASE accords'));
    url = pg.url.replace(/\/postgres$/, '/accords');
    // A first API migrates and seeds the empty database and creates the report queue, then goes.
    const { process: setup } = await startApi({ DATABASE_URL: url, REPORT_WORKER_IN_PROCESS: 'false', ...WORKER_SETTINGS });
    setup.child.kill('SIGTERM');
    // Said in full when it fails (a CI run once saw no exit code here: the signal and the last lines tell why).
    const code = await setup.exited;
    if (code !== 0) throw new Error(`the setup API exited with ${code ?? setup.child.signalCode} after SIGTERM:\n${setup.output()}`);
    analyst = await withClient(
      url,
      async (client) => (await createApiToken(clientRunner(client), { name: 'worker-outage-analyst', role: 'analyst' })).token,
    );
  });

  afterAll(async () => {
    await pg?.stop().catch(() => {});
    killAll();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const runStatus = (runId: string) =>
    withClient(url, async (client) => (await client.query(`SELECT status, attempts, error FROM report_run WHERE id = $1`, [runId])).rows[0]);

  /** Asks `base` for a run, stops PostgreSQL while `worker` holds it, restarts it, and checks the run and a new one. */
  async function stopPostgresDuringARun(base: string, api: NodeProcess, worker: NodeProcess): Promise<void> {
    const asked = await graphql(base, 'mutation { runReport(kind: "constraints-digest", format: "md") { id } }', { token: analyst });
    const runId = asked.body.data.runReport.id;
    await until('the run to start', async () => ((await runStatus(runId)).status === 'RUNNING' ? true : undefined), 30_000);

    await pg.stop();
    // The run reads after its hold, finds the database gone, and cannot record that or fail its job (pg-boss's
    // failure path is what rejected, unhandled, before the fix). The processes stay up through it.
    await new Promise((resolve) => setTimeout(resolve, HOLD_MS + 1_500));
    expect(worker.child.exitCode).toBeNull();
    expect(api.child.exitCode).toBeNull();
    expect((await fetch(`${base}/healthz`)).status).toBe(200);

    pg = await startChildPostgres(dataDir, pg.port);
    await waitReady(base, 15_000, api);

    // Recorded honestly: the failed attempt's error stays on the run, and the retry succeeded.
    const finished = await until(
      'the run to be retried and succeed',
      async () => {
        const row = await runStatus(runId);
        return row.status === 'SUCCEEDED' ? row : undefined;
      },
      30_000,
      200,
    );
    expect(finished.attempts).toBe(2);
    expect(finished.error).toBe('the database is unavailable; try again shortly');

    // New runs work again, on the same processes.
    const again = await graphql(base, 'mutation { runReport(kind: "coverage-matrix", format: "csv") { id } }', { token: analyst });
    const againId = again.body.data.runReport.id;
    const second = await until(
      'a new run to succeed',
      async () => {
        const row = await runStatus(againId);
        return row.status === 'SUCCEEDED' ? row : undefined;
      },
      30_000,
      200,
    );
    expect(second.attempts).toBe(1);
    expect(worker.child.exitCode).toBeNull();
    expect(api.child.exitCode).toBeNull();
    // Caught where it was born: not even the safety net saw a rejection.
    expect(`${api.output()}\n${worker.output()}`).not.toMatch(/unhandled/i);
  }

  it('the API with its in-process worker stays up, retries the run when PostgreSQL is back, and runs new ones', async () => {
    const { process: api, base } = await startApi({ DATABASE_URL: url, REPORT_WORKER_IN_PROCESS: 'true', ...WORKER_SETTINGS });
    await stopPostgresDuringARun(base, api, api);
    api.child.kill('SIGTERM');
    expect(await api.exited).toBe(0);
  });

  it('npm run worker stays up, retries the run when PostgreSQL is back, and runs new ones', async () => {
    const { process: api, base } = await startApi({ DATABASE_URL: url, REPORT_WORKER_IN_PROCESS: 'false' });
    const worker = startNode('worker', { DATABASE_URL: url, LOG_LEVEL: 'info', ...WORKER_SETTINGS });
    await until('the worker to start', async () => (/report worker ready/.test(worker.output()) ? true : undefined), 30_000);
    await stopPostgresDuringARun(base, api, worker);
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toBe(0);
    api.child.kill('SIGTERM');
    expect(await api.exited).toBe(0);
  });
});
