import fc from 'fast-check';
import {
  getNamedType,
  GraphQLInputObjectType,
  GraphQLInputType,
  GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  GraphQLList,
  GraphQLNonNull,
} from 'graphql';
import { loadConfig } from '../../src/config/config';
import { buildAppSchema } from '../../src/schema/build-schema';
import { corpusChecksums } from '../support/corpus-checksum';
import { fuzzOptions } from '../support/fuzz';
import { startTestApp, TestApp } from '../support/test-app';

// Property-based tests of the filter grammar (issue 14, part A): filters generated from the schema's filter inputs,
// valid and not (random keys, inherited names, operators on the wrong fields, wrong-typed values, deep and wide
// and/or/not trees, search text with hostile characters), sent over HTTP to a production-mode server as variables,
// as literals and as export filters. Whatever the filter: never a 500 nor INTERNAL_SERVER_ERROR, each answer within
// the configured statement timeout (plus the client-side margin), and the corpus unchanged.

/** The configured statement timeout, and the margin the pool's client-side timeout adds to it (data-source.ts). */
const { statementTimeoutMs } = loadConfig({ NODE_ENV: 'test' });
const CLIENT_MARGIN_MS = 2_000;

/** The lists whose `filter` the properties exercise, with their filter input and the export of the same collection. */
const TARGETS = [
  { field: 'agreements', type: 'AgreementFilter', exportName: 'agreements' },
  { field: 'commitments', type: 'CommitmentFilter', exportName: 'commitments' },
  { field: 'constraints', type: 'ConstraintFilter', exportName: 'constraints' },
  { field: 'actors', type: 'ActorFilter', exportName: 'actors' },
  { field: 'sources', type: 'SourceFilter', exportName: 'sources' },
  { field: 'mechanisms', type: 'MechanismFilter', exportName: 'mechanisms' },
] as const;

/** Text that has broken parsers and SQL before: quotes, tsquery syntax, LIKE wildcards, escapes, control and odd Unicode. */
const HOSTILE_TEXT = fc.oneof(
  fc.constantFrom(
    "'; DROP TABLE agreement; --",
    '" OR 1=1 --',
    '!!!',
    '& | ! <-> :* ()',
    'a:* & !b | (c <-> d)',
    '"unclosed',
    '-',
    'or or or',
    '%_\\',
    '\\\\x00',
    '\u0000',
    '\ud800',
    '\udc00 lone',
    '\u202e\u200b\ufeff',
    '😀'.repeat(40),
    'é\u0301',
    ' ',
    '',
  ),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
);

/** Keys a filter object may carry: real names, inherited names, operator names in the wrong place, anything. */
const HOSTILE_KEY = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'and', 'or', 'not', 'search', 'eq', 'in', 'isNull'),
  fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,12}$/),
);

/** Any JSON value: what a confused or hostile client puts where a value goes. */
const ANY_VALUE: fc.Arbitrary<unknown> = fc.oneof(
  { depthSize: 'small' },
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  fc.constantFrom(2_147_483_648, -2_147_483_649, 1e300, 0.1),
  HOSTILE_TEXT,
  fc.constantFrom('2024-02-30', '0000-01-01', '9999-12-31', '2024-06-13T25:00:00Z', '1e400', '-0', 'NaN'),
  fc.array(fc.oneof(fc.integer(), HOSTILE_TEXT), { maxLength: 3 }),
  fc.dictionary(HOSTILE_KEY, fc.oneof(fc.integer(), HOSTILE_TEXT), { maxKeys: 2 }),
);

