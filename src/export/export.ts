import { coerceInputValue, GraphQLInputType, GraphQLSchema, isInputObjectType } from 'graphql';
import type { Pool, PoolClient } from 'pg';
import QueryStream from 'pg-query-stream';
import type { DataSource } from 'typeorm';
import { actorCollection } from '../domain/actor/actor.collection';
import { agreementCollection } from '../domain/agreement/agreement.collection';
import { commitmentCollection } from '../domain/commitment/commitment.collection';
import { constraintCollection } from '../domain/constraint/constraint.collection';
import { domainCollection } from '../domain/cooperation-domain/cooperation-domain.collection';
import { mechanismCollection } from '../domain/mechanism/mechanism.collection';
import { sourceCollection } from '../domain/source/source.collection';
import { BadUserInputError, NotFoundError } from '../shared/errors/errors';
import { DEFAULT_INPUT_LIMITS, inputValueProblem, jsonProblem } from '../shared/input-guard/input-guard';
import { CollectionSpec } from '../shared/list-query/collection-spec';
import { checkFilterComplexity } from '../shared/limits/filter-complexity';
import { DEFAULT_MAX_FILTER_NODES } from '../config/config';
import { CompiledQuery } from '../shared/list-query/list-query';
import { compilerFragments } from '../read-plan/compiler-fragments';
import { render, sql } from '../shared/sql/sql';
import { LIVE, ReadView } from '../shared/read-view/read-view';
import { DateTimeScalar } from '../shared/scalars/scalars';
import { selectList } from '../shared/list-query/select-list';
import { EXPORT_FORMATS, ExportFormat, rowEncoder } from './formats';

/** The collections that can be exported, by the name in `/export/<name>.csv` and `npm run export -- <name>`. */
export const EXPORT_COLLECTIONS: Readonly<Record<string, CollectionSpec<any>>> = {
  agreements: agreementCollection,
  commitments: commitmentCollection,
  constraints: constraintCollection,
  actors: actorCollection,
  sources: sourceCollection,
  mechanisms: mechanismCollection,
  domains: domainCollection,
};

/** How deep a filter may nest (objects and lists), so a hostile one cannot exhaust the stack or the planner. */
export const MAX_FILTER_DEPTH = 16;

/** An export checked and compiled: ready to run. */
export interface PreparedExport {
  collection: string;
  format: ExportFormat;
  /** The exported columns, by their GraphQL property names: `id` first, then the collection's scalar columns. */
  columns: string[];
  query: CompiledQuery;
  /** `agreements.csv`. */
  fileName: string;
}

function depthOf(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  let deepest = 0;
  for (const inner of Object.values(value)) {
    deepest = Math.max(deepest, depthOf(inner));
    if (deepest > MAX_FILTER_DEPTH) break;
  }
  return deepest + 1;
}

/**
 * Refuses a filter key the collection does not have (its filter fields, `and`, `or`, `not`, and `search` where the
 * collection has full text), at every level of `and`/`or`/`not`. Relation filters nest other collections' filters;
 * those are checked by the compiler (and by the GraphQL input type).
 */
export function checkFilterKeys(spec: CollectionSpec<any>, filter: unknown, path = 'filter'): void {
  if (filter === undefined || filter === null) return;
  if (typeof filter !== 'object' || Array.isArray(filter)) throw new BadUserInputError(`${path} must be a JSON object`, { path });
  for (const [key, value] of Object.entries(filter)) {
    if (key === 'and' || key === 'or') {
      if (!Array.isArray(value)) throw new BadUserInputError(`${path}.${key} takes a list of filters`, { path: `${path}.${key}` });
      value.forEach((inner, i) => checkFilterKeys(spec, inner, `${path}.${key}[${i}]`));
    } else if (key === 'not') {
      checkFilterKeys(spec, value, `${path}.not`);
    } else if (!Object.hasOwn(spec.fields, key) && !(key === 'search' && spec.searchVector)) {
      // Own keys only: `constructor`, `toString` or `__proto__` are not fields because every object inherits them.
      const known = [...Object.keys(spec.fields), ...(spec.searchVector ? ['search'] : []), 'and', 'or', 'not'];
      throw new BadUserInputError(`unknown filter field "${key}" at ${path} on ${spec.name}; fields are ${known.join(', ')}`, {
        path: `${path}.${key}`,
      });
    }
  }
}

/**
 * Coerces a filter as GraphQL would coerce the same value passed as a `$filter` variable of the collection's filter
 * input (`AgreementFilter`): enum values, dates, decimals and ids are checked the same way, and the result is what
 * the resolvers receive. A collection without a filter input type (domains) is left to the key check and the compiler.
 * `schema` is the API's, handed in by the route or the command (this module sits below the schema's assembly).
 */
function coerceLikeGraphQL(schema: GraphQLSchema, spec: CollectionSpec<any>, filter: unknown): unknown {
  const type = schema.getType(`${spec.name}Filter`);
  if (!type || !isInputObjectType(type)) {
    const problem = jsonProblem(filter, 'filter', DEFAULT_INPUT_LIMITS);
    if (problem) throw new BadUserInputError(`${problem.path}: ${problem.message}`, { field: problem.path });
    return filter;
  }
  const problems: string[] = [];
  const coerced = coerceInputValue(filter, type as GraphQLInputType, (path, _value, error) => {
    problems.push(`${['filter', ...path].join('.')}: ${error.message}`);
  });
  if (problems.length > 0) throw new BadUserInputError(`invalid ${spec.name}Filter: ${problems.join('; ')}`, { problems });
  // Values PostgreSQL cannot take (NUL, lone surrogates, moments out of range): refused as the API refuses them.
  const problem = inputValueProblem(coerced, type as GraphQLInputType, 'filter', DEFAULT_INPUT_LIMITS);
  if (problem) throw new BadUserInputError(`${problem.path}: ${problem.message}`, { field: problem.path });
  return coerced;
}

