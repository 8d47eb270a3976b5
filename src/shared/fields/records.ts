import { z } from 'zod';
import { curatedFields, Field, FieldRegistry, NamedField } from './fields';

type CuratedKeys<F extends FieldRegistry> = { [K in keyof F]: F[K] extends Field<any, true, any> ? K : never }[keyof F];

/** The seed schema's entries of a registry's curated fields, as `z.strictObject` takes them. */
export type SeedShape<F extends FieldRegistry> = {
  [K in CuratedKeys<F> as F[K] extends { record: infer R extends string } ? R : K]: F[K] extends Field<infer T, true, infer N>
    ? N extends true
      ? z.ZodOptional<z.ZodNullable<z.ZodType<T>>>
      : z.ZodType<T>
    : never;
};

/**
 * The seed format's entries for the curated fields (a nullable one may be null or left out): spread into the
 * record's `z.strictObject`, so seed files, imports and mutations validate a declared field the same way.
 */
export function seedShape<F extends FieldRegistry>(registry: F): SeedShape<F> {
  return Object.fromEntries(curatedFields(registry).map((f) => [f.record, f.nullable ? f.seed.nullable().optional() : f.seed])) as SeedShape<F>;
}

/** The PostgreSQL type a value is cast to when written (an enum's own type). */
function sqlType(field: NamedField): string {
  switch (field.type) {
    case 'enum':
      return field.enum!.pgType;
    case 'decimal':
      return 'numeric';
    case 'datetime':
      return 'timestamptz';
    case 'id':
    case 'int':
      return 'integer';
    default:
      return field.type;
  }
}

/** The columns the record writer upserts for the curated fields: `{ quoteTranslation: ['quote_translation', 'text'] }`. */
export function writtenColumns(registry: FieldRegistry): Record<string, [string, string]> {
  return Object.fromEntries(curatedFields(registry).map((f) => [f.record, [f.column, sqlType(f)]]));
}

/** The values of the curated fields in a record, NULL where the record leaves one out. */
export function writtenValues(registry: FieldRegistry, record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(curatedFields(registry).map((f) => [f.record, record[f.record] ?? null]));
}

/**
 * The `json_build_object` arguments that read the curated fields of the row aliased `alias` back into the seed
 * format (`'quoteTranslation', c.quote_translation, ...`): what an update merges its input into, so a declared
 * field is never lost by an update that does not name it.
 */
export function recordJsonPairs(registry: FieldRegistry, alias: string): string {
  return curatedFields(registry)
    .map((f) => `'${f.record}', ${alias}.${f.column}${f.type === 'decimal' ? '::text' : ''}`)
    .join(', ');
}
