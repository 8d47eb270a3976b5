import 'reflect-metadata';
import { isObjectType } from 'graphql';
import { buildAppSchema } from '../../src/schema/build-schema';
import { compiledOf, placeholders, planOf } from '../support/read-plan';
import { RESULT_FIELDS } from '../../src/read-plan/analysis';

// The analysis reads on the JSON path (src/read-plan/analysis.ts): what is planned, what falls back, and the
// statement's parameters. The answers themselves are compared with the resolvers' in tests/e2e/read-plan.test.ts.

const schema = buildAppSchema();

const plan = (query: string, variables: Record<string, unknown> = {}) => planOf(schema, query, variables);
const compiled = (query: string, variables?: Record<string, unknown>) => compiledOf(schema, query, variables);

describe('analysis reads in the read plan', () => {
  it('knows every field of the result types it writes (a new field would fall back until written)', () => {
    for (const [typeName, fields] of Object.entries(RESULT_FIELDS)) {
      const type = schema.getType(typeName);
      expect(isObjectType(type)).toBe(true);
      if (isObjectType(type)) expect(Object.keys(type.getFields()).sort()).toEqual([...fields].sort());
    }
  });

  it('plans commitmentStats and compareAgreements with their view', () => {
    const planned = plan(
      `{ s: commitmentStats(groupBy: [KIND], asOf: "2025-01-01T00:00:00Z") { count } compareAgreements(slugs: ["a", "b"], depth: 2) { depth } }`,
    );
    expect('plan' in planned && planned.plan.fields.map((field) => [field.kind, field.key, 'view' in field ? field.view.kind : ''])).toEqual([
      ['analysis', 's', 'asOf'],
      ['analysis', 'compareAgreements', 'live'],
    ]);
  });

  it('gives up on the arguments the resolvers refuse, and on what it does not write', () => {
    const refused = [
      `{ compareAgreements(slugs: ["a"]) { depth } }`,
      `{ compareAgreements(slugs: ["a", "a"]) { depth } }`,
      `{ compareAgreements(slugs: ["a", "b"], depth: 11) { depth } }`,
      `{ commitmentStats(groupBy: []) { count } }`,
      `{ commitmentStats(groupBy: [KIND, KIND]) { count } }`,
      `{ commitmentStats(groupBy: [KIND], filter: { kind: { eq: null } }) { count } }`,
      `{ commitmentStats(groupBy: [KIND]) { key { kind @cached } } }`,
      `{ commitmentStats(groupBy: [AGREEMENT]) { key { agreement { history { __typename } } } } }`,
      `{ similarAgreements(slug: "a", first: 0) { score } }`,
      `{ similarAgreements(slug: "a") { agreement { history { __typename } } } }`,
      `{ timeline(filter: { slug: { eq: null } }) { on } }`,
    ];
    for (const query of refused) expect(plan(query)).toEqual({ notCovered: expect.any(String) });
  });

  it('binds every value once, the moment once per read, and guards a comparison by its slugs', () => {
    const statement = compiled(
      `query($at: DateTime) { compareAgreements(slugs: ["a", "b"], depth: 2, asOf: $at) { depth rows { cells { amounts { amount } commitments { key } } } } }`,
      { at: '2025-01-01T00:00:00Z' },
    );
    expect(placeholders(statement.text)).toEqual(new Set(statement.values.map((_, i) => i + 1)));
    // Once for the answer, once for the guard (which reads the agreements as of the same moment).
    expect(statement.values.filter((value) => value === '2025-01-01T00:00:00.000Z')).toHaveLength(2);
    expect(statement.text).toMatch(/^SELECT json_build_object\('compareAgreements', \(WITH RECURSIVE /);
    expect(statement.text).toMatch(/::text AS data WHERE NOT EXISTS \(SELECT 1 FROM unnest\(\$\d+::text\[\]\) AS wanted\(slug\)/);
    expect(statement.text).not.toContain('live.');
  });

  it('computes the money, and its bounds, only when selected', () => {
    const counts = compiled(`{ commitmentStats(groupBy: [PROVIDER, YEAR]) { count key { year } } }`).text;
    expect(counts).not.toContain('s AS (');
    expect(counts).not.toContain('c.amount');
    const sums = compiled(`{ commitmentStats(groupBy: [PROVIDER, YEAR]) { sums { amount } } }`).text;
    expect(sums).toContain('s AS (');
    expect(sums).not.toContain('amount_bound');
    const bounds = compiled(`{ commitmentStats(groupBy: [PROVIDER, YEAR]) { a: sums { amount } b: sums { bounds } } }`).text;
    expect(bounds).toContain('AS sums1, json_agg(');
    expect(bounds).toContain('array_agg(DISTINCT x.amount_bound');
  });
});
