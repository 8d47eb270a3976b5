import 'reflect-metadata';
import { compilerFragments, whereFragment } from '../../src/read-plan/compiler-fragments';
import { SqlParams } from '../../src/shared/list-query/sql-params';
import { FragmentParams } from '../../src/read-plan/legacy';
import { queryRows, render, sql } from '../../src/shared/sql/sql';
import { agreementCollection } from '../../src/domain/agreement/agreement.collection';
import { rowsByIdJson } from '../../src/shared/list-query/embed';
import { EMPTY_SELECTION } from '../../src/shared/list-query/selection';

const AT = new Date('2024-07-01T00:00:00.000Z');

describe('FragmentParams: text written with markers, as a fragment', () => {
  it('puts a value node where each marker stands, so render numbers them in order of use', () => {
    const params = new FragmentParams();
    const x = params.add('x');
    const five = params.add(5, 'int');
    const part = params.fragment(`a = ${five} AND b = ${x} AND c = ${five}`);
    expect(render(sql`WHERE ${sql.value(true)} AND ${part}`)).toEqual({
      text: 'WHERE $1 AND a = $2::int AND b = $3 AND c = $2::int',
      values: [true, 5, 'x'],
      planWithValues: false,
    });
  });

  it('puts a whole fragment where an embedded marker stands, and carries planWithValues from the params or the fragment', () => {
    const params = new FragmentParams();
    const ids = params.embed(sql`ARRAY(SELECT id FROM t WHERE k = ${sql.value(1)})`);
    expect(render(params.fragment(`x = ANY(${ids})`))).toEqual({
      text: 'x = ANY(ARRAY(SELECT id FROM t WHERE k = $1))',
      values: [1],
      planWithValues: false,
    });
    expect(params.fragment(`x = ANY(${params.embed(sql.planWithValues(sql.value([1])))})`).planWithValues).toBe(true);
    params.planWithValues = true;
    expect(params.fragment('x').planWithValues).toBe(true);
  });

  it('leaves dollar signs and quoted text alone: only markers become nodes', () => {
    const params = new FragmentParams();
    expect(render(params.fragment(`'$1' || "$2" || ${params.add(7)} || $$x$$`))).toEqual({
      text: `'$1' || "$2" || $1 || $$x$$`,
      values: [7],
      planWithValues: false,
    });
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

  it('binds through the marker parameters of the JSON path, so the condition stays a fragment there', () => {
    const params = new FragmentParams();
    const text = whereFragment((t) => sql`${t}.code = ${sql.value('UA', 'text')}`)('t3', params);
    expect(render(sql`SELECT ${sql.value(1)} FROM actor t3 WHERE ${params.fragment(text)}`)).toEqual({
      text: 'SELECT $1 FROM actor t3 WHERE t3.code = $2::text',
      values: [1, 'UA'],
      planWithValues: false,
    });
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
