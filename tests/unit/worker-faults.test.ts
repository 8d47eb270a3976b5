import fc from 'fast-check';
import pino from 'pino';
import { loadConfig } from '../../src/config/config';
import { ConnectionBudget, defaultLongRunningConnections } from '../../src/db/connection-budget';
import { retryPauseMs, retryWhileUnavailable } from '../../src/reports/job-loop';
import { ServiceUnavailableError } from '../../src/shared/errors/errors';
import { logUnhandledRejections } from '../../src/shared/lifecycle/stop-signals';
import { fuzzOptions } from '../support/fuzz';

// Issue 14, part B: the small pieces under the report worker's failure paths and the pool's budget.

describe('retryPauseMs', () => {
  it('doubles from the first pause up to the most', () => {
    expect([0, 1, 2, 3, 4, 5].map((attempt) => retryPauseMs(attempt, 250, 2_000))).toEqual([250, 500, 1_000, 2_000, 2_000, 2_000]);
  });

  it('property: never below the first pause nor above the most, and never shorter than the one before', () => {
    fc.assert(
      fc.property(fc.nat(1_000), fc.integer({ min: 1, max: 1_000 }), fc.integer({ min: 1_000, max: 60_000 }), (attempt, first, most) => {
        const pause = retryPauseMs(attempt, first, most);
        expect(pause).toBeGreaterThanOrEqual(Math.min(first, most));
        expect(pause).toBeLessThanOrEqual(most);
        expect(pause).toBeGreaterThanOrEqual(retryPauseMs(Math.max(0, attempt - 1), first, most));
      }),
      fuzzOptions(100),
    );
  });
});

describe('retryWhileUnavailable', () => {
  const noPause = () => Promise.resolve();
  const lost = () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });

  it('retries while the database is unavailable, and returns what the work returns once it is back', async () => {
    let calls = 0;
    const result = await retryWhileUnavailable(
      async () => {
        calls += 1;
        if (calls < 4) throw calls % 2 ? lost() : new ServiceUnavailableError();
        return 'written';
      },
      { keepTrying: () => true, pause: noPause },
    );
    expect(result).toBe('written');
    expect(calls).toBe(4);
  });

  it("throws any other failure at once: a statement's own error is not an outage", async () => {
    let calls = 0;
    const syntax = Object.assign(new Error('syntax error'), { code: '42601', severity: 'ERROR' });
    await expect(
      retryWhileUnavailable(
        async () => {
          calls += 1;
          throw syntax;
        },
        { keepTrying: () => true, pause: noPause },
      ),
    ).rejects.toBe(syntax);
    expect(calls).toBe(1);
  });

  it('gives up, throwing the last failure, when told to stop trying (the worker is stopping)', async () => {
    let calls = 0;
    await expect(
      retryWhileUnavailable(
        async () => {
          calls += 1;
          throw lost();
        },
        { keepTrying: () => calls < 3, pause: noPause },
      ),
    ).rejects.toThrow(/ECONNREFUSED/);
    expect(calls).toBe(3);
  });
});

describe('ConnectionBudget', () => {
  it('lets `limit` holders in at once; the next waits and gets the slot a holder gives back', async () => {
    const budget = new ConnectionBudget(2, 10_000);
    const first = await budget.acquire();
    await budget.acquire();
    let third = false;
    const waiting = budget.acquire().then((release) => {
      third = true;
      return release;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(third).toBe(false);
    first();
    first(); // a second release of the same slot changes nothing
    (await waiting)();
    expect(third).toBe(true);
    expect(budget.inUse).toBe(1);
  });

  it('refuses with SERVICE_UNAVAILABLE after the wait, and keeps its count', async () => {
    const budget = new ConnectionBudget(1, 20);
    const held = await budget.acquire();
    await expect(budget.acquire()).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE', status: 503 });
    held();
    expect(budget.inUse).toBe(0);
    (await budget.acquire())();
  });

  it('property: however holders come and go, never more than `limit` at once, and all are served', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 4 }), fc.array(fc.nat(3), { minLength: 1, maxLength: 12 }), async (limit, holds) => {
        const budget = new ConnectionBudget(limit, Infinity);
        let now = 0;
        let most = 0;
        await Promise.all(
          holds.map(async (ticks) => {
            const release = await budget.acquire();
            now += 1;
            most = Math.max(most, now);
            for (let i = 0; i < ticks; i++) await new Promise((resolve) => setImmediate(resolve));
            now -= 1;
            release();
          }),
        );
        expect(most).toBeLessThanOrEqual(limit);
        expect(budget.inUse).toBe(0);
      }),
      fuzzOptions(50),
    );
  });

  it('defaults to half the pool, at least one; DB_LONG_RUNNING_CONNECTIONS sets it (0: the default)', () => {
    expect([1, 2, 3, 10].map(defaultLongRunningConnections)).toEqual([1, 1, 1, 5]);
    expect(loadConfig({ DB_LONG_RUNNING_CONNECTIONS: '3' }).scaleOut.longRunningConnections).toBe(3);
    expect(loadConfig({}).scaleOut.longRunningConnections).toBe(0);
  });
});

describe('logUnhandledRejections', () => {
  it('logs an unhandled rejection with its error (the process stays up; nothing passes silently)', () => {
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
    const before = process.listeners('unhandledRejection');
    logUnhandledRejections(logger);
    const added = process.listeners('unhandledRejection').filter((listener) => !before.includes(listener));
    try {
      expect(added).toHaveLength(1);
      added[0](new Error('lost in pg-boss'), Promise.resolve());
      const logged = JSON.parse(lines[0]);
      expect(logged.level).toBe(50);
      expect(logged.msg).toMatch(/unhandled rejection/);
      expect(logged.err.message).toBe('lost in pg-boss');
    } finally {
      for (const listener of added) process.off('unhandledRejection', listener);
    }
  });
});
