import {
  DocumentNode,
  FieldNode,
  FragmentDefinitionNode,
  getNamedType,
  getNullableType,
  getOperationAST,
  GraphQLCompositeType,
  GraphQLField,
  GraphQLObjectType,
  GraphQLSchema,
  isAbstractType,
  isCompositeType,
  isListType,
  isObjectType,
  Kind,
  OperationDefinitionNode,
  SelectionSetNode,
  ValueNode,
} from 'graphql';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../list-query/pagination';
import { COLLECTION_SIZES, listBound } from './list-bounds';

/**
 * The node limit, as GitHub's GraphQL API computes it: the number of objects an operation can return, from its text
 * alone, before it runs.
 *
 * - A connection (a field whose type's name ends in `Connection`) returns a page of `first` or `last` objects (the
 *   default page size, 20, when neither is given; at most 250). Its page counts that many nodes for each object
 *   above it, so nested connections multiply: `agreements(first: 100) { nodes { commitments(first: 100) { nodes {
 *   summary } } } }` is 100 + 100 × 100 = 10,100 nodes. A connection whose rows are not selected (only `totalCount`
 *   or `pageInfo`) returns no nodes and counts none.
 * - A list that is not a connection counts its bound (list-bounds.ts) per parent object, or its `first` when it has
 *   one, and multiplies what is below it the same way. A bound may be the length of a list argument above it
 *   (compareAgreements has a cell per agreement of its `slugs`). The lists of a small reference collection (domains,
 *   mechanisms) nested in one another (`domains { children { children { ... } } }`) hold no more, at any level, than
 *   the collection's size for each object above the first of them: a tree does not repeat its nodes.
 * - A single object (`agreement { ... }`, `source { title }`) adds no nodes: it does not multiply anything.
 * - Fragments are expanded, `@skip`/`@include` applied, and the same field selected twice (by fragments or
 *   repetition) counted once, as execution merges it; aliases are separate fields and count separately. Below a union
 *   or an interface, the largest of its possible types counts.
 * - Variables take their value from the request, else their default.
 */
export interface NodeCountOptions {
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
}

/** One list or connection of the operation and the nodes it accounts for. */
export interface NodeContribution {
  /** Response keys from the root: `agreements.nodes.commitments`. */
  path: string;
  /** The page or list sizes multiplied down to it: `[100, 100]` (empty where a collection's size caps it). */
  factors: number[];
  nodes: number;
}

export interface NodeCount {
  /** How many nodes the operation can return (Infinity when it is too intricate to size). */
  nodes: number;
  /** The lists and connections that contribute, largest first. */
  contributions: NodeContribution[];
}

/** How many fields the count visits at most, so that a pathological document cannot keep it busy. */
const VISIT_BUDGET = 20_000;

interface Reached {
  field: FieldNode;
  /** The fragments expanded on the way to it, so that a fragment cycle ends (validation refuses them anyway). */
  via: ReadonlySet<string>;
}

interface Tally {
  nodes: number;
  contributions: NodeContribution[];
}

/** The lengths of the list arguments of the fields above, by argument name (list-bounds.ts). */
type Lengths = Readonly<Record<string, number>>;

/** Where the count stands: how many objects above, how they were reached. */
interface Place {
  /** Objects of the parent type the selection is counted for. */
  multiplier: number;
  /** Response keys from the root. */
  path: string[];
  /** The sizes multiplied to reach `multiplier`. */
  factors: number[];
  lengths: Lengths;
  /**
   * Within lists of one reference collection nested directly in one another (`domains { children { children } }`):
   * its type and the multiplier before the first of them. No level of such a chain holds more than `origin` × the
   * collection's size, since the children of distinct domains are distinct.
   */
  chain?: { type: string; origin: number };
}

class TooIntricate extends Error {}

/** A Relay connection: an object type whose name ends in `Connection`. */
export function isConnectionType(type: unknown): boolean {
  return isObjectType(type) && type.name.endsWith('Connection');
}

