import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { getNamedType, getNullableType, GraphQLSchema, isCompositeType, isListType, isObjectType, parse, validate } from 'graphql';
import { buildAppSchema } from '../../src/schema/build-schema';
import { countQueryNodes, isConnectionType } from '../../src/shared/limits/node-count';
import { LIST_BOUNDS } from '../../src/shared/limits/list-bounds';
import { limitValidationRules } from '../../src/shared/limits/query-limits';
import { loadConfig } from '../../src/config/config';

// The node limit counts as GitHub's GraphQL API does: first/last multiplied down nested connections.
describe('countQueryNodes', () => {
  let schema: GraphQLSchema;
  beforeAll(() => {
    schema = buildAppSchema();
  });
  const count = (query: string, variables?: Record<string, unknown>, operationName?: string) => {
    const document = parse(query);
    expect(validate(schema, document)).toEqual([]);
    return countQueryNodes(schema, document, { variables, operationName });
  };

  it("answers the analyst's whole-corpus query with 100 + 100 × 100 = 10,100 nodes", () => {
    const counted = count(`{ agreements(first: 100) { nodes { slug commitments(first: 100) { nodes { summary modality quote } } } } }`);
    expect(counted.nodes).toBe(10_100);
    expect(counted.contributions).toEqual([
      { path: 'agreements.nodes.commitments', factors: [100, 100], nodes: 10_000 },
      { path: 'agreements', factors: [100], nodes: 100 },
    ]);
  });

  it("counts GitHub's documented example the same way: 50 + 50 × 10 = 550", () => {
    // docs.github.com, "Rate limits and node limits for the GraphQL API", with our field names.
    expect(count(`{ actors(first: 50) { edges { node { code agreements(first: 10) { totalCount edges { node { slug } } } } } } }`).nodes).toBe(550);
  });

  it('takes the default page size, 20, where neither first nor last is given, and last like first', () => {
    expect(count(`{ agreements { nodes { commitments { nodes { id } } } } }`).nodes).toBe(20 + 20 * 20);
    expect(count(`{ agreements(last: 7) { nodes { commitments(last: 3) { nodes { id } } } } }`).nodes).toBe(7 + 21);
  });

  it('clamps first to the largest page (a larger one is refused when it runs) and counts 0 as nothing', () => {
    expect(count(`{ agreements(first: 5000) { nodes { id } } }`).nodes).toBe(250);
    expect(count(`{ agreements(first: 0) { nodes { commitments(first: 100) { nodes { id } } } } }`).nodes).toBe(0);
  });

  it('reads first/last from the variables, else from their defaults', () => {
    const query = `query Q($a: Int = 10, $c: Int) { agreements(first: $a) { nodes { commitments(first: $c) { nodes { id } } } } }`;
    expect(count(query).nodes).toBe(10 + 10 * 20);
    expect(count(query, { a: 100, c: 100 }).nodes).toBe(10_100);
    // An explicit null is no value: the default page size, not the variable's default.
    expect(count(query, { a: null }).nodes).toBe(20 + 20 * 20);
  });

  it('counts a connection whose rows are not selected as no nodes, and edges with nodes as one page', () => {
    expect(count(`{ agreements(first: 100) { totalCount pageInfo { hasNextPage } } }`).nodes).toBe(0);
    expect(count(`{ agreements(first: 100) { totalCount edges { cursor node { id } } nodes { slug } } }`).nodes).toBe(100);
  });

  it('expands fragments, merges the same field selected twice, and counts aliases apart', () => {
    const merged = `
      query { agreements(first: 10) { nodes { ...A ...B commitments(first: 10) { nodes { id } } } } }
      fragment A on Agreement { commitments(first: 10) { nodes { summary } } }
      fragment B on Agreement { ... on Agreement { commitments(first: 10) { nodes { quote } } } }`;
    expect(count(merged).nodes).toBe(10 + 100);
    const aliased = `{ agreements(first: 10) { nodes { a: commitments(first: 10) { nodes { id } } b: commitments(first: 10) { nodes { id } } } } }`;
    expect(count(aliased).nodes).toBe(10 + 100 + 100);
  });

  it('applies @skip and @include, from literals and variables', () => {
    const query = `query ($deep: Boolean!) { agreements(first: 10) { nodes { commitments(first: 100) @include(if: $deep) { nodes { id } } } } }`;
    expect(count(query, { deep: false }).nodes).toBe(10);
    expect(count(query, { deep: true }).nodes).toBe(1_010);
    expect(count(`{ agreements(first: 10) @skip(if: true) { nodes { id } } }`).nodes).toBe(0);
  });

  it('counts lists that are not connections by their bound, multiplied the same way; single objects add nothing', () => {
    expect(count(`{ agreements(first: 10) { nodes { parties { actor { code } } framework { slug } } } }`).nodes).toBe(10 + 10 * 30);
    expect(count(`{ commitments(first: 100) { nodes { domains { slug } source { title } } } }`).nodes).toBe(100 + 100 * 10);
    // Lists of scalars or enums (MoneySum.bounds) are not nodes.
    expect(count(`{ agreements(first: 10) { nodes { domains { mappings { taxonomy } } } } }`).nodes).toBe(10 + 10 * 100 + 10 * 100 * 10);
  });

  it('counts no level of a tree walk above the size of its collection, for each object above the walk', () => {
    // The roots (20) and three levels of children: 20 + 100 + 100 + 100, not 20 + 400 + 8,000 + 160,000.
    const walk = `{ domains { id children { id children { id children { id } } } } }`;
    expect(count(walk).nodes).toBe(20 + 100 + 100 + 100);
    expect(count(walk).contributions[0]).toEqual({ path: 'domains.children', factors: [], nodes: 100 });
    // Under 10 agreements, each walk from the agreement's domains holds at most 100 a level: 10 × 100.
    const underAgreements = `{ agreements(first: 10) { nodes { domains { children { children { slug } } } } } }`;
    expect(count(underAgreements).nodes).toBe(10 + 1_000 + 1_000 + 1_000);
    // A single object between two lists ends the walk: siblings repeat.
    expect(count(`{ domains { children { parent { children { slug } } } } }`).nodes).toBe(20 + 100 + 100 * 20);
    // Mechanisms are a tree too; other lists multiply as before.
    expect(count(`{ commitments(first: 100) { nodes { mechanisms { children { slug } } } } }`).nodes).toBe(100 + 1_000 + 10_000);
  });

  it('bounds the lists of compareAgreements by the number of agreements compared', () => {
    const query = (slugs: string) => `{ compareAgreements(slugs: ${slugs}) { agreements { slug } rows { cells { amounts { bounds } } } } }`;
    expect(count(query('["a", "b"]')).nodes).toBe(2 + 100 + 100 * 2 + 100 * 2 * 5);
    const withVariable = `query ($s: [String!]!) { compareAgreements(slugs: $s) { agreements { slug } } }`;
    expect(count(withVariable, { s: ['a', 'b', 'c'] }).nodes).toBe(3);
    expect(count(withVariable, { s: Array.from({ length: 50 }, (_, i) => `s${i}`) }).nodes).toBe(10);
  });

  it('sizes a list with a first argument by it, and by its bound when absent', () => {
    expect(count(`{ similarAgreements(slug: "x", first: 40) { agreement { slug } } }`).nodes).toBe(40);
    expect(count(`{ similarAgreements(slug: "x") { agreement { slug } } }`).nodes).toBe(5);
  });

  it('takes the largest possible type below a union', () => {
    const query = `{ search(query: "x", first: 10) { nodes { node {
      ... on Agreement { commitments(first: 50) { nodes { id } } }
      ... on Commitment { domains { slug } }
      ... on Constraint { restricts { id } } } } } }`;
    expect(count(query).nodes).toBe(10 + 10 * 50);
  });

  it('picks the operation by name', () => {
    const document = `query Small { agreements(first: 1) { nodes { id } } } query Large { agreements(first: 100) { nodes { id } } }`;
    expect(count(document, undefined, 'Small').nodes).toBe(1);
    expect(count(document, undefined, 'Large').nodes).toBe(100);
  });

  it('ends on a fragment cycle (which validation refuses anyway) and on an unknown operation', () => {
    const document = parse(`query { agreements { nodes { ...A } } } fragment A on Agreement { framework { ...A } }`);
    expect(countQueryNodes(schema, document).nodes).toBe(20);
    expect(countQueryNodes(schema, parse(`query A { agreements { nodes { id } } }`), { operationName: 'B' }).nodes).toBe(0);
  });

  it('gives up, as too intricate to size, on a document that would take too long to expand', () => {
    // 2^20 paths through 20 fragments that each spread the next twice under different aliases.
    const fragments = Array.from(
      { length: 20 },
      (_, i) => `fragment F${i} on Agreement { a${i}: framework { ...F${i + 1} } b${i}: framework { ...F${i + 1} } }`,
    ).join('\n');
    const document = parse(`query { agreement(slug: "x") { ...F0 } } ${fragments} fragment F20 on Agreement { slug }`);
    expect(countQueryNodes(schema, document).nodes).toBe(Number.POSITIVE_INFINITY);
  });
});

