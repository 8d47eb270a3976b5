import 'reflect-metadata';
import { OperationDefinitionNode, parse } from 'graphql';
import { buildAppSchema } from '../../src/schema/build-schema';
import { fragmentsOf, plainQuery, readStatements, ResolvedQuery } from '../../src/read-plan/fast-path';
import { failingRunner, failsAgain } from '../../src/read-plan/failure';
import { ServiceUnavailableError } from '../../src/shared/errors/errors';

// The pure parts of the read fast path (src/read-plan/fast-path.ts); tests/e2e/fast-path.test.ts asks it over HTTP.

const schema = buildAppSchema();

function resolved(text: string): ResolvedQuery {
  const document = parse(text);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition')!;
  return { schema, document, operation, fragments: fragmentsOf(document) };
}

describe('plainQuery: the POST bodies the fast path may take', () => {
  it('reads a query with its operation name and variables as Apollo reads them', () => {
    expect(plainQuery({ query: '{ a }' })).toEqual({ query: '{ a }', operationName: undefined, variables: undefined });
    expect(plainQuery({ query: '{ a }', operationName: null, variables: null })).toEqual({
      query: '{ a }',
      operationName: undefined,
      variables: undefined,
    });
    expect(plainQuery({ query: 'query Q { a }', operationName: 'Q', variables: { x: 1 } })).toEqual({
      query: 'query Q { a }',
      operationName: 'Q',
      variables: { x: 1 },
    });
  });

  it('refuses every other shape, which Apollo then answers (extensions, no query, variables not an object, ...)', () => {
    for (const body of [
      undefined,
      null,
      [],
      '{ a }',
      {},
      { query: 1 },
      { query: '{ a }', extensions: {} },
      { query: '{ a }', extensions: { persistedQuery: { version: 1, sha256Hash: 'x' } } },
      { query: '{ a }', variables: '{"x":1}' },
      { query: '{ a }', variables: [1] },
      { query: '{ a }', operationName: 3 },
    ])
      expect(plainQuery(body)).toBeUndefined();
  });
});

describe('readStatements: one plan and statement per document and variables', () => {
  const page = resolved('query P($first: Int) { commitments(first: $first) { nodes { key } } }');

  it('gives the same statement object for the same variables, and a new one for new variables', () => {
    const statement = readStatements();
    const first = statement(page, undefined, { first: 2 });
    expect(first?.text).toMatch(/^SELECT json_build_object\(/);
    expect(statement(page, undefined, { first: 2 })).toBe(first);
    const other = statement(page, undefined, { first: 3 });
    expect(other).not.toBe(first);
    // The page size is a bound value: the same text (one prepared statement), another value.
    expect(other?.text).toBe(first?.text);
    expect([first?.values, other?.values]).toEqual([[2], [3]]);
  });

  it('null when the variables do not coerce, an argument is refused, or the plan does not cover the query', () => {
    const statement = readStatements();
    expect(statement(page, undefined, { first: 'two' })).toBeNull();
    expect(statement(page, undefined, { first: -1 })).toBeNull();
    expect(statement(resolved('{ agreements { nodes { history { __typename } } } }'), undefined, undefined)).toBeNull();
  });
});

describe('failsAgain: a failure the request would only meet again', () => {
  it('is the database away or the statement timeout, not any other error of a statement', async () => {
    expect(failsAgain(new ServiceUnavailableError())).toBe(true);
    expect(failsAgain(Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' }))).toBe(true);
    expect(failsAgain(Object.assign(new Error('canceling statement due to user request'), { code: '57014' }))).toBe(false);
    expect(failsAgain(Object.assign(new Error('column "x" does not exist'), { code: '42703' }))).toBe(false);
    const away = new ServiceUnavailableError();
    await expect(failingRunner(away)('SELECT 1')).rejects.toBe(away);
  });
});
