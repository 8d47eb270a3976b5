import { FieldNode, FragmentDefinitionNode, GraphQLResolveInfo, Kind, SelectionSetNode } from 'graphql';

/**
 * The fields selected under a field, as a tree of field names (aliases and fragments folded in). It lets a list
 * query fetch, in the same statement, the relations the client asked for on its rows.
 */
export interface Selection {
  fields: Map<string, Selection>;
}

export const EMPTY_SELECTION: Selection = { fields: new Map() };

function collect(set: SelectionSetNode | undefined, fragments: Record<string, FragmentDefinitionNode>, into: Selection): void {
  for (const node of set?.selections ?? []) {
    if (node.kind === Kind.FIELD) {
      const name = node.name.value;
      let child = into.fields.get(name);
      if (!child) {
        child = { fields: new Map() };
        into.fields.set(name, child);
      }
      collect(node.selectionSet, fragments, child);
    } else if (node.kind === Kind.INLINE_FRAGMENT) {
      collect(node.selectionSet, fragments, into);
    } else {
      collect(fragments[node.name.value]?.selectionSet, fragments, into);
    }
  }
}

/** The selection under the field being resolved. */
export function selectionOf(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>): Selection {
  const selection: Selection = { fields: new Map() };
  for (const node of info.fieldNodes as readonly FieldNode[]) collect(node.selectionSet, info.fragments, selection);
  return selection;
}

/** The selection on the rows of a connection: `nodes { ... }` and `edges { node { ... } }` merged. */
export function rowSelectionOf(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>): Selection {
  const connection = selectionOf(info);
  const rows: Selection = { fields: new Map() };
  const merge = (from: Selection | undefined, into: Selection) => {
    for (const [name, child] of from?.fields ?? []) {
      const existing = into.fields.get(name);
      if (existing) merge(child, existing);
      else into.fields.set(name, child);
    }
  };
  merge(connection.fields.get('nodes'), rows);
  merge(connection.fields.get('edges')?.fields.get('node'), rows);
  return rows;
}
