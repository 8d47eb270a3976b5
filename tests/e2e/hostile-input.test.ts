import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import {
  getNamedType,
  GraphQLField,
  GraphQLInputType,
  GraphQLNamedType,
  GraphQLObjectType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
} from 'graphql';
import { loadConfig } from '../../src/config/config';
import { buildAppSchema } from '../../src/schema/build-schema';
import { createApiToken } from '../../src/shared/auth/token-store';
import { generateToken } from '../../src/shared/auth/tokens';
import { DEFAULT_INPUT_LIMITS, PROSE_ARGUMENTS } from '../../src/shared/input-guard/input-guard';
import { startTestApp, TestApp } from '../support/test-app';
import { corpusChecksums } from '../support/corpus-checksum';

// The hostile-input suite (issue 11, part 5), against a production-mode server: broken HTTP, broken GraphQL, and
// hostile values in every operator of every filter field of every collection and in every argument and input field of
// every mutation, generated from the schema itself. Every request must be answered within the statement timeout (plus
// the pool's client-side margin: a bound, not a speed target; speed is measured in bench/) with a 4xx or a
// coded GraphQL error (or, for odd but valid text, a plain answer), never a stack trace or SQL; the server must stay
// up, and no table may change.

/** No request may outlive the configured statement timeout plus the client-side margin the pool adds (data-source.ts). */
const ANSWER_BOUND_MS = loadConfig({ NODE_ENV: 'test' }).statementTimeoutMs + 2_000;

const MAX = DEFAULT_INPUT_LIMITS.maxStringLength;
const MAX_TEXT = DEFAULT_INPUT_LIMITS.maxTextLength;
/** Requests in flight at once. */
const CONCURRENCY = 8;

/** Text PostgreSQL cannot take: each must be refused as BAD_USER_INPUT naming its path. */
const REFUSED_STRINGS: [string, string][] = [
  ['a NUL byte', 'drop\u0000table'],
  ['a lone high surrogate', 'a\uD800b'],
  ['a lone low surrogate', '\uDC00'],
  ['one character over MAX_STRING_LENGTH', 'x'.repeat(MAX + 1)],
];

/** Odd text that is still text: a filter on it must simply be answered. */
const ODD_STRINGS: [string, string][] = [
  ['SQL', "'; DROP TABLE agreement; --"],
  ['quotes and placeholders', `' OR '1'='1' /* \\ " $1 %s \${x}`],
  ['LIKE wildcards', '%_\\%'],
  ['RTL, zero-width marks and a BOM', '\u202Eevil\uFEFF\u200F\u200Bx'],
  ['emoji', '🇺🇦 👩‍👩‍👧 🛡️'],
  ['combining characters', 'e\u0301\u0301\u0301\u0308 Z\u0351\u0358\u036A'],
  ['the longest string allowed', 'é'.repeat(MAX)],
];

/** Values of other scalars out of their column's range or malformed, by scalar name. */
const REFUSED_SCALARS: Record<string, unknown[]> = {
  Date: ['0000-01-01', '10000-01-01', '2024-02-30', '2024-13-01', '24-1-1', 'today'],
  DateTime: ['0000-06-01T00:00:00Z', '0001-01-01T00:00:00+14:00', '2024-02-30T00:00:00Z', '9999-12-31T23:59:59-14:00', 'now'],
  DateTimeISO: ['0000-06-01T00:00:00Z', '-001000-01-01T00:00:00Z', 'now'],
  Decimal: ['1e400', 'NaN', 'Infinity', `1${'0'.repeat(18)}`, '0.001', '1,5'],
  Int: [2_147_483_648, -2_147_483_649, 1.5, '1'],
  ID: ['1\u0000'],
  Boolean: ['true', 1],
  Currency: ['XX1', 'e\u0000'],
  JSONObject: [{ key: 'a\u0000' }, { 'a\uD800': 1 }],
};

/** Edge values still in range: filters on them are answered. */
const EDGE_SCALARS: Record<string, unknown[]> = {
  Date: ['0001-01-01', '9999-12-31'],
  DateTime: ['0001-01-01T00:00:00Z', '9999-12-31T23:59:59Z'],
  Decimal: ['999999999999999999.99', '-999999999999999999.99', '0'],
  Int: [2_147_483_647, -2_147_483_648],
};

const IMPORT = 'mutation($j: String!) { importRecords(json: $j, dryRun: true) { updated } }';

const ADMIN_MUTATIONS = new Set(['importRecords', 'scheduleReport', 'unscheduleReport', 'createToken', 'revokeToken']);

interface Outcome {
  name: string;
  status: number;
  ms: number;
  text: string;
  body?: any;
  failed?: string;
}

/** What may never be in a response: stack traces and database internals. */
const LEAKS = [/stacktrace/i, /\n\s+at /, /QueryFailedError|DatabaseError/, /SQLSTATE/, /syntax error at or near/, /invalid byte sequence/, /\bpg_/];

async function inPool<T>(items: T[], work: (item: T) => Promise<void>, concurrency = CONCURRENCY): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++]);
    }),
  );
}

/** A value of `type` GraphQL accepts, for the arguments a case does not aim at. */
function sample(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return sample(type.ofType);
  if (isListType(type)) return [sample(type.ofType)];
  if (isInputObjectType(type)) {
    const value: Record<string, unknown> = {};
    for (const field of Object.values(type.getFields())) {
      if (isNonNullType(field.type) && field.defaultValue === undefined) value[field.name] = sample(field.type);
    }
    return value;
  }
  if (isEnumType(type)) return type.getValues()[0].name;
  const samples: Record<string, unknown> = {
    String: 'x',
    ID: '1',
    Int: 1,
    Float: 1,
    Boolean: true,
    Date: '2024-01-01',
    DateTime: '2024-01-01T00:00:00Z',
    DateTimeISO: '2024-01-01T00:00:00Z',
    Decimal: '1.00',
    Currency: 'EUR',
    JSONObject: {},
    JSON: {},
  };
  if (!(type.name in samples)) throw new Error(`no sample for scalar ${type.name}`);
  return samples[type.name];
}

