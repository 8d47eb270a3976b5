import type { FieldSpec, OrderSpec, ScalarFieldSpec } from '../list-query/collection-spec';
import { orderSpecs } from '../list-query/order-specs';
import { boolean, date, dateTime, decimal, enumColumn, int, text } from '../list-query/spec-helpers';
import { FieldRegistry, NamedField, namedFields } from './fields';

/** The filter and sort spec of one field's column (enum values only where `withValues`: the orders check cursors against them). */
function scalarSpec(field: NamedField, withValues: boolean): ScalarFieldSpec {
  switch (field.type) {
    case 'text':
      return text(field.column);
    case 'int':
      return int(field.column);
    case 'decimal':
      return decimal(field.column);
    case 'date':
      return date(field.column);
    case 'datetime':
      return dateTime(field.column);
    case 'boolean':
      return boolean(field.column);
    case 'id':
      return { kind: 'scalar', column: field.column, type: 'id', pgType: 'int' };
    case 'enum':
      return enumColumn(field.column, field.enum!.pgType, withValues ? field.enum!.values : undefined);
  }
}

/** The SQL a row's property is read from: decimals as text, so they reach GraphQL exact. */
const selected = (field: NamedField) => (field.type === 'decimal' ? `${field.column}::text` : field.column);

/**
 * The parts of a `CollectionSpec` a registry decides: `columns` (every field, in order: what a row can carry and what
 * an export writes), the scalar filter `fields` and the `orders`. The collection adds its relations, custom filters
 * and composite fields.
 *
 * @example const { columns, fields, orders } = specParts(commitmentFields)
 */
export function specParts(registry: FieldRegistry): {
  columns: Record<string, string>;
  fields: Record<string, FieldSpec>;
  orders: Record<string, OrderSpec>;
} {
  const all = namedFields(registry).filter((f) => f.listed);
  return {
    columns: Object.fromEntries(all.map((f) => [f.name, selected(f)])),
    fields: Object.fromEntries(all.filter((f) => f.filter).map((f) => [f.name, scalarSpec(f, false)])),
    orders: orderSpecs(Object.fromEntries(all.filter((f) => f.order).map((f) => [f.name, scalarSpec(f, true)]))),
  };
}
