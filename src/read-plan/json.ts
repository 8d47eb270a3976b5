import { CollectionSpec, CompileContext, RowRelation } from '../shared/list-query/collection-spec';
import { sortKeyColumn } from '../shared/list-query/keyset';
import { countSql, newContext, orderByOutputKeys, PageSql, pageSql } from '../shared/list-query/list-query';
import { propertyValue } from '../shared/list-query/select-list';
import { EMPTY_SELECTION, Selection } from '../shared/list-query/selection';
import { analysisGuard, analysisJson, CompileHelpers } from './analysis';
import { ConnectionField, ConnectionPlan, FieldPlan, HitField, ObjectPlan, PlannedList, ReadPlan, RootPlan, ScalarFormat, SearchPlan } from './plan';
import { SEARCH_HIT_KINDS } from './coverage';
import { SEARCH_MATCHES, searchHighlight, searchOrder, searchPageCte, searchQueryCte } from './search-sql';
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
  /**
   * A relation's JSON read for the whole set the row belongs to (a page's rows), or undefined: read per row, by a
   * correlated sub-query ({@link relationJson}).
   */
  relation?(relation: RowRelation, object: ObjectPlan, context: Context): Fragment | undefined;
  /** A nested connection's JSON read for the whole set the row belongs to, or undefined: read per row. */
  connection?(field: ConnectionField, context: Context): Fragment | undefined;
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
      return row.relation?.(field.relation, field.object, context) ?? relationJson(field.relation, row.key(field.relation), field.object, context);
    case 'connection':
      return (
        row.connection?.(field, context) ??
        connectionJson(field.relation.target(), field.list, field.connection, context, (inner) =>
          field.relation.condition(inner, idExpression, context),
        )
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
 * A connection's page of rows: `sql` has the page's columns; `order` puts its rows in page order, and `inAnswer` keeps
 * the rows of the answer from the one read beyond it.
 */
interface PageRows {
  sql: Fragment;
  keys: PageSql['keys'];
  /** The rows of `alias` in page order (`descending`: the reverse). */
  order(alias: Fragment, descending: boolean): Fragment;
  /** The condition on a row of `alias` to be in the answer; undefined when every row read is. */
  inAnswer(alias: Fragment): Fragment | undefined;
  /** Whether the page was read one row beyond its size (so `count(*) > size` tells that there is more). */
  readBeyond: boolean;
}

/**
 * Whether a page must be read one row longer than asked and numbered: `hasNextPage` counts the row beyond the page,
 * and a page read from the end (`last`) is numbered to be put back in order. Otherwise the page is read as asked and
 * its rows ordered by their sort keys: the extra row and `row_number()` were about 15% of bench (b)'s statement.
 */
function readsBeyond(plan: ConnectionPlan, fromEnd: boolean): boolean {
  return fromEnd || plan.fields.some((field) => field.kind === 'pageInfo' && field.fields.some((info) => info.kind === 'hasNextPage'));
}

/** The page of a connection ({@link PageRows}); undefined when only counts are asked. */
function connectionPage(
  spec: CollectionSpec<any>,
  list: PlannedList,
  plan: ConnectionPlan,
  context: Context,
  parentCondition: (inner: Fragment) => Fragment | undefined,
): PageRows | undefined {
  if (!plan.fields.some((field) => field.kind === 'nodes' || field.kind === 'edges' || field.kind === 'pageInfo')) return undefined;
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
  const { window } = list.checked;
  const readBeyond = readsBeyond(plan, window.fromEnd);
  const page = pageSql(spec, list.args, context, inner, parentCondition(inner), rowsSelection, { embed: false, readBeyond });
  if (!readBeyond) {
    return {
      sql: page.sql,
      keys: page.keys,
      order: (alias, descending) => orderByOutputKeys(page.keys, alias, descending),
      inAnswer: () => undefined,
      readBeyond,
    };
  }
  // Numbered in page order: row n of the page, whichever end it was read from; the row beyond is n = size + 1.
  const p = context.nextAlias();
  const n = context.nextAlias();
  const size = sql.raw(String(window.size));
  return {
    sql: sql`SELECT ${p}.*, row_number() OVER (ORDER BY ${orderByOutputKeys(page.keys, p, window.fromEnd)}) AS ${n} FROM (${page.sql}) ${p}`,
    keys: page.keys,
    order: (alias, descending) => sql`${alias}.${n}${sql.raw(descending ? ' DESC' : '')}`,
    inAnswer: (alias) => sql`${alias}.${n} <= ${size}`,
    readBeyond,
  };
}

/**
 * Rows read once for a whole level of the statement (a CTE of the enclosing connection's WITH list), whose lists are
 * read for all of them at once, as the floor's statements do, rather than by a sub-query per row:
 * - a to-many relation (`domains`) is one grouped query over the distinct keys of the rows (a CTE), LEFT JOINed to the
 *   rows by key: PostgreSQL joins the link and target tables once for the level, not once per row;
 * - a nested connection reads its pages for every row in one LATERAL query (a CTE whose rows carry their parent's
 *   id), is grouped by parent in another, LEFT JOINed to the rows; a row without any gets the empty connection. Its
 *   own rows are a RowSet in turn, so every level below a page is read level by level.
 * A to-one relation (`source`) stays a sub-query per row: one index probe per row measured cheaper than grouping the
 * keys (docs/BENCHMARKS.md). Only the rows in the answer are read from, not the one read beyond the page.
 */
class RowSet {
  /** The `LEFT JOIN`s the rows' values read (one per list read for the set). */
  readonly joins: Fragment[] = [];

  constructor(
    /** The WITH list of the enclosing statement level; the set's reads are appended to it. */
    private readonly ctes: Fragment[],
    /** The CTE holding the rows. */
    private readonly name: Fragment,
    /** The alias of a row where the values are read. */
    readonly row: Fragment,
    /** The condition on a row (aliased as given) to be in the answer. */
    private readonly inAnswer: (alias: Fragment) => Fragment | undefined,
  ) {}

  /** The rows as a source of values, with the set-wide reads. */
  source(): RowSource {
    return { ...pageRow(this.row), relation: this.relation, connection: this.connection };
  }

  /** FROM item of the distinct values of `column` over the rows in the answer, as column `k` of `alias`. */
  private keys(column: Fragment, alias: Fragment): Fragment {
    const inAnswer = this.inAnswer(alias);
    return sql`(SELECT DISTINCT ${alias}.${column} AS k FROM ${this.name} ${alias}${inAnswer ? sql` WHERE ${inAnswer}` : sql.empty}) ${alias}`;
  }

  private readonly relation = (relation: RowRelation, object: ObjectPlan, context: Context): Fragment | undefined => {
    if (relation.cardinality === 'one') return undefined; // an index probe per row (see above)
    const keys = context.nextAlias();
    const target = context.nextAlias();
    const grouped = context.nextAlias();
    const key = sql.identifier(relation.key.property);
    const value = objectJson(object, tableRow(object.spec, target), sql`${target}.id`, context);
    const from = relation.from(target, sql`${keys}.k`, context);
    const aggregate = sql`json_agg(${value}${relation.orderBy ? sql` ORDER BY ${relation.orderBy(target)}` : sql.empty})`;
    this.ctes.push(sql`${grouped} AS MATERIALIZED (SELECT ${keys}.k, ${aggregate} AS v FROM ${this.keys(key, keys)}, ${from} GROUP BY ${keys}.k)`);
    this.joins.push(sql` LEFT JOIN ${grouped} ON ${grouped}.k = ${this.row}.${key}`);
    return sql`coalesce(${grouped}.v, '[]'::json)`;
  };

  private readonly connection = (field: ConnectionField, context: Context): Fragment | undefined => {
    const spec = field.relation.target();
    const keys = context.nextAlias();
    const page = connectionPage(spec, field.list, field.connection, context, (inner) => field.relation.condition(inner, sql`${keys}.k`, context));
    if (!page) return undefined;
    const name = context.nextAlias();
    const parent = context.nextAlias();
    const read = context.nextAlias();
    this.ctes.push(
      sql`${name} AS MATERIALIZED (SELECT ${keys}.k AS ${parent}, ${read}.* FROM ${this.keys(sql`id`, keys)} CROSS JOIN LATERAL (${page.sql}) ${read})`,
    );
    const r = context.nextAlias();
    const children = new RowSet(this.ctes, name, r, page.inAnswer);
    // Every parent's connection at once, grouped by parent; a parent without rows gets the empty connection.
    const value = connectionValue(spec, field.list, field.connection, context, page, { source: children.source(), alias: r }, (inner) =>
      field.relation.condition(inner, sql`${r}.${parent}`, context),
    );
    const grouped = context.nextAlias();
    this.ctes.push(
      sql`${grouped} AS MATERIALIZED (SELECT ${r}.${parent} AS k, ${value} AS v FROM ${name} ${r}${sql.join(children.joins, '')} GROUP BY ${r}.${parent})`,
    );
    this.joins.push(sql` LEFT JOIN ${grouped} ON ${grouped}.k = ${this.row}.id`);
    const empty = connectionValue(spec, field.list, field.connection, context, page, 'empty', (inner) =>
      field.relation.condition(inner, sql`${this.row}.id`, context),
    );
    return sql`coalesce(${grouped}.v, ${empty})`;
  };
}

/**
 * A connection's value over its page's rows (`rows`, see {@link PageRows}): nodes, edges and page information
 * aggregated over the rows, and its count (a sub-query under `countCondition`, the parent's condition).
 */
function connectionValue(
  spec: CollectionSpec<any>,
  list: PlannedList,
  plan: ConnectionPlan,
  context: Context,
  page: PageRows | undefined,
  rows: { source: RowSource; alias: Fragment } | 'empty',
  countCondition: (inner: Fragment) => Fragment | undefined,
): Fragment {
  const { window } = list.checked;
  const empty = rows === 'empty';
  const r = empty ? sql.empty : rows.alias;
  const size = sql.raw(String(window.size));
  const more = (): Fragment => {
    if (empty) return sql`false`;
    if (!page?.readBeyond) throw new Error('hasNextPage needs the row beyond the page');
    return sql`count(*) > ${size}`;
  };
  /** `aggregate` (json_agg, array_agg) of a value over the answer's rows in page order (or its reverse). */
  const overAnswer = (aggregate: 'json_agg' | 'array_agg', value: Fragment, descending: boolean): Fragment => {
    if (!page || empty) throw new Error('an aggregate over rows needs the rows of a page');
    const inAnswer = page.inAnswer(r);
    return sql`${sql.raw(aggregate)}(${value} ORDER BY ${page.order(r, descending)})${inAnswer ? sql` FILTER (WHERE ${inAnswer})` : sql.empty}`;
  };
  /**
   * A row's cursor as keyset.ts's encodeCursor writes it: base64url (no padding) of the JSON array [collection,
   * order, sort key values], the values as node-pg gives them (dates and decimals as text, NULL as null).
   */
  const cursor = (): Fragment => {
    if (!page || empty) throw new Error('a cursor needs the rows of a page');
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
        return [field.key, sql`(${countSql(spec, list.filter, context, counted, countCondition(counted))})`];
      }
      case 'edges': {
        if (empty) return [field.key, sql.raw(`'[]'::json`)];
        const edge = jsonObject(
          field.fields.map((part): [string, Fragment] => {
            if (part.kind === 'typename') return [part.key, sql.literal(part.typeName)];
            if (part.kind === 'cursor') return [part.key, cursor()];
            return [part.key, objectJson(part.object, (rows as { source: RowSource }).source, sql`${r}.id`, context)];
          }),
        );
        return [field.key, sql`coalesce(${overAnswer('json_agg', edge, window.fromEnd)}, '[]'::json)`];
      }
      case 'nodes': {
        if (empty) return [field.key, sql.raw(`'[]'::json`)];
        const value = objectJson(field.object, rows.source, sql`${r}.id`, context);
        return [field.key, sql`coalesce(${overAnswer('json_agg', value, window.fromEnd)}, '[]'::json)`];
      }
      case 'pageInfo':
        return [
          field.key,
          jsonObject(
            field.fields.map((info): [string, Fragment] => {
              if (info.kind === 'typename') return [info.key, sql.literal(info.typeName)];
              // The first row in page order is row 1 read from the start, the last one read from the end.
              if (info.kind === 'startCursor' || info.kind === 'endCursor') {
                if (empty) return [info.key, sql.raw('NULL::text')];
                const descending = (info.kind === 'endCursor') !== window.fromEnd;
                return [info.key, sql`(${overAnswer('array_agg', cursor(), descending)})[1]`];
              }
              const next = info.kind === 'hasNextPage';
              if (next === !window.fromEnd) return [info.key, more()];
              // The other side: whether the client came from a cursor on it.
              return [info.key, sql.raw(String((next ? window.before : window.after) !== undefined))];
            }),
          ),
        ];
    }
  });
  return jsonObject(entries);
}

