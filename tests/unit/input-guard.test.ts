import { GraphQLInputObjectType, parse } from 'graphql';
import { buildAppSchema } from '../../src/schema/build-schema';
import {
  checkOperationInputs,
  DEFAULT_INPUT_LIMITS,
  inputValueProblem,
  jsonProblem,
  MAX_INPUT_DEPTH,
  nestsDeeperThan,
  stringProblem,
} from '../../src/shared/input-guard/input-guard';

// The input guard on its own: which values it refuses, at which path, and that it leaves everything else to
// GraphQL and the resolvers.

const schema = buildAppSchema();
const limits = { maxStringLength: 20, maxTextLength: 50 };

function check(query: string, variables?: Record<string, unknown>, operationName?: string) {
  const error = checkOperationInputs(schema, parse(query), operationName, variables, limits);
  return error && { message: error.message, field: error.extensions.field, code: error.extensions.code };
}

describe('stringProblem', () => {
  it.each([
    ['plain text', 'Japan–Ukraine 2024', undefined],
    ['emoji (well-formed surrogate pairs)', '🇺🇦👩‍👩‍👧', undefined],
    ['RTL marks and combining characters', '\u202Eabc\u200F e\u0301', undefined],
    ['exactly the limit', 'x'.repeat(20), undefined],
    ['one over the limit', 'x'.repeat(21), /21 characters is longer than the limit of 20 \(MAX_STRING_LENGTH\)/],
    ['a NUL', 'ab\u0000', /NUL character \(\\u0000\) at position 2/],
    ['a lone high surrogate', 'a\uD83C', /lone UTF-16 surrogate \(\\uD83C\) at position 1/],
    ['a lone low surrogate', '\uDDFAa', /lone UTF-16 surrogate \(\\uDDFA\) at position 0/],
    ['a reversed pair', '\uDDFA\uD83C', /lone UTF-16 surrogate \(\\uDDFA\) at position 0/],
  ])('%s', (_what, text, expected) => {
    const problem = stringProblem(text, 20, 'MAX_STRING_LENGTH');
    if (expected === undefined) expect(problem).toBeUndefined();
    else expect(problem).toMatch(expected);
  });
});

describe('jsonProblem', () => {
  it('walks keys, values and lists, with prose keys at the longer limit', () => {
    expect(jsonProblem({ a: [1, 'ok', { b: 'x' }] }, 'params', limits)).toBeUndefined();
    expect(jsonProblem({ a: [1, 'ok', { b: 'x\u0000' }] }, 'params', limits)).toEqual({
      path: 'params.a[2].b',
      message: expect.stringMatching(/NUL/),
    });
    expect(jsonProblem({ ['k\uD800']: 1 }, 'params', limits)).toEqual({ path: 'params', message: expect.stringMatching(/^a key: .*surrogate/) });
    expect(jsonProblem({ summary: 'x'.repeat(50) }, 'json', limits)).toBeUndefined();
    expect(jsonProblem({ summary: 'x'.repeat(51) }, 'json', limits)?.message).toMatch(/MAX_TEXT_LENGTH/);
    expect(jsonProblem({ title: 'x'.repeat(21) }, 'json', limits)?.message).toMatch(/MAX_STRING_LENGTH/);
  });

  it('refuses nesting deeper than MAX_INPUT_DEPTH without recursing (a million levels)', () => {
    let deep: unknown = [];
    for (let i = 0; i < 1_000_000; i++) deep = [deep];
    expect(jsonProblem(deep, 'p', limits)?.message).toMatch(/deeper than 32 levels/);
    expect(nestsDeeperThan(deep, MAX_INPUT_DEPTH)).toBe(true);
    let ok: unknown = {};
    for (let i = 0; i < MAX_INPUT_DEPTH - 1; i++) ok = { not: ok };
    expect(nestsDeeperThan(ok, MAX_INPUT_DEPTH)).toBe(false);
    expect(jsonProblem(ok, 'p', limits)).toBeUndefined();
  });

  it('refuses numbers that are not finite and moments outside years 0001 to 9999', () => {
    expect(jsonProblem({ n: Infinity }, 'p', limits)?.message).toMatch(/not a finite number/);
    expect(jsonProblem({ n: NaN }, 'p', limits)?.message).toMatch(/not a finite number/);
    expect(jsonProblem({ at: new Date('0000-06-01T00:00:00Z') }, 'p', limits)?.message).toMatch(/years 0001 to 9999/);
    expect(jsonProblem({ at: new Date('2024-06-01T00:00:00Z') }, 'p', limits)).toBeUndefined();
  });
});