// Every list of objects that is not a connection has a deliberate bound, so a new one cannot slip in uncounted.
describe('LIST_BOUNDS', () => {
  it('names every list of objects of the schema that is not a connection, and nothing else', () => {
    const schema = buildAppSchema();
    const lists: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__') || isConnectionType(type)) continue;
      for (const field of Object.values(type.getFields())) {
        if (isListType(getNullableType(field.type)) && isCompositeType(getNamedType(field.type))) lists.push(`${type.name}.${field.name}`);
      }
    }
    expect(Object.keys(LIST_BOUNDS).sort()).toEqual(lists.sort());
  });
});

// The documented operations and the report jobs' operations all stay well under the default limits.
describe('the documented operations under the default limits', () => {
  const root = path.join(__dirname, '..', '..');
  const files = [
    ...fs.readdirSync(path.join(root, 'docs', 'examples')).map((f) => path.join('docs', 'examples', f)),
    ...fs.readdirSync(path.join(root, 'src', 'reports', 'operations')).map((f) => path.join('src', 'reports', 'operations', f)),
  ].filter((file) => file.endsWith('.graphql'));
  const limits = loadConfig({}).limits;

  it.each(files)('%s', (file) => {
    const schema = buildAppSchema();
    const document = parse(fs.readFileSync(path.join(root, file), 'utf8'));
    expect(validate(schema, document, limitValidationRules(limits))).toEqual([]);
    for (const definition of document.definitions) {
      if (definition.kind !== 'OperationDefinition') continue;
      const counted = countQueryNodes(schema, document, { operationName: definition.name?.value });
      expect(counted.nodes).toBeLessThanOrEqual(limits.nodes / 2);
    }
  });
});