/** Counts the nodes `document`'s operation can return; an operation that cannot be found counts 0. */
export function countQueryNodes(schema: GraphQLSchema, document: DocumentNode, options: NodeCountOptions = {}): NodeCount {
  const operation = getOperationAST(document, options.operationName ?? undefined);
  if (!operation) return { nodes: 0, contributions: [] };
  const root = schema.getRootType(operation.operation);
  if (!root) return { nodes: 0, contributions: [] };
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const counter = new Counter(schema, operation, fragments, options.variables ?? {});
  const selections: Reached[] = [
    { field: { kind: Kind.FIELD, name: { kind: Kind.NAME, value: '' }, selectionSet: operation.selectionSet }, via: new Set() },
  ];
  try {
    const result = counter.countIn(root, selections, { multiplier: 1, path: [], factors: [], lengths: {} });
    return { nodes: result.nodes, contributions: result.contributions.sort((a, b) => b.nodes - a.nodes) };
  } catch (error) {
    if (error instanceof TooIntricate) return { nodes: Number.POSITIVE_INFINITY, contributions: [] };
    throw error;
  }
}

class Counter {
  private budget = VISIT_BUDGET;

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly operation: OperationDefinitionNode,
    private readonly fragments: Map<string, FragmentDefinitionNode>,
    private readonly variables: Record<string, unknown>,
  ) {}

  /** The nodes below the fields `parents` select, on an object or abstract type. */
  countBelow(type: GraphQLCompositeType, parents: Reached[], place: Place): Tally {
    if (!isAbstractType(type)) return this.countIn(type, parents, place);
    let largest: Tally = { nodes: 0, contributions: [] };
    for (const possible of this.schema.getPossibleTypes(type)) {
      const counted = this.countIn(possible, parents, place);
      if (counted.nodes > largest.nodes) largest = counted;
    }
    return largest;
  }

  /** The nodes below the fields `parents` select, on the object type `type`. */
  countIn(type: GraphQLObjectType, parents: Reached[], place: Place): Tally {
    const result: Tally = { nodes: 0, contributions: [] };
    const add = (part: Tally) => {
      result.nodes += part.nodes;
      result.contributions.push(...part.contributions);
    };
    for (const [key, reached] of this.collectFields(type, parents)) {
      const name = reached[0].field.name.value;
      if (name.startsWith('__')) continue;
      const definition = type.getFields()[name];
      if (!definition) continue;
      const named = getNamedType(definition.type);
      if (!isCompositeType(named)) continue;
      const path = [...place.path, key];
      const lengths = this.listLengths(reached[0].field, place.lengths);
      if (isObjectType(named) && isConnectionType(named)) {
        add(this.countConnection(named, definition, reached, { ...place, path, lengths, chain: undefined }));
      } else if (isListType(getNullableType(definition.type))) {
        const size = this.pageSize(reached[0].field, definition, listBound(type.name, name, place.lengths));
        const factors = [...place.factors, size];
        const cap = COLLECTION_SIZES[named.name];
        const origin = place.chain?.type === named.name ? place.chain.origin : place.multiplier;
        const capped = cap !== undefined && origin * cap < place.multiplier * size;
        const nodes = capped ? origin * cap : place.multiplier * size;
        add({ nodes, contributions: [{ path: path.join('.'), factors: capped ? [] : factors, nodes }] });
        const chain = cap !== undefined ? { type: named.name, origin } : undefined;
        add(this.countBelow(named, reached, { multiplier: nodes, path, factors: capped ? [nodes] : factors, lengths, chain }));
      } else {
        // A single object ends a chain: `children { parent { children } }` lists siblings again and again.
        add(this.countBelow(named, reached, { ...place, path, lengths, chain: undefined }));
      }
    }
    return result;
  }

  /** A connection's page (its list fields: `edges`, `nodes`) counts once, whichever of them are selected. */
  private countConnection(connection: GraphQLObjectType, definition: GraphQLField<unknown, unknown>, reached: Reached[], place: Place): Tally {
    const size = this.pageSize(reached[0].field, definition, DEFAULT_PAGE_SIZE);
    const pageNodes = place.multiplier * size;
    const result: Tally = { nodes: 0, contributions: [] };
    let pageSelected = false;
    for (const [key, inner] of this.collectFields(connection, reached)) {
      const innerDefinition = connection.getFields()[inner[0].field.name.value];
      if (!innerDefinition) continue;
      const named = getNamedType(innerDefinition.type);
      if (!isCompositeType(named)) continue;
      const isPage = isListType(getNullableType(innerDefinition.type));
      pageSelected ||= isPage;
      const path = [...place.path, key];
      const below = isPage
        ? this.countBelow(named, inner, { ...place, multiplier: pageNodes, path, factors: [...place.factors, size] })
        : this.countBelow(named, inner, { ...place, path });
      result.nodes += below.nodes;
      result.contributions.push(...below.contributions);
    }
    if (pageSelected) {
      result.nodes += pageNodes;
      result.contributions.push({ path: place.path.join('.'), factors: [...place.factors, size], nodes: pageNodes });
    }
    return result;
  }

  /** The lengths of the list arguments of `field` (`slugs: [...]`), over those of the fields above it. */
  private listLengths(field: FieldNode, above: Lengths): Lengths {
    let lengths = above;
    for (const argument of field.arguments ?? []) {
      const value = this.valueOf(argument.value);
      if (Array.isArray(value)) lengths = { ...lengths, [argument.name.value]: value.length };
    }
    return lengths;
  }

  /** `first` or `last` when the field takes them and one is given (clamped to 0..100), else `fallback`. */
  private pageSize(field: FieldNode, definition: GraphQLField<unknown, unknown>, fallback: number): number {
    const sizes: number[] = [];
    for (const name of ['first', 'last']) {
      if (!definition.args.some((argument) => argument.name === name)) continue;
      const node = field.arguments?.find((argument) => argument.name.value === name);
      const value = node ? this.valueOf(node.value) : undefined;
      if (value === undefined || value === null) continue;
      // A value that is not a whole number is refused when the operation runs; until then it counts as the default.
      sizes.push(typeof value === 'number' && Number.isInteger(value) ? Math.min(Math.max(value, 0), MAX_PAGE_SIZE) : fallback);
    }
    return sizes.length > 0 ? Math.max(...sizes) : fallback;
  }

  private valueOf(node: ValueNode): unknown {
    switch (node.kind) {
      case Kind.INT:
      case Kind.FLOAT:
        return Number(node.value);
      case Kind.BOOLEAN:
        return node.value;
      case Kind.NULL:
        return null;
      case Kind.LIST:
        return node.values.map((value) => this.valueOf(value));
      case Kind.VARIABLE: {
        const name = node.name.value;
        if (Object.prototype.hasOwnProperty.call(this.variables, name) && this.variables[name] !== undefined) return this.variables[name];
        const definition = this.operation.variableDefinitions?.find((d) => d.variable.name.value === name);
        return definition?.defaultValue ? this.valueOf(definition.defaultValue) : undefined;
      }
      default:
        return undefined;
    }
  }

  /** `@skip(if: true)` and `@include(if: false)` leave a selection out; anything undecidable keeps it in. */
  private included(node: {
    directives?: readonly { name: { value: string }; arguments?: readonly { name: { value: string }; value: ValueNode }[] }[];
  }): boolean {
    for (const directive of node.directives ?? []) {
      const condition = directive.arguments?.find((argument) => argument.name.value === 'if');
      const value = condition ? this.valueOf(condition.value) : undefined;
      if (directive.name.value === 'skip' && value === true) return false;
      if (directive.name.value === 'include' && value === false) return false;
    }
    return true;
  }

  private applies(typeCondition: string | undefined, type: GraphQLObjectType): boolean {
    if (typeCondition === undefined || typeCondition === type.name) return true;
    const condition = this.schema.getType(typeCondition);
    return condition !== undefined && isAbstractType(condition) && this.schema.isSubType(condition, type);
  }

  /** The fields the selection sets of `parents` select on `type`, by response key, fragments expanded. */
  private collectFields(type: GraphQLObjectType, parents: Reached[]): Map<string, Reached[]> {
    const fields = new Map<string, Reached[]>();
    const visit = (selectionSet: SelectionSetNode, via: ReadonlySet<string>) => {
      for (const selection of selectionSet.selections) {
        if (--this.budget < 0) throw new TooIntricate();
        if (!this.included(selection)) continue;
        if (selection.kind === Kind.FIELD) {
          const key = selection.alias?.value ?? selection.name.value;
          const list = fields.get(key);
          if (list) list.push({ field: selection, via });
          else fields.set(key, [{ field: selection, via }]);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          if (this.applies(selection.typeCondition?.name.value, type)) visit(selection.selectionSet, via);
        } else {
          const name = selection.name.value;
          const fragment = this.fragments.get(name);
          if (!fragment || via.has(name) || !this.applies(fragment.typeCondition.name.value, type)) continue;
          visit(fragment.selectionSet, new Set([...via, name]));
        }
      }
    };
    for (const parent of parents) {
      if (parent.field.selectionSet) visit(parent.field.selectionSet, parent.via);
    }
    return fields;
  }
}