describe('inputValueProblem', () => {
  const agreementInput = schema.getType('AgreementInput') as GraphQLInputObjectType;

  it('follows input objects and lists to the path of the value', () => {
    expect(inputValueProblem({ parties: [{ actor: 'JP' }, { actor: 'U\u0000A' }] }, agreementInput, 'input', limits)).toEqual({
      path: 'input.parties[1].actor',
      message: expect.stringMatching(/NUL/),
    });
  });

  it('gives the prose fields of mutation inputs the longer limit, and no other field', () => {
    expect(inputValueProblem({ summary: 'x'.repeat(50) }, agreementInput, 'input', limits)).toBeUndefined();
    expect(inputValueProblem({ title: 'x'.repeat(21) }, agreementInput, 'input', limits)?.path).toBe('input.title');
    // The same name in a filter is a filter value: the shorter limit.
    const filter = schema.getType('CommitmentFilter') as GraphQLInputObjectType;
    expect(inputValueProblem({ summary: { contains: 'x'.repeat(21) } }, filter, 'filter', limits)?.path).toBe('filter.summary.contains');
  });
});

describe('checkOperationInputs', () => {
  it('passes ordinary operations', () => {
    expect(check('{ agreements(filter: { title: { contains: "Japan" } }) { totalCount } }')).toBeUndefined();
    expect(check('query($s: String!) { agreement(slug: $s) { id } }', { s: 'japan-ukraine-2024' })).toBeUndefined();
  });

  it('refuses a literal, naming the response path and the argument path', () => {
    expect(check('{ agreements(filter: { title: { contains: "a\\u0000" } }) { totalCount } }')).toEqual({
      message: expect.stringMatching(/^agreements\(filter\.title\.contains\): text contains a NUL/),
      field: 'filter.title.contains',
      code: 'BAD_USER_INPUT',
    });
  });

  it('refuses a variable where it is used, inside lists and nested connections under aliases', () => {
    const query = `query($v: String!) { a: agreement(slug: "japan-ukraine-2024") { c: commitments(filter: { or: [{ key: { in: ["x", $v] } }] }) { totalCount } } }`;
    expect(check(query, { v: 'x'.repeat(21) })).toMatchObject({
      message: expect.stringMatching(/^a\.c\(filter\.or\[0\]\.key\.in\[1\]\)/),
      field: 'filter.or[0].key.in[1]',
    });
  });

  it('walks fragments and inline fragments, once each', () => {
    const query = `query($v: String) { ...Q ... on Query { ...Q } } fragment Q on Query { search(query: "x") { nodes { ... on Agreement { commitments(filter: { quote: { eq: $v } }) { totalCount } } } } }`;
    expect(check(query, { v: 'ok' })).toBeUndefined();
    expect(check(query, { v: '\uDC00' })?.field).toBe('filter.quote.eq');
  });

  it('walks only the operation asked for', () => {
    const query = 'query A { agreement(slug: "ok") { id } } query B { agreement(slug: "\\u0000") { id } }';
    expect(check(query, {}, 'A')).toBeUndefined();
    expect(check(query, {}, 'B')?.field).toBe('slug');
  });

  it('checks JSON scalars deeply and the JSON text of an import inside', () => {
    expect(
      check('mutation($p: JSONObject) { runReport(kind: "k", format: "csv", params: $p) { id } }', { p: { filter: { title: { eq: 'a\u0000' } } } })
        ?.field,
    ).toBe('params.filter.title.eq');
    const json = JSON.stringify({ mechanisms: [{ slug: 'x', name: 'X', kind: 'FORUM', description: 'x'.repeat(50) }] });
    expect(check('mutation($j: String!) { importRecords(json: $j) { created } }', { j: json })).toBeUndefined();
    const tooLong = JSON.stringify({ mechanisms: [{ slug: 'x', name: 'x'.repeat(21), kind: 'FORUM' }] });
    expect(check('mutation($j: String!) { importRecords(json: $j) { created } }', { j: tooLong })?.field).toBe('json.mechanisms[0].name');
    // Bad JSON is the import's to report, with its position.
    expect(check('mutation($j: String!) { importRecords(json: $j) { created } }', { j: '{"x": ' })).toBeUndefined();
  });

  it('refuses variables nested deeper than MAX_INPUT_DEPTH before coercing them', () => {
    let filter: Record<string, unknown> = {};
    for (let i = 0; i < 100_000; i++) filter = { not: filter };
    expect(check('query($f: AgreementFilter) { agreements(filter: $f) { totalCount } }', { f: filter })).toMatchObject({
      message: 'variables($f): values nest deeper than 32 levels',
      field: '$f',
    });
  });

  it('leaves values GraphQL cannot coerce to GraphQL (its message is better)', () => {
    expect(check('query($n: Int) { agreements(first: $n) { totalCount } }', { n: 'x' })).toBeUndefined();
    expect(check('query($d: Date) { agreements(filter: { signedOn: { eq: $d } }) { totalCount } }', { d: '0000-01-01' })).toBeUndefined();
  });

  it('uses the default limits unless told otherwise', () => {
    const query = 'query($v: String) { agreements(filter: { title: { eq: $v } }) { totalCount } }';
    expect(checkOperationInputs(schema, parse(query), undefined, { v: 'x'.repeat(DEFAULT_INPUT_LIMITS.maxStringLength) })).toBeUndefined();
    expect(checkOperationInputs(schema, parse(query), undefined, { v: 'x'.repeat(DEFAULT_INPUT_LIMITS.maxStringLength + 1) })).toBeDefined();
  });
});