/**
 * A connection read where its parent is one row (the root, or a row read by a sub-query): its page is a CTE whose
 * rows read their relations and nested connections for the whole page at once ({@link RowSet}).
 */
function connectionJson(
  spec: CollectionSpec<any>,
  list: PlannedList,
  plan: ConnectionPlan,
  context: Context,
  parentCondition: (inner: Fragment) => Fragment | undefined,
): Fragment {
  const page = connectionPage(spec, list, plan, context, parentCondition);
  if (!page) return connectionValue(spec, list, plan, context, undefined, { source: pageRow(sql.empty), alias: sql.empty }, parentCondition);
  const name = context.nextAlias();
  const r = context.nextAlias();
  const ctes: Fragment[] = [];
  const rows = new RowSet(ctes, name, r, page.inAnswer);
  const value = connectionValue(spec, list, plan, context, page, { source: rows.source(), alias: r }, parentCondition);
  if (ctes.length === 0) return sql`(SELECT ${value} FROM (${page.sql}) ${r})`;
  return sql`(WITH ${sql.join([sql`${name} AS (${page.sql})`, ...ctes])} SELECT ${value} FROM ${name} ${r}${sql.join(rows.joins, '')})`;
}

/** The rows of collections an analysis result refers to, written as the plan's other objects are (see analysis.ts). */
function analysisHelpers(context: Context): CompileHelpers {
  const rowsOf = (object: ObjectPlan) => {
    const alias = context.nextAlias();
    const from = sql`${context.table(object.spec.table)} ${alias}`;
    return { alias, from, value: objectJson(object, tableRow(object.spec, alias), sql`${alias}.id`, context) };
  };
  return {
    context,
    jsonObject,
    float: jsonReal,
    row: (object, id) => {
      const { alias, from, value } = rowsOf(object);
      return sql`(SELECT ${value} FROM ${from} WHERE ${alias}.id = ${id} LIMIT 1)`;
    },
    rows: (object, ids) => {
      const { alias, from, value } = rowsOf(object);
      const wanted = context.nextAlias();
      return sql`(SELECT coalesce(json_agg(${value} ORDER BY ${wanted}.ord), '[]'::json) FROM unnest(${ids}) WITH ORDINALITY AS ${wanted}(id, ord)\
 JOIN ${from} ON ${alias}.id = ${wanted}.id)`;
    },
  };
}

