import { CollectionSpec, CompileContext } from '../../src/shared/list-query/collection-spec';
import { compileFilter, compileScalarFilter, escapeLike } from '../../src/shared/list-query/compile-filter';
import { newContext } from '../../src/shared/list-query/list-query';
import { render, RenderedSql, sql } from '../../src/shared/sql/sql';

function context(): CompileContext {
  return newContext();
}

/** A scalar filter on the column `column`, rendered. */
function scalar(column: string, field: { type: any; pgType: string }, filter: Record<string, unknown>, fieldName: string): RenderedSql {
  return render(compileScalarFilter(sql.raw(column), field, filter, fieldName));
}

/** A filter on the row aliased `alias`, rendered. */
function filterOf(filter: unknown, alias = 't0'): RenderedSql {
  return render(compileFilter(spec, filter, sql.raw(alias), context()));
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
    const { text, values } = scalar('t0.name', field, { eq: 'x', gte: 'a' }, 'f');
    expect(text).toBe('(t0.name = $1::text) AND (t0.name >= $2::text)');
    expect(values).toEqual(['x', 'a']);
  });

  it('makes contains case-insensitive and literal', () => {
    const { text, values } = scalar('t0.name', field, { contains: "50%'; DROP" }, 'f');
    expect(text).toBe('(t0.name ILIKE $1::text)');
    expect(values).toEqual(["%50\\%'; DROP%"]);
  });

  it('turns an empty in into FALSE and an empty notIn into TRUE', () => {
    expect(scalar('c', field, { in: [] }, 'f').text).toBe('(FALSE)');
    expect(scalar('c', field, { notIn: [] }, 'f').text).toBe('(TRUE)');
  });

  it('keeps missing values on ne and notIn', () => {
    expect(scalar('c', field, { ne: 'a' }, 'f').text).toBe('(c IS DISTINCT FROM $1::text)');
    expect(scalar('c', field, { notIn: ['a'] }, 'f').text).toBe('((c IS NULL OR c <> ALL($1::text[])))');
  });

  it('rejects ordering operators on enums and booleans, and null operands', () => {
    expect(() => scalar('c', { type: 'enum', pgType: 'colour' }, { lt: 'RED' }, 'f').text).toThrow('does not support lt');
    expect(() => scalar('c', { type: 'boolean', pgType: 'boolean' }, { gt: true }, 'f').text).toThrow('does not support gt');
    expect(() => scalar('c', field, { eq: null }, 'f').text).toThrow('isNull');
    expect(() => scalar('c', field, { like: 'x' }, 'f').text).toThrow('unknown operator "like"');
  });

  it('refuses ids that are not ids, before the database sees them', () => {
    const id = { type: 'id' as const, pgType: 'int' };
    expect(scalar('c', id, { in: ['12', '7'] }, 'f').text).toBe('(c = ANY($1::int[]))');
    expect(() => scalar('c', id, { eq: 'abc' }, 'f.id').text).toThrow('f.id.eq: "abc" is not an id');
    expect(() => scalar('c', id, { in: ['1', '99999999999'] }, 'f.id').text).toThrow('not an id');
  });

  it('compiles isNull both ways', () => {
    expect(scalar('c', field, { isNull: true }, 'f').text).toBe('(c IS NULL)');
    expect(scalar('c', field, { isNull: false }, 'f').text).toBe('(c IS NOT NULL)');
  });
});

describe('compileFilter', () => {
  it('is TRUE for no filter and ANDs fields', () => {
    expect(filterOf(undefined).text).toBe('TRUE');
    expect(filterOf({ name: { eq: 'a' }, size: { gt: 2 } }).text).toBe('((t0.name = $1::text)) AND ((t0.size > $2::int))');
  });

  it('nests and, or and not to any depth, NOT being a true complement', () => {
    const { text } = filterOf({ or: [{ name: { eq: 'a' } }, { not: { and: [{ size: { lt: 1 } }, { done: { eq: true } }] } }] });
    expect(text).toBe('((((t0.name = $1::text))) OR ((NOT COALESCE((((((t0.size < $2::int))) AND (((t0.done = $3::boolean))))), FALSE))))');
  });

  it('treats an empty or as matching nothing and an empty and as matching everything', () => {
    expect(filterOf({ or: [] }).text).toBe('(FALSE)');
    expect(filterOf({ and: [] }).text).toBe('(TRUE)');
  });

  it('compiles search to a websearch tsquery', () => {
    const { text, values } = filterOf({ search: 'demining -cambodia' });
    expect(text).toBe("(t0.search_vector @@ websearch_to_tsquery('english', $1::text))");
    expect(values).toEqual(['demining -cambodia']);
  });

  it('marks statements whose plan depends on the values bound, so they are not run from a generic prepared plan', () => {
    expect(filterOf({ name: { eq: 'a' }, colour: { ne: 'RED' }, done: { isNull: false } }).planWithValues).toBe(false);
    // A range plans well without its values (the page size is bound too: see list-query.ts).
    expect(filterOf({ size: { gte: 3, lt: 9 } }).planWithValues).toBe(false);
    expect(filterOf({ not: { size: { lt: 2 } } }).planWithValues).toBe(false);
    // Full text too: PostgreSQL's cost test may move a named statement to a generic plan (compile-filter.ts).
    expect(filterOf({ search: 'demining' }).planWithValues).toBe(true);
    for (const filter of [{ name: { contains: 'x' } }, { name: { in: ['a'] } }, { not: { name: { in: ['a'] } } }]) {
      expect([filter, filterOf(filter).planWithValues]).toEqual([filter, true]);
    }
  });

  it('refuses fields outside the allow-list', () => {
    expect(() => filterOf({ password: { eq: 'x' } })).toThrow('unknown filter field "password" on Thing');
  });
});
