import { CollectionSpec, CompileContext } from '../../src/shared/list-query/collection-spec';
import { compileFilter, compileScalarFilter, escapeLike } from '../../src/shared/list-query/compile-filter';
import { SqlParams } from '../../src/shared/list-query/sql-params';
import { newContext } from '../../src/shared/list-query/list-query';

function context(): CompileContext {
  return newContext(new SqlParams());
}

const spec: CollectionSpec = {
  name: 'Thing',
  table: 'actor',
  columns: { id: 'id' },
  fields: {
    name: { kind: 'scalar', column: 'name', type: 'string', pgType: 'text' },
    size: { kind: 'scalar', column: 'size', type: 'int', pgType: 'int' },
    colour: { kind: 'scalar', column: 'colour', type: 'enum', pgType: 'colour' },
    done: { kind: 'scalar', column: 'done', type: 'boolean', pgType: 'boolean' },
  },
  orders: {},
  defaultOrder: [],
  searchVector: 'search_vector',
};

describe('escapeLike', () => {
  it('escapes the LIKE wildcards and the escape character', () => {
    expect(escapeLike('100%_a\\b')).toBe('100\\%\\_a\\\\b');
  });
});

describe('compileScalarFilter', () => {
  const field = { type: 'string' as const, pgType: 'text' };

  it('binds every value and casts it', () => {
    const ctx = context();
    const sql = compileScalarFilter('t0.name', field, { eq: 'x', gte: 'a' }, ctx, 'f');
    expect(sql).toBe('(t0.name = $1::text) AND (t0.name >= $2::text)');
    expect(ctx.params.values).toEqual(['x', 'a']);
  });

  it('makes contains case-insensitive and literal', () => {
    const ctx = context();
    expect(compileScalarFilter('t0.name', field, { contains: "50%'; DROP" }, ctx, 'f')).toBe('(t0.name ILIKE $1::text)');
    expect(ctx.params.values).toEqual(["%50\\%'; DROP%"]);
  });

  it('turns an empty in into FALSE and an empty notIn into TRUE', () => {
    expect(compileScalarFilter('c', field, { in: [] }, context(), 'f')).toBe('(FALSE)');
    expect(compileScalarFilter('c', field, { notIn: [] }, context(), 'f')).toBe('(TRUE)');
  });

  it('keeps missing values on ne and notIn', () => {
    expect(compileScalarFilter('c', field, { ne: 'a' }, context(), 'f')).toBe('(c IS DISTINCT FROM $1::text)');
    expect(compileScalarFilter('c', field, { notIn: ['a'] }, context(), 'f')).toBe('((c IS NULL OR c <> ALL($1::text[])))');
  });

  it('rejects ordering operators on enums and booleans, and null operands', () => {
    expect(() => compileScalarFilter('c', { type: 'enum', pgType: 'colour' }, { lt: 'RED' }, context(), 'f')).toThrow('does not support lt');
    expect(() => compileScalarFilter('c', { type: 'boolean', pgType: 'boolean' }, { gt: true }, context(), 'f')).toThrow('does not support gt');
    expect(() => compileScalarFilter('c', field, { eq: null }, context(), 'f')).toThrow('isNull');
    expect(() => compileScalarFilter('c', field, { like: 'x' }, context(), 'f')).toThrow('unknown operator "like"');
  });

  it('refuses ids that are not ids, before the database sees them', () => {
    const id = { type: 'id' as const, pgType: 'int' };
    expect(compileScalarFilter('c', id, { in: ['12', '7'] }, context(), 'f')).toBe('(c = ANY($1::int[]))');
    expect(() => compileScalarFilter('c', id, { eq: 'abc' }, context(), 'f.id')).toThrow('f.id.eq: "abc" is not an id');
    expect(() => compileScalarFilter('c', id, { in: ['1', '99999999999'] }, context(), 'f.id')).toThrow('not an id');
  });

  it('compiles isNull both ways', () => {
    expect(compileScalarFilter('c', field, { isNull: true }, context(), 'f')).toBe('(c IS NULL)');
    expect(compileScalarFilter('c', field, { isNull: false }, context(), 'f')).toBe('(c IS NOT NULL)');
  });
});

describe('compileFilter', () => {
  it('is TRUE for no filter and ANDs fields', () => {
    expect(compileFilter(spec, undefined, 't0', context())).toBe('TRUE');
    expect(compileFilter(spec, { name: { eq: 'a' }, size: { gt: 2 } }, 't0', context())).toBe('((t0.name = $1::text)) AND ((t0.size > $2::int))');
  });

  it('nests and, or and not to any depth, NOT being a true complement', () => {
    const sql = compileFilter(
      spec,
      { or: [{ name: { eq: 'a' } }, { not: { and: [{ size: { lt: 1 } }, { done: { eq: true } }] } }] },
      't0',
      context(),
    );
    expect(sql).toBe('((((t0.name = $1::text))) OR ((NOT COALESCE((((((t0.size < $2::int))) AND (((t0.done = $3::boolean))))), FALSE))))');
  });

  it('treats an empty or as matching nothing and an empty and as matching everything', () => {
    expect(compileFilter(spec, { or: [] }, 't0', context())).toBe('(FALSE)');
    expect(compileFilter(spec, { and: [] }, 't0', context())).toBe('(TRUE)');
  });

  it('compiles search to a websearch tsquery', () => {
    const ctx = context();
    expect(compileFilter(spec, { search: 'demining -cambodia' }, 't0', ctx)).toBe("(t0.search_vector @@ websearch_to_tsquery('english', $1::text))");
    expect(ctx.params.values).toEqual(['demining -cambodia']);
  });

  it('marks statements whose plan depends on the values bound, so they are not run from a generic prepared plan', () => {
    const exact = context();
    compileFilter(spec, { name: { eq: 'a' }, colour: { ne: 'RED' }, done: { isNull: false } }, 't0', exact);
    expect(exact.params.planWithValues).toBe(false);
    for (const filter of [
      { size: { gte: 3 } },
      { name: { contains: 'x' } },
      { name: { in: ['a'] } },
      { search: 'demining' },
      { not: { size: { lt: 2 } } },
    ]) {
      const ctx = context();
      compileFilter(spec, filter, 't0', ctx);
      expect([filter, ctx.params.planWithValues]).toEqual([filter, true]);
    }
  });

  it('refuses fields outside the allow-list', () => {
    expect(() => compileFilter(spec, { password: { eq: 'x' } }, 't0', context())).toThrow('unknown filter field "password" on Thing');
  });
});