function rootJson(field: RootPlan): Fragment {
  if (field.kind === 'typename') return sql.literal(field.typeName);
  // One context per top-level field: its read view, its moment bound once; values carry planWithValues up.
  const context = newContext(field.view);
  if (field.kind === 'analysis') return analysisJson(field.analysis, field.view, analysisHelpers(context));
  if (field.kind === 'list') return connectionJson(field.spec, field.list, field.connection, context, () => undefined);
  if (field.kind === 'search') return searchJson(field, context);
  const alias = context.nextAlias();
  const object = objectJson(field.object, tableRow(field.spec, alias), sql`${alias}.id`, context);
  const match = sql`${alias}.${sql.raw(field.match.column)} = ${sql.value(field.match.value, field.match.type)}`;
  return sql`(SELECT ${object} FROM ${context.table(field.spec.table)} ${alias} WHERE ${match} LIMIT 1)`;
}

/** The one statement of a plan: a single row whose `data` column is the response's `data` as JSON text. */
export function compileReadPlan(plan: ReadPlan): RenderedSql {
  const data = jsonObject(plan.fields.map((field) => [field.key, rootJson(field)]));
  // A field may answer only under a condition (analysis.ts, analysisGuard): when one fails there is no row, and the
  // request goes the current way, which reports the error.
  const guards = plan.fields.flatMap((field) =>
    field.kind === 'analysis' ? (analysisGuard(field.analysis, field.view, newContext(field.view)) ?? []) : [],
  );
  const where = guards.length > 0 ? sql` WHERE ${sql.join(guards, ' AND ')}` : sql.empty;
  return render(sql`SELECT ${data}::text AS data${where}`);
}

