import { CollectionSpec, CompileContext, RowRelation } from '../shared/list-query/collection-spec';
import { sortKeyColumn } from '../shared/list-query/keyset';
import { countSql, newContext, orderByOutputKeys, pageSql } from '../shared/list-query/list-query';
import { propertyValue } from '../shared/list-query/select-list';
import { EMPTY_SELECTION, Selection } from '../shared/list-query/selection';
import { ConnectionPlan, FieldPlan, ObjectPlan, PlannedList, ReadPlan, RootPlan, ScalarFormat } from './plan';
import { Fragment, render, RenderedSql, sql } from '../shared/sql/sql';

// Compiles a read plan into ONE statement whose only value is the response's `data` as JSON text, in its final
// shape: `json` (not `jsonb`), so keys keep the selection order; the client's response keys are string literals of
// the JSON, never SQL identifiers; values in GraphQL's formats (ids and decimals as strings, enum names, dates as
// YYYY-MM-DD, nulls). Filters, orders, keyset cursors and relations come from the one list-query compiler.

type Context = CompileContext;

/** Where an object's values come from: a page's row (its columns named by property) or a table row under an alias. */
interface RowSource {
  /** A property's value. */
  value(property: string): Fragment;
  /** The key a relation starts from. */
  key(relation: RowRelation): Fragment;
}

function pageRow(alias: Fragment): RowSource {
  return {
    value: (property) => sql`${alias}.${sql.identifier(property)}`,
    key: (relation) => sql`${alias}.${sql.identifier(relation.key.property)}`,
  };
}

function tableRow(spec: CollectionSpec<any>, alias: Fragment): RowSource {
  return {
    value: (property) => propertyValue(spec, alias, property),
    key: (relation) => sql`${alias}.${sql.raw(relation.key.column)}`,
  };
}

/** A value in the format GraphQL serialises it to. */
function formatted(expression: Fragment, format: ScalarFormat): Fragment {
  switch (format) {
    case 'id':
    case 'string':
    case 'enum':
    case 'decimal':
      return sql`(${expression})::text`;
    default:
      return expression;
  }
}

/** `json_build_object('key', value, ...)`: the keys are literals, in selection order. */
function jsonObject(entries: [string, Fragment][]): Fragment {
  return sql`json_build_object(${sql.join(entries.map(([key, value]) => sql`${sql.literal(key)}, ${value}`))})`;
}

/** The selection the page's select list needs: the columns of the planned fields and the keys of its relations. */
function selectionOf(objects: ObjectPlan[]): Selection {
  const fields = new Map<string, Selection>();
  for (const field of objects.flatMap((object) => object.fields)) {
    if (field.kind === 'scalar') fields.set(field.property, EMPTY_SELECTION);
    else if (field.kind === 'composite' || field.kind === 'relation') fields.set(field.name, EMPTY_SELECTION);
  }
  return { fields, byResponseKey: new Map() };
}

function objectJson(object: ObjectPlan, row: RowSource, idExpression: Fragment, context: Context): Fragment {
  return jsonObject(object.fields.map((field) => [field.key, fieldJson(object.spec, field, row, idExpression, context)]));
}

function fieldJson(spec: CollectionSpec<any>, field: FieldPlan, row: RowSource, idExpression: Fragment, context: Context): Fragment {
  switch (field.kind) {
    case 'typename':
      return sql.literal(field.typeName);
    case 'scalar':
      return formatted(row.value(field.property), field.format);
    case 'composite': {
      const allNull = sql.join(
        field.rule.nullWhenAllNull.map((property) => sql`${row.value(property)} IS NULL`),
        ' AND ',
      );
      const value = jsonObject(
        field.fields.map((part) => [
          part.key,
          part.kind === 'typename' ? sql.literal(part.typeName) : formatted(row.value(part.property), part.format),
        ]),
      );
      return sql`CASE WHEN ${allNull} THEN NULL ELSE ${value} END`;
    }
    case 'relation':
      return relationJson(field.relation, row.key(field.relation), field.object, context);
    case 'connection':
      return connectionJson(field.relation.target(), field.list, field.connection, context, (inner) =>
        field.relation.condition(inner, idExpression, context),
      );
  }
}

/** A relation's rows for one parent key: an object or null (`one`), an array (`many`). */
function relationJson(relation: RowRelation, key: Fragment, object: ObjectPlan, context: Context): Fragment {
  const alias = context.nextAlias();
  const value = objectJson(object, tableRow(object.spec, alias), sql`${alias}.id`, context);
  const from = relation.from(alias, key, context);
  if (relation.cardinality === 'one') return sql`(SELECT ${value} FROM ${from} LIMIT 1)`;
  const order = relation.orderBy ? sql` ORDER BY ${relation.orderBy(alias)}` : sql.empty;
  return sql`(SELECT coalesce(json_agg(${value}${order}), '[]'::json) FROM ${from})`;
}

/**
 * A connection: its page (one row more than asked, numbered in the page's order, so that `hasNextPage` is a count
 * and the nodes come in order whichever end the page was read from), its count and its page information.
 */