/** A selection that makes a field's resolver (and its SQL) run: `totalCount` of a connection, else some leaves. */
function selectionOf(type: GraphQLNamedType, depth = 0): string {
  if (!isObjectType(type)) return '';
  const fields = Object.values(type.getFields()).filter((f) => f.args.every((a) => !isNonNullType(a.type)));
  if (fields.some((f) => f.name === 'totalCount')) return '{ totalCount }';
  const leaves = fields.filter((f) => isLeafType(getNamedType(f.type))).slice(0, 2);
  if (leaves.length > 0) return `{ ${leaves.map((f) => f.name).join(' ')} }`;
  const inner = fields.find((f) => isObjectType(getNamedType(f.type)));
  return depth < 2 && inner ? `{ ${inner.name} ${selectionOf(getNamedType(inner.type), depth + 1)} }` : '{ __typename }';
}

/** One argument position to aim at: its path (`filter.title.contains`, `input.parties[0].actor`), type, and a setter. */
interface Slot {
  path: string;
  scalar: string;
  /** Builds the argument's value with `value` at this position. */
  build: (value: unknown) => unknown;
  /** A prose field of a mutation input (MAX_TEXT_LENGTH). */
  prose: boolean;
}

const PROSE = new Set(['summary', 'quote', 'description', 'noUrlReason', 'supports']);

/** Every scalar position in an input type, nested inputs and lists included (recursive inputs are not re-entered). */
function slotsOf(type: GraphQLInputType, path: string, seen: Set<string> = new Set(), prose = false): Slot[] {
  const nullable = isNonNullType(type) ? type.ofType : type;
  if (isListType(nullable)) {
    return slotsOf(nullable.ofType, `${path}[0]`, seen, prose).map((slot) => ({ ...slot, build: (value) => [slot.build(value)] }));
  }
  if (isInputObjectType(nullable)) {
    if (seen.has(nullable.name)) return [];
    const inner = new Set([...seen, nullable.name]);
    const base = sample(nullable) as Record<string, unknown>;
    return Object.values(nullable.getFields()).flatMap((field) =>
      slotsOf(field.type, `${path}.${field.name}`, inner, nullable.name.endsWith('Input') && PROSE.has(field.name)).map((slot) => ({
        ...slot,
        build: (value: unknown) => ({ ...base, [field.name]: slot.build(value) }),
      })),
    );
  }
  if (isEnumType(nullable)) return [{ path, scalar: 'enum', build: (value) => value, prose }];
  return [{ path, scalar: nullable.name, build: (value) => value, prose }];
}

/** One request of a case: an operation with each argument as its own variable. */
function operationFor(
  kind: 'query' | 'mutation',
  field: GraphQLField<unknown, unknown>,
  args: Record<string, unknown>,
  alias = '',
  prefix = 'a',
): { text: string; definitions: string[]; variables: Record<string, unknown> } {
  const definitions: string[] = [];
  const variables: Record<string, unknown> = {};
  const passed: string[] = [];
  for (const arg of field.args) {
    if (!(arg.name in args)) continue;
    const variable = `${prefix}_${arg.name}`;
    definitions.push(`$${variable}: ${String(arg.type)}`);
    variables[variable] = args[arg.name];
    passed.push(`${arg.name}: $${variable}`);
  }
  const call = `${alias ? `${alias}: ` : ''}${field.name}${passed.length ? `(${passed.join(', ')})` : ''} ${selectionOf(getNamedType(field.type))}`;
  return { text: `${kind}${definitions.length ? `(${definitions.join(', ')})` : ''} { ${call} }`, definitions, variables };
}

/** The arguments a field needs besides the one aimed at. */
function requiredArgs(field: GraphQLField<unknown, unknown>, except: string): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  for (const arg of field.args)
    if (arg.name !== except && isNonNullType(arg.type) && arg.defaultValue === undefined) args[arg.name] = sample(arg.type);
  return args;
}

