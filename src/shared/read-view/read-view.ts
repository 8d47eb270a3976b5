import { FieldNode, getArgumentValues, GraphQLResolveInfo, Kind, SelectionSetNode } from 'graphql';
import type { TableName } from '../list-query/collection-spec';
import { Fragment, sql } from '../sql/sql';

/**
 * What a statement reads: the live rows (not soft-deleted), or every table as it stood at a moment, rebuilt from
 * the history (`as_of` in the CurationHistory migration). A read view is a change of context, not of the SQL the
 * compiler writes: every table name goes through {@link tableSql}.
 */
export type ReadView = { kind: 'live' } | { kind: 'asOf'; at: Date };

export const LIVE: ReadView = { kind: 'live' };

/** Tables whose rows can be soft-deleted; their live rows are in the `live` schema's views of the same name. */
const SOFT_DELETED: ReadonlySet<TableName> = new Set([
  'agreement',
  'commitment',
  'agreement_constraint',
  'actor',
  'source',
  'mechanism',
  'cooperation_domain',
]);

/**
 * The value node of a view's moment (`$n::timestamptz`): a statement makes it once and passes it to every
 * {@link tableSql}, so the moment is bound once however many tables read it.
 */
export function momentOf(view: ReadView): Fragment | undefined {
  return view.kind === 'asOf' ? sql.value(view.at.toISOString(), 'timestamptz') : undefined;
}

/**
 * The FROM item standing for `table` under `view`; as of a moment, the moment's value node (see {@link momentOf}).
 *
 * @example tableSql('commitment', LIVE) // => live.commitment
 * @example tableSql('commitment', view, momentOf(view)) // => as_of(NULL::commitment, $1::timestamptz) once rendered
 */
export function tableSql(table: TableName, view: ReadView, moment = momentOf(view)): Fragment {
  if (view.kind === 'live' || moment === undefined) return sql.raw(SOFT_DELETED.has(table) ? `live.${table}` : table);
  if (table === 'history') return sql`(SELECT * FROM history WHERE changed_at <= ${moment})`;
  // A text's words never change once attached, and its provisions are computed from them: as of a moment, they are
  // the texts declared by then and the provisions of those attached by then (the history leaves the words out, so
  // texts are not rebuilt from it; a reference flag moved since reads as it is now).
  if (table === 'agreement_text') return sql`(SELECT * FROM agreement_text WHERE created_at <= ${moment})`;
  // Shingles are computed from the words with the provisions: those of a provision not there then are never reached.
  if (table === 'provision_shingle') return sql.raw(table);
  if (table === 'provision') return sql`(SELECT p.* FROM provision p JOIN agreement_text x ON x.id = p.text_id WHERE x.attached_at <= ${moment})`;
  return sql`as_of(NULL::${sql.raw(table)}, ${moment})`;
}

/** The description of every `asOf` argument. */
export const AS_OF_DESCRIPTION =
  'Read the data as it stood at this moment (RFC 3339), from the history: rows since deleted are there, later changes are not. Nested lists and filters read the same moment.';

/** What {@link operationReadView} reads of a resolver's info: the path to the field and the operation it is in. */
export type OperationInfo = Pick<GraphQLResolveInfo, 'path' | 'schema' | 'fragments' | 'variableValues'> &
  Partial<Pick<GraphQLResolveInfo, 'operation'>>;

/** The response key of the top-level field a path is under (`a` for `a.nodes.0.commitments`). */
function rootKeyOf(path: GraphQLResolveInfo['path']): string {
  let step = path;
  while (step.prev) step = step.prev;
  return String(step.key);
}

/** The first field of `set` (fragments folded in) answering under `key`: every one has the same arguments. */
function fieldByKey(set: SelectionSetNode, key: string, fragments: OperationInfo['fragments']): FieldNode | undefined {
  for (const node of set.selections) {
    if (node.kind === Kind.FIELD) {
      if ((node.alias?.value ?? node.name.value) === key) return node;
      continue;
    }
    const inner = node.kind === Kind.INLINE_FRAGMENT ? node.selectionSet : fragments[node.name.value]?.selectionSet;
    const found = inner && fieldByKey(inner, key, fragments);
    if (found) return found;
  }
  return undefined;
}

/**
 * The read view of the operation at a field: that of the top-level field it is under, from that field's `asOf`
 * argument (LIVE without one). Everything below a top-level field reads the moment it names, so a resolver that
 * cannot find its rows in its parent's statement (the batched fallback of a nested list or relation) reads the same
 * moment as the statement that read its parent, however that parent was read. LIVE when the operation is unknown.
 */
export function operationReadView(info: OperationInfo): ReadView {
  const operation = info.operation;
  if (!operation) return LIVE;
  const node = fieldByKey(operation.selectionSet, rootKeyOf(info.path), info.fragments);
  const definition = node && info.schema.getRootType(operation.operation)?.getFields()[node.name.value];
  if (!node || !definition?.args.some((arg) => arg.name === 'asOf')) return LIVE;
  const { asOf } = getArgumentValues(definition, node, info.variableValues);
  return asOf instanceof Date ? { kind: 'asOf', at: asOf } : LIVE;
}
