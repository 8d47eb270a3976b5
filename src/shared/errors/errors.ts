import { GraphQLError } from 'graphql';

/** The stable codes clients switch on (`extensions.code`). */
export type ErrorCode =
  'BAD_USER_INPUT' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT' | 'INTERNAL_SERVER_ERROR' | 'SERVICE_UNAVAILABLE' | 'QUERY_TIMEOUT';

/** The one error family of the API: a message for people and a stable code for programs. */
export class AppError extends GraphQLError {
  constructor(
    message: string,
    readonly code: ErrorCode,
    details: Record<string, unknown> = {},
  ) {
    super(message, { extensions: { code, ...details } });
    this.name = new.target.name;
  }
}

/** The request asks for something malformed: a bad argument, cursor, filter or page size. */
export class BadUserInputError extends AppError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(message, 'BAD_USER_INPUT', details);
  }
}

export class NotFoundError extends AppError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(message, 'NOT_FOUND', details);
  }
}

export class ConflictError extends AppError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(message, 'CONFLICT', details);
  }
}

/**
 * The CONFLICT for a unique violation (PostgreSQL 23505), in the API's own words: it names the fields (as the API
 * spells them) but never quotes PostgreSQL's detail, which carries the other row's values and the table's internals.
 *
 * @example uniqueViolation('Key (short_title)=(secret) already exists.').message // => 'already taken: another record has the same shortTitle'
 */
export function uniqueViolation(detail: string | undefined): ConflictError {
  const columns = /^Key \(([a-z_][a-z0-9_]*(?:, [a-z_][a-z0-9_]*)*)\)=/.exec(detail ?? '')?.[1].split(', ');
  const fields = columns?.map((column) => column.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase()));
  return new ConflictError(`already taken: another record has the same ${fields ? fields.join(' and ') : 'unique value'}`, fields ? { fields } : {});
}

/** No valid API token: none where one is needed, or one that is malformed, unknown, revoked or expired. */
export class UnauthenticatedError extends AppError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(message, 'UNAUTHENTICATED', details);
  }
}

/** A valid token whose role is too weak for what was asked. */
export class ForbiddenError extends AppError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super(message, 'FORBIDDEN', details);
  }
}

/**
 * The database cannot be reached (down, restarting, out of connections, or not answering in time): HTTP 503, so a
 * client or proxy retries later. Thrown by the pool (src/db/availability.ts); the cause is logged, never sent.
 */
export class ServiceUnavailableError extends AppError {
  /** The HTTP status for code outside Apollo (routes that answer before GraphQL runs). */
  readonly status = 503;

  constructor(message = 'the database is unavailable; try again shortly', details: Record<string, unknown> = {}) {
    super(message, 'SERVICE_UNAVAILABLE', { ...details, http: { status: 503 } });
  }
}

/**
 * A statement ran longer than PostgreSQL's `statement_timeout` (STATEMENT_TIMEOUT_MS) and was cancelled: the request
 * asked for too much at once, the database is there. Not SERVICE_UNAVAILABLE (retrying the same request will not
 * help) and not an internal error; logged at warn. The cause is kept for the log, never sent.
 */
export class QueryTimeoutError extends AppError {
  /** The HTTP status for routes that answer before any data (exports); in GraphQL it is a field error. */
  readonly status = 504;

  constructor(
    message = 'the query ran longer than the statement timeout (STATEMENT_TIMEOUT_MS) and was cancelled; ask for less at once (a narrower filter, smaller pages)',
  ) {
    super(message, 'QUERY_TIMEOUT');
  }
}

/** PostgreSQL's SQLSTATE for a cancelled statement; the message tells a timeout from a cancel request. */
const QUERY_CANCELED = '57014';

/**
 * The QUERY_TIMEOUT error for `error` when it (or a cause: TypeORM's `driverError`, `originalError`, `cause`) is
 * PostgreSQL's statement timeout; undefined otherwise.
 */
export function asQueryTimeout(error: unknown): QueryTimeoutError | undefined {
  for (let current = error, hops = 0; current && typeof current === 'object' && hops < 10; hops++) {
    if (current instanceof QueryTimeoutError) return current;
    const { code, message } = current as { code?: unknown; message?: unknown };
    if (code === QUERY_CANCELED && typeof message === 'string' && /statement timeout/i.test(message)) {
      const timeout = new QueryTimeoutError();
      Object.defineProperty(timeout, 'cause', { value: error, enumerable: false });
      return timeout;
    }
    const next = current as { originalError?: unknown; driverError?: unknown; cause?: unknown };
    current = next.originalError ?? next.driverError ?? next.cause;
  }
  return undefined;
}
