import { decodeCursor, encodeCursor, keysetBranches, keysetPredicate, orderByClause, SortKey } from '../../src/shared/list-query/keyset';
import { excludesNull } from '../../src/shared/list-query/list-query';
import { resolvePageWindow, MAX_PAGE_SIZE } from '../../src/shared/list-query/pagination';
import { Fragment, render, sql } from '../../src/shared/sql/sql';

/** A sort key on `t0`. */
const key = (column: string, pgType: string, direction: 'ASC' | 'DESC'): SortKey => ({
  column,
  expression: sql.raw(`t0.${column}`),
  pgType,
  direction,
});

const text = (part: Fragment): string => render(part).text;

const keys: SortKey[] = [key('signed_on', 'date', 'DESC'), key('id', 'int', 'ASC')];

describe('keyset pagination', () => {
  it('orders NULLs as the largest value in both directions', () => {
    expect(text(orderByClause(keys))).toBe('t0.signed_on DESC NULLS FIRST, t0.id ASC NULLS LAST');
    expect(text(orderByClause(keys, true))).toBe('t0.signed_on ASC NULLS LAST, t0.id DESC NULLS FIRST');
  });

  it('expands the comparison for mixed directions, each cursor value bound once', () => {
    const { text: predicate, values, planWithValues } = render(keysetPredicate(keys, ['2024-06-13', 7], 'after'));
    expect(predicate).toBe('(t0.signed_on < $1::date) OR (t0.signed_on = $1::date AND (t0.id > $2::int OR t0.id IS NULL))');
    expect(values).toEqual(['2024-06-13', 7]);
    // Not planned with its values: with the page size bound, the reused plan keeps the ordered index scan.
    expect(planWithValues).toBe(false);
  });

  it('handles a NULL key value', () => {
    expect(text(keysetPredicate(keys, [null, 3], 'after'))).toBe(
      '(t0.signed_on IS NOT NULL) OR (t0.signed_on IS NULL AND (t0.id > $1::int OR t0.id IS NULL))',
    );
    expect(text(keysetPredicate(keys, [null, 3], 'before'))).toBe('(FALSE) OR (t0.signed_on IS NULL AND t0.id < $1::int)');
  });

  it('round-trips a cursor and rejects foreign or forged ones', () => {
    const cursor = encodeCursor({ collection: 'Agreement', order: 'SIGNED_ON_DESC', values: ['2024-06-13', 7] });
    const expected = { collection: 'Agreement', order: 'SIGNED_ON_DESC', keyCount: 2 };
    expect(decodeCursor(cursor, expected, 'after')).toEqual(['2024-06-13', 7]);
    expect(() => decodeCursor(cursor, { ...expected, collection: 'Commitment' }, 'after')).toThrow('another list');
    expect(() => decodeCursor(cursor, { ...expected, order: 'TITLE_ASC' }, 'after')).toThrow('another orderBy');
    expect(() => decodeCursor('not a cursor', expected, 'after')).toThrow('not a valid cursor');
    const forged = Buffer.from(JSON.stringify(['Agreement', 'SIGNED_ON_DESC', [{ $ne: 1 }, 7]])).toString('base64url');
    expect(() => decodeCursor(forged, expected, 'after')).toThrow('not a valid cursor');
  });
});

describe('resolvePageWindow', () => {
  it('defaults to 20 from the start', () => {
    expect(resolvePageWindow({})).toEqual({ size: 20, fromEnd: false, after: undefined, before: undefined });
  });

  it('takes last from the end', () => {
    expect(resolvePageWindow({ last: 4, before: 'c' })).toMatchObject({ size: 4, fromEnd: true, before: 'c' });
  });

  it('refuses pages above the cap, negative sizes and first with last', () => {
    expect(() => resolvePageWindow({ first: MAX_PAGE_SIZE + 1 })).toThrow(`at most ${MAX_PAGE_SIZE}`);
    expect(() => resolvePageWindow({ first: -1 })).toThrow('non-negative');
    expect(() => resolvePageWindow({ first: 1, last: 1 })).toThrow('either first or last');
  });
});

describe('keysetBranches', () => {
  const asc: SortKey[] = [key('period_start', 'date', 'ASC'), key('id', 'int', 'ASC')];
  const branchesOf = (values: unknown[], side: 'after' | 'before'): string[] => keysetBranches(asc, values, side).map(text);

  it('bounds the first key for an index range scan, and gives the NULLs after a value a branch of their own', () => {
    const branches = branchesOf(['2024-10-23', 42], 'after');
    expect(branches).toHaveLength(2);
    expect(branches[0]).toMatch(/^t0\.period_start >= \$\d+::date AND \(/);
    expect(branches[1]).toBe('t0.period_start IS NULL');
  });

  it('needs one branch when moving towards smaller values (NULLs are the largest)', () => {
    const branches = branchesOf(['2024-10-23', 42], 'before');
    expect(branches).toHaveLength(1);
    expect(branches[0]).toMatch(/^t0\.period_start <= \$\d+::date AND \(/);
  });

  it('handles a cursor on a NULL value both ways', () => {
    expect(branchesOf([null, 42], 'after')).toEqual([expect.stringMatching(/^t0\.period_start IS NULL AND \(/)]);
    expect(branchesOf([null, 42], 'before')).toEqual(['t0.period_start IS NOT NULL', expect.stringMatching(/^t0\.period_start IS NULL AND \(/)]);
  });
});

describe('excludesNull', () => {
  const spec = {
    name: 'C',
    table: 'c',
    columns: { id: 'id' },
    fields: { periodStart: { kind: 'scalar', column: 'period_start', type: 'date', pgType: 'date' } },
    orders: {},
    defaultOrder: [],
  } as never;
  const start = key('period_start', 'date', 'ASC');

  it('sees that a comparison in the filter rules out NULL keys', () => {
    expect(excludesNull(spec, { periodStart: { gte: '2023-01-01' } }, start)).toBe(true);
    expect(excludesNull(spec, { periodStart: { isNull: false } }, start)).toBe(true);
  });

  it('does not assume it otherwise', () => {
    expect(excludesNull(spec, {}, start)).toBe(false);
    expect(excludesNull(spec, { periodStart: { ne: '2023-01-01' } }, start)).toBe(false);
    expect(excludesNull(spec, { or: [{ periodStart: { gte: '2023-01-01' } }] }, start)).toBe(false);
  });

  it('knows ids are never NULL, and a NULL-free first key needs one branch', () => {
    expect(excludesNull(spec, undefined, key('id', 'int', 'ASC'))).toBe(true);
    expect(keysetBranches([start, key('id', 'int', 'ASC')], ['2024-10-23', 42], 'after', true)).toHaveLength(1);
  });
});
