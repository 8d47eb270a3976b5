import { GraphQLError } from 'graphql';

/** The stable codes clients switch on (`extensions.code`). */
export type ErrorCode =
  'BAD_USER_INPUT' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT' | 'INTERNAL_SERVER_ERROR' | 'SERVICE_UNAVAILABLE';

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
