import { CompileContext } from '../../src/shared/list-query/collection-spec';
import { decodeCursor, encodeCursor, keysetBranches, keysetPredicate, orderByClause, SortKey } from '../../src/shared/list-query/keyset';
import { excludesNull, newContext } from '../../src/shared/list-query/list-query';
import { resolvePageWindow, MAX_PAGE_SIZE } from '../../src/shared/list-query/pagination';
import { SqlParams } from '../../src/shared/list-query/sql-params';

function context(): CompileContext {
  return { ...newContext(new SqlParams()), nextAlias: () => 't9' };
}

const keys: SortKey[] = [
  { expression: 't0.signed_on', pgType: 'date', direction: 'DESC' },
  { expression: 't0.id', pgType: 'int', direction: 'ASC' },
];

describe('keyset pagination', () => {
  it('orders NULLs as the largest value in both directions', () => {
    expect(orderByClause(keys)).toBe('t0.signed_on DESC NULLS FIRST, t0.id ASC NULLS LAST');
    expect(orderByClause(keys, true)).toBe('t0.signed_on ASC NULLS LAST, t0.id DESC NULLS FIRST');
  });

  it('expands the comparison for mixed directions', () => {
    const ctx = context();
    expect(keysetPredicate(keys, ['2024-06-13', 7], 'after', ctx)).toBe(
      '(t0.signed_on < $1::date) OR (t0.signed_on = $2::date AND (t0.id > $3::int OR t0.id IS NULL))',
    );
    expect(ctx.params.values).toEqual(['2024-06-13', '2024-06-13', 7]);
  });

  it('handles a NULL key value', () => {
    expect(keysetPredicate(keys, [null, 3], 'after', context())).toBe(
      '(t0.signed_on IS NOT NULL) OR (t0.signed_on IS NULL AND (t0.id > $1::int OR t0.id IS NULL))',
    );
    expect(keysetPredicate(keys, [null, 3], 'before', context())).toBe('(FALSE) OR (t0.signed_on IS NULL AND t0.id < $1::int)');
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
  const asc: SortKey[] = [
    { expression: 't0.period_start', pgType: 'date', direction: 'ASC' },
    { expression: 't0.id', pgType: 'int', direction: 'ASC' },
  ];

  it('bounds the first key for an index range scan, and gives the NULLs after a value a branch of their own', () => {
    const branches = keysetBranches(asc, ['2024-10-23', 42], 'after', context());
    expect(branches).toHaveLength(2);
    expect(branches[0]).toMatch(/^t0\.period_start >= \$\d+::date AND \(/);
    expect(branches[1]).toBe('t0.period_start IS NULL');
  });

  it('needs one branch when moving towards smaller values (NULLs are the largest)', () => {
    const branches = keysetBranches(asc, ['2024-10-23', 42], 'before', context());
    expect(branches).toHaveLength(1);
    expect(branches[0]).toMatch(/^t0\.period_start <= \$\d+::date AND \(/);
  });

  it('handles a cursor on a NULL value both ways', () => {
    expect(keysetBranches(asc, [null, 42], 'after', context())).toEqual([expect.stringMatching(/^t0\.period_start IS NULL AND \(/)]);
    expect(keysetBranches(asc, [null, 42], 'before', context())).toEqual([
      't0.period_start IS NOT NULL',
      expect.stringMatching(/^t0\.period_start IS NULL AND \(/),
    ]);
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
  const key: SortKey = { expression: 't0.period_start', pgType: 'date', direction: 'ASC' };

  it('sees that a comparison in the filter rules out NULL keys', () => {
    expect(excludesNull(spec, { periodStart: { gte: '2023-01-01' } }, key, 't0')).toBe(true);
    expect(excludesNull(spec, { periodStart: { isNull: false } }, key, 't0')).toBe(true);
  });

  it('does not assume it otherwise', () => {
    expect(excludesNull(spec, {}, key, 't0')).toBe(false);
    expect(excludesNull(spec, { periodStart: { ne: '2023-01-01' } }, key, 't0')).toBe(false);
    expect(excludesNull(spec, { or: [{ periodStart: { gte: '2023-01-01' } }] }, key, 't0')).toBe(false);
  });

  it('knows ids are never NULL, and a NULL-free first key needs one branch', () => {
    expect(excludesNull(spec, undefined, { expression: 't0.id', pgType: 'int', direction: 'ASC' }, 't0')).toBe(true);
    expect(
      keysetBranches([key, { expression: 't0.id', pgType: 'int', direction: 'ASC' }], ['2024-10-23', 42], 'after', context(), true),
    ).toHaveLength(1);
  });
});
