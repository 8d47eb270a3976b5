import 'reflect-metadata';
import { FragmentDefinitionNode, getVariableValues, Kind, OperationDefinitionNode, parse } from 'graphql';
import { buildAppSchema } from '../../src/schema/build-schema';
import { planRead } from '../../src/read-plan/plan';
import { compileReadPlan } from '../../src/read-plan/json';
import { JsonText, stringifyResult } from '../../src/read-plan/plugin';
import { loadConfig } from '../../src/config/config';

const schema = buildAppSchema();

function plan(query: string, variables: Record<string, unknown> = {}) {
  const document = parse(query);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const fragments = Object.fromEntries(
    document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables);
  if (coerced.errors) throw coerced.errors[0];
  return planRead({ schema, operation, fragments, variables: coerced.coerced });
}

function compiled(query: string, variables?: Record<string, unknown>) {
  const planned = plan(query, variables);
  if ('notCovered' in planned) throw new Error(planned.notCovered);
  return compileReadPlan(planned.plan);
}

/** The placeholders of a statement: every one must have its value, and every value its placeholder. */
const placeholders = (text: string) => new Set([...text.matchAll(/\$(\d+)/g)].map((match) => Number(match[1])));

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
    expect(plan(`{ search(query: "air") { __typename } }`)).toEqual({ notCovered: 'top-level field search' });
    expect(plan(`{ agreements { nodes { history { __typename } } } }`)).toEqual({ notCovered: expect.stringMatching(/HistoryEntry|history/) });
    expect(plan(`{ agreements { nodes { slug @include(if: true) } } }`)).toEqual({ notCovered: 'directive' });
    expect(plan(`mutation { __typename }`)).toEqual({ notCovered: 'not a query' });
  });

  it('answers the bench reads in one statement, planned with its values where a filter needs them', () => {
    const statement = compiled(
      `query($party: String!, $domain: String!) { agreements(filter: { partyCode: { eq: $party }, domain: $domain }, first: 20) {
        nodes { id slug parties { role actor { code } } commitments(first: 20) { nodes { amount { amount currency } domains { slug } } } } } }`,
      { party: 'JP', domain: 'military-assistance' },
    );
    expect(statement.text.startsWith('SELECT json_build_object(')).toBe(true);
    expect(statement.planWithValues).toBe(true);
    expect(statement.values).toEqual(['JP', 'military-assistance']);
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
});
