import { render, sql } from '../../src/shared/sql/sql';

describe('SQL fragment layer', () => {
  it('numbers parameters once, at render time, in the order they appear', () => {
    const low = sql.value(3, 'int');
    const high = sql.value(9, 'int');
    // Composed in one order, used in another: the numbers follow the final text.
    const where = sql`n BETWEEN ${low} AND ${high}`;
    const statement = sql`SELECT ${sql.value('x', 'text')} AS k FROM t WHERE ${where}`;
    expect(render(statement)).toEqual({
      text: 'SELECT $1::text AS k FROM t WHERE n BETWEEN $2::int AND $3::int',
      values: ['x', 3, 9],
      planWithValues: false,
    });
  });

  it('binds one value node once however often it is used (the as-of moment)', () => {
    const at = sql.value('2024-06-13T00:00:00.000Z', 'timestamptz');
    const statement = sql`SELECT * FROM as_of(NULL::a, ${at}) JOIN as_of(NULL::b, ${at}) ON true WHERE c = ${sql.value(1)}`;
    expect(render(statement)).toEqual({
      text: 'SELECT * FROM as_of(NULL::a, $1::timestamptz) JOIN as_of(NULL::b, $1::timestamptz) ON true WHERE c = $2',
      values: ['2024-06-13T00:00:00.000Z', 1],
      planWithValues: false,
    });
  });

  it('leaves no placeholder without its value when a fragment is dropped after being built', () => {
    const kept = sql`a = ${sql.value(1)}`;
    const dropped = sql`b = ${sql.value(2)}`;
    const parts = [kept, dropped].filter((part) => part !== dropped);
    expect(render(sql`WHERE ${sql.join(parts, ' AND ')}`)).toEqual({ text: 'WHERE a = $1', values: [1], planWithValues: false });
  });

  it('names aliases by position, never from client text, whatever its length', () => {
    const outer = sql.alias();
    const inner = sql.alias();
    const column = sql.alias('c');
    const statement = sql`SELECT ${inner}.x AS ${column} FROM a ${outer} JOIN b ${inner} ON ${inner}.id = ${outer}.id`;
    // The inner alias appears first in the text, so it is t1.
    expect(render(statement).text).toBe('SELECT t1.x AS c1 FROM a t2 JOIN b t1 ON t1.id = t2.id');
    expect(() => sql.alias('a'.repeat(60))).toThrow(TypeError);
    expect(() => sql.alias('x; DROP')).toThrow(TypeError);
  });

  it('quotes identifiers and escapes literals', () => {
    expect(render(sql.identifier('live', 'commitment')).text).toBe('live.commitment');
    expect(render(sql.identifier('Odd "name"')).text).toBe('"Odd ""name"""');
    expect(render(sql.literal("O'Brien")).text).toBe("'O''Brien'");
    expect(() => sql.literal('a\0b')).toThrow(TypeError);
  });

  it('refuses a plain string interpolated where a fragment belongs, and an unsafe cast', () => {
    const unsafe = '1; DROP TABLE agreement' as unknown as ReturnType<typeof sql.raw>;
    expect(() => sql`SELECT ${unsafe}`).toThrow(TypeError);
    expect(() => sql.value(1, 'int; DROP')).toThrow(TypeError);
    expect(render(sql.value([1, 2], 'int[]')).text).toBe('$1::int[]');
  });

  it('carries planWithValues up from any part instead of setting a flag as a side effect', () => {
    const plain = sql`a = ${sql.value(1)}`;
    const pattern = sql.planWithValues(sql`b LIKE ${sql.value('x%')}`);
    expect(render(sql`${plain} AND ${plain}`).planWithValues).toBe(false);
    expect(render(sql`WHERE ${sql.join([plain, pattern], ' AND ')}`).planWithValues).toBe(true);
  });

  it('joins, skipping empty parts', () => {
    expect(render(sql.join([sql.raw('a'), sql.empty, sql.raw('b')], ' OR ')).text).toBe('a OR b');
    expect(sql.isEmpty(sql`${sql.empty}`)).toBe(true);
    expect(sql.isEmpty(sql.raw('x'))).toBe(false);
  });

  it('marks a value whose best plan depends on it, and carries the mark to the statement', () => {
    const bound = sql.value('2024-01-01', 'date', { planWithValues: true });
    expect(render(sql`a >= ${bound}`)).toEqual({ text: 'a >= $1::date', values: ['2024-01-01'], planWithValues: true });
    expect(render(sql`a = ${sql.value(1)}`).planWithValues).toBe(false);
  });
});
