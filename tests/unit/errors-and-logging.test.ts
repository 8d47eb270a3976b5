import { GraphQLError } from 'graphql';
import { Writable } from 'node:stream';
import type http from 'node:http';
import { BadUserInputError, NotFoundError } from '../../src/shared/errors/errors';
import { errorReporting, internalErrorBody, isDatabaseError, isInternalError, logInternalError } from '../../src/shared/errors/internal-errors';
import { createLogger, requestIdOf } from '../../src/shared/logging/logging';

// Which errors are internal (masked, with an id the log carries) and how the logger writes.

/** A logger whose lines land in `lines`. */
function capture() {
  const lines: any[] = [];
  const logger = createLogger(
    { level: 'debug' },
    new Writable({ write: (chunk, _enc, done) => (lines.push(JSON.parse(String(chunk))), done()) }) as never,
  );
  return { lines, logger };
}

/** A PostgreSQL error as `pg` raises it. */
function pgError(message = 'relation "secret" does not exist'): Error {
  return Object.assign(new Error(message), { code: '42P01', severity: 'ERROR', routine: 'parserOpenTable' });
}

describe('isInternalError', () => {
  it.each<[string, unknown, boolean]>([
    ['an AppError', new NotFoundError('no such agreement'), false],
    ['an AppError located in a resolver', new GraphQLError('x', { originalError: new BadUserInputError('bad') }), false],
    ['a coded GraphQL error (validation)', new GraphQLError('unknown field', { extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }), false],
    ['a plain Error', new Error('boom'), true],
    ['a GraphQL error without a code', new GraphQLError('Cannot return null for non-nullable field'), true],
    ['a PostgreSQL error', pgError(), true],
    ['a PostgreSQL error in a GraphQL error', new GraphQLError('x', { originalError: pgError() }), true],
    [
      'a PostgreSQL error under a coded GraphQL error',
      new GraphQLError('x', { originalError: pgError(), extensions: { code: 'BAD_USER_INPUT' } }),
      true,
    ],
    ['TypeORM wrapping one', Object.assign(new Error('query failed'), { name: 'QueryFailedError', driverError: pgError() }), true],
    [
      'an AppError wrapping one (a deliberate code)',
      new GraphQLError('x', { originalError: Object.assign(new NotFoundError('gone'), { cause: pgError() }) }),
      false,
    ],
  ])('%s: %s', (_what, error, internal) => {
    expect(isInternalError(error)).toBe(internal);
  });

  it('recognises database errors by their SQLSTATE and severity', () => {
    expect(isDatabaseError(pgError())).toBe(true);
    expect(isDatabaseError(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBe(false);
    expect(isDatabaseError(null)).toBe(false);
  });
});

describe('errorReporting', () => {
  it('logs an internal error once under an id, and formats it masked with the same id', async () => {
    const { lines, logger } = capture();
    const { plugin, formatError } = errorReporting(logger);
    const error = new GraphQLError('x', { originalError: pgError('syntax error at or near "SELECT"'), path: ['agreements'] });
    const listener = await plugin.requestDidStart!({ contextValue: { logger: logger.child({ requestId: 'r-1' }) } } as never);
    await listener!.didEncounterErrors!({
      errors: [error],
      contextValue: { logger: logger.child({ requestId: 'r-1' }) },
      operationName: 'Q',
    } as never);
    const formatted = formatError(
      { message: error.message, path: ['agreements'], extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at x'] } },
      error,
    );
    expect(formatted).toEqual({
      message: 'internal error',
      path: ['agreements'],
      extensions: { code: 'INTERNAL_SERVER_ERROR', errorId: expect.any(String) },
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 50,
      requestId: 'r-1',
      errorId: formatted.extensions!.errorId,
      operationName: 'Q',
      err: { message: 'syntax error at or near "SELECT"' },
    });
  });

  it('passes client errors through, and logs them at debug level only', async () => {
    const { lines, logger } = capture();
    const { plugin, formatError } = errorReporting(logger);
    const error = new BadUserInputError('bad cursor');
    const listener = await plugin.requestDidStart!({} as never);
    await listener!.didEncounterErrors!({ errors: [error], contextValue: { logger } } as never);
    const formatted = { message: 'bad cursor', extensions: { code: 'BAD_USER_INPUT' } };
    expect(formatError(formatted, error)).toBe(formatted);
    expect(lines).toEqual([expect.objectContaining({ level: 20, code: 'BAD_USER_INPUT', msg: 'request refused' })]);
  });

  it('masks and logs an internal error that never went through the plugin', () => {
    const { lines, logger } = capture();
    const formatted = errorReporting(logger).formatError({ message: 'boom' }, new Error('boom'));
    expect(formatted.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', errorId: expect.any(String) });
    expect(lines[0]).toMatchObject({ errorId: formatted.extensions!.errorId, err: { message: 'boom' } });
  });

  it('gives the HTTP routes the same body', () => {
    const { lines, logger } = capture();
    const errorId = logInternalError(logger, new Error('x'), 'export failed');
    expect(internalErrorBody(errorId)).toEqual({ errors: [{ message: 'internal error', extensions: { code: 'INTERNAL_SERVER_ERROR', errorId } }] });
    expect(lines[0]).toMatchObject({ msg: 'export failed', errorId });
  });
});

describe('logging', () => {
  const headers = (value?: string) => (value === undefined ? {} : { 'x-request-id': value }) as http.IncomingHttpHeaders;

  it.each(['abc', 'a'.repeat(128), '0f8fad5b-d9cb-469f-a165-70867728950e', 'trace:1/2+3=', 'svc.api_1-2'])('takes the sane request id %s', (id) => {
    expect(requestIdOf(headers(id))).toBe(id);
  });

  it.each([undefined, '', 'a b', 'a'.repeat(129), '<script>', 'x\ny', '"}'])('makes a new id instead of %j', (id) => {
    expect(requestIdOf(headers(id))).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('writes JSON lines with ISO times and redacts credentials', () => {
    const { lines, logger } = capture();
    logger.info({ headers: { authorization: 'Bearer acc_secret', cookie: 'c=1', accept: 'x' } }, 'hello');
    expect(lines[0]).toMatchObject({
      level: 30,
      msg: 'hello',
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      headers: { authorization: '[redacted]', cookie: '[redacted]', accept: 'x' },
    });
  });
});
