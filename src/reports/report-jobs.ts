import PgBoss from 'pg-boss';
import { CronExpressionParser } from 'cron-parser';
import { DataSource, QueryRunner } from 'typeorm';
import type { GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import { AppConfig } from '../config/config';
import { BadUserInputError } from '../shared/errors/errors';
import { connectionConfig } from '../db/connection-config';
import { withoutSuggestions } from '../shared/limits/query-limits';
import { withTransaction } from '../db/transaction';
import { longRunningBudget } from '../db/connection-budget';
import { isDatabaseUnavailable, serviceUnavailable } from '../db/availability';
import { localCaller } from './graphql-callers';
import { checkKindAndFormat, checkParams, collectReport, ReportParams } from './report-data';
import { renderReport } from './render';
import { JobLoop, retryWhileUnavailable } from './job-loop';

/** The pg-boss queue every run goes through. */
export const REPORT_QUEUE = 'report-run';

/** The message a failed run records: the error's own (for SERVICE_UNAVAILABLE, the coded one, without the cause). */
// Stored on the run and shown to clients: never a schema hint ("Did you mean"), whatever the introspection setting.
const errorMessage = (error: unknown): string => withoutSuggestions(error instanceof Error ? error.message : String(error));

/** Who reports read as: the history and logs name it. */
const WORKER = { tokenName: 'report-worker', role: 'reader' as const };

/**
 * The most recent slot of `cron` (read in `timeZone`) at or before `now`.
 *
 * @example latestSlot('0 8 * * 1', 'Europe/Kyiv', new Date('2026-11-27T12:00:00Z')) // => Monday 23 Nov 2026, 06:00 UTC
 */
export function latestSlot(cron: string, timeZone: string, now: Date): Date {
  return CronExpressionParser.parse(cron, { currentDate: new Date(now.getTime() + 1), tz: timeZone })
    .prev()
    .toDate();
}

/** Checks a cron expression (five fields) and an IANA time zone; BAD_USER_INPUT naming the bad one. */
export function checkSchedule(cron: string, timeZone: string): void {
  if (cron.trim().split(/\s+/).length !== 5)
    throw new BadUserInputError(`cron must have five fields (minute hour day month weekday); got "${cron}"`, { field: 'cron' });
  try {
    Intl.DateTimeFormat('en', { timeZone });
  } catch {
    throw new BadUserInputError(`unknown time zone "${timeZone}"`, { field: 'timeZone' });
  }
  try {
    latestSlot(cron, timeZone, new Date());
  } catch (error) {
    throw new BadUserInputError(`invalid cron "${cron}": ${(error as Error).message}`, { field: 'cron' });
  }
}

/** pg-boss running on a transaction's connection, so a run row and its job commit together. */
const onConnection = (runner: QueryRunner) => ({
  executeSql: async (text: string, values: unknown[]) => ({ rows: (await runner.query(text, values)) as any[] }),
});

/**
 * The report machinery of one process: the pg-boss client (its queue lives in the same PostgreSQL), the scheduler
 * tick and, when `work` is on, a worker. Any number of processes may run it on one database.
 */
export class ReportJobs {
  private timers: NodeJS.Timeout[] = [];
  private loop?: JobLoop<{ runId: number }>;

  private constructor(
    private readonly boss: PgBoss,
    private readonly schema: GraphQLSchema,
    private readonly dataSource: DataSource,
    private readonly config: AppConfig['reports'],
    private readonly logger?: Logger,
  ) {}

  /**
   * Starts pg-boss on `url` (creating its schema on first use) and, with `work`, the scheduler and a worker. `schema`
   * is the API's GraphQL schema, which runs check their parameters against and read through (the entry point builds
   * it: the report modules are part of it).
   */
  static async start(
    dataSource: DataSource,
    url: string,
    config: AppConfig['reports'],
    options: { schema: GraphQLSchema; work: boolean; logger?: Logger },
  ): Promise<ReportJobs> {
    const boss = new PgBoss({
      ...connectionConfig(url, 'accords-reports'),
      max: 4,
      // Our schedules are ours (report_schedule); pg-boss's own cron allows one schedule per queue.
      schedule: false,
      supervise: options.work,
      maintenanceIntervalSeconds: config.maintenanceSeconds,
    });
    boss.on('error', (error) => options.logger?.error({ err: error }, 'pg-boss error'));
    await boss.start();
    const queueSettings = {
      retryLimit: config.retryLimit,
      retryDelay: config.retryDelaySeconds,
      retryBackoff: true,
      expireInSeconds: config.jobTimeoutSeconds,
    };
    await boss.createQueue(REPORT_QUEUE, { name: REPORT_QUEUE, ...queueSettings });
    // createQueue leaves a queue that exists as it was first created: a changed REPORT_RETRY_LIMIT,
    // REPORT_RETRY_DELAY_SECONDS or REPORT_JOB_TIMEOUT_SECONDS would never apply. The latest process started sets them.
    await boss.updateQueue(REPORT_QUEUE, { name: REPORT_QUEUE, ...queueSettings });
    const jobs = new ReportJobs(boss, options.schema, dataSource, config, options.logger);
    if (options.work) await jobs.startWorking();
    return jobs;
  }

  private async startWorking(): Promise<void> {
    // Our own loop rather than boss.work(): pg-boss's worker leaves the rejection of its complete/fail calls
    // unhandled when the database goes away mid-run, which ends the process (src/reports/job-loop.ts).
    this.loop = new JobLoop<{ runId: number }>(
      { fetch: () => this.boss.fetch<{ runId: number }>(REPORT_QUEUE, { batchSize: 1 }) },
      (job) => this.runJob(job),
      { pollMs: 500, logger: this.logger },
    );
    this.loop.start();
    const tick = () => this.tick().catch((error) => this.logger?.error({ err: error }, 'report scheduler tick failed'));
    void tick();
    this.timers.push(setInterval(tick, this.config.schedulerTickSeconds * 1000));
    const prune = () => this.prune().catch((error) => this.logger?.error({ err: error }, 'pruning report runs failed'));
    void prune();
    this.timers.push(setInterval(prune, 3_600_000));
  }

  /** Adds a run of a report now and queues it; returns the run's id. */
  async requestRun(kind: string, format: string, params: ReportParams, requestedBy: string | null): Promise<number> {
    checkKindAndFormat(kind, format);
    checkParams(this.schema, kind as never, params);
    return this.inTransaction(async (runner) => {
      const [{ id }] = await runner.query(
        `INSERT INTO report_run (kind, format, params, scheduled_for, requested_by) VALUES ($1, $2, $3::jsonb, now(), $4) RETURNING id`,
        [kind, format, JSON.stringify(params), requestedBy],
      );
      await this.boss.send(REPORT_QUEUE, { runId: id }, { db: onConnection(runner) });
      return id as number;
    });
  }

  /**
   * For every schedule, the latest slot that has come: its run is added and queued unless a run of that slot
   * exists. The unique (schedule, slot) row decides between workers ticking at once, so each slot runs once.
   * A slot missed while no worker ran is not caught up, except the latest.
   */
  async tick(now = new Date()): Promise<number> {
    const schedules: { id: number; kind: string; format: string; params: ReportParams; cron: string; time_zone: string; created_at: Date }[] =
      await this.dataSource.query(`SELECT id, kind, format, params, cron, time_zone, created_at FROM report_schedule WHERE ended_at IS NULL`);
    let queued = 0;
    for (const schedule of schedules) {
      const slot = latestSlot(schedule.cron, schedule.time_zone, now);
      if (slot < new Date(schedule.created_at)) continue;
      const added = await this.inTransaction(async (runner) => {
        const rows: { id: number }[] = await runner.query(
          `INSERT INTO report_run (schedule_id, kind, format, params, scheduled_for, requested_by) VALUES ($1, $2, $3, $4::jsonb, $5, 'schedule')
           ON CONFLICT ON CONSTRAINT report_run_once_per_slot DO NOTHING RETURNING id`,
          [schedule.id, schedule.kind, schedule.format, JSON.stringify(schedule.params), slot],
        );
        if (rows.length === 0) return false;
        await this.boss.send(REPORT_QUEUE, { runId: rows[0].id }, { db: onConnection(runner) });
        return true;
      });
      if (added) queued += 1;
    }
    return queued;
  }

  /**
   * Runs a queued job to its end: {@link execute}, then its outcome written, retried while the database is away
   * (until the worker stops): a failure recorded on the run (with its error) and the job failed, so pg-boss retries
   * it with backoff; a run asked with bad parameters recorded as failed and its job completed (it would fail the
   * same way again); a success completes the job. Never rejects while the database is merely away; what cannot be
   * written by the time the worker stops is left to pg-boss's expiry, which retries the job.
   */
  private async runJob(job: { id: string; data: { runId: number } }): Promise<void> {
    const { runId } = job.data;
    let failure: unknown;
    // A run is long-running work on the pool: it waits its turn in the budget exports share (connection-budget.ts).
    const releaseSlot = await longRunningBudget(this.dataSource).acquire(Infinity);
    try {
      await this.execute(runId);
    } catch (error) {
      // A lost connection is recorded as the coded outage ("the database is unavailable..."), not pg's own words.
      failure = isDatabaseUnavailable(error) ? serviceUnavailable(error) : error;
    } finally {
      releaseSlot();
    }
    const loop = this.loop!;
    await retryWhileUnavailable(
      async () => {
        if (failure === undefined) {
          await this.boss.complete(REPORT_QUEUE, job.id);
          return;
        }
        await this.recordFailure(runId, failure);
        if (failure instanceof BadUserInputError) await this.boss.complete(REPORT_QUEUE, job.id);
        else await this.boss.fail(REPORT_QUEUE, job.id, { message: errorMessage(failure) });
      },
      {
        keepTrying: () => loop.active,
        pause: (ms) => loop.pause(ms),
        onRetry: () => this.logger?.warn({ runId }, 'report worker: the database is unavailable; will record the run when it is back'),
      },
    );
    if (failure !== undefined) this.logger?.warn({ runId, err: failure }, 'report run failed');
  }

  /**
   * Runs a queued run: marks it RUNNING (one attempt more), reads and renders the report, and stores the output. A
   * failure is thrown (the caller records it on the run; see {@link runJob}). A run already SUCCEEDED is not redone,
   * and a late attempt never overwrites a success: a run succeeds once.
   */
  async execute(runId: number): Promise<void> {
    const [[claimed]] = (await this.dataSource.query(
      `UPDATE report_run SET status = 'RUNNING', started_at = now(), finished_at = NULL, attempts = attempts + 1
       WHERE id = $1 AND status <> 'SUCCEEDED' RETURNING id, schedule_id, kind, format, params, scheduled_for`,
      [runId],
    )) as [{ id: number; schedule_id: number | null; kind: string; format: string; params: ReportParams; scheduled_for: Date }[], number];
    if (!claimed) return;
    const params: ReportParams = { ...claimed.params };
    if (claimed.kind === 'changes-since' && claimed.schedule_id !== null && params.since === undefined) {
      params.since = await this.previousSlot(claimed.schedule_id, claimed.scheduled_for);
    }
    const { kind, format } = checkKindAndFormat(claimed.kind, claimed.format);
    if (this.config.holdRunMs > 0) await new Promise((resolve) => setTimeout(resolve, this.config.holdRunMs));
    const report = await collectReport(this.schema, kind, params, localCaller(this.schema, this.dataSource, WORKER));
    const rendered = renderReport(report, format);
    await this.dataSource.query(
      `UPDATE report_run SET status = 'SUCCEEDED', finished_at = now(), output = $2, content_type = $3, file_name = $4
       WHERE id = $1 AND status <> 'SUCCEEDED'`,
      [runId, rendered.body, rendered.contentType, rendered.fileName],
    );
  }

  /** Records a failed attempt on its run (never over a success). */
  private async recordFailure(runId: number, error: unknown): Promise<void> {
    await this.dataSource.query(`UPDATE report_run SET status = 'FAILED', finished_at = now(), error = $2 WHERE id = $1 AND status <> 'SUCCEEDED'`, [
      runId,
      errorMessage(error),
    ]);
  }

  /** The slot of the schedule's previous successful run (what changes-since reports from), or when it was created. */
  private async previousSlot(scheduleId: number, slot: Date): Promise<string> {
    const [row] = await this.dataSource.query(
      `SELECT coalesce(
         (SELECT max(scheduled_for) FROM report_run WHERE schedule_id = $1 AND scheduled_for < $2 AND status = 'SUCCEEDED'),
         (SELECT created_at FROM report_schedule WHERE id = $1)) AS since`,
      [scheduleId, slot],
    );
    return new Date(row.since).toISOString();
  }

  /** Deletes runs finished longer ago than the retention setting. */
  async prune(): Promise<number> {
    const [, count] = (await this.dataSource.query(
      `DELETE FROM report_run WHERE finished_at < now() - make_interval(days => $1) AND status IN ('SUCCEEDED', 'FAILED')`,
      [this.config.retentionDays],
    )) as [unknown, number];
    return count;
  }

  private inTransaction<T>(work: (runner: QueryRunner) => Promise<T>): Promise<T> {
    return withTransaction(this.dataSource, work);
  }

  /** Stops the scheduler and the worker; a run in progress finishes first (or is left for a retry after the timeout). */
  async stop(): Promise<void> {
    this.timers.forEach((timer) => clearInterval(timer));
    this.timers = [];
    // The run in progress finishes first (up to 30 s; past that its job expires and another worker retries it).
    await this.loop?.stop(30_000);
    await this.boss.stop({ graceful: true, timeout: 30_000, wait: true });
  }
}
