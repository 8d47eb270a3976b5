import type { ColumnOptions } from 'typeorm';
import { z } from 'zod';
import { decimalString, isoDate, text as nonEmptyText } from './validators';

/**
 * One declaration per field (issue 17). A collection's scalar fields are declared once, in order, in a registry
 * (`commitmentFields`); the entity columns, the GraphQL object, filter, order and input fields, the list-query
 * collection spec, the seed schema, the import and update record reader and writer and the export columns are
 * derived from it (see the other modules of this folder, and docs/FIELDS.md).
 */

/** What a field holds: decides its column type, GraphQL type, filter operators, SQL casts and default validation. */
export type FieldType = 'text' | 'enum' | 'decimal' | 'date' | 'datetime' | 'boolean' | 'int' | 'id';

/** An enum field's values (the TypeScript enum, registered with GraphQL in domain/graphql-enums.ts) and its PostgreSQL type. */
export interface EnumOf {
  values: Record<string, string>;
  pgType: string;
}

/** What a declaration may say; everything but the type has a default. */
export interface FieldOptions<T> {
  /** The column; default: the field name in snake_case (`quoteTranslation` -> `quote_translation`). */
  column?: string;
  /** Whether the column takes NULL (and the GraphQL field, the seed key may be left out). Default false. */
  nullable?: boolean;
  /** The description of the field on the GraphQL object type. */
  description?: string;
  /** Whether the object type shows the field itself (false for a column shown through a composite such as `amount`). Default true. */
  graphql?: boolean;
  /** Whether the filter input has the field. Default true. */
  filter?: boolean;
  /** Whether `orderBy` offers `<FIELD>_ASC` and `<FIELD>_DESC`. Default false. */
  order?: boolean;
  /**
   * Whether the field is curated: a key of the seed records and of the create/update input (same name), written by
   * imports and mutations, read back for updates. Default true; false for what the database or a composite fills.
   */
  curated?: boolean;
  /** The description of the field on the create/update input. */
  inputDescription?: string;
  /** The description of the field on the filter input. */
  filterDescription?: string;
  /** The key of a curated field in seed records and inputs, where it differs from the name (`expiresOn` for `statedExpiresOn`). */
  record?: string;
  /** Whether lists carry the column (the spec's columns, filters, orders and the export). Default true. */
  listed?: boolean;
  /** The seed format's validation of a value (nulls aside); default by type (non-empty trimmed text, a real date, ...). */
  seed?: z.ZodType<T>;
  /**
   * The entity column: extra TypeORM options (`{ default: 1 }`, `{ type: 'character', length: 3 }`), `index` for
   * an index on the column, `primary` for the identity key; false where the entity declares the column itself.
   */
  entity?: (Partial<ColumnOptions> & { index?: boolean; primary?: boolean }) | false;
}

/** A declared field: `T` is its value, `C` whether it is curated, `N` whether it is nullable. */
export interface Field<T = unknown, C extends boolean = boolean, N extends boolean = boolean> {
  type: FieldType;
  column?: string;
  nullable: N;
  curated: C;
  description?: string;
  graphql: boolean;
  filter: boolean;
  order: boolean;
  inputDescription?: string;
  filterDescription?: string;
  record?: string;
  listed: boolean;
  seed: z.ZodType<T>;
  enum?: EnumOf;
  entity: (Partial<ColumnOptions> & { index?: boolean; primary?: boolean }) | false;
}

/** A field with its name and column settled, as the derivations read it. */
export interface NamedField extends Field {
  name: string;
  column: string;
  /** The key in seed records and inputs. */
  record: string;
}

type Curated<O> = O extends { curated: false } ? false : true;
type Nullable<O> = O extends { nullable: true } ? true : false;
/** A declaration whose record key differs from its name carries that key in its type (the seed schema's key). */
type RecordKey<O> = O extends { record: infer R extends string } ? { record: R } : unknown;

