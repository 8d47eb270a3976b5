import { BadUserInputError } from '../errors/errors';
import { CollectionSpec, CompileContext, ScalarFieldSpec, ScalarKind } from './collection-spec';
import { Fragment, sql } from '../sql/sql';

/** The scalar operators of the filter language. */
export const OPERATORS = ['eq', 'ne', 'in', 'notIn', 'lt', 'lte', 'gt', 'gte', 'contains', 'startsWith', 'isNull'] as const;
export type Operator = (typeof OPERATORS)[number];

const ORDERED: ReadonlySet<ScalarKind> = new Set(['string', 'int', 'decimal', 'date', 'datetime', 'id']);

/** Escapes LIKE wildcards so `%` and `_` in user input match themselves. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What a value of each kind looks like (GraphQL's scalars have already coerced it; other callers have not). */
const KIND_CHECKS: Record<ScalarKind, [(value: unknown) => boolean, string]> = {
  string: [(v) => typeof v === 'string', 'a string'],
  enum: [(v) => typeof v === 'string', 'an enum value (a string)'],
  boolean: [(v) => typeof v === 'boolean', 'true or false'],
  int: [(v) => typeof v === 'number' && Number.isInteger(v) && v >= -2_147_483_648 && v <= 2_147_483_647, 'an integer'],
  decimal: [(v) => (typeof v === 'string' || typeof v === 'number') && /^-?\d+(\.\d+)?$/.test(String(v)), 'a decimal such as "1500000.00"'],
  date: [(v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v), 'a date (YYYY-MM-DD)'],
  datetime: [(v) => v instanceof Date || (typeof v === 'string' && !Number.isNaN(Date.parse(v))), 'a date-time'],
  id: [(v) => typeof v === 'string' || typeof v === 'number', 'an id'],
};

/**
 * Refuses an operand whose type does not fit the field (`durationYears: { eq: "ten" }`), as BAD_USER_INPUT naming
 * it: the filters of exports and report params reach the compiler without GraphQL's coercion for some collections.
 */
function checkOperand(kind: ScalarKind, value: unknown, at: string): void {
  const [fits, what] = KIND_CHECKS[kind];
  if (!fits(value)) throw new BadUserInputError(`${at} takes ${what}; got ${JSON.stringify(value) ?? String(value)}`);
}

/** The parts ANDed, each parenthesised; `TRUE` when there is none. */
function allOf(parts: readonly Fragment[]): Fragment {
  return parts.length === 0
    ? sql`TRUE`
    : sql.join(
        parts.map((part) => sql`(${part})`),
        ' AND ',
      );
}

/** Operators whose statements PostgreSQL may plan once and reuse (see compileScalarFilter). */
const PLANNED_WITHOUT_VALUES: ReadonlySet<string> = new Set(['eq', 'ne', 'isNull', 'gt', 'gte', 'lt', 'lte']);

/**
 * Compiles the operators of one scalar filter (`{ gte: "2024-06-01", lt: "2024-07-01" }`) on `column` into a
 * boolean SQL expression; several operators are ANDed. Values are bound, never spliced; a value whose best plan
 * depends on it (a pattern, a list: not equality or a range) is marked `planWithValues`.
 */
export function compileScalarFilter(
  column: Fragment,
  field: Pick<ScalarFieldSpec, 'type' | 'pgType'>,
  filter: Record<string, unknown>,
  fieldName: string,
): Fragment {
  const { type, pgType } = field;
  const parts: Fragment[] = [];
  for (const [operator, value] of Object.entries(filter)) {
    if (value === undefined) continue;
    if (value === null && operator !== 'isNull') {
      throw new BadUserInputError(`${fieldName}.${operator} cannot be null; use isNull: true to match missing values`);
    }
    if (operator !== 'isNull') {
      const operands = operator === 'in' || operator === 'notIn' ? (Array.isArray(value) ? value : []) : [value];
      for (const operand of operands) checkOperand(type, operand, `${fieldName}.${operator}`);
    }
    if (type === 'id' && operator !== 'isNull') {
      for (const id of Array.isArray(value) ? value : [value]) {
        if (!/^\d{1,10}$/.test(String(id)) || Number(id) > 2_147_483_647)
          throw new BadUserInputError(`${fieldName}.${operator}: "${id}" is not an id`);
      }
    }
    // Equality and ranges plan well without their values (a range's generic plan keeps the ordered index scan, the
    // page size being bound too); a pattern or a list does not: its selectivity is all in its value.
    const planWithValues = !PLANNED_WITHOUT_VALUES.has(operator);
    const bind = (v: unknown, cast = pgType) => sql.value(v, cast, { planWithValues });
    const list = () => {
      if (!Array.isArray(value)) throw new BadUserInputError(`${fieldName}.${operator} takes a list`);
      return bind(value, `${pgType}[]`);
    };
    const ordered = () => {
      if (!ORDERED.has(type)) throw new BadUserInputError(`${fieldName} does not support ${operator}`);
    };
    switch (operator as Operator) {
      case 'eq':
        parts.push(sql`${column} = ${bind(value)}`);
        break;
      case 'ne':
        // A missing value is "not equal" too: analysts filtering out one value expect the unknowns to stay.
        parts.push(sql`${column} IS DISTINCT FROM ${bind(value)}`);
        break;
      case 'in':
        parts.push((value as unknown[]).length === 0 ? sql`FALSE` : sql`${column} = ANY(${list()})`);
        break;
      case 'notIn':
        parts.push((value as unknown[]).length === 0 ? sql`TRUE` : sql`(${column} IS NULL OR ${column} <> ALL(${list()}))`);
        break;
      case 'lt':
        ordered();
        parts.push(sql`${column} < ${bind(value)}`);
        break;
      case 'lte':
        ordered();
        parts.push(sql`${column} <= ${bind(value)}`);
        break;
      case 'gt':
        ordered();
        parts.push(sql`${column} > ${bind(value)}`);
        break;
      case 'gte':
        ordered();
        parts.push(sql`${column} >= ${bind(value)}`);
        break;
      case 'contains':
        if (type !== 'string') throw new BadUserInputError(`${fieldName} does not support contains`);
        parts.push(sql`${column} ILIKE ${bind(`%${escapeLike(String(value))}%`, 'text')}`);
        break;
      case 'startsWith':
        if (type !== 'string') throw new BadUserInputError(`${fieldName} does not support startsWith`);
        parts.push(sql`${column} LIKE ${bind(`${escapeLike(String(value))}%`, 'text')}`);
        break;
      case 'isNull':
        if (typeof value !== 'boolean') throw new BadUserInputError(`${fieldName}.isNull takes true or false`);
        parts.push(value ? sql`${column} IS NULL` : sql`${column} IS NOT NULL`);
        break;
      default:
        throw new BadUserInputError(`unknown operator "${operator}" on ${fieldName}; operators are ${OPERATORS.join(', ')}`);
    }
  }
  return allOf(parts);
}