describe('hostile input', () => {
  let api: TestApp;
  let base: string;
  const tokens = { analyst: '', admin: '', revoked: '', expired: '' };
  const schema = buildAppSchema();
  const outcomes: Outcome[] = [];
  let checksumsBefore: Record<string, string>;

  const checksums = () => corpusChecksums(api.db.dataSource);

  /** Sends one request and records how it went. */
  async function send(name: string, path: string, init: RequestInit = {}): Promise<Outcome> {
    const started = performance.now();
    const outcome: Outcome = { name, status: 0, ms: 0, text: '' };
    try {
      const response = await fetch(`${base}${path}`, init);
      outcome.status = response.status;
      outcome.text = await response.text();
      try {
        outcome.body = JSON.parse(outcome.text);
      } catch {
        outcome.body = undefined;
      }
    } catch (error) {
      outcome.failed = `no answer: ${(error as Error).message} ${String((error as { cause?: unknown }).cause ?? '')}`;
    }
    outcome.ms = performance.now() - started;
    outcomes.push(outcome);
    return outcome;
  }

  function post(name: string, body: unknown, token = tokens.analyst, headers: Record<string, string> = {}): Promise<Outcome> {
    return send(name, '/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  }

  /** Why an outcome is not a refusal (4xx, or errors that all carry a code other than INTERNAL_SERVER_ERROR), or ''. */
  function notRefused(outcome: Outcome, expected: { code?: string; field?: string; status?: number; message?: string } = {}): string {
    const problems: string[] = [];
    if (outcome.failed) return outcome.failed;
    if (outcome.ms >= ANSWER_BOUND_MS) problems.push(`took ${Math.round(outcome.ms)} ms`);
    const leak = LEAKS.find((pattern) => pattern.test(outcome.text));
    if (leak) problems.push(`leaks ${leak}`);
    if (expected.status !== undefined && outcome.status !== expected.status) problems.push(`status ${outcome.status}, not ${expected.status}`);
    const errors: any[] | undefined = outcome.body?.errors;
    const codes = (errors ?? []).map((e) => e?.extensions?.code);
    if (outcome.status >= 500) problems.push(`status ${outcome.status}`);
    if (outcome.status < 400 && (!errors || errors.length === 0)) problems.push(`status ${outcome.status} without errors`);
    if (errors && codes.some((c) => typeof c !== 'string' || c === 'INTERNAL_SERVER_ERROR')) problems.push(`codes ${JSON.stringify(codes)}`);
    if (!errors && outcome.status >= 400 && outcome.body === undefined) problems.push('a body that is not JSON');
    if (expected.code && codes[0] !== expected.code) problems.push(`code ${codes[0]}, not ${expected.code}`);
    if (expected.message && !String(errors?.[0]?.message).toLowerCase().includes(expected.message.toLowerCase()))
      problems.push(`a message without ${expected.message}`);
    if (expected.field && errors?.[0]?.extensions?.field !== expected.field)
      problems.push(`field ${errors?.[0]?.extensions?.field}, not ${expected.field}`);
    return problems.length ? `${problems.join('; ')}: ${outcome.text.slice(0, 300)}` : '';
  }

  /** Why an outcome is not a plain answer (200, data, no errors), or ''. */
  function notAnswered(outcome: Outcome): string {
    if (outcome.failed) return outcome.failed;
    const problems: string[] = [];
    if (outcome.ms >= ANSWER_BOUND_MS) problems.push(`took ${Math.round(outcome.ms)} ms`);
    if (outcome.status !== 200 || !outcome.body?.data || outcome.body?.errors) problems.push(`status ${outcome.status}`);
    return problems.length ? `${problems.join('; ')}: ${outcome.text.slice(0, 300)}` : '';
  }

  /** Runs cases in parallel and returns the failures, as `case: why`. */
  async function run<T extends { name: string }>(cases: T[], check: (c: T) => Promise<string>, concurrency = CONCURRENCY): Promise<string[]> {
    const failures: string[] = [];
    await inPool(
      cases,
      async (c) => {
        const why = await check(c);
        if (why) failures.push(`${c.name}: ${why}`);
      },
      concurrency,
    );
    return failures.sort();
  }

  beforeAll(async () => {
    api = await startTestApp({ environment: 'production' });
    base = api.app.url.replace(/\/graphql$/, '');
    const sql = async <T>(text: string, params: unknown[] = []) => (await api.db.dataSource.query(text, params)) as T[];
    for (const role of ['analyst', 'admin'] as const) tokens[role] = (await createApiToken(sql as never, { name: `hostile-${role}`, role })).token;
    tokens.revoked = (await createApiToken(sql as never, { name: 'hostile-revoked', role: 'admin' })).token;
    tokens.expired = (await createApiToken(sql as never, { name: 'hostile-expired', role: 'admin' })).token;
    await sql(`UPDATE api_token SET revoked_at = now() WHERE name = 'hostile-revoked'`);
    await sql(`UPDATE api_token SET expires_at = now() - interval '1 second' WHERE name = 'hostile-expired'`);
    checksumsBefore = await checksums();
  });

  afterAll(() => api.close());

  describe('broken HTTP and GraphQL', () => {
    const query = '{ agreements { totalCount } }';
    it.each<[string, () => Promise<Outcome>]>([
      ['truncated JSON', () => post('truncated JSON', '{"query": "{ agreements { totalCount } }"')],
      ['JSON cut mid-string', () => post('JSON cut mid-string', '{"query": "{ agr')],
      ['an empty body', () => post('an empty body', '')],
      ['a JSON null body', () => post('a JSON null body', 'null')],
      ['a JSON number body', () => post('a JSON number body', '42')],
      ['a JSON string body', () => post('a JSON string body', '"{ agreements { totalCount } }"')],
      ['a batch (array) body', () => post('a batch (array) body', [{ query }, { query }])],
      ['bytes that are not UTF-8', () => post('bytes that are not UTF-8', Buffer.from([0xff, 0xfe, 0x7b, 0x00, 0xc3]) as never)],
      ['a text/plain body', () => post('a text/plain body', { query }, undefined, { 'content-type': 'text/plain' })],
      ['an application/graphql body', () => post('an application/graphql body', query, undefined, { 'content-type': 'application/graphql' })],
      [
        'a form body',
        () => post('a form body', `query=${encodeURIComponent(query)}`, undefined, { 'content-type': 'application/x-www-form-urlencoded' }),
      ],
      ['a multipart body', () => post('a multipart body', '--b\r\n\r\nx\r\n--b--', undefined, { 'content-type': 'multipart/form-data; boundary=b' })],
      ['an XML body', () => post('an XML body', '<query/>', undefined, { 'content-type': 'application/xml' })],
      ['a number as query', () => post('a number as query', { query: 42 })],
      ['a list as query', () => post('a list as query', { query: [query] })],
      ['an object as query', () => post('an object as query', { query: { kind: 'Document', definitions: [] } })],
      ['a null query', () => post('a null query', { query: null })],
      ['no query', () => post('no query', { variables: {} })],
      ['variables as a string', () => post('variables as a string', { query, variables: '{"a":1}' })],
      ['variables as a list', () => post('variables as a list', { query, variables: [1] })],
      ['a number as operationName', () => post('a number as operationName', { query, operationName: 5 })],
      ['an unknown operationName', () => post('an unknown operationName', { query, operationName: 'Nope' })],
      ['extensions as a string', () => post('extensions as a string', { query, extensions: 'x' })],
      ['a syntax error', () => post('a syntax error', { query: '{ agreements { totalCount }' })],
      ['garbage', () => post('garbage', { query: '\u0000\uD800 ]]] @@@ {{{' })],
      ['a lone surrogate in the document', () => post('a lone surrogate in the document', { query: '{ agreement(slug: "\uD800") { id } }' })],
      ['a NUL in a literal', () => post('a NUL in a literal', { query: '{ agreement(slug: "a\\u0000") { id } }' })],
      ['an unknown field', () => post('an unknown field', { query: '{ nope }' })],
      ['an unknown nested field', () => post('an unknown nested field', { query: '{ agreements { nodes { password } } }' })],
      ['an unknown argument', () => post('an unknown argument', { query: '{ agreements(where: "1=1") { totalCount } }' })],
      ['an unknown filter field', () => post('an unknown filter field', { query: '{ agreements(filter: { nope: { eq: 1 } }) { totalCount } }' })],
      ['an unknown enum value', () => post('an unknown enum value', { query: '{ agreements(filter: { kind: { eq: NOPE } }) { totalCount } }' })],
      [
        'a __proto__ filter key',
        () =>
          post('a __proto__ filter key', {
            query: 'query($f: AgreementFilter) { agreements(filter: $f) { totalCount } }',
            variables: JSON.parse('{"f": {"__proto__": {"slug": {"eq": "x"}}}}'),
          }),
      ],
      [
        'a string for an Int variable',
        () => post('a string for an Int variable', { query: 'query($n: Int) { agreements(first: $n) { totalCount } }', variables: { n: 'abc' } }),
      ],
      [
        'an object for a String variable',
        () => post('an object for a String variable', { query: 'query($s: String!) { agreement(slug: $s) { id } }', variables: { s: { a: 1 } } }),
      ],
      ['a missing required variable', () => post('a missing required variable', { query: 'query($s: String!) { agreement(slug: $s) { id } }' })],
      [
        'a variable of an unknown type',
        () => post('a variable of an unknown type', { query: 'query($s: Nope) { agreement(slug: $s) { id } }', variables: { s: 1 } }),
      ],
      ['an Int beyond int4 (literal)', () => post('an Int beyond int4 (literal)', { query: '{ agreements(first: 2147483648) { totalCount } }' })],
      [
        'an Int of 1e400 (Infinity)',
        () => post('an Int of 1e400 (Infinity)', '{"query": "query($n: Int) { agreements(first: $n) { totalCount } }", "variables": {"n": 1e400}}'),
      ],
      [
        'a Decimal of 1e400 (Infinity)',
        () =>
          post(
            'a Decimal of 1e400 (Infinity)',
            '{"query": "query($d: Decimal) { commitments(filter: { amount: { gt: $d } }) { totalCount } }", "variables": {"d": 1e400}}',
          ),
      ],
      ['a deep query', () => post('a deep query', { query: `{ agreements { nodes { ${'framework { '.repeat(40)}slug${' }'.repeat(40)} } } }` })],
      ['an alias flood', () => post('an alias flood', { query: `{ ${Array.from({ length: 2000 }, (_, i) => `a${i}: __typename`).join(' ')} }` })],
      [
        'an alias flood of lists',
        () =>
          post('an alias flood of lists', { query: `{ ${Array.from({ length: 200 }, (_, i) => `a${i}: agreements { totalCount }`).join(' ')} }` }),
      ],
      ['a directive flood', () => post('a directive flood', { query: `{ agreements ${'@include(if: true) '.repeat(500)}{ totalCount } }` })],
      [
        'a fragment cycle',
        () =>
          post('a fragment cycle', {
            query:
              '{ agreements { nodes { ...A } } } fragment A on Agreement { framework { ...B } } fragment B on Agreement { basedOnIt { nodes { ...A } } }',
          }),
      ],
      [
        'a fragment spreading itself',
        () => post('a fragment spreading itself', { query: '{ agreements { nodes { ...A } } } fragment A on Agreement { ...A }' }),
      ],
      ['a token flood', () => post('a token flood', { query: `{ agreements { ${'totalCount '.repeat(20_000)}} }` })],
      [
        'deeply nested variables',
        () =>
          post(
            'deeply nested variables',
            `{"query": "query($f: AgreementFilter) { agreements(filter: $f) { totalCount } }", "variables": {"f": ${'{"not": '.repeat(100_000)}{}${'}'.repeat(100_000)}}}`,
          ),
      ],
      [
        'deeply nested JSON params',
        () =>
          post(
            'deeply nested JSON params',
            `{"query": "mutation($p: JSONObject) { runReport(kind: \\"coverage-matrix\\", format: \\"csv\\", params: $p) { id } }", "variables": {"p": {"a": ${'['.repeat(50_000)}${']'.repeat(50_000)}}}}`,
          ),
      ],
      [
        'a deeply nested filter literal',
        () =>
          post('a deeply nested filter literal', { query: `{ agreements(filter: ${'{ not: '.repeat(600)}{}${' }'.repeat(600)}) { totalCount } }` }),
      ],
      [
        'a mutation over GET',
        () =>
          send('a mutation over GET', `/graphql?query=${encodeURIComponent('mutation { revokeToken(name: "x") { name } }')}`, {
            headers: { 'apollo-require-preflight': 'true' },
          }),
      ],
      [
        'GET with a broken percent escape',
        () => send('GET with a broken percent escape', '/graphql?query=%E0%A4%A&variables=%7B', { headers: { 'apollo-require-preflight': 'true' } }),
      ],
      [
        'GET with a NUL in a literal',
        () =>
          send('GET with a NUL in a literal', `/graphql?query=${encodeURIComponent('{ agreement(slug: "a\\u0000") { id } }')}`, {
            headers: { 'apollo-require-preflight': 'true' },
          }),
      ],
      ['PUT', () => send('PUT', '/graphql', { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) })],
      ['DELETE', () => send('DELETE', '/graphql', { method: 'DELETE' })],
    ])('refuses %s with a 4xx or a coded error', async (_name, request) => {
      const why = notRefused(await request());
      expect(why).toBe('');
    });

    it.each([
      ['a 5 MB body', 5_000_000],
      ['a 20 MB body', 20_000_000],
    ])('refuses %s with 413 and a JSON error', async (name, size) => {
      const outcome = await post(name, { query, variables: { padding: 'x'.repeat(size) } });
      expect(notRefused(outcome, { status: 413 })).toBe('');
    });

    it('refuses a 1 MB string in a filter, whatever the limit that catches it first', async () => {
      const variables = { v: 'x'.repeat(1_000_000) };
      const outcome = await post('a 1 MB string', {
        query: 'query($v: String) { agreements(filter: { title: { contains: $v } }) { totalCount } }',
        variables,
      });
      expect(notRefused(outcome)).toBe('');
      expect(outcome.status).toBeGreaterThanOrEqual(400);
    });

    it('answers a body that declares more than it sends, or closes it, and stays up', async () => {
      const started = performance.now();
      const answer = await new Promise<string>((resolve) => {
        const socket = net.connect(Number(new URL(base).port), '127.0.0.1', () => {
          socket.write('POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"query": "{ agr');
          socket.end();
        });
        let text = '';
        socket.on('data', (chunk) => (text += chunk.toString()));
        socket.on('close', () => resolve(text));
        socket.on('error', () => resolve(text));
        socket.setTimeout(2000, () => socket.destroy());
      });
      // Answered (or closed) by the server, not left for the client's own 2 s socket timeout.
      expect(performance.now() - started).toBeLessThan(1900);
      if (answer) expect(answer).toMatch(/^HTTP\/1\.1 4\d\d/);
    });
  });

  describe('tokens', () => {
    it.each<[string, () => string]>([
      ['a forged token', () => `Bearer ${generateToken()}`],
      ['a revoked token', () => `Bearer ${tokens.revoked}`],
      ['an expired token', () => `Bearer ${tokens.expired}`],
      ['a truncated token', () => `Bearer ${tokens.admin.slice(0, -1)}`],
      ['a token with a character changed', () => `Bearer ${tokens.admin.slice(0, -1)}${tokens.admin.endsWith('A') ? 'B' : 'A'}`],
      ['a 10 KB token', () => `Bearer acc_${'A'.repeat(10_000)}`],
      ['a SQL-looking token', () => `Bearer acc_' OR '1'='1`],
      ['no token after Bearer', () => 'Bearer'],
      ['Basic credentials', () => `Basic ${Buffer.from('admin:admin').toString('base64')}`],
      ['two tokens', () => `Bearer ${tokens.admin} ${tokens.admin}`],
    ])('refuses %s with 401 on /graphql and on exports', async (name, header) => {
      const mutation = await send(name, '/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: header() },
        body: JSON.stringify({ query: 'mutation { createToken(name: "stolen", role: ADMIN) { token } }' }),
      });
      expect(notRefused(mutation, { status: 401, code: 'UNAUTHENTICATED' })).toBe('');
      const exported = await send(`${name} (export)`, '/export/agreements.csv', { headers: { authorization: header() } });
      expect(notRefused(exported, { status: 401, code: 'UNAUTHENTICATED' })).toBe('');
    });
  });

  describe('exports', () => {
    it.each<[string, string]>([
      ['a NUL byte', JSON.stringify({ title: { contains: 'a\u0000' } })],
      ['a lone surrogate', JSON.stringify({ title: { eq: '\uD800' } })],
      ['a year 0000 date', JSON.stringify({ signedOn: { gte: '0000-01-01' } })],
      ['an impossible date', JSON.stringify({ signedOn: { gte: '2024-02-30' } })],
      ['an Int beyond int4', JSON.stringify({ durationYears: { gt: 2_147_483_648 } })],
      ['a number of 1e400', '{"durationYears": {"gt": 1e400}}'],
      ['an id that is not one', JSON.stringify({ id: { eq: "1' OR 1=1" } })],
      ['truncated JSON', '{"title": {"eq": "x"'],
      ['a list', '[1, 2]'],
      ['an unknown field', JSON.stringify({ password: { eq: 'x' } })],
      ['a __proto__ key', '{"__proto__": {"title": {"eq": "x"}}}'],
      ['deep nesting', `${'{"not": '.repeat(200)}{}${'}'.repeat(200)}`],
      ['an over-long string', JSON.stringify({ search: 'x'.repeat(MAX + 1) })],
    ])('refuses a filter with %s with 400', async (name, filter) => {
      const outcome = await send(`export: ${name}`, `/export/agreements.json?filter=${encodeURIComponent(filter)}`, {
        headers: { authorization: `Bearer ${tokens.analyst}` },
      });
      // An over-long URL may be refused by the HTTP parser first (431): a 4xx too.
      expect(notRefused(outcome)).toBe('');
    });

    it.each(['domains', 'mechanisms'])('refuses a NUL byte in a %s export filter', async (collection) => {
      const outcome = await send(
        `export ${collection}`,
        `/export/${collection}.csv?filter=${encodeURIComponent(JSON.stringify({ slug: { eq: '\u0000' } }))}`,
      );
      expect(notRefused(outcome, { status: 400, code: 'BAD_USER_INPUT' })).toBe('');
    });
  });

  describe('every operator of every filter field', () => {
    interface FilterCase {
      name: string;
      field: GraphQLField<unknown, unknown>;
      slot: Slot;
      value: unknown;
    }

    /** Every (collection field, filter field, operator) of the schema's filter inputs, as argument slots. */
    function filterSlots(): { field: GraphQLField<unknown, unknown>; slot: Slot }[] {
      const query = schema.getQueryType()!;
      const found: { field: GraphQLField<unknown, unknown>; slot: Slot }[] = [];
      for (const field of Object.values(query.getFields())) {
        const filter = field.args.find((a) => a.name === 'filter');
        const type = filter && getNamedType(filter.type);
        if (!type || !isInputObjectType(type)) continue;
        for (const filterField of Object.values(type.getFields())) {
          const operand = getNamedType(filterField.type);
          if (['and', 'or', 'not'].includes(filterField.name)) continue;
          // Relation filters nest other collections' filters, which their own collection field covers.
          if (isInputObjectType(operand) && !('eq' in operand.getFields())) continue;
          found.push(
            ...slotsOf(filterField.type, `filter.${filterField.name}`).map((slot) => ({
              field,
              slot: { ...slot, build: (v: unknown) => ({ [filterField.name]: slot.build(v) }) },
            })),
          );
        }
      }
      return found;
    }

    const slots = filterSlots();

    it('covers every collection and every operator type', () => {
      const fields = new Set(slots.map((s) => s.field.name));
      for (const name of [
        'agreements',
        'commitments',
        'constraints',
        'actors',
        'sources',
        'mechanisms',
        'changes',
        'reportRuns',
        'domainCoverage',
        'commitmentStats',
        'timeline',
      ]) {
        expect(fields).toContain(name);
      }
      const scalars = new Set(slots.map((s) => s.slot.scalar));
      for (const scalar of ['String', 'ID', 'Date', 'DateTime', 'Decimal', 'Int', 'Boolean', 'enum']) expect(scalars).toContain(scalar);
      expect(slots.filter((s) => s.slot.path.endsWith('.contains')).length).toBeGreaterThan(30);
      expect(slots.length).toBeGreaterThan(900);
    });

    it('refuses text PostgreSQL cannot take, in every operator, as BAD_USER_INPUT naming the path', async () => {
      const cases: FilterCase[] = slots
        .filter((s) => s.slot.scalar === 'String' || s.slot.scalar === 'ID')
        .flatMap(({ field, slot }) =>
          REFUSED_STRINGS.map(([what, value]) => ({ name: `${field.name}(${slot.path}) with ${what}`, field, slot, value })),
        );
      const failures = await run(cases, async (c) => {
        const { text, variables } = operationFor('query', c.field, { ...requiredArgs(c.field, 'filter'), filter: c.slot.build(c.value) });
        const outcome = await post(c.name, { query: text, variables });
        // An id is refused by its own check (not an id) or by the guard: BAD_USER_INPUT either way.
        return notRefused(outcome, { code: 'BAD_USER_INPUT', ...(c.slot.scalar === 'String' ? { field: c.slot.path } : {}) });
      });
      expect(failures).toEqual([]);
      expect(cases.length).toBeGreaterThan(2_000);
    });

    it('refuses out-of-range and malformed dates, moments, decimals, ints, enums and booleans in every operator', async () => {
      const cases: FilterCase[] = slots.flatMap(({ field, slot }) =>
        (slot.scalar === 'enum'
          ? ['NOT_A_VALUE', "'; DROP TABLE agreement; --", 'a\u0000']
          : (REFUSED_SCALARS[slot.scalar] ?? []).filter(() => slot.scalar !== 'ID' && slot.scalar !== 'String')
        ).map((value) => ({ name: `${field.name}(${slot.path}) = ${JSON.stringify(value).slice(0, 40)}`, field, slot, value })),
      );
      const failures = await run(cases, async (c) => {
        const { text, variables } = operationFor('query', c.field, { ...requiredArgs(c.field, 'filter'), filter: c.slot.build(c.value) });
        // Refused by GraphQL's coercion with the scalar's parser: the message names the position (so not a sample argument).
        const at = `at "a_filter.${c.slot.path.slice('filter.'.length)}"`;
        return notRefused(await post(c.name, { query: text, variables }), { code: 'BAD_USER_INPUT', message: at });
      });
      expect(failures).toEqual([]);
      expect(cases.length).toBeGreaterThan(1_000);
    });

    it('answers odd but valid text and edge values in every operator (SQL, quotes, wildcards, RTL, emoji, combining marks, limits)', async () => {
      const answerable = slots.flatMap(({ field, slot }) => {
        const values: [string, unknown][] =
          slot.scalar === 'String' ? ODD_STRINGS : (EDGE_SCALARS[slot.scalar] ?? []).map((v) => [JSON.stringify(v), v] as [string, unknown]);
        return values.map(([what, value]) => ({ field, slot, what, value }));
      });
      // Batched: a few aliased fields per request (each with its own variables), a few requests at a time, so that
      // each request, which runs real SQL, stays well within its bound on a busy machine.
      const BATCH = 8;
      const batches: { name: string; items: typeof answerable }[] = [];
      for (const field of new Set(answerable.map((a) => a.field))) {
        const mine = answerable.filter((a) => a.field === field);
        for (let i = 0; i < mine.length; i += BATCH) batches.push({ name: `${field.name} batch ${i / BATCH}`, items: mine.slice(i, i + BATCH) });
      }
      const failures = await run(
        batches,
        async (batch) => {
          const parts = batch.items.map((item, i) =>
            operationFor('query', item.field, { ...requiredArgs(item.field, 'filter'), filter: item.slot.build(item.value) }, `f${i}`, `v${i}`),
          );
          const text = `query(${parts.flatMap((p) => p.definitions).join(', ')}) { ${parts.map((p) => p.text.slice(p.text.indexOf('{') + 1, -1)).join(' ')} }`;
          const outcome = await post(batch.name, { query: text, variables: Object.assign({}, ...parts.map((p) => p.variables)) });
          const why = notAnswered(outcome);
          return why
            ? `${why} (${batch.items
                .map((i) => `${i.slot.path}=${i.what}`)
                .join(', ')
                .slice(0, 300)})`
            : '';
        },
        4,
      );
      expect(failures).toEqual([]);
      expect(answerable.length).toBeGreaterThan(3_500);
    });

    it('answers odd text in nested relation filters', async () => {
      const outcome = await post('nested relation filters', {
        query: `query($v: String) { agreements(filter: { hasCommitment: { summary: { contains: $v }, agreement: { title: { startsWith: $v } } },
          hasConstraint: { quote: { eq: $v } }, framework: { slug: { ne: $v } } }) { totalCount } }`,
        variables: { v: ODD_STRINGS[0][1] },
      });
      expect(notAnswered(outcome)).toBe('');
      const refused = await post('nested relation filters (NUL)', {
        query:
          'query($v: String) { agreements(filter: { hasCommitment: { agreement: { hasConstraint: { summary: { contains: $v } } } } }) { totalCount } }',
        variables: { v: 'a\u0000' },
      });
      expect(notRefused(refused, { code: 'BAD_USER_INPUT', field: 'filter.hasCommitment.agreement.hasConstraint.summary.contains' })).toBe('');
    });
  });

  describe('every argument of every query and mutation', () => {
    interface ArgumentCase {
      name: string;
      kind: 'query' | 'mutation';
      field: GraphQLField<unknown, unknown>;
      argument: string;
      slot: Slot;
      value: unknown;
      field_path?: string;
    }

    /** The guard names the path of what it refuses; GraphQL's coercion names the variable or field in its message. */
    function expectedOf(c: ArgumentCase): { field?: string; message?: string } {
      return c.field_path
        ? { field: c.field_path }
        : {
            message: c.slot.path
              .split('.')
              .pop()!
              .replace(/\[0\]$/, ''),
          };
    }

    function argumentCases(kind: 'query' | 'mutation', type: GraphQLObjectType): ArgumentCase[] {
      const cases: ArgumentCase[] = [];
      for (const field of Object.values(type.getFields())) {
        for (const argument of field.args) {
          if (kind === 'query' && argument.name === 'filter') continue; // covered above, operator by operator
          const proseArgument = PROSE_ARGUMENTS.has(`${type.name}.${field.name}.${argument.name}`);
          for (const slot of slotsOf(argument.type, argument.name, new Set(), proseArgument)) {
            const strings: [string, unknown][] =
              slot.scalar === 'String' || slot.scalar === 'ID' || slot.scalar === 'JSONObject'
                ? REFUSED_STRINGS.map(([what, value]) => [what, slot.prose && value.length === MAX + 1 ? 'x'.repeat(MAX_TEXT + 1) : value])
                : [];
            const others: [string, unknown][] =
              slot.scalar === 'String' || slot.scalar === 'ID'
                ? []
                : (REFUSED_SCALARS[slot.scalar] ?? []).map((v) => [JSON.stringify(v).slice(0, 30), v]);
            for (const [what, value] of [...strings, ...others]) {
              // In a JSON object the text goes in a key's value.
              const aimed = slot.scalar === 'JSONObject' && typeof value === 'string' ? { key: value } : value;
              const path = slot.scalar === 'JSONObject' && typeof value === 'string' ? `${slot.path}.key` : slot.path;
              // The text of an import is bounded by the body, not by a string limit: too long, it is refused as bad JSON.
              const checked =
                typeof value === 'string' &&
                strings.some(([, v]) => v === value) &&
                !(field.name === 'importRecords' && argument.name === 'json' && value.length > MAX);
              cases.push({
                name: `${field.name}(${slot.path}) with ${what}`,
                kind,
                field,
                argument: argument.name,
                slot,
                value: aimed,
                field_path: checked ? path : undefined,
              });
            }
          }
        }
      }
      return cases;
    }

    it('refuses them in every argument of every query, as BAD_USER_INPUT', async () => {
      const cases = argumentCases('query', schema.getQueryType()!);
      const failures = await run(cases, async (c) => {
        const { text, variables } = operationFor('query', c.field, { ...requiredArgs(c.field, c.argument), [c.argument]: c.slot.build(c.value) });
        return notRefused(await post(c.name, { query: text, variables }), { code: 'BAD_USER_INPUT', ...expectedOf(c) });
      });
      expect(failures).toEqual([]);
      expect(cases.length).toBeGreaterThan(100);
    });

    it('refuses them in every argument and input field of every mutation, with an analyst (or admin) token', async () => {
      const cases = argumentCases('mutation', schema.getMutationType()!);
      const failures = await run(cases, async (c) => {
        const { text, variables } = operationFor('mutation', c.field, { ...requiredArgs(c.field, c.argument), [c.argument]: c.slot.build(c.value) });
        const token = ADMIN_MUTATIONS.has(c.field.name) ? tokens.admin : tokens.analyst;
        return notRefused(await post(c.name, { query: text, variables }, token), { code: 'BAD_USER_INPUT', ...expectedOf(c) });
      });
      expect(failures).toEqual([]);
      expect(cases.length).toBeGreaterThan(500);
    });

    it('refuses hostile values inside the records of an import, naming the record path', async () => {
      const json = JSON.stringify({
        actors: [{ code: 'ZZ', name: 'Zed', kind: 'STATE' }],
        mechanisms: [{ slug: 'zz', name: 'Z', kind: 'FORUM', description: 'a\u0000' }],
      });
      const outcome = await post(
        'import with NUL',
        { query: 'mutation($j: String!) { importRecords(json: $j, dryRun: true) { created } }', variables: { j: json } },
        tokens.admin,
      );
      expect(notRefused(outcome, { code: 'BAD_USER_INPUT', field: 'json.mechanisms[0].description' })).toBe('');
    });
  });

  describe('odd but valid values through the whole write path (a dry-run import, rolled back)', () => {
    it('writes an agreement whose every text field is odd, and extreme numbers and dates, then rolls back', async () => {
      const seed = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'seeds', 'agreements', 'japan-ukraine-2024.json'), 'utf8'));
      const failures: string[] = [];
      // The longest string in every commitment would pass the body limit: it goes in the title alone.
      for (const [what, odd] of ODD_STRINGS) {
        const record = structuredClone(seed);
        const short = odd.length > 100 ? 'é' : odd;
        record.title = odd;
        record.summary = `${odd} ${'é'.repeat(MAX_TEXT - odd.length - 10)}`.slice(0, MAX_TEXT);
        record.signedPlace = short;
        // An odd quote is no longer the text's words at its spans: recorded as an analyst's note, without spans.
        const oddRecord = { summary: short, quote: short, locator: short, quoteOrigin: 'ANALYST_NOTE', quoteSpans: undefined };
        for (const c of record.commitments ?? []) Object.assign(c, oddRecord);
        for (const c of record.constraints ?? []) Object.assign(c, oddRecord);
        const outcome = await post(`import ${what}`, { query: IMPORT, variables: { j: JSON.stringify(record) } }, tokens.admin);
        const why = notAnswered(outcome);
        if (why) failures.push(`${what}: ${why}`);
      }
      for (const [what, change] of [
        ['the earliest date', { signedOn: '0001-01-01', entryIntoForce: '0001-01-01' }],
        ['the latest date', { signedOn: '9999-12-31', entryIntoForce: '9999-12-31', durationYears: null }],
        ['the longest notice', { terminationNoticeMonths: 2_147_483_647 }],
      ] as [string, object][]) {
        const outcome = await post(`import ${what}`, { query: IMPORT, variables: { j: JSON.stringify({ ...seed, ...change }) } }, tokens.admin);
        const why = notAnswered(outcome);
        if (why) failures.push(`${what}: ${why}`);
      }
      const amounts = structuredClone(seed);
      (amounts.commitments ?? []).find((c: { amount?: unknown }) => c.amount).amount.amount = '999999999999999999.99';
      const why = notAnswered(await post('import the largest amount', { query: IMPORT, variables: { j: JSON.stringify(amounts) } }, tokens.admin));
      if (why) failures.push(`the largest amount: ${why}`);
      expect(failures).toEqual([]);
    });

    it('refuses, as BAD_USER_INPUT, records whose values PostgreSQL could not store or the API could not write back', async () => {
      const seed = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'seeds', 'agreements', 'japan-ukraine-2024.json'), 'utf8'));
      const tooMuch = structuredClone(seed);
      (tooMuch.commitments ?? []).find((c: { amount?: unknown }) => c.amount).amount.amount = `1${'0'.repeat(18)}`;
      const failures: string[] = [];
      for (const [what, record] of [
        ['a year 0000 date', { ...seed, signedOn: '0000-06-13', entryIntoForce: null }],
        ['an expiry past 9999 (the longest duration)', { ...seed, durationYears: 2_147_483_647 }],
        ['an expiry past 9999 (a late date)', { ...seed, signedOn: '9999-12-31', entryIntoForce: null, durationYears: 10 }],
        ['an amount of 19 digits', tooMuch],
      ] as [string, object][]) {
        const why = notRefused(await post(`import ${what}`, { query: IMPORT, variables: { j: JSON.stringify(record) } }, tokens.admin), {
          code: 'BAD_USER_INPUT',
        });
        if (why) failures.push(`${what}: ${why}`);
      }
      expect(failures).toEqual([]);
    });
  });

  describe('afterwards', () => {
    it('answered every request within the statement timeout, without a stack trace or SQL', () => {
      const slow = outcomes.filter((o) => o.ms >= ANSWER_BOUND_MS).map((o) => `${o.name}: ${Math.round(o.ms)} ms`);
      expect(slow).toEqual([]);
      expect(outcomes.filter((o) => LEAKS.some((p) => p.test(o.text))).map((o) => o.name)).toEqual([]);
      expect(outcomes.length).toBeGreaterThan(5_000);
    });

    it('is still up and serving', async () => {
      expect((await send('healthz', '/healthz')).status).toBe(200);
      expect((await send('readyz', '/readyz')).status).toBe(200);
      const outcome = await post('a normal query', { query: '{ agreement(slug: "japan-ukraine-2024") { slug } }' });
      expect(outcome.body).toEqual({ data: { agreement: { slug: 'japan-ukraine-2024' } } });
    });

    it('changed no table', async () => {
      expect(await checksums()).toEqual(checksumsBefore);
    });

    it('stores odd but valid text exactly as sent (after the checksums: this writes)', async () => {
      for (const [what, odd] of ODD_STRINGS) {
        const key = `odd-${ODD_STRINGS.findIndex(([w]) => w === what)}`;
        const created = await post(`create ${what}`, {
          query: 'mutation($i: SourceInput!) { createSource(input: $i) { id title publisher noUrlReason } }',
          variables: { i: { key, title: odd, publisher: odd, url: null, noUrlReason: odd, kind: 'PRESS', reliability: 'MEDIUM' } },
        });
        expect(created.body?.errors).toBeUndefined();
        expect(created.body.data.createSource).toMatchObject({ title: odd, publisher: odd, noUrlReason: odd });
        const found = await post(`find ${what}`, {
          query: 'query($v: String) { sources(filter: { title: { eq: $v } }) { nodes { key } } }',
          variables: { v: odd },
        });
        expect(found.body.data.sources.nodes).toEqual([{ key }]);
      }
    });
  });
});
