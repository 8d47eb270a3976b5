import { CollectionSpec } from './collection-spec';
import { Selection } from './selection';
import { Fragment, sql } from '../sql/sql';

/**
 * The select list of a row aliased `alias` for a GraphQL selection: `id` (cursors, relations and loaders key on
 * it), the columns of the selected fields, and the keys of the selected relations. Without a selection, every column.
 *
 * @example selectList(sourceCollection, sql`t1`, { fields: Map { 'title' => ... } }) // => t1.id AS id, t1.title AS title
 */
export function selectList(spec: CollectionSpec<any>, alias: Fragment, selection?: Selection): Fragment {
  const properties = new Set<string>();
  if ('id' in spec.columns) properties.add('id');
  if (!selection) {
    Object.keys(spec.columns).forEach((property) => properties.add(property));
  } else {
    for (const field of selection.fields.keys()) {
      const relation = spec.relations?.[field];
      if (relation) properties.add(relation.key.property);
      else if (spec.fieldColumns?.[field]) spec.fieldColumns[field].forEach((property) => properties.add(property));
      else if (field in spec.columns || (spec.expressions && field in spec.expressions)) properties.add(field);
    }
  }
  return sql.join([...properties].map((property) => sql`${propertyValue(spec, alias, property)} AS ${sql.identifier(property)}`));
}

/** The value of a row's property: its column on `alias`, or the expression computing it. */
export function propertyValue(spec: CollectionSpec<any>, alias: Fragment, property: string): Fragment {
  return spec.expressions?.[property]?.(alias) ?? sql`${alias}.${sql.raw(spec.columns[property])}`;
}
