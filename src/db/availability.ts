import pg from 'pg';
import { ServiceUnavailableError } from '../shared/errors/errors';

// When PostgreSQL goes away the API must answer at once with a coded error (SERVICE_UNAVAILABLE, HTTP 503), not
// hang and not report an internal error, and serve again as soon as PostgreSQL is back, without a restart. The pool
// (below) turns every failure to get a connection into that error; the read path (createSqlRunner) turns a
// connection lost in the middle of a statement into it as well. New connections are made on demand, so recovery
// needs nothing: the next request connects again.

/** PostgreSQL error codes that mean "the server is not there for you right now", not "your statement is wrong". */
const UNAVAILABLE_SQLSTATES = new Set([
  '57P01', // admin_shutdown: the server is shutting down (or the backend was terminated)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now: starting up, shutting down, in recovery
  '53300', // too_many_connections
]);

/** Socket-level failures to reach the server. */
const UNAVAILABLE_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/** node-postgres's own messages for a lost or unobtainable connection and for its client-side timeouts. */
const UNAVAILABLE_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Query read timeout|Connection is not open|Client has encountered a connection error|connection timeout|Client was closed/i;

/** Whether `error` (from pg, pg-pool or TypeORM, which wraps pg's errors as `driverError`) means the database is unreachable. */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (error instanceof ServiceUnavailableError) return true;
  if (typeof error !== 'object' || error === null) return false;
  const { code, message, driverError, errors } = error as { code?: unknown; message?: unknown; driverError?: unknown; errors?: unknown };
  if (driverError !== undefined && driverError !== error && isDatabaseUnavailable(driverError)) return true;
  if (typeof code === 'string' && (UNAVAILABLE_SQLSTATES.has(code) || UNAVAILABLE_ERRNOS.has(code) || code.startsWith('08'))) return true;
  // Node reports a refused connection to a name with several addresses (localhost: ::1 and 127.0.0.1) as an AggregateError.
  if (Array.isArray(errors) && errors.some((inner) => isDatabaseUnavailable(inner))) return true;
  return typeof message === 'string' && UNAVAILABLE_MESSAGES.test(message);
}

/** The coded error for a failure to reach the database; the original is kept as `cause` for the logs, never sent. */
export function serviceUnavailable(cause: unknown): ServiceUnavailableError {
  if (cause instanceof ServiceUnavailableError) return cause;
  const error = new ServiceUnavailableError();
  Object.defineProperty(error, 'cause', { value: cause, enumerable: false });
  return error;
}

/** Rethrows `error`, as SERVICE_UNAVAILABLE when it means the database is unreachable. */
export function rethrowUnavailable(error: unknown): never {
  throw isDatabaseUnavailable(error) ? serviceUnavailable(error) : error;
}

type ConnectCallback = (error: Error | undefined, client: pg.PoolClient | undefined, release: (error?: Error | boolean) => void) => void;

/**
 * pg's Pool, except that failing to get a connection (refused, timed out, the server starting or stopping, too many
 * connections, or waiting longer than `connectionTimeoutMillis` for a free one) is a {@link ServiceUnavailableError}.
 * TypeORM gets its pools from here (see data-source.ts), so every caller sees the same coded error: the GraphQL read
 * path, mutations' transactions, /readyz, exports and report downloads.
 */
export class GuardedPool extends pg.Pool {}

const plainConnect = pg.Pool.prototype.connect;
GuardedPool.prototype.connect = function connect(this: pg.Pool, callback?: ConnectCallback) {
  if (typeof callback !== 'function') {
    return (plainConnect as (this: pg.Pool) => Promise<pg.PoolClient>).call(this).catch((error: unknown) => {
      throw serviceUnavailable(error);
    });
  }
  return plainConnect.call(this, (error, client, release) => callback(error ? serviceUnavailable(error) : undefined, client, release));
} as typeof plainConnect;

/** The `driver` TypeORM loads instead of `require('pg')`: pg with the guarded pool (TypeORM uses Pool and defaults). */
export const GUARDED_PG_DRIVER = { Pool: GuardedPool, Client: pg.Client, defaults: pg.defaults, types: pg.types };