/**
 * A `real` (float4, as ts_rank returns) or a `float8` as the JSON number GraphQL's Float writes of it: node-pg reads its
 * text into a JavaScript number, and JavaScript writes 1e-6 <= x < 1e21 in plain notation (PostgreSQL writes
 * `1.5e-05`), and a smaller one with an exponent of no leading zero (`1.5e-7`, PostgreSQL `1.5e-07`); from 1e21 both
 * write `3.4e+38`. The digits are the same: both write the shortest that reads back as the same number. A rank is
 * never NaN or infinite (ts_rank).
 */
export function jsonReal(expression: Fragment): Fragment {
  const text = sql`(${expression})::text`;
  const exact = sql`abs((${text})::numeric)`;
  return sql`(CASE WHEN ${text} !~ 'e' OR ${exact} >= 1e21 THEN ${text} WHEN ${exact} >= 1e-6 THEN (${text})::numeric::text\
 ELSE regexp_replace(${text}, 'e-0*', 'e-') END)::json`;
}

/**
 * The top-level `search` in one sub-statement: the matches ranked and paged as its resolver pages them (the same
 * CTEs, search-sql.ts), one row more than asked, numbered in rank order; a hit's node is its row as the object plan
 * of its kind, its highlight cut only for the hits of the page and only if selected. Cursors are offsets bound to
 * the query text, written in SQL as encodeCursor writes them.
 */
