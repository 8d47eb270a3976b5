import { CollectionSpec, CompileContext, CustomFieldSpec, ScalarFieldSpec } from './collection-spec';
import { compileFilter, compileScalarFilter } from './compile-filter';
import { Fragment, sql } from '../sql/sql';

/**
 * A filter field that matches rows having at least one related row of `related()` that matches a nested filter,
 * compiled as an EXISTS sub-query. `link(inner, outer)` joins the related row to the filtered one.
 * (`related` is a function because collections refer to each other: by name across modules, collection-registry.ts.)
 *
 * @example hasCommitment: hasRelated(collectionRef('Commitment'), (c, a) => sql`${c}.agreement_id = ${a}.id`)
 */
export function hasRelated(
  related: () => CollectionSpec<any>,
  link: (inner: Fragment, outer: Fragment, context: CompileContext) => Fragment,
): CustomFieldSpec {
  return {
    kind: 'custom',
    build: (value, outer, context) => {
      const spec = related();
      const inner = context.nextAlias();
      return sql`EXISTS (SELECT 1 FROM ${context.table(spec.table)} ${inner} WHERE ${link(inner, outer, context)} AND (${compileFilter(spec, value, inner, context)}))`;
    },
  };
}

/**
 * A scalar filter on a column of a related table: `partyCode: { eq: "JP" }` matches agreements with a party
 * whose code is JP. `from(inner, outer)` returns the FROM ... WHERE link part for fresh alias `inner`.
 */
export function relatedScalar(
  field: Pick<ScalarFieldSpec, 'type' | 'pgType'> & { column: string },
  from: (inner: Fragment, outer: Fragment, context: CompileContext) => Fragment,
  fieldName: string,
): CustomFieldSpec {
  return {
    kind: 'custom',
    build: (value, outer, context) => {
      const inner = context.nextAlias();
      const condition = compileScalarFilter(sql`${inner}.${sql.raw(field.column)}`, field, value as Record<string, unknown>, fieldName);
      return sql`EXISTS (SELECT 1 FROM ${from(inner, outer, context)} AND (${condition}))`;
    },
  };
}
