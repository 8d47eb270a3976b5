import 'reflect-metadata';
import { FieldNode, FragmentDefinitionNode, InlineFragmentNode, Kind, OperationDefinitionNode, parse, SelectionSetNode } from 'graphql';
import { buildAppSchema } from '../../src/schema/build-schema';
import { compiledOf, placeholders, planOf } from '../support/read-plan';
import { narrowSelection } from '../../src/read-plan/plan';
import { encodeCursor } from '../../src/shared/list-query/keyset';
import { JsonText, stringifyResult } from '../../src/read-plan/plugin';
import { loadConfig } from '../../src/config/config';

const schema = buildAppSchema();

const plan = (query: string, variables: Record<string, unknown> = {}) => planOf(schema, query, variables);
const compiled = (query: string, variables?: Record<string, unknown>) => compiledOf(schema, query, variables);

describe('read plan', () => {
  it('binds every value it references, numbered once (asOf and a nested list)', () => {
    const statement = compiled(
      `{ agreements(first: 2, asOf: "2025-01-01T00:00:00Z", filter: { partyCode: { eq: "JP" } }) { nodes { slug commitments(first: 3, filter: { kind: { eq: FINANCIAL } }) { totalCount nodes { key } } } } }`,
    );
    expect(placeholders(statement.text)).toEqual(new Set(statement.values.map((_, i) => i + 1)));
    // The moment is bound once for the whole statement.
    expect(statement.values.filter((value) => value === '2025-01-01T00:00:00.000Z')).toHaveLength(1);
    expect(statement.text).toContain('as_of(NULL::commitment, $1::timestamptz)');
  });

  it('leaves out what @skip and @include leave out, decided with the variables, as GraphQL does', () => {
    const query = `query($on: Boolean!) { agreements(first: 1) { nodes { slug title @include(if: $on) kind @skip(if: $on)
      ...Dates @include(if: $on) ... @skip(if: true) { status } } } sources(first: 1) @skip(if: $on) { totalCount } }
      fragment Dates on Agreement { signedOn }`;
    const keysOf = (variables: Record<string, unknown>) => {
      const planned = plan(query, variables);
      if ('notCovered' in planned) throw new Error(planned.notCovered);
      const root = planned.plan.fields;
      const agreements = root[0] as { connection: { fields: { kind: string; object?: { fields: { key: string }[] } }[] } };
      const nodes = agreements.connection.fields.find((field) => field.kind === 'nodes')!;
      return { root: root.map((field) => field.key), node: nodes.object!.fields.map((field) => field.key) };
    };
    expect(keysOf({ on: true })).toEqual({ root: ['agreements'], node: ['slug', 'title', 'signedOn'] });
    expect(keysOf({ on: false })).toEqual({ root: ['agreements', 'sources'], node: ['slug', 'kind'] });
  });

  it('writes a client alias as a JSON key only, whatever its length', () => {
    const alias = 'x'.repeat(60);
    const statement = compiled(`{ agreements(first: 1, asOf: "2025-01-01T00:00:00Z") { nodes { ${alias}: commitments(first: 2) { totalCount } } } }`);
    expect(statement.text.split(alias)).toHaveLength(2);
    expect(statement.text).toContain(`'${alias}', json_build_object('totalCount'`);
  });

  it('gives up, before any SQL, on a bad nested argument, a forged cursor or a field it does not cover', () => {
    expect(plan(`{ agreements(asOf: "2025-01-01T00:00:00Z") { nodes { commitments(first: 999) { totalCount } } } }`)).toEqual({
      notCovered: expect.stringMatching(/^argument refused: first must be at most 250/),
    });
    expect(plan(`{ commitments(after: "bm9wZQ==") { totalCount } }`)).toEqual({ notCovered: expect.stringMatching(/^argument refused/) });
    expect(plan(`{ apiTokens { __typename } }`)).toEqual({ notCovered: 'top-level field apiTokens' });
    expect(plan(`{ agreements { nodes { history { __typename } } } }`)).toEqual({ notCovered: expect.stringMatching(/HistoryEntry|history/) });
    expect(plan(`{ agreements { nodes { slug @cached } } }`)).toEqual({ notCovered: 'directive @cached' });
    expect(plan(`mutation { __typename }`)).toEqual({ notCovered: 'not a query' });
  });

  it('answers the bench reads in one statement, planned once and reused: equality, a domain subtree and page sizes are values a reused plan serves', () => {
    const statement = compiled(
      `query($party: String!, $domain: String!) { agreements(filter: { partyCode: { eq: $party }, domain: $domain }, first: 20) {
        nodes { id slug parties { role actor { code } } commitments(first: 20) { nodes { amount { amount currency } domains { slug } } } } } }`,
      { party: 'JP', domain: 'military-assistance' },
    );
    expect(statement.text.startsWith('SELECT json_build_object(')).toBe(true);
    expect(statement.planWithValues).toBe(false);
    // The page sizes are bound like any value; as asked, for nothing here needs the row beyond a page (hasNextPage).
    expect(statement.values).toEqual(['JP', 'military-assistance', 20, 20]);
    expect(statement.text).not.toContain('row_number()');
    const withNext = compiled(`{ agreements(first: 20) { pageInfo { hasNextPage } nodes { commitments(first: 5) { nodes { key } } } } }`);
    expect(withNext.values).toEqual([21, 5]);
  });

  it("reads a page's relations and nested pages for the whole page at once, not per row", () => {
    const statement = compiled(
      `{ agreements(first: 20) { nodes { slug parties { role } commitments(first: 20) { nodes { key domains { slug } source { key } } } } } }`,
    );
    const count = (part: string) => statement.text.split(part).length - 1;
    // The nested pages: one LATERAL query for the whole page of agreements, grouped by agreement.
    expect(count('CROSS JOIN LATERAL')).toBe(1);
    // Each to-many relation: one grouped read (a materialized CTE over the page's keys), joined by key; a to-one
    // relation (source) stays an index probe per row.
    expect(count('FROM live.commitment ')).toBe(1);
    expect(count('JOIN live.cooperation_domain ')).toBe(1);
    expect(statement.text).toMatch(
      /\(SELECT json_build_object\('key', \(t\d+\.key\)::text\) FROM live\.source t\d+ WHERE t\d+\.id = t\d+\."sourceId" LIMIT 1\)/,
    );
    // Parties, the commitments' pages, their domains, the pages grouped by agreement.
    expect(count('AS MATERIALIZED (')).toBe(4);
    expect(statement.text).toContain(' GROUP BY ');
  });

  it('splices the JSON text into the response without parsing it, and writes any other response as Apollo does', () => {
    const text = '{"agreements" : {"nodes" : []}}';
    expect(stringifyResult({ data: new JsonText(text) as unknown as Record<string, unknown> })).toBe(`{"data":${text}}\n`);
    expect(stringifyResult({ data: { a: 1 }, extensions: { b: 2 } })).toBe('{"data":{"a":1},"extensions":{"b":2}}\n');
  });

  it('reads READ_JSON_PATH: on by default, off for the second lane, nothing else', () => {
    expect(loadConfig({}).readJsonPath).toBe(true);
    expect(loadConfig({ READ_JSON_PATH: 'off' }).readJsonPath).toBe(false);
    expect(loadConfig({ READ_JSON_PATH: 'on' }).readJsonPath).toBe(true);
    expect(() => loadConfig({ READ_JSON_PATH: 'no' })).toThrow('READ_JSON_PATH must be "on" or "off"');
  });

  describe('the top-level search', () => {
    const searchPlan = (query: string, variables?: Record<string, unknown>) => {
      const planned = plan(query, variables);
      if ('notCovered' in planned) throw new Error(planned.notCovered);
      const [root] = planned.plan.fields;
      if (root.kind !== 'search') throw new Error(root.kind);
      return root;
    };

    it('reads the page from its arguments as the resolver does: 20 by default, the offset of an `after` bound to the query', () => {
      expect(searchPlan(`{ search(query: "air") { totalCount } }`)).toMatchObject({ query: 'air', offset: 0, size: 20 });
      const after = encodeCursor({ collection: 'Search', order: 'air', values: [40] });
      expect(searchPlan(`query($after: String) { search(query: "air", first: 5, after: $after) { totalCount } }`, { after })).toMatchObject({
        offset: 40,
        size: 5,
      });
    });

    it('gives up on what the resolver refuses: an empty query, a cursor of another query, a page too large', () => {
      expect(plan(`{ search(query: " ") { totalCount } }`)).toEqual({ notCovered: 'argument refused: query must not be empty' });
      const other = encodeCursor({ collection: 'Search', order: 'sea', values: [4] });
      expect(plan(`{ search(query: "air", after: "${other}") { totalCount } }`)).toEqual({ notCovered: expect.stringMatching(/^argument refused/) });
      expect(plan(`{ search(query: "air", first: 251) { totalCount } }`)).toEqual({ notCovered: expect.stringMatching(/^argument refused/) });
    });

    it("plans a hit's node once per kind, with the fragments that apply to that kind only", () => {
      const root = searchPlan(
        `{ search(query: "air") { nodes { node { __typename ...C ... on SearchResult { ... on Agreement { slug } } } } } } fragment C on Commitment { key }`,
      );
      const nodes = root.fields[0];
      if (nodes.kind !== 'nodes' || nodes.hit[0].kind !== 'hitNode') throw new Error('no hit node');
      const members = nodes.hit[0].members;
      const keys = (kind: string) => members[kind].fields.map((field) => field.key);
      expect(keys('COMMITMENT')).toEqual(['__typename', 'key']);
      expect(keys('AGREEMENT')).toEqual(['__typename', 'slug']);
      expect(keys('CONSTRAINT')).toEqual(['__typename']);
      expect(keys('PROVISION')).toEqual(['__typename']);
    });

    it("narrows a union's selection to one of its types, to any depth, directives kept", () => {
      const document = parse(`{ a { x ... on A { y ... on B { z } ... on U @include(if: true) { w } } ...F } } fragment F on B { v }`);
      const operation = document.definitions[0] as OperationDefinitionNode;
      const fragments = { F: document.definitions[1] as FragmentDefinitionNode };
      const set = (operation.selectionSet.selections[0] as FieldNode).selectionSet!;
      const shape = (node: SelectionSetNode): unknown[] =>
        node.selections.map((child) =>
          child.kind === Kind.FIELD
            ? child.name.value
            : { directives: child.directives?.length ?? 0, fields: shape((child as InlineFragmentNode).selectionSet) },
        );
      expect(shape(narrowSelection(set, fragments, 'A', ['U']))).toEqual(['x', { directives: 0, fields: ['y', { directives: 1, fields: ['w'] }] }]);
      expect(shape(narrowSelection(set, fragments, 'B', ['U']))).toEqual(['x', { directives: 0, fields: ['v'] }]);
    });

    it('compiles to one statement: the query bound once, planned with it, highlights cut only when selected', () => {
      const count = compiled(`{ search(query: "air") { totalCount } }`);
      expect(count.values).toEqual(['air']);
      expect(count.planWithValues).toBe(true);
      expect(count.text).not.toContain('page AS');
      const page = compiled(`{ search(query: "air", first: 3) { pageInfo { endCursor } edges { cursor node { rank node { __typename } } } } }`);
      expect(placeholders(page.text)).toEqual(new Set(page.values.map((_, i) => i + 1)));
      expect(page.values).toEqual(['air', 0, 4, '["Search","air",[']);
      expect(page.text).not.toContain('ts_headline');
      expect(compiled(`{ search(query: "air") { nodes { highlight } } }`).text).toContain('ts_headline');
    });
  });
});
