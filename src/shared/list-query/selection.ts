import {
  FieldNode,
  getArgumentValues,
  getNamedType,
  GraphQLCompositeType,
  GraphQLResolveInfo,
  isCompositeType,
  isInterfaceType,
  isObjectType,
  Kind,
  SelectionSetNode,
} from 'graphql';

/** One field as the client selected it: its name, its arguments (coerced, variables applied) and what is below it. */
export interface FieldSelection {
  name: string;
  /** Where the field stands in the document (see {@link fieldPosition}): what names its columns in SQL. */
  position: string | undefined;
  args: Record<string, unknown>;
  selection: Selection;
}

/**
 * The fields selected under a field (fragments folded in). It lets a query fetch, in the same statement, the
 * relations and nested connections the client asked for on its rows.
 */
export interface Selection {
  /** By field name, every occurrence merged: what columns and relations are needed. */
  fields: Map<string, Selection>;
  /** By response key (alias or name), with arguments: nested connections, which differ by their arguments. */
  byResponseKey: Map<string, FieldSelection>;
}

export const EMPTY_SELECTION: Selection = { fields: new Map(), byResponseKey: new Map() };

/** What a resolver knows of the query: enough to see what is selected below it. */
export type ResolveInfo = Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments' | 'returnType' | 'schema' | 'variableValues' | 'path'>;

const newSelection = (): Selection => ({ fields: new Map(), byResponseKey: new Map() });

function collect(set: SelectionSetNode | undefined, type: GraphQLCompositeType | undefined, info: ResolveInfo, into: Selection): void {
  for (const node of set?.selections ?? []) {
    if (node.kind === Kind.FIELD) {
      const name = node.name.value;
      const definition = type && (isObjectType(type) || isInterfaceType(type)) ? type.getFields()[name] : undefined;
      const below = definition ? getNamedType(definition.type) : undefined;
      const belowType = below && isCompositeType(below) ? below : undefined;
      let merged = into.fields.get(name);
      if (!merged) into.fields.set(name, (merged = newSelection()));
      collect(node.selectionSet, belowType, info, merged);
      const key = node.alias?.value ?? name;
      let own = into.byResponseKey.get(key);
      if (!own) {
        const args = definition ? getArgumentValues(definition, node as FieldNode, info.variableValues) : {};
        into.byResponseKey.set(key, (own = { name, position: fieldPosition(node), args, selection: newSelection() }));
      }
      collect(node.selectionSet, belowType, info, own.selection);
    } else if (node.kind === Kind.INLINE_FRAGMENT) {
      const condition = node.typeCondition ? (info.schema.getType(node.typeCondition.name.value) as GraphQLCompositeType) : type;
      collect(node.selectionSet, condition, info, into);
    } else {
      const fragment = info.fragments[node.name.value];
      collect(fragment?.selectionSet, fragment ? (info.schema.getType(fragment.typeCondition.name.value) as GraphQLCompositeType) : type, info, into);
    }
  }
}

/**
 * A short name for a selected field, from its position in the document (the offset of its first occurrence), for the
 * SQL columns that carry its data: never the client's alias, which PostgreSQL would cut at 63 bytes. The statement
 * (which collects the field) and the field's resolver (which is given the same node first) compute the same name.
 * Undefined for a document parsed without locations: such a field is then not embedded in its parent's statement.
 *
 * @example fieldPosition(parse('{ a { veryLongAlias: commitments { totalCount } } }') field node) // => 'f6'
 */
export function fieldPosition(node: FieldNode): string | undefined {
  return node.loc ? `f${node.loc.start}` : undefined;
}

/** The selection under the field being resolved. */
export function selectionOf(info: ResolveInfo): Selection {
  const selection = newSelection();
  const type = getNamedType(info.returnType) as GraphQLCompositeType;
  for (const node of info.fieldNodes) collect(node.selectionSet, type, info, selection);
  return selection;
}

function mergeInto(from: Selection | undefined, into: Selection): void {
  for (const [name, child] of from?.fields ?? []) {
    let existing = into.fields.get(name);
    if (!existing) into.fields.set(name, (existing = newSelection()));
    mergeInto(child, existing);
  }
  for (const [key, field] of from?.byResponseKey ?? []) if (!into.byResponseKey.has(key)) into.byResponseKey.set(key, field);
}

/** One selection holding every field of `selections` (missing ones skipped); the first occurrence of a response key wins. */
export function mergeSelections(...selections: (Selection | undefined)[]): Selection {
  const merged = newSelection();
  selections.forEach((selection) => mergeInto(selection, merged));
  return merged;
}

/**
 * The selection at a path of field names below `selection` (`at(s, 'rows', 'cells', 'agreement')`), or undefined
 * when the client did not select it.
 */
export function selectionAt(selection: Selection, ...path: string[]): Selection | undefined {
  let current: Selection | undefined = selection;
  for (const name of path) current = current?.fields.get(name);
  return current;
}

/** The selection on the rows of a connection whose own selection is `connection`: `nodes` and `edges.node` merged. */
export function rowsOfConnection(connection: Selection): Selection {
  return mergeSelections(connection.fields.get('nodes'), connection.fields.get('edges')?.fields.get('node'));
}

/** The selection on the rows of the connection being resolved. */
export function rowSelectionOf(info: ResolveInfo): Selection {
  return rowsOfConnection(selectionOf(info));
}
