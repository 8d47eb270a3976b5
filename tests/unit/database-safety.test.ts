import { GraphQLError } from 'graphql';
import { connectionConfig, sessionOptions } from '../../src/db/connection-config';
import { extensionsProblem, requestExtensions } from '../../src/http/request-guards';
import { asQueryTimeout, BadUserInputError, QueryTimeoutError } from '../../src/shared/errors/errors';
import { errorReporting, isInternalError } from '../../src/shared/errors/internal-errors';
import { compileScalarFilter } from '../../src/shared/list-query/compile-filter';
import { render, sql } from '../../src/shared/sql/sql';
import { createLogger } from '../../src/shared/logging/logging';
import { withoutSuggestions } from '../../src/shared/limits/query-limits';

describe('connection config', () => {
  it('turns JIT off on every connection, after the URL own options', () => {
    expect(sessionOptions('postgres://u@h:5432/db')).toBe('-c jit=off');
    expect(sessionOptions('postgres://u@h:5432/db?options=-c%20search_path%3Dx')).toBe('-c search_path=x -c jit=off');
    expect(connectionConfig('postgres://u@h:5432/db?options=-c%20search_path%3Dx&sslmode=disable', 'app')).toEqual({
      connectionString: 'postgres://u@h:5432/db?sslmode=disable',
      options: '-c search_path=x -c jit=off',
      application_name: 'app',
    });
    expect(connectionConfig('postgres://u@h:5432/db')).toEqual({ connectionString: 'postgres://u@h:5432/db', options: '-c jit=off' });
  });
});

describe('statement timeouts', () => {
  const pgTimeout = Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014', severity: 'ERROR' });
  const pgCancel = Object.assign(new Error('canceling statement due to user request'), { code: '57014', severity: 'ERROR' });

  it('asQueryTimeout recognises PostgreSQL statement timeouts, wrapped or not, and nothing else', () => {
    expect(asQueryTimeout(pgTimeout)).toBeInstanceOf(QueryTimeoutError);
    expect(asQueryTimeout({ name: 'QueryFailedError', driverError: pgTimeout })?.code).toBe('QUERY_TIMEOUT');
    expect(asQueryTimeout(new GraphQLError('x', { originalError: pgTimeout }))?.code).toBe('QUERY_TIMEOUT');
    expect(asQueryTimeout(pgCancel)).toBeUndefined();
    expect(asQueryTimeout(new Error('statement timeout'))).toBeUndefined();
  });

  it('is not an internal error, and is answered as QUERY_TIMEOUT with nothing of the database text', () => {
    expect(isInternalError(pgTimeout)).toBe(false);
    expect(isInternalError(pgCancel)).toBe(true);
    const { formatError } = errorReporting(createLogger({ level: 'silent' }));
    const error = new GraphQLError('canceling statement due to statement timeout', { originalError: pgTimeout, path: ['agreements'] });
    const formatted = formatError({ message: error.message, path: ['agreements'] }, error);
    expect(formatted.extensions).toEqual({ code: 'QUERY_TIMEOUT' });
    expect(formatted.message).not.toContain('canceling');
    expect(formatted.path).toEqual(['agreements']);
  });
});

describe("Apollo's refusals of a request without a code", () => {
  it('are BAD_REQUEST, not internal', () => {
    const refusal = new GraphQLError('Unsupported persisted query version', { extensions: { http: { status: 400 } } });
    expect(isInternalError(refusal)).toBe(false);
    const { formatError } = errorReporting(createLogger({ level: 'silent' }));
    expect(formatError({ message: refusal.message }, refusal).extensions?.code).toBe('BAD_REQUEST');
    expect(isInternalError(new GraphQLError('boom', { extensions: { http: { status: 500 } } }))).toBe(true);
  });
});

describe('extensionsProblem', () => {
  const hash = 'a'.repeat(64);
  it('accepts no extensions, other extensions, and a well-formed persisted query', () => {
    expect(extensionsProblem(undefined)).toBeUndefined();
    expect(extensionsProblem({ tracing: true })).toBeUndefined();
    expect(extensionsProblem({ persistedQuery: null })).toBeUndefined();
    expect(extensionsProblem({ persistedQuery: { version: 1, sha256Hash: hash } })).toBeUndefined();
  });

  it.each<[unknown, RegExp]>([
    ['x', /extensions must be a JSON object/],
    [[], /extensions must be a JSON object/],
    [{ persistedQuery: 'x' }, /persistedQuery must be an object/],
    [{ persistedQuery: { version: 2, sha256Hash: hash } }, /version must be 1, got 2/],
    [{ persistedQuery: { sha256Hash: hash } }, /version must be 1, got nothing/],
    [{ persistedQuery: { version: 1, sha256Hash: 42 } }, /sha256Hash must be/],
    [{ persistedQuery: { version: 1, sha256Hash: 'abc' } }, /sha256Hash must be/],
  ])('names what is wrong with %j', (extensions, message) => {
    expect(extensionsProblem(extensions)).toMatch(message);
  });

  it("reads a POST body's extensions or GET's parameter", () => {
    expect(requestExtensions({ extensions: { a: 1 } }, new URLSearchParams())).toEqual({ a: 1 });
    expect(requestExtensions(undefined, new URLSearchParams('extensions=%7B%22a%22%3A1%7D'))).toEqual({ a: 1 });
    expect(requestExtensions(undefined, new URLSearchParams('extensions=%7B'))).toBeUndefined();
  });
});

describe('the compiler refuses operands of the wrong type', () => {
  const compile = (type: 'string' | 'int' | 'decimal' | 'date' | 'datetime' | 'boolean' | 'enum' | 'id', filter: Record<string, unknown>) =>
    render(compileScalarFilter(sql`t0.c`, { type, pgType: 'text' }, filter, 'XFilter.c')).text;

  it.each<[Parameters<typeof compile>[0], Record<string, unknown>]>([
    ['string', { eq: 5 }],
    ['string', { in: ['a', 1] }],
    ['string', { contains: { a: 1 } }],
    ['int', { eq: 'ten' }],
    ['int', { gt: 2_147_483_648 }],
    ['int', { eq: 1.5 }],
    ['decimal', { gt: 'lots' }],
    ['date', { gte: 20240601 }],
    ['datetime', { lt: 'yesterday' }],
    ['boolean', { eq: 'yes' }],
    ['enum', { eq: 42 }],
    ['id', { eq: { a: 1 } }],
  ])('%s with %j', (type, filter) => {
    expect(() => compile(type, filter)).toThrow(BadUserInputError);
  });

  it('and takes operands of the right type', () => {
    expect(compile('int', { eq: -2_147_483_648, lt: 2_147_483_647 })).toContain('<');
    expect(compile('decimal', { gt: '1500000.00' })).toContain('>');
    expect(compile('date', { gte: '2024-06-01' })).toContain('>=');
    expect(compile('string', { in: ['a', 'b'], isNull: false })).toContain('ANY');
  });
});

describe('withoutSuggestions', () => {
  it('drops graphql-js\'s "Did you mean" hint', () => {
    expect(withoutSuggestions('Field "titel" is not defined by type "AgreementFilter". Did you mean "title"?')).toBe(
      'Field "titel" is not defined by type "AgreementFilter".',
    );
  });
});
