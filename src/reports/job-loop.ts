import type { Logger } from 'pino';
import { isDatabaseUnavailable } from '../db/availability';

// pg-boss 10's own worker (`boss.work`) runs a job's handler, then calls `complete` or `fail` without awaiting them:
// when the database goes away during a run, that call rejects with nobody to catch it, and Node ends the process on
// the unhandled rejection. So the report worker drives the queue itself (fetch, run, settle) and awaits every call
// it makes, catching each failure where it is born: a job whose outcome cannot be written while the database is away
// keeps it and writes it once the database is back.

/**
 * How long to wait before the `attempt`-th retry (0-based) of a call that found the database away: doubling from
 * `firstMs`, at most `maxMs`.
 *
 * @example retryPauseMs(0, 250, 5000) // => 250
 * @example retryPauseMs(10, 250, 5000) // => 5000
 */
export function retryPauseMs(attempt: number, firstMs: number, maxMs: number): number {
  return Math.min(maxMs, firstMs * 2 ** Math.min(attempt, 30));
}

/** A pause that {@link Pauser.wake} ends early (a stop signal should not wait out a poll interval). */
export class Pauser {
  private wakeCurrent?: () => void;

  /** Waits `ms`, or until {@link wake} is called. */
  pause(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        if (this.wakeCurrent === done) this.wakeCurrent = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeCurrent = done;
    });
  }

  /** Ends the pause in progress, if any. */
  wake(): void {
    this.wakeCurrent?.();
  }
}

/**
 * Runs `work` until it succeeds, retrying (with {@link retryPauseMs} between tries) only while its failure means the
 * database is unavailable and `keepTrying()` says so; any other failure, or giving up, is thrown.
 *
 * @example await retryWhileUnavailable(() => boss.complete(queue, id), { keepTrying: () => !stopping, pause: (ms) => pauser.pause(ms) })
 */
export async function retryWhileUnavailable<T>(
  work: () => Promise<T>,
  options: { keepTrying: () => boolean; pause: (ms: number) => Promise<void>; firstMs?: number; maxMs?: number; onRetry?: (error: unknown) => void },
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!isDatabaseUnavailable(error) || !options.keepTrying()) throw error;
      options.onRetry?.(error);
      await options.pause(retryPauseMs(attempt, options.firstMs ?? 250, options.maxMs ?? 2_000));
    }
  }
}

/** What the loop needs of a queue: pg-boss's fetch (which returns no jobs rather than throwing on a lost database). */
export interface QueueSource<T> {
  fetch(): Promise<{ id: string; data: T }[]>;
}

/**
 * One worker's loop over a queue, one job at a time: fetch a job, hand it to `run` (which must settle it: record its
 * outcome and complete or fail it), poll again. `run` is awaited and any failure it throws is logged, never left
 * unhandled; a fetch that fails waits a poll interval. `stop()` ends the loop after the job in progress, waiting
 * for it at most `graceMs`; a job still running then is left to pg-boss's expiry, which retries it elsewhere.
 */
export class JobLoop<T> {
  private stopping = false;
  private readonly pauser = new Pauser();
  private running?: Promise<void>;

  constructor(
    private readonly source: QueueSource<T>,
    private readonly run: (job: { id: string; data: T }) => Promise<void>,
    private readonly options: { pollMs: number; logger?: Logger },
  ) {}

  /** Starts polling (returns at once). */
  start(): void {
    this.running = this.loop();
  }

  /** Whether the loop is still meant to run (settlement retries stop trying once it is not). */
  get active(): boolean {
    return !this.stopping;
  }

  /** Ends an early wait for the next poll or retry. */
  pause(ms: number): Promise<void> {
    return this.pauser.pause(ms);
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      let found = false;
      try {
        const [job] = await this.source.fetch();
        if (job) {
          found = true;
          await this.run(job);
        }
      } catch (error) {
        this.options.logger?.error({ err: error }, 'report worker: a job failed outside its run (it will be retried after it expires)');
      }
      if (!found && !this.stopping) await this.pauser.pause(this.options.pollMs);
    }
  }

  /** Stops after the job in progress (at most `graceMs`), then resolves. */
  async stop(graceMs: number): Promise<void> {
    this.stopping = true;
    this.pauser.wake();
    if (!this.running) return;
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
    await Promise.race([this.running, grace]);
    clearTimeout(timer);
  }
}