/**
 * Parses and checks the filter of an export (a JSON text, or nothing for every row). Bad JSON, an unknown field, a
 * wrong operator or value: BAD_USER_INPUT; more than `maxFilterNodes` parts: FILTER_TOO_COMPLEX; before anything runs.
 * The filter is coerced by the collection's filter input type of `schema` (the API's).
 */
export function parseExportFilter(
  schema: GraphQLSchema,
  spec: CollectionSpec<any>,
  text: string | null | undefined,
  maxFilterNodes = DEFAULT_MAX_FILTER_NODES,
): unknown {
  if (text === undefined || text === null || text.trim() === '') return undefined;
  let filter: unknown;
  try {
    filter = JSON.parse(text);
  } catch (error) {
    throw new BadUserInputError(`filter is not valid JSON: ${(error as Error).message}`);
  }
  if (filter === null) return undefined;
  if (depthOf(filter) > MAX_FILTER_DEPTH) throw new BadUserInputError(`filter nests deeper than ${MAX_FILTER_DEPTH} levels`);
  checkFilterKeys(spec, filter);
  checkFilterComplexity(filter, maxFilterNodes);
  return coerceLikeGraphQL(schema, spec, filter);
}

/**
 * The statement of an export: the collection's columns for the rows the filter matches, by id, compiled by the one
 * list-query compiler (the same filter SQL, read view and table names as the GraphQL lists).
 */
export function compileExportQuery(spec: CollectionSpec<any>, filter: unknown, view: ReadView = LIVE): { query: CompiledQuery; columns: string[] } {
  const from = compilerFragments(view);
  const where = from.filter(spec, filter, 't0');
  const statement = render(sql`SELECT ${selectList(spec, sql`t0`)} FROM ${from.table(spec.table)} t0 WHERE ${where} ORDER BY t0.id`);
  const columns = [...new Set(['id', ...Object.keys(spec.columns)])].filter((c) => c in spec.columns);
  return { query: { sql: statement.text, params: statement.values, planWithValues: statement.planWithValues }, columns };
}

/**
 * The read view of an export's `asOf` query parameter: the live rows when absent, else the rows as they stood at
 * that RFC 3339 moment (the same values as GraphQL's `asOf: DateTime`), or BAD_USER_INPUT.
 */
export function parseExportAsOf(text: string | null | undefined): ReadView {
  if (text === null || text === undefined || text === '') return LIVE;
  let at: Date;
  try {
    at = DateTimeScalar.parseValue(text) as Date;
  } catch (error) {
    throw new BadUserInputError(`asOf: ${(error as Error).message}`, { argument: 'asOf' });
  }
  return { kind: 'asOf', at };
}

/**
 * Checks and compiles an export request, its filter read as `schema` (the API's) reads a `$filter` variable. An
 * unknown collection: NOT_FOUND; an unknown format or a bad filter: BAD_USER_INPUT.
 */
export function prepareExport(
  schema: GraphQLSchema,
  collection: string,
  format: string,
  filterText?: string | null,
  maxFilterNodes = DEFAULT_MAX_FILTER_NODES,
  asOfText?: string | null,
): PreparedExport {
  const spec = Object.prototype.hasOwnProperty.call(EXPORT_COLLECTIONS, collection) ? EXPORT_COLLECTIONS[collection] : undefined;
  if (!spec) throw new NotFoundError(`unknown collection "${collection}"; exports are ${Object.keys(EXPORT_COLLECTIONS).join(', ')}`);
  if (!EXPORT_FORMATS.includes(format as ExportFormat))
    throw new BadUserInputError(`unknown format "${format}"; formats are ${EXPORT_FORMATS.join(', ')}`);
  const filter = parseExportFilter(schema, spec, filterText, maxFilterNodes);
  const { query, columns } = compileExportQuery(spec, filter, parseExportAsOf(asOfText));
  return { collection, format: format as ExportFormat, columns, query, fileName: `${collection}.${format}` };
}

/** The `pg` pool under a TypeORM data source (as the API's SQL runner reaches it). */
export function poolOf(dataSource: DataSource): Pool {
  return (dataSource.driver as unknown as { master: Pool }).master;
}

/** Rows are fetched from PostgreSQL this many at a time (a cursor), and text is handed on in pieces of about this size. */
const BATCH_ROWS = 500;
const PIECE_CHARS = 64 * 1024;

/**
 * The export's text, streamed: one connection, one statement read through a cursor (a consistent snapshot), rows
 * encoded as they come and handed on in pieces of about 64 KB; the whole table is never in memory. The first piece
 * comes only after the first rows did, so a failing statement fails before anything is written. Stopping early
 * (`return()`, a closed response) closes the cursor and discards the connection.
 */
export async function* exportText(pool: Pool, prepared: PreparedExport, log?: (sql: string, params: unknown[]) => void): AsyncGenerator<string> {
  const encoder = rowEncoder(prepared.format, prepared.columns);
  const client: PoolClient = await pool.connect();
  let clean = false;
  try {
    log?.(prepared.query.sql, prepared.query.params);
    const stream = client.query(new QueryStream(prepared.query.sql, prepared.query.params, { batchSize: BATCH_ROWS }));
    let piece = encoder.start();
    for await (const row of stream as AsyncIterable<Record<string, unknown>>) {
      piece += encoder.row(row);
      if (piece.length >= PIECE_CHARS) {
        yield piece;
        piece = '';
      }
    }
    clean = true;
    yield piece + encoder.end();
  } finally {
    // A cursor left open mid-read would hold the connection's state: such a connection is closed, not reused.
    client.release(clean ? undefined : true);
  }
}
