import { randomUUID } from 'node:crypto';
import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError } from 'graphql';
import type { Logger } from 'pino';
import { AppError, asQueryTimeout } from './errors';

/** The message every internal error gets in a response: nothing of the cause (no SQL, no stack, no database text). */
export const INTERNAL_ERROR_MESSAGE = 'internal error';

/** The errors and their causes, outermost first (`GraphQLError.originalError`, TypeORM's `driverError`, `cause`). */
function causes(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let current = error; current && typeof current === 'object' && chain.length < 10 && !chain.includes(current);) {
    chain.push(current);
    const next = current as { originalError?: unknown; driverError?: unknown; cause?: unknown };
    current = next.originalError ?? next.driverError ?? next.cause;
  }
  return chain;
}

/** A PostgreSQL error as `pg` raises it (SQLSTATE, severity), or TypeORM's wrapper around one. */
export function isDatabaseError(error: unknown): boolean {
  if (!error || typeof error !== 'object') return false;
  const { code, severity, name } = error as { code?: unknown; severity?: unknown; name?: unknown };
  return name === 'QueryFailedError' || (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && typeof severity === 'string');
}

/**
 * Whether an error is ours rather than the client's: anything but an AppError or an error coded by GraphQL or
 * Apollo (validation, variables). A database error is internal unless an AppError wraps it.
 */
export function isInternalError(error: unknown): boolean {
  if (isCodelessRequestRefusal(error)) return false;
  // A statement timeout is the request's size, not our fault, on any path (reads, mutations, exports): QUERY_TIMEOUT.
  if (asQueryTimeout(error)) return false;
  const chain = causes(error);
  // Outermost first: an AppError that wraps a database error (SERVICE_UNAVAILABLE) chose what the client sees.
  for (const cause of chain) {
    if (cause instanceof AppError) return false;
    if (isDatabaseError(cause)) return true;
  }
  const code = chain.map((e) => (e instanceof GraphQLError ? e.extensions?.code : undefined)).find((c) => c !== undefined);
  return code === undefined || code === 'INTERNAL_SERVER_ERROR';
}

/**
 * Apollo Server's own refusals of a request ("Unsupported persisted query version", "provided sha does not match
 * query") are GraphQL errors with an HTTP 4xx head and no code: the client's mistake, answered as BAD_REQUEST.
 */
function isCodelessRequestRefusal(error: unknown): boolean {
  if (!(error instanceof GraphQLError) || error.originalError || error.extensions?.code !== undefined) return false;
  const status = (error.extensions?.http as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
}

/** The innermost cause, for the log. */
function rootCause(error: unknown): unknown {
  const chain = causes(error);
  return chain[chain.length - 1] ?? error;
}

/** The error ids of the internal errors of requests in flight (set when logged, read when formatted). */
const errorIds = new WeakMap<object, string>();

/** Logs an internal error under a new random id, and returns the id (the one the response carries). */
export function logInternalError(logger: Logger, error: unknown, message = 'internal error', fields: Record<string, unknown> = {}): string {
  const errorId = randomUUID();
  logger.error({ ...fields, err: rootCause(error), errorId }, message);
  if (error && typeof error === 'object') errorIds.set(error, errorId);
  return errorId;
}

/** The JSON body of an HTTP response for an internal error outside GraphQL (exports, downloads, the HTTP front). */
export function internalErrorBody(errorId: string): { errors: GraphQLFormattedError[] } {
  return { errors: [{ message: INTERNAL_ERROR_MESSAGE, extensions: { code: 'INTERNAL_SERVER_ERROR', errorId } }] };
}

/** What a request context may carry for the error reports (the request's child logger). */
interface WithLogger {
  logger?: Logger;
}

/**
 * Error reporting for Apollo Server: `plugin` logs every internal error of a request with the request's logger (so
 * with its request id) under a new `errorId`; `formatError` then masks it as `INTERNAL_SERVER_ERROR` with the same
 * `errorId` in `extensions`, and passes client errors through (stack traces are Apollo's to add, in development only).
 */
export function errorReporting(rootLogger: Logger): {
  plugin: ApolloServerPlugin<any>;
  formatError: (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError;
} {
  const plugin: ApolloServerPlugin<any> = {
    async requestDidStart() {
      return {
        async didEncounterErrors(requestContext: GraphQLRequestContext<WithLogger>) {
          const logger = requestContext.contextValue?.logger ?? rootLogger;
          for (const error of requestContext.errors ?? []) {
            const timeout = asQueryTimeout(error);
            if (timeout) {
              // Worth a look (a query that outgrew the timeout), not an error of ours.
              logger.warn({ err: rootCause(error), path: error.path, operationName: requestContext.operationName ?? undefined }, 'query timed out');
            } else if (isInternalError(error)) {
              logInternalError(logger, error, 'internal error while resolving', {
                path: error.path,
                operationName: requestContext.operationName ?? undefined,
              });
            } else {
              logger.debug({ code: error.extensions?.code, message: error.message, path: error.path }, 'request refused');
            }
          }
        },
      };
    },
  };
  const formatError = (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const timeout = asQueryTimeout(error);
    if (timeout) {
      return {
        message: timeout.message,
        extensions: { code: timeout.code },
        ...(formatted.locations ? { locations: formatted.locations } : {}),
        ...(formatted.path ? { path: formatted.path } : {}),
      };
    }
    if (isCodelessRequestRefusal(error)) return { ...formatted, extensions: { ...formatted.extensions, code: 'BAD_REQUEST' } };
    if (!isInternalError(error)) return formatted;
    const errorId = (error && typeof error === 'object' && errorIds.get(error)) || logInternalError(rootLogger, error);
    return {
      message: INTERNAL_ERROR_MESSAGE,
      extensions: { code: 'INTERNAL_SERVER_ERROR', errorId },
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      ...(formatted.path ? { path: formatted.path } : {}),
    };
  };
  return { plugin, formatError };
}