/**
 * Compiles a filter input of `spec`'s collection (fields ANDed; `and`, `or`, `not` nested to any depth; `search`
 * for full text) into a boolean SQL expression about the row aliased `alias`.
 *
 * @example
 * render(compileFilter(agreementSpec, { or: [{ slug: { eq: 'japan-ukraine-2024' } }, { durationYears: { gt: 5 } }] }, sql`t0`, ctx)).text
 * // => '((((t0.slug = $1::text))) OR (((t0.duration_years > $2::int))))'
 */
export function compileFilter(spec: CollectionSpec<any>, filter: unknown, alias: Fragment, context: CompileContext): Fragment {
  if (filter === undefined || filter === null) return sql`TRUE`;
  if (!isPlainObject(filter)) throw new BadUserInputError(`${spec.name} filter must be an object`);
  const parts: Fragment[] = [];
  for (const [name, value] of Object.entries(filter)) {
    if (value === undefined) continue;
    if (name === 'and' || name === 'or') {
      if (!Array.isArray(value)) throw new BadUserInputError(`${spec.name}Filter.${name} takes a list of filters`);
      const joined = value.map((inner) => sql`(${compileFilter(spec, inner, alias, context)})`);
      // An empty `and` is vacuously true; an empty `or` offers no alternative and matches nothing.
      parts.push(joined.length === 0 ? (name === 'and' ? sql`TRUE` : sql`FALSE`) : sql.join(joined, name === 'and' ? ' AND ' : ' OR '));
      continue;
    }
    if (name === 'not') {
      // COALESCE keeps NOT a true complement when the inner expression is NULL.
      parts.push(sql`NOT COALESCE((${compileFilter(spec, value, alias, context)}), FALSE)`);
      continue;
    }
    if (name === 'search') {
      if (!spec.searchVector) throw new BadUserInputError(`${spec.name} has no full-text search`);
      if (value === null) continue;
      // Planned with its value: on connections that may reuse a plan, PostgreSQL would run it from its generic plan (a
      // bitmap scan of every match, then a sort) once its cost test prefers it, as it did on the test database; for a
      // common term that is ten times the custom plan's ordered index scan (docs/BENCHMARKS.md). So it runs on the
      // connections that never reuse a plan (src/db/sql-runner.ts).
      const query = sql.value(String(value), 'text', { planWithValues: true });
      parts.push(sql`${alias}.${sql.raw(spec.searchVector)} @@ websearch_to_tsquery('english', ${query})`);
      continue;
    }
    // Own keys only: an inherited name (`constructor`, `toString`) is no field.
    const field = Object.hasOwn(spec.fields, name) ? spec.fields[name] : undefined;
    if (!field) throw new BadUserInputError(`unknown filter field "${name}" on ${spec.name}`);
    if (value === null) continue;
    if (field.kind === 'scalar') {
      if (!isPlainObject(value)) throw new BadUserInputError(`${spec.name}Filter.${name} takes an operator object such as { eq: ... }`);
      parts.push(compileScalarFilter(sql`${alias}.${sql.raw(field.column)}`, field, value, `${spec.name}Filter.${name}`));
    } else {
      parts.push(field.build(value, alias, context));
    }
  }
  return allOf(parts);
}
