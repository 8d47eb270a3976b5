import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import PgBoss from 'pg-boss';
import { createTestDatabase, TestDatabase } from '../support/test-database';

// Real worker processes (`node dist/src/worker.js`, as `npm run worker` starts them) on one database, in real time:
// two workers and a schedule every minute give one run per minute; a worker killed in the middle of a run leaves it
// to be retried once, by another worker, never duplicated.
const ROOT = path.join(__dirname, '..', '..');

describe('report workers', () => {
  let db: TestDatabase;
  const workers = new Set<ChildProcess>();

  beforeAll(async () => {
    // The workers run the built code: build it (incrementally) first.
    execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
    db = await createTestDatabase();
  });
  afterAll(async () => {
    for (const worker of workers) worker.kill('SIGKILL');
    await db.drop();
  });

  function startWorker(env: Record<string, string> = {}): ChildProcess {
    const worker = spawn(process.execPath, [path.join(ROOT, 'dist', 'src', 'worker.js')], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: db.url,
        LOG_LEVEL: 'warn',
        REPORT_SCHEDULER_TICK_SECONDS: '1',
        REPORT_MAINTENANCE_SECONDS: '1',
        REPORT_RETRY_DELAY_SECONDS: '1',
        ...env,
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    workers.add(worker);
    worker.on('exit', () => workers.delete(worker));
    return worker;
  }

  const query = <T>(text: string, params: unknown[] = []) => db.dataSource.query(text, params) as Promise<T[]>;

  async function until<T>(what: string, check: () => Promise<T | undefined>, seconds: number): Promise<T> {
    const deadline = Date.now() + seconds * 1000;
    while (Date.now() < deadline) {
      const value = await check();
      if (value !== undefined) return value;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`timed out waiting for ${what}`);
  }

  it('runs a schedule every minute once per minute with two workers on one database', async () => {
    startWorker();
    startWorker();
    const [{ id }] = await query<{ id: number }>(
      `INSERT INTO report_schedule (kind, format, params, cron, created_at) VALUES ('coverage-matrix', 'csv', '{}', '* * * * *', now() - interval '61 seconds') RETURNING id`,
    );
    // The current minute's slot runs at once; wait for the next minute's too, both succeeded.
    const runs = await until(
      'two minutes of runs',
      async () => {
        const rows = await query<{ scheduled_for: Date; status: string }>(
          `SELECT scheduled_for, status FROM report_run WHERE schedule_id = $1 ORDER BY scheduled_for`,
          [id],
        );
        return rows.filter((r) => r.status === 'SUCCEEDED').length >= 2 ? rows : undefined;
      },
      200,
    );
    const slots = runs.map((r) => r.scheduled_for.toISOString());
    expect(new Set(slots).size).toBe(slots.length);
    for (let i = 1; i < slots.length; i++) expect(Date.parse(slots[i]) - Date.parse(slots[i - 1])).toBe(60_000);
    await query(`UPDATE report_schedule SET ended_at = now() WHERE id = $1`, [id]);
    for (const worker of workers) worker.kill('SIGTERM');
  });

  it('retries a run whose worker was killed mid-run exactly once, on another worker', async () => {
    const slow = startWorker({ REPORT_HOLD_RUN_MS: '60000', REPORT_JOB_TIMEOUT_SECONDS: '4' });
    const [{ id }] = await query<{ id: number }>(
      `INSERT INTO report_run (kind, format, params, scheduled_for, requested_by) VALUES ('constraints-digest', 'md', '{}', now(), 'test') RETURNING id`,
    );
    // Queue it the way requestRun does (pg-boss's own table, through its API, from this process).
    const boss = new PgBoss({ connectionString: db.url, supervise: false, schedule: false });
    await boss.start();
    await boss.send('report-run', { runId: id }, { expireInSeconds: 4, retryLimit: 3, retryDelay: 1 });
    await boss.stop({ graceful: false, wait: true });
    await until(
      'the slow worker to start the run',
      async () => ((await query<{ status: string }>(`SELECT status FROM report_run WHERE id = $1`, [id]))[0].status === 'RUNNING' ? true : undefined),
      60,
    );
    slow.kill('SIGKILL');
    startWorker();
    const run = await until(
      'the retry to succeed',
      async () => {
        const [row] = await query<{ status: string; attempts: number; output: string | null }>(
          `SELECT status, attempts, output FROM report_run WHERE id = $1`,
          [id],
        );
        return row.status === 'SUCCEEDED' ? row : undefined;
      },
      120,
    );
    expect(run.attempts).toBe(2);
    expect(run.output).toMatch(/Constraints/);
    const jobs = await query<{ state: string }>(`SELECT state FROM pgboss.job WHERE data->>'runId' = $1::text`, [String(id)]);
    expect(jobs.map((j) => j.state)).toEqual(['completed']);
  });
});
