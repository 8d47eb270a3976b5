import 'reflect-metadata';
import { compilerFragments } from '../../src/read-plan/compiler-fragments';
import { queryRows, render, sql } from '../../src/shared/sql/sql';
import { agreementCollection } from '../../src/domain/agreement/agreement.collection';
import { rowsByIdJson } from '../../src/shared/list-query/embed';
import { EMPTY_SELECTION } from '../../src/shared/list-query/selection';

const AT = new Date('2024-07-01T00:00:00.000Z');

describe('compilerFragments: the list compiler within a fragment statement', () => {
  it('reads live views, or the tables as of a moment bound once however many tables read it', () => {
    expect(render(compilerFragments().table('commitment')).text).toBe('live.commitment');
    const from = compilerFragments({ kind: 'asOf', at: AT });
    const statement = render(
      sql`SELECT 1 FROM ${from.table('agreement')} a JOIN ${from.table('commitment')} c ON c.agreement_id = a.id WHERE a.slug = ${sql.value('x')}`,
    );
    expect(statement).toEqual({
      text: 'SELECT 1 FROM as_of(NULL::agreement, $1::timestamptz) a JOIN as_of(NULL::commitment, $1::timestamptz) c ON c.agreement_id = a.id WHERE a.slug = $2',
      values: [AT.toISOString(), 'x'],
      planWithValues: false,
    });
  });

  it("binds a filter's values where the filter is used, and carries the compiler's planWithValues", () => {
    const from = compilerFragments();
    const where = from.filter(agreementCollection, { slug: { eq: 'japan-ukraine-2024' }, title: { contains: 'security' } }, 'a');
    const statement = render(sql`SELECT a.id FROM ${from.table('agreement')} a WHERE a.id > ${sql.value(0, 'int')} AND ${where}`);
    expect(statement.values).toEqual([0, 'japan-ukraine-2024', '%security%']);
    expect(statement.text).toMatch(/^SELECT a\.id FROM live\.agreement a WHERE a\.id > \$1::int AND .*\$2.*\$3/);
    expect(statement.planWithValues).toBe(true);
    expect(render(compilerFragments().filter(agreementCollection, undefined, 'a'))).toEqual({ text: 'TRUE', values: [], planWithValues: false });
  });

  it("puts the statement's own fragments into the compiler's pieces, values numbered where they end up", () => {
    const from = compilerFragments({ kind: 'asOf', at: AT });
    const ids = sql`ARRAY[${sql.value(4, 'int')}]`;
    const rows = rowsByIdJson(agreementCollection, ids, EMPTY_SELECTION, from);
    const statement = render(sql`SELECT ${sql.value('first')}, ${rows}`);
    expect(statement.values).toEqual(['first', AT.toISOString(), 4]);
    expect(statement.text).toContain('FROM as_of(NULL::agreement, $2::timestamptz) t1 WHERE t1.id = ANY(ARRAY[$3::int])');
  });
});

describe('queryRows', () => {
  it('runs the rendered text with its values and planWithValues', async () => {
    const calls: unknown[][] = [];
    const run = async (text: string, values: unknown[], planWithValues: boolean) => {
      calls.push([text, values, planWithValues]);
      return [{ id: 1 }];
    };
    const slug = sql.value('a', 'text');
    await expect(queryRows<{ id: number }>(run, sql`SELECT id FROM t WHERE slug = ${slug} OR alias = ${slug}`)).resolves.toEqual([{ id: 1 }]);
    await queryRows(run, sql.planWithValues(sql`SELECT ${sql.value(2)}`));
    expect(calls).toEqual([
      ['SELECT id FROM t WHERE slug = $1::text OR alias = $1::text', ['a'], false],
      ['SELECT $1', [2], true],
    ]);
  });
});