function field<T, const O extends FieldOptions<T>>(
  type: FieldType,
  seed: z.ZodType<T>,
  options: O,
  enumOf?: EnumOf,
): Field<T, Curated<O>, Nullable<O>> & RecordKey<O> {
  return {
    type,
    column: options.column,
    nullable: (options.nullable ?? false) as Nullable<O>,
    curated: (options.curated ?? true) as Curated<O>,
    description: options.description,
    graphql: options.graphql ?? true,
    filter: options.filter ?? true,
    order: options.order ?? false,
    inputDescription: options.inputDescription,
    filterDescription: options.filterDescription,
    record: options.record,
    listed: options.listed ?? true,
    seed: options.seed ?? seed,
    enum: enumOf,
    entity: options.entity ?? {},
  } as Field<T, Curated<O>, Nullable<O>> & RecordKey<O>;
}

/** A text field. */
export const textField = <const O extends FieldOptions<string>>(options: O = {} as O) => field<string, O>('text', nonEmptyText, options);
/** An integer field. */
export const intField = <const O extends FieldOptions<number>>(options: O = {} as O) => field<number, O>('int', z.number().int(), options);
/** An exact decimal field, read and written as a string. */
export const decimalField = <const O extends FieldOptions<string>>(options: O = {} as O) => field<string, O>('decimal', decimalString, options);
/** A date field (YYYY-MM-DD). */
export const dateField = <const O extends FieldOptions<string>>(options: O = {} as O) => field<string, O>('date', isoDate, options);
/** A moment (timestamptz). */
export const dateTimeField = <const O extends FieldOptions<Date>>(options: O = {} as O) => field<Date, O>('datetime', z.date(), options);
/** A true/false field. */
export const booleanField = <const O extends FieldOptions<boolean>>(options: O = {} as O) => field<boolean, O>('boolean', z.boolean(), options);
/**
 * An id: the row's own (`idField({ entity: { primary: true } })`, the GraphQL `ID`) or a foreign key kept for the
 * relations that read it (`idField({ column: 'source_id', graphql: false, filter: false, curated: false })`).
 */
export const idField = <const O extends FieldOptions<number>>(options: O = {} as O) => field<number, O>('id', z.number().int().positive(), options);
/**
 * An enum field: `enumField(CommitmentKind, 'commitment_kind', { order: true })`. Its GraphQL filter is the one
 * `enumFilterInput` declared for the enum.
 */
export const enumField = <E extends Record<string, string>, const O extends FieldOptions<E[keyof E]>>(
  values: E,
  pgType: string,
  options: O = {} as O,
) => field<E[keyof E], O>('enum', z.enum(values) as unknown as z.ZodType<E[keyof E]>, options, { values, pgType });

/** The registry of a collection: its fields by name, in the order the API shows them. */
export type FieldRegistry = Record<string, Field<any, boolean, boolean>>;

/** The value of each field as a row carries it (NULL where nullable). */
export type RowOf<F extends FieldRegistry> = { [K in keyof F]: F[K] extends Field<infer T, any, infer N> ? (N extends true ? T | null : T) : never };

const snake = (name: string) => name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();

/** The fields of a registry with their names and columns, in declaration order. */
export function namedFields(registry: FieldRegistry): NamedField[] {
  return Object.entries(registry).map(([name, f]) => ({ ...f, name, column: f.column ?? snake(name), record: f.record ?? name }));
}

/** The fields of a registry that seed records, imports and the create/update inputs carry. */
export const curatedFields = (registry: FieldRegistry): NamedField[] => namedFields(registry).filter((f) => f.curated);

/**
 * A base class typed as the registry's row (less the properties in `omit`, which the subclass types itself), so a
 * GraphQL object class has a property for every declared field without listing them again.
 *
 * @example class CommitmentNode extends rowClass(commitmentFields, ['amount']) { amount!: Money | null }
 */
export function rowClass<F extends FieldRegistry, const K extends keyof F = never>(
  registry: F,
  omit: readonly K[] = [],
): new () => Omit<RowOf<F>, K> {
  void registry;
  void omit;
  return class {} as new () => Omit<RowOf<F>, K>;
}

/**
 * The two columns every curated record starts with: its id, and the version an update names (optimistic locking;
 * bumped by the database's triggers). Spread first into a registry: `{ ...recordIdentity(), key: ..., ... }`.
 */
export const recordIdentity = () => ({
  id: idField({ curated: false, order: true, entity: { primary: true } }),
  version: intField({
    description: 'Bumped on every change; updates name the version they expect.',
    filter: false,
    curated: false,
    entity: { default: 1 },
  }),
});
