import 'reflect-metadata';
import { compilerFragments, whereFragment } from '../../src/read-plan/compiler-fragments';
import { SqlParams } from '../../src/shared/list-query/sql-params';
import { fromNumbered, queryRows, render, sql } from '../../src/read-plan/sql';
import { agreementCollection } from '../../src/domain/agreement/agreement.collection';
import { rowsByIdJson } from '../../src/shared/list-query/embed';
import { EMPTY_SELECTION } from '../../src/shared/list-query/selection';

const AT = new Date('2024-07-01T00:00:00.000Z');

describe('fromNumbered: text numbered the old way, as a fragment', () => {
  it('puts each $n slot where it stands, so render numbers them again in order of use', () => {
    const part = fromNumbered('a = $2::int AND b = $1 AND c = $2', [sql.value('x'), sql.value(5)]);
    expect(render(sql`WHERE ${sql.value(true)} AND ${part}`)).toEqual({
      text: 'WHERE $1 AND a = $2::int AND b = $3 AND c = $2',
      values: [true, 5, 'x'],
      planWithValues: false,
    });
  });

  it('takes any fragment as a slot, and carries planWithValues from the caller or a slot', () => {
    expect(render(fromNumbered('x = ANY($1)', [sql`ARRAY(SELECT id FROM t)`])).text).toBe('x = ANY(ARRAY(SELECT id FROM t))');
    expect(fromNumbered('x', [], true).planWithValues).toBe(true);
    expect(fromNumbered('x = $1', [sql.planWithValues(sql.value(1))]).planWithValues).toBe(true);
  });

  it('leaves quoted text alone and refuses a placeholder without its slot', () => {
    expect(render(fromNumbered(`'$1' || "$2" || $1 || $$x$$`, [sql.value(7)]))).toEqual({
      text: `'$1' || "$2" || $1 || $$x$$`,
      values: [7],
      planWithValues: false,
    });
    expect(render(fromNumbered(`'it''s $1' || $1`, [sql.value(7)])).text).toBe(`'it''s $1' || $1`);
    expect(() => fromNumbered('a = $3', [sql.value(1)])).toThrow(RangeError);
    expect(() => fromNumbered("a = 'open", [])).toThrow(SyntaxError);
  });
});

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

  it('embeds a fragment where the compiler takes an SQL expression as text', () => {
    const from = compilerFragments({ kind: 'asOf', at: AT });
    const ids = sql`ARRAY[${sql.value(4, 'int')}]`;
    const rows = from.lift((context, embed) => rowsByIdJson(agreementCollection, embed(ids), EMPTY_SELECTION, context));
    const statement = render(sql`SELECT ${sql.value('first')}, ${rows}`);
    expect(statement.values).toEqual(['first', AT.toISOString(), 4]);
    expect(statement.text).toContain('FROM as_of(NULL::agreement, $2::timestamptz) t1 WHERE t1.id = ANY(ARRAY[$3::int])');
  });
});

describe('whereFragment', () => {
  it("writes fetchRows' where condition from a fragment over the row alias, bound after the compiler's values", () => {
    const params = new SqlParams(['already bound']);
    const where = whereFragment((t) => sql.planWithValues(sql`${t}.id = ANY(${sql.value([3, 4], 'int[]')})`));
    expect(where('t0', params)).toBe('t0.id = ANY($2::int[])');
    expect(params.values).toEqual(['already bound', [3, 4]]);
    expect(params.planWithValues).toBe(true);
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
