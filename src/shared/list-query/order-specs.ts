import { OrderSpec, ScalarFieldSpec } from './collection-spec';

/**
 * The order specs of a collection from its sortable columns, in both directions:
 * `{ signedOn: date('signed_on') }` gives `SIGNED_ON_ASC` and `SIGNED_ON_DESC`.
 */
export function orderSpecs(columns: Record<string, ScalarFieldSpec>): Record<string, OrderSpec> {
  const specs: Record<string, OrderSpec> = {};
  for (const [field, { column, type, pgType, values }] of Object.entries(columns)) {
    const constant = field.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
    const known = values ? { values } : {};
    specs[`${constant}_ASC`] = { column, type, pgType, ...known, direction: 'ASC' };
    specs[`${constant}_DESC`] = { column, type, pgType, ...known, direction: 'DESC' };
  }
  return specs;
}