/** A value of a scalar or enum type, usually well-typed. */
function leafValue(type: GraphQLInputType): fc.Arbitrary<unknown> {
  const named = getNamedType(type);
  if (isEnumType(named)) return fc.constantFrom(...named.getValues().map((value) => value.name));
  switch (named.name) {
    case 'Int':
      return fc.integer({ min: -5, max: 3_000 });
    case 'Boolean':
      return fc.boolean();
    case 'ID':
      return fc.integer({ min: 1, max: 400 }).map(String);
    case 'Date':
      return fc.date({ min: new Date('2000-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    case 'DateTime':
      return fc.date({ min: new Date('2000-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString());
    case 'Decimal':
      return fc.integer({ min: 0, max: 1_000_000_000 }).map((n) => `${n}.00`);
    default:
      return HOSTILE_TEXT;
  }
}

/** A value for an input of `type`: mostly its own kind of value, sometimes anything at all. */
function valueFor(schema: GraphQLSchema, type: GraphQLInputType, depth: number): fc.Arbitrary<unknown> {
  const inner = isNonNullType(type) ? type.ofType : type;
  const typed = isListType(inner)
    ? fc.array(valueFor(schema, inner.ofType, depth), { maxLength: 4 })
    : isInputObjectType(inner)
      ? depth > 0
        ? filterFor(schema, inner, depth - 1)
        : fc.constant({})
      : leafValue(inner);
  return fc.oneof({ weight: 6, arbitrary: typed }, { weight: 1, arbitrary: ANY_VALUE });
}

/**
 * A filter for input `type`: a few of its fields (operators for scalar filters, nested filters for relations and
 * and/or/not, `search` text), now and then a key it does not have; `depth` bounds the nesting.
 */
function filterFor(schema: GraphQLSchema, type: GraphQLInputObjectType, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const fields = Object.values(type.getFields());
  const entry: fc.Arbitrary<[string, unknown]> = fc.oneof(
    {
      weight: 8,
      arbitrary: fc
        .constantFrom(...fields)
        .chain((field) => valueFor(schema, field.type, depth).map((value) => [field.name, value] as [string, unknown])),
    },
    { weight: 1, arbitrary: fc.tuple(HOSTILE_KEY, ANY_VALUE) },
  );
  return fc.array(entry, { maxLength: 3 }).map((entries) => {
    // defineProperty: a `__proto__` key stays an own key, as JSON.parse makes it on the server.
    const filter: Record<string, unknown> = {};
    for (const [key, value] of entries) Object.defineProperty(filter, key, { value, enumerable: true, configurable: true, writable: true });
    return filter;
  });
}

/** Filters of a collection: generated trees, and wide `or`s of searches (the probe's shape) of up to 400 alternatives. */
function filters(schema: GraphQLSchema, typeName: string): fc.Arbitrary<Record<string, unknown>> {
  const type = schema.getType(typeName) as GraphQLInputObjectType;
  const wide = fc.tuple(fc.integer({ min: 1, max: 400 }), HOSTILE_TEXT).map(([n, text]) => ({
    or: Array.from({ length: n }, (_, i) =>
      typeName === 'AgreementFilter' ? { hasCommitment: { search: `${text} ${i}` } } : { search: `${text} ${i}` },
    ),
  }));
  const deep = fc.integer({ min: 1, max: 40 }).map((levels) => {
    let filter: Record<string, unknown> = {};
    for (let i = 0; i < levels; i++) filter = i % 2 ? { not: filter } : { and: [filter, {}] };
    return filter;
  });
  return fc.oneof({ weight: 6, arbitrary: filterFor(schema, type, 4) }, { weight: 1, arbitrary: wide }, { weight: 1, arbitrary: deep });
}

/** A GraphQL literal of `value` for an input of `type` (enum values bare where the type says enum; anything else as JSON-like). */
function literal(value: unknown, type: GraphQLInputType | undefined): string {
  const inner = type && isNonNullType(type) ? type.ofType : type;
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map((item) => literal(item, inner && isListType(inner) ? inner.ofType : inner)).join(', ')}]`;
  if (typeof value === 'object') {
    const fields = inner && isInputObjectType(getNamedType(inner)) ? (getNamedType(inner) as GraphQLInputObjectType).getFields() : {};
    // Keys that are no GraphQL name cannot be written as literals: left out (variables carry them).
    const entries = Object.entries(value).filter(([key]) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(key));
    return `{ ${entries.map(([key, item]) => `${key}: ${literal(item, Object.hasOwn(fields, key) ? fields[key].type : undefined)}`).join(', ')} }`;
  }
  if (typeof value === 'string') {
    if (inner && isEnumType(getNamedType(inner)) && /^[A-Za-z_][A-Za-z0-9_]*$/.test(value)) return value;
    return JSON.stringify(value);
  }
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '0';
  return String(value);
}

interface Answer {
  status: number;
  ms: number;
  body: any;
}

/**
 * Domains have no filter input in the schema (`domains(under)` takes none), but their export takes a filter: this
 * type describes what the export's compiler accepts (id, slug, name and and/or/not), so they are fuzzed the same way.
 */
function domainExportFilter(schema: GraphQLSchema): GraphQLInputObjectType {
  const type: GraphQLInputObjectType = new GraphQLInputObjectType({
    name: 'DomainExportFilter',
    fields: () => ({
      id: { type: schema.getType('IDFilter') as GraphQLInputObjectType },
      slug: { type: schema.getType('StringFilter') as GraphQLInputObjectType },
      name: { type: schema.getType('StringFilter') as GraphQLInputObjectType },
      and: { type: new GraphQLList(new GraphQLNonNull(type)) },
      or: { type: new GraphQLList(new GraphQLNonNull(type)) },
      not: { type },
    }),
  });
  return type;
}

describe('filter grammar (property-based)', () => {
  let api: TestApp;
  let base: string;
  const schema = buildAppSchema();
  let before: Record<string, string>;
  const answers: Answer[] = [];

  beforeAll(async () => {
    api = await startTestApp({ environment: 'production', http: { ...loadConfig({ NODE_ENV: 'production' }).http } });
    base = new URL(api.app.url).origin;
    before = await corpusChecksums(api.db.dataSource);
  });
  afterAll(() => api.close());

  async function send(path: string, init: RequestInit = {}): Promise<Answer> {
    const started = performance.now();
    const response = await fetch(`${base}${path}`, init);
    const text = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    const answer = { status: response.status, ms: performance.now() - started, body };
    answers.push(answer);
    return answer;
  }

  const postGraphQL = (query: string, variables?: object) =>
    send('/graphql', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });

  /** The invariants every answer keeps. */
  function expectSound(answer: Answer, what: unknown): void {
    const codes: string[] = (answer.body?.errors ?? []).map((error: { extensions?: { code?: string } }) => error.extensions?.code);
    expect({ what, status: answer.status, internal: codes.includes('INTERNAL_SERVER_ERROR') || codes.includes(undefined as never) }).toEqual({
      what,
      status: answer.status < 500 ? answer.status : 'below 500',
      internal: false,
    });
    expect(answer.ms).toBeLessThan(statementTimeoutMs + CLIENT_MARGIN_MS);
  }

  const target = fc.constantFrom(...TARGETS);
  const cases = target.chain((t) => filters(schema, t.type).map((filter) => ({ ...t, filter })));

  it('property: any filter sent as a variable is answered or refused with a client code, in time', async () => {
    await fc.assert(
      fc.asyncProperty(cases, async ({ field, type, filter }) => {
        const answer = await postGraphQL(`query($f: ${type}) { ${field}(filter: $f, first: 3) { totalCount nodes { id } } }`, { f: filter });
        expectSound(answer, { field, filter });
      }),
      fuzzOptions(60),
    );
  }, 120_000);

  it('property: any filter written as a literal is answered or refused with a client code, in time', async () => {
    await fc.assert(
      fc.asyncProperty(cases, async ({ field, type, filter }) => {
        const text = literal(filter, schema.getType(type) as GraphQLInputObjectType);
        const answer = await postGraphQL(`{ ${field}(filter: ${text}, first: 3) { totalCount nodes { id } } }`);
        expectSound(answer, { field, text });
      }),
      fuzzOptions(60),
    );
  }, 120_000);

  it('property: any filter given to an export is answered or refused with a client code, in time', async () => {
    const domains = filterFor(schema, domainExportFilter(schema), 4).map((filter) => ({ exportName: 'domains', filter }));
    await fc.assert(
      fc.asyncProperty(fc.oneof(cases, domains), async ({ exportName, filter }) => {
        const json = JSON.stringify(filter);
        // Past what a URL can carry, the HTTP front answers 431 itself: still a client error, but not the filter's.
        fc.pre(json.length < 6_000);
        const answer = await send(`/export/${exportName}.json?filter=${encodeURIComponent(json)}`);
        expectSound(answer, { exportName, json });
      }),
      fuzzOptions(40),
    );
  }, 120_000);

  it('left the corpus unchanged and the server serving (afterwards)', async () => {
    expect(answers.length).toBeGreaterThan(0);
    expect(await corpusChecksums(api.db.dataSource)).toEqual(before);
    const { data, errors } = await api.gql(`{ agreements(first: 1) { totalCount } }`);
    expect(errors).toBeUndefined();
    expect(data.agreements.totalCount).toBeGreaterThan(0);
  });
});
