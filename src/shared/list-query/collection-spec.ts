import { SqlParams } from './sql-params';

/** How a scalar is compared and cast when bound. */
export type ScalarKind = 'string' | 'int' | 'decimal' | 'date' | 'datetime' | 'enum' | 'boolean' | 'id';

/** Every table the compiler reads. */
export type TableName =
  | 'agreement'
  | 'commitment'
  | 'agreement_constraint'
  | 'actor'
  | 'source'
  | 'mechanism'
  | 'cooperation_domain'
  | 'agreement_party'
  | 'agreement_source'
  | 'commitment_domain'
  | 'commitment_mechanism'
  | 'constraint_restriction'
  | 'commitment_source'
  | 'constraint_source'
  | 'history'
  | 'report_run'
  | 'agreement_text'
  | 'provision'
  | 'provision_note'
  | 'provision_shingle'
  | 'commitment_quote_span'
  | 'constraint_quote_span';

/**
 * What the compiler needs while it builds one query: the bound parameters, fresh table aliases, and what each table
 * name stands for in this statement (the live rows, or the rows as they stood at a moment).
 */
export interface CompileContext {
  params: SqlParams;
  /** A table alias not used elsewhere in the statement (`t3`). */
  nextAlias(): string;
  /** The FROM item that stands for `name` in this statement: every table goes through here, never a literal. */
  table(name: TableName): string;
}

/** A filter field over one column of the collection's table. */
export interface ScalarFieldSpec {
  kind: 'scalar';
  /** The column, without alias: the compiler prefixes the current alias. */
  column: string;
  type: ScalarKind;
  /** PostgreSQL type parameters are cast to (`date`, `legal_nature`, `numeric`). */
  pgType: string;
  /** The values of an enum column, where known: a cursor's value is checked against them before any SQL. */
  values?: readonly string[];
}

/**
 * A filter field that is not a plain column: a relation (EXISTS sub-query), a tree match or full-text search.
 * `build` returns a boolean SQL expression about the row aliased `alias`.
 */
export interface CustomFieldSpec {
  kind: 'custom';
  build(value: unknown, alias: string, context: CompileContext): string;
}

export type FieldSpec = ScalarFieldSpec | CustomFieldSpec;

/** One `orderBy` enum value: the column it sorts on and its direction. */
export interface OrderSpec {
  column: string;
  type: ScalarKind;
  pgType: string;
  /** The values of an enum column, where known (see ScalarFieldSpec.values). */
  values?: readonly string[];
  direction: 'ASC' | 'DESC';
}

/**
 * A relation of a row to rows of another collection (`Commitment.source`, `Commitment.domains`). Its rows are
 * fetched inside the parent's own statement as JSON when the client selects the field (see embed.ts), or else
 * batched per request.
 */
export interface RowRelation {
  /** `one`: a row or null; `many`: a list. */
  cardinality: 'one' | 'many';
  /**
   * The related collection: a function, called when a query is compiled, because collections refer to each other
   * (by name across modules: `collectionRef('Agreement')`, collection-registry.ts).
   */
  target(): CollectionSpec<any>;
  /** The parent's column the relation starts from (`id`, or a foreign key such as `source_id`) and the row property that holds it. */
  key: { column: string; property: string };
  /** `FROM ... WHERE ...` text relating the target row aliased `alias` to the key expression `key`. */
  from(alias: string, key: string, context: CompileContext): string;
  /** Order of the related rows (for `many`). */
  orderBy?(alias: string): string;
}

/**
 * A nested connection of a row (`Agreement.commitments`): the collection it pages through and how a row of it
 * relates to the parent. Its pages are fetched inside the parent's own statement when selected there (see embed.ts),
 * or else batched for all parents of a level.
 */
export interface ConnectionRelation {
  /** Unique name, e.g. `Agreement.commitments`. */
  name: string;
  target(): CollectionSpec<any>;
  /** Relates the target row aliased `alias` to the parent id expression `parent`. */
  condition(alias: string, parent: string, context: CompileContext): string;
}

/**
 * Everything the list-query compiler knows about a collection: its table, the columns it returns, the filter
 * fields it allows (the allow-list) and its orders. One spec per collection; every list of it, top-level or
 * nested, goes through the same compiler.
 */
export interface CollectionSpec<TRow = Record<string, unknown>> {
  /** GraphQL type name, for messages and cursors. */
  name: string;
  table: TableName;
  /**
   * The columns a row can carry, by the property the GraphQL type reads (`shortTitle: 'short_title'`, a cast such
   * as `'amount::text'` allowed). A query selects only those its GraphQL selection needs, and always `id`.
   */
  columns: Record<string, string>;
  /**
   * Properties computed by an SQL expression over the row aliased `alias` rather than read from one of its columns
   * (`Provision.body`, a substring of its text). Selected like columns, only when the selection needs them.
   */
  expressions?: Record<string, (alias: string) => string>;
  /** GraphQL fields built from other properties than their own name (`amount` from `amount` and `currency`). */
  fieldColumns?: Record<string, string[]>;
  /** Filter fields by their GraphQL input name. */
  fields: Record<string, FieldSpec>;
  /** Orders by their enum value (`SIGNED_ON_DESC`). */
  orders: Record<string, OrderSpec>;
  /** Order used when `orderBy` is not given. */
  defaultOrder: string[];
  /** The tsvector column searched by a filter's `search` field; absent where the type has no full-text search. */
  searchVector?: string;
  /** Turns a database row into the object the GraphQL type resolves from. */
  mapRow?(row: Record<string, unknown>): TRow;
  /** Relations of its rows, by GraphQL field name. */
  relations?: Record<string, RowRelation>;
  /** Nested connections of its rows, by GraphQL field name. */
  connections?: Record<string, ConnectionRelation>;
}