function searchJson(plan: SearchPlan, context: Context): Fragment {
  const { size, offset } = plan;
  const p = context.nextAlias();
  const n = context.nextAlias();
  const needsPage = plan.fields.some((field) => field.kind === 'nodes' || field.kind === 'edges' || field.kind === 'pageInfo');
  // The cursor's JSON up to its offset: written by JSON.stringify, as encodeCursor writes it, and bound as a value.
  const head = sql.value(`${JSON.stringify(['Search', plan.query]).slice(0, -1)},[`, 'text');
  const pageSize = sql.raw(String(size));
  const cursor = (position: Fragment): Fragment =>
    sql`translate(encode(convert_to(${head} || (${sql.raw(String(offset))} + ${position})::text || ']]', 'UTF8'), 'base64'), '+/=' || chr(10), '-_')`;
  const inPage = sql` ORDER BY ${p}.${n}) FILTER (WHERE ${p}.${n} <= ${pageSize}`;
  const rowsInPage = sql`least(count(*), ${pageSize})`;
  const hitJson = (fields: HitField[]): Fragment =>
    jsonObject(
      fields.map((field): [string, Fragment] => {
        switch (field.kind) {
          case 'typename':
            return [field.key, sql.literal(field.typeName)];
          case 'hitKind':
            return [field.key, sql`${p}.kind`];
          case 'rank':
            return [field.key, jsonReal(sql`${p}.rank`)];
          case 'highlight':
            return [field.key, searchHighlight(p)];
          case 'hitNode': {
            const cases = Object.entries(field.members).map(([kind, object]) => {
              const spec = SEARCH_HIT_KINDS[kind];
              const alias = context.nextAlias();
              const value = objectJson(object, tableRow(spec, alias), sql`${alias}.id`, context);
              return sql`WHEN ${sql.literal(kind)} THEN (SELECT ${value} FROM ${context.table(spec.table)} ${alias} WHERE ${alias}.id = ${p}.id)`;
            });
            return [field.key, sql`CASE ${p}.kind ${sql.join(cases, ' ')} END`];
          }
        }
      }),
    );
  const entries = plan.fields.map((field): [string, Fragment] => {
    switch (field.kind) {
      case 'typename':
        return [field.key, sql.literal(field.typeName)];
      case 'totalCount':
        return [field.key, sql`(SELECT count(*)::int FROM (${SEARCH_MATCHES}) hits)`];
      case 'nodes':
        return [field.key, sql`coalesce(json_agg(${hitJson(field.hit)}${inPage}), '[]'::json)`];
      case 'edges': {
        const edge = jsonObject(
          field.fields.map((part): [string, Fragment] => {
            if (part.kind === 'typename') return [part.key, sql.literal(part.typeName)];
            if (part.kind === 'cursor') return [part.key, cursor(sql`${p}.${n}`)];
            return [part.key, hitJson(part.hit)];
          }),
        );
        return [field.key, sql`coalesce(json_agg(${edge}${inPage}), '[]'::json)`];
      }
      case 'pageInfo':
        return [
          field.key,
          jsonObject(
            field.fields.map((info): [string, Fragment] => {
              switch (info.kind) {
                case 'typename':
                  return [info.key, sql.literal(info.typeName)];
                case 'hasNextPage':
                  return [info.key, sql`count(*) > ${pageSize}`];
                case 'hasPreviousPage':
                  return [info.key, sql.raw(String(offset > 0))];
                case 'startCursor':
                  return [info.key, sql`CASE WHEN ${rowsInPage} > 0 THEN ${cursor(sql`1`)} END`];
                case 'endCursor':
                  return [info.key, sql`CASE WHEN ${rowsInPage} > 0 THEN ${cursor(rowsInPage)} END`];
              }
            }),
          ),
        ];
    }
  });
  const value = jsonObject(entries);
  if (!needsPage) return sql`(${searchQueryCte(plan.query)} SELECT ${value} FROM q)`;
  const numbered = sql`${p} AS (SELECT page.*, row_number() OVER (ORDER BY ${searchOrder('page')}) AS ${n} FROM page)`;
  return sql`(${searchQueryCte(plan.query)}, ${searchPageCte(offset, size + 1)}, ${numbered} SELECT ${value} FROM ${p}, q)`;
}