function connectionJson(
  spec: CollectionSpec<any>,
  list: PlannedList,
  plan: ConnectionPlan,
  context: Context,
  parentCondition: (inner: Fragment) => Fragment | undefined,
): Fragment {
  const { window } = list.checked;
  const needsPage = plan.fields.some((field) => field.kind === 'nodes' || field.kind === 'edges' || field.kind === 'pageInfo');
  const inner = context.nextAlias();
  const rowsSelection = selectionOf(
    plan.fields.flatMap((field) =>
      field.kind === 'nodes'
        ? [field.object]
        : field.kind === 'edges'
          ? field.fields.flatMap((edge) => (edge.kind === 'node' ? [edge.object] : []))
          : [],
    ),
  );
  const page = needsPage ? pageSql(spec, list.args, context, inner, parentCondition(inner), rowsSelection, false) : undefined;
  const p = context.nextAlias();
  const r = context.nextAlias();
  // The rows' position in the page: a column named like an alias, so that no property can be called the same.
  const n = context.nextAlias();
  const size = sql.raw(String(window.size));
  const more = sql`count(*) > ${size}`;
  const inPageOrder = sql` ORDER BY ${r}.${n}${sql.raw(window.fromEnd ? ' DESC' : '')}) FILTER (WHERE ${r}.${n} <= ${size}`;
  /**
   * A row's cursor as keyset.ts's encodeCursor writes it: base64url (no padding) of the JSON array [collection,
   * order, sort key values], the values as node-pg gives them (dates and decimals as text, NULL as null).
   */
  const cursor = (): Fragment => {
    if (!page) throw new Error('a cursor needs the page');
    const values = sql.join(
      page.keys.map((_, i) => sql`coalesce(to_json(${r}.${sql.identifier(sortKeyColumn(i))})::text, 'null')`),
      ` || ',' || `,
    );
    const head = JSON.stringify([spec.name, list.checked.signature]).slice(0, -1);
    return sql`translate(encode(convert_to(${sql.literal(`${head},[`)} || ${values} || ']]', 'UTF8'), 'base64'), '+/=' || chr(10), '-_')`;
  };
  const entries = plan.fields.map((field): [string, Fragment] => {
    switch (field.kind) {
      case 'typename':
        return [field.key, sql.literal(field.typeName)];
      case 'totalCount': {
        const counted = context.nextAlias();
        return [field.key, sql`(${countSql(spec, list.filter, context, counted, parentCondition(counted))})`];
      }
      case 'edges': {
        const edge = jsonObject(
          field.fields.map((part): [string, Fragment] => {
            if (part.kind === 'typename') return [part.key, sql.literal(part.typeName)];
            if (part.kind === 'cursor') return [part.key, cursor()];
            return [part.key, objectJson(part.object, pageRow(r), sql`${r}.id`, context)];
          }),
        );
        return [field.key, sql`coalesce(json_agg(${edge}${inPageOrder}), '[]'::json)`];
      }
      case 'nodes': {
        const value = objectJson(field.object, pageRow(r), sql`${r}.id`, context);
        return [field.key, sql`coalesce(json_agg(${value}${inPageOrder}), '[]'::json)`];
      }
      case 'pageInfo':
        return [
          field.key,
          jsonObject(
            field.fields.map((info): [string, Fragment] => {
              if (info.kind === 'typename') return [info.key, sql.literal(info.typeName)];
              // The first row in page order is row 1 read from the start, the last one read from the end.
              if (info.kind === 'startCursor' || info.kind === 'endCursor') {
                const descending = (info.kind === 'endCursor') !== window.fromEnd;
                return [
                  info.key,
                  sql`(array_agg(${cursor()} ORDER BY ${r}.${n}${sql.raw(descending ? ' DESC' : '')}) FILTER (WHERE ${r}.${n} <= ${size}))[1]`,
                ];
              }
              const next = info.kind === 'hasNextPage';
              if (next === !window.fromEnd) return [info.key, more];
              // The other side: whether the client came from a cursor on it.
              return [info.key, sql.raw(String((next ? window.before : window.after) !== undefined))];
            }),
          ),
        ];
    }
  });
  const value = jsonObject(entries);
  if (!page) return value;
  const numbered = sql`SELECT ${p}.*, row_number() OVER (ORDER BY ${orderByOutputKeys(page.keys, p, window.fromEnd)}) AS ${n} FROM (${page.sql}) ${p}`;
  return sql`(SELECT ${value} FROM (${numbered}) ${r})`;
}

function rootJson(field: RootPlan): Fragment {
  if (field.kind === 'typename') return sql.literal(field.typeName);
  // One context per top-level field: its read view, its moment bound once; values carry planWithValues up.
  const context = newContext(field.view);
  if (field.kind === 'list') return connectionJson(field.spec, field.list, field.connection, context, () => undefined);
  const alias = context.nextAlias();
  const object = objectJson(field.object, tableRow(field.spec, alias), sql`${alias}.id`, context);
  const match = sql`${alias}.${sql.raw(field.match.column)} = ${sql.value(field.match.value, field.match.column === 'id' ? 'int' : 'text')}`;
  return sql`(SELECT ${object} FROM ${context.table(field.spec.table)} ${alias} WHERE ${match} LIMIT 1)`;
}

/** The one statement of a plan: a single row whose `data` column is the response's `data` as JSON text. */
export function compileReadPlan(plan: ReadPlan): RenderedSql {
  const data = jsonObject(plan.fields.map((field) => [field.key, rootJson(field)]));
  return render(sql`SELECT ${data}::text AS data`);
}
