import type { DataSource } from 'typeorm';
import { ServiceUnavailableError } from '../shared/errors/errors';

// Long-running work (an export streamed to a slow client, a report run) could take every connection of the pool, and
// then /readyz and the smallest read would wait and fail like an outage. So such work first takes a slot of a budget
// smaller than the pool: the rest of the pool always stays for ordinary requests.

/**
 * How many connections long-running work may hold by default: half the pool, at least one.
 *
 * @example defaultLongRunningConnections(10) // => 5
 * @example defaultLongRunningConnections(1) // => 1
 */
export function defaultLongRunningConnections(poolSize: number): number {
  return Math.max(1, Math.floor(poolSize / 2));
}

/**
 * A counting semaphore: at most `limit` holders at once; the others wait in turn, each at most the time it asks for,
 * then get SERVICE_UNAVAILABLE (HTTP 503, "try again shortly").
 *
 * @example const release = await budget.acquire(3000); try { ...stream... } finally { release(); }
 */
export class ConnectionBudget {
  private holders = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    readonly limit: number,
    /** How long {@link acquire} waits by default: the pool's own wait for a free connection. */
    private readonly defaultWaitMs: number,
  ) {}

  /** Slots taken now. */
  get inUse(): number {
    return this.holders;
  }

  /**
   * Takes a slot, waiting at most `waitMs` (by default the pool's wait for a connection; `Infinity`: as long as it
   * takes) for one to free up; resolves with the function that gives it back (once, however often it is called).
   */
  async acquire(waitMs = this.defaultWaitMs): Promise<() => void> {
    if (this.holders < this.limit && this.waiting.length === 0) {
      this.holders += 1;
      return this.releaser();
    }
    await new Promise<void>((resolve, reject) => {
      const grant = () => {
        if (timer) clearTimeout(timer);
        resolve();
      };
      const timer =
        waitMs === Infinity
          ? undefined
          : setTimeout(() => {
              this.waiting.splice(this.waiting.indexOf(grant), 1);
              reject(new ServiceUnavailableError('too many exports and report runs at once; try again shortly'));
            }, waitMs);
      this.waiting.push(grant);
    });
    return this.releaser();
  }

  /** A release for a slot already counted: hands it straight to the next waiter, or frees it. */
  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.holders -= 1;
    };
  }
}

const budgets = new WeakMap<DataSource, ConnectionBudget>();

/** Gives `dataSource` its budget for long-running work (createDataSource does, from DB_LONG_RUNNING_CONNECTIONS). */
export function setLongRunningBudget(dataSource: DataSource, limit: number, waitMs: number): void {
  budgets.set(dataSource, new ConnectionBudget(limit, waitMs));
}

/** The budget long-running work on `dataSource`'s primary pool takes its slot from (exports, in-process report runs). */
export function longRunningBudget(dataSource: DataSource): ConnectionBudget {
  let budget = budgets.get(dataSource);
  if (!budget) {
    budget = new ConnectionBudget(defaultLongRunningConnections(10), 3_000);
    budgets.set(dataSource, budget);
  }
  return budget;
}
