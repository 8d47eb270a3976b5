import {
  FieldNode,
  getArgumentValues,
  getDirectiveValues,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  getNamedType,
  getNullableType,
  GraphQLField,
  GraphQLObjectType,
  GraphQLSchema,
  isEnumType,
  isListType,
  isObjectType,
  isScalarType,
  Kind,
  OperationDefinitionNode,
  FragmentDefinitionNode,
  InlineFragmentNode,
  isUnionType,
  SelectionNode,
  SelectionSetNode,
} from 'graphql';
import { CollectionSpec, ConnectionRelation, RowRelation } from '../shared/list-query/collection-spec';
import { CheckedListArgs, checkListArgs } from '../shared/list-query/check-args';
import { ListArgs, viewOf } from '../shared/list-query/list-query';
import { parseId } from '../shared/connection/ids';
import { BadUserInputError } from '../shared/errors/errors';
import { AnalysisPlan, isAnalysisRoot, planAnalysis } from './analysis';
import { LIVE, ReadView } from '../shared/read-view/read-view';
import { decodeOffsetCursor } from '../shared/list-query/keyset';
import { resolvePageWindow } from '../shared/list-query/pagination';
import { compositeOf, CompositeRule, rootListOf, rootRowOf, SEARCH_HIT_KINDS, specOf } from './coverage';

// A read plan is what a query document asks for, checked, before any SQL: per field its collection, its CHECKED
// arguments, the columns it reads, its children, and (at the top) the read view, which is a required field rather
// than an ambient default. json.ts compiles a plan into one statement that returns the response's `data` as JSON.
// What the plan does not cover (a field with its own resolver, a type whose values Node computes, a directive other
// than @skip and @include, a cursor to write, an argument that fails its check) makes the planner give up: the
// request then goes the current way, which also reports the errors.

/** How a scalar is written in the response, as GraphQL would serialise it. */
export type ScalarFormat = 'id' | 'string' | 'int' | 'boolean' | 'date' | 'decimal' | 'enum';

/** A list's arguments once checked, with the filter they were checked with. */
export interface PlannedList {
  checked: CheckedListArgs;
  filter: unknown;
  args: ListArgs;
}

export type TypenameField = { kind: 'typename'; key: string; typeName: string };
export type ScalarField = { kind: 'scalar'; key: string; property: string; format: ScalarFormat };
export type CompositeField = { kind: 'composite'; key: string; name: string; rule: CompositeRule; fields: (ScalarField | TypenameField)[] };
export type RelationField = { kind: 'relation'; key: string; name: string; relation: RowRelation; object: ObjectPlan };
export type ConnectionField = { kind: 'connection'; key: string; relation: ConnectionRelation; list: PlannedList; connection: ConnectionPlan };
export type FieldPlan = TypenameField | ScalarField | CompositeField | RelationField | ConnectionField;

/** The fields selected on rows of one collection, in selection order. */
export interface ObjectPlan {
  spec: CollectionSpec<any>;
  fields: FieldPlan[];
}

export type PageInfoField = TypenameField | { kind: 'hasNextPage' | 'hasPreviousPage' | 'startCursor' | 'endCursor'; key: string };
export type EdgeField = TypenameField | { kind: 'cursor'; key: string } | { kind: 'node'; key: string; object: ObjectPlan };
export type ConnectionFieldPlan =
  | TypenameField
  | { kind: 'nodes'; key: string; object: ObjectPlan }
  | { kind: 'edges'; key: string; fields: EdgeField[] }
  | { kind: 'totalCount'; key: string }
  | { kind: 'pageInfo'; key: string; fields: PageInfoField[] };

/** The fields selected on a connection. */
export interface ConnectionPlan {
  fields: ConnectionFieldPlan[];
}

/** A top-level field. `view` is required: every read of the plan says which moment it reads. */
export type RootPlan =
  | TypenameField
  | { kind: 'list'; key: string; spec: CollectionSpec<any>; view: ReadView; list: PlannedList; connection: ConnectionPlan }
  | {
      kind: 'row';
      key: string;
      spec: CollectionSpec<any>;
      view: ReadView;
      match: { column: string; type: 'int' | 'text'; value: number | string };
      object: ObjectPlan;
    }
  | { kind: 'analysis'; key: string; view: ReadView; analysis: AnalysisPlan }
  | SearchPlan;

/** A field of a search hit: its kind, rank, highlight, or its node (one object plan per kind of hit). */
export type HitField =
  TypenameField | { kind: 'hitKind' | 'rank' | 'highlight'; key: string } | { kind: 'hitNode'; key: string; members: Record<string, ObjectPlan> };
export type SearchEdgeField = TypenameField | { kind: 'cursor'; key: string } | { kind: 'node'; key: string; hit: HitField[] };
export type SearchConnectionField =
  | TypenameField
  | { kind: 'totalCount'; key: string }
  | { kind: 'pageInfo'; key: string; fields: PageInfoField[] }
  | { kind: 'nodes'; key: string; hit: HitField[] }
  | { kind: 'edges'; key: string; fields: SearchEdgeField[] };

/**
 * The top-level `search`: the query text, the page (an offset, checked, and a size), and the fields selected. It
 * reads the live rows, as its resolver does.
 */
export interface SearchPlan {
  kind: 'search';
  key: string;
  view: ReadView;
  query: string;
  offset: number;
  size: number;
  fields: SearchConnectionField[];
}

/** The plan of a query operation. */
export interface ReadPlan {
  fields: RootPlan[];
}

/** Thrown inside the planner when the document asks for something the plan does not cover. */
class NotCovered extends Error {}

const notCovered = (why: string): never => {
  throw new NotCovered(why);
};

/** What the planner reads of a request. */
export interface PlanRequest {
  schema: GraphQLSchema;
  operation: OperationDefinitionNode;
  fragments: Record<string, FragmentDefinitionNode>;
  /** The operation's variables, coerced (as graphql-js's getVariableValues returns them). */
  variables: Record<string, unknown>;
}

/**
 * The plan of a query, or why it is not covered (the request then runs the current way). Arguments are checked here:
 * a wrong one is "not covered", so that the current path reports it at its own path with its own code.
 */
export function planRead(request: PlanRequest): { plan: ReadPlan } | { notCovered: string } {
  try {
    if (request.operation.operation !== 'query') notCovered('not a query');
    const root = request.schema.getQueryType()!;
    const fields = selected(request, request.operation.selectionSet, root).map(({ key, node }) => planRoot(request, root, key, node));
    return { plan: { fields } };
  } catch (error) {
    if (error instanceof NotCovered) return { notCovered: error.message };
    if (error instanceof BadUserInputError) return { notCovered: `argument refused: ${error.message}` };
    throw error;
  }
}

const PAGE_INFO_FIELDS: ReadonlySet<string> = new Set(['hasNextPage', 'hasPreviousPage', 'startCursor', 'endCursor']);

/** The fields selected on a connection's `pageInfo` (a list's or the search's). */
function planPageInfo(request: PlanRequest, set: SelectionSetNode, info: GraphQLObjectType): PageInfoField[] {
  return selected(request, set, info).map(({ key, node }): PageInfoField => {
    const name = node.name.value;
    if (name === '__typename') return { kind: 'typename', key, typeName: info.name };
    if (PAGE_INFO_FIELDS.has(name)) return { kind: name as Exclude<PageInfoField['kind'], 'typename'>, key };
    return notCovered(`pageInfo.${name}`);
  });
}

/**
 * Whether a selection is in the response: `@skip` and `@include` decided with the request's variables, as GraphQL
 * decides them. Another directive is not covered (the schema declares none a query may use).
 */
function included(request: PlanRequest, node: SelectionNode): boolean {
  for (const directive of node.directives ?? []) {
    const name = directive.name.value;
    if (name !== 'skip' && name !== 'include') notCovered(`directive @${name}`);
  }
  if (getDirectiveValues(GraphQLSkipDirective, node, request.variables)?.if === true) return false;
  return getDirectiveValues(GraphQLIncludeDirective, node, request.variables)?.if !== false;
}

/**
 * The fields of a selection set in response order, fragments folded in, those `@skip` or `@include` leave out left
 * out. A response key given twice (GraphQL would merge the two) is not covered: the current path handles it.
 */
function selected(request: PlanRequest, set: SelectionSetNode, type: GraphQLObjectType): { key: string; node: FieldNode }[] {
  const out: { key: string; node: FieldNode }[] = [];
  const seen = new Set<string>();
  const walk = (selections: SelectionSetNode) => {
    for (const node of selections.selections) {
      if (!included(request, node)) continue;
      if (node.kind === Kind.FIELD) {
        const key = node.alias?.value ?? node.name.value;
        if (seen.has(key)) notCovered(`response key ${key} selected twice`);
        seen.add(key);
        out.push({ key, node });
      } else {
        const fragment = node.kind === Kind.INLINE_FRAGMENT ? node : request.fragments[node.name.value];
        if (!fragment) notCovered('unknown fragment');
        const condition = fragment!.typeCondition?.name.value;
        if (condition !== undefined && condition !== type.name) notCovered('fragment on another type');
        walk(fragment!.selectionSet);
      }
    }
  };
  walk(set);
  return out;
}

function argumentsOf(
  request: PlanRequest,
  type: GraphQLObjectType,
  node: FieldNode,
): { field: GraphQLField<unknown, unknown>; args: Record<string, unknown> } {
  const field = type.getFields()[node.name.value] ?? notCovered(`unknown field ${node.name.value}`);
  return { field, args: getArgumentValues(field, node, request.variables) };
}

function planRoot(request: PlanRequest, root: GraphQLObjectType, key: string, node: FieldNode): RootPlan {
  if (node.name.value === '__typename') return { kind: 'typename', key, typeName: root.name };
  const { field, args } = argumentsOf(request, root, node);
  const listSpec = rootListOf(node.name.value);
  if (listSpec) {
    const list = planList(listSpec, args, ['asOf']);
    const connection = cursorsWritable(list, planConnection(request, field, node, listSpec));
    return { kind: 'list', key, spec: listSpec, view: viewOf(args), list, connection };
  }
  const row = rootRowOf(node.name.value);
  if (row) {
    const unknown = Object.keys(args).filter((name) => !Object.hasOwn(row.keys, name) && !(row.asOf && name === 'asOf'));
    if (unknown.length > 0) notCovered(`argument ${unknown[0]}`);
    const given = Object.keys(row.keys).filter((name) => args[name] != null);
    if (given.length !== 1) notCovered(`exactly one of ${Object.keys(row.keys).join(' or ')}`);
    const { column, type: valueType } = row.keys[given[0]];
    const value = valueType === 'int' ? parseId(args[given[0]] as string) : String(args[given[0]]);
    const match = { column, type: valueType, value };
    const type = getNamedType(field.type) as GraphQLObjectType;
    return { kind: 'row', key, spec: row.spec, view: viewOf(args), match, object: planObject(request, type, node.selectionSet!, row.spec) };
  }
  if (isAnalysisRoot(node.name.value)) {
    const type = getNamedType(field.type);
    if (!isObjectType(type)) return notCovered(`type of ${node.name.value}`);
    const analysis = planAnalysis(node.name.value, args, type, node, {
      selected: (set, parent) => selected(request, set, parent),
      planObject: (object, set, spec) => planObject(request, object, set, spec),
      notCovered,
    });
    return { kind: 'analysis', key, view: viewOf(args as { asOf?: Date | null }), analysis };
  }
  if (node.name.value === 'search') return planSearch(request, field, node, key, args);
  return notCovered(`top-level field ${node.name.value}`);
}

const LIST_ARGUMENTS = ['first', 'last', 'after', 'before', 'filter', 'orderBy'];

/** Checks a list's arguments (BAD_USER_INPUT, caught by planRead, if one is wrong). */
function planList(spec: CollectionSpec<any>, args: Record<string, unknown>, extra: string[] = []): PlannedList {
  const unknown = Object.keys(args).filter((name) => !LIST_ARGUMENTS.includes(name) && !extra.includes(name));
  if (unknown.length > 0) notCovered(`argument ${unknown[0]}`);
  const listArgs = args as ListArgs;
  const checked = checkListArgs(spec, listArgs);
  return { checked, filter: listArgs.filter, args: listArgs };
}

function planConnection(request: PlanRequest, field: GraphQLField<unknown, unknown>, node: FieldNode, spec: CollectionSpec<any>): ConnectionPlan {
  const type = getNamedType(field.type);
  if (!isObjectType(type) || !node.selectionSet) return notCovered('connection type');
  const fields = selected(request, node.selectionSet, type).map(({ key, node: child }): ConnectionFieldPlan => {
    const name = child.name.value;
    if (name === '__typename') return { kind: 'typename', key, typeName: type.name };
    if (name === 'totalCount') return { kind: 'totalCount', key };
    if (name === 'nodes') {
      const nodeType = getNamedType(type.getFields().nodes.type) as GraphQLObjectType;
      return { kind: 'nodes', key, object: planObject(request, nodeType, child.selectionSet!, spec) };
    }
    if (name === 'pageInfo') {
      const info = getNamedType(type.getFields().pageInfo.type) as GraphQLObjectType;
      return { kind: 'pageInfo', key, fields: planPageInfo(request, child.selectionSet!, info) };
    }
    if (name === 'edges') {
      const edge = getNamedType(type.getFields().edges.type) as GraphQLObjectType;
      const edgeFields = selected(request, child.selectionSet!, edge).map(({ key: edgeKey, node: edgeNode }): EdgeField => {
        const edgeName = edgeNode.name.value;
        if (edgeName === '__typename') return { kind: 'typename', key: edgeKey, typeName: edge.name };
        if (edgeName === 'cursor') return { kind: 'cursor', key: edgeKey };
        if (edgeName === 'node') {
          const nodeType = getNamedType(edge.getFields().node.type) as GraphQLObjectType;
          return { kind: 'node', key: edgeKey, object: planObject(request, nodeType, edgeNode.selectionSet!, spec) };
        }
        return notCovered(`edge field ${edgeName}`);
      });
      return { kind: 'edges', key, fields: edgeFields };
    }
    return notCovered(`connection field ${name}`);
  });
  return { fields };
}

/**
 * The connection, if the cursors it asks for can be written in SQL as keyset.ts writes them: not when a sort key is
 * a moment (node-pg turns it into a Date, which JSON.stringify writes otherwise than PostgreSQL).
 */
function cursorsWritable(list: PlannedList, connection: ConnectionPlan): ConnectionPlan {
  const asksCursor = connection.fields.some(
    (field) =>
      (field.kind === 'edges' && field.fields.some((edge) => edge.kind === 'cursor')) ||
      (field.kind === 'pageInfo' && field.fields.some((info) => info.kind === 'startCursor' || info.kind === 'endCursor')),
  );
  if (asksCursor && list.checked.keys.some((key) => key.pgType === 'timestamptz')) notCovered('a cursor over a moment');
  return connection;
}

const SCALAR_FORMATS: Record<string, ScalarFormat> = {
  ID: 'id',
  String: 'string',
  Int: 'int',
  Boolean: 'boolean',
  Date: 'date',
  Decimal: 'decimal',
  Currency: 'string',
};

/** How a field of GraphQL type `type` is written, if the plan covers it. */
function formatOf(field: GraphQLField<unknown, unknown>): ScalarFormat {
  const type = getNullableType(field.type);
  if (isListType(type)) return notCovered(`list of scalars ${field.name}`);
  if (isEnumType(type)) return 'enum';
  if (isScalarType(type) && SCALAR_FORMATS[type.name]) return SCALAR_FORMATS[type.name];
  return notCovered(`scalar type ${String(type)} of ${field.name}`);
}

function planObject(request: PlanRequest, type: GraphQLObjectType, set: SelectionSetNode, spec: CollectionSpec<any>): ObjectPlan {
  if (spec.name !== type.name && specOf(type.name) !== spec) notCovered(`type ${type.name} is not ${spec.name}`);
  if (spec.mapRow && !compositeOf(spec)) notCovered(`rows of ${spec.name} are mapped by Node`);
  const fields = selected(request, set, type);
  if (fields.length > 50) notCovered('more than 50 fields in one object');
  return {
    spec,
    fields: fields.map(({ key, node }): FieldPlan => {
      const name = node.name.value;
      if (name === '__typename') return { kind: 'typename', key, typeName: type.name };
      const { field, args } = argumentsOf(request, type, node);
      const connection = spec.connections?.[name];
      if (connection) {
        const target = connection.target();
        const list = planList(target, args);
        return {
          kind: 'connection',
          key,
          relation: connection,
          list,
          connection: cursorsWritable(list, planConnection(request, field, node, target)),
        };
      }
      if (Object.keys(args).length > 0) notCovered(`arguments of ${type.name}.${name}`);
      const relation = spec.relations?.[name];
      if (relation) {
        const target = relation.target();
        const listed = isListType(getNullableType(field.type));
        if (listed !== (relation.cardinality === 'many')) notCovered(`${type.name}.${name} cardinality`);
        return {
          kind: 'relation',
          key,
          name,
          relation,
          object: planObject(request, getNamedType(field.type) as GraphQLObjectType, node.selectionSet!, target),
        };
      }
      const composite = spec.fieldColumns?.[name] ? compositeOf(spec)?.[name] : undefined;
      if (composite) {
        const compositeType = getNamedType(field.type) as GraphQLObjectType;
        if (compositeType.name !== composite.typeName) notCovered(`${type.name}.${name} type`);
        const parts = selected(request, node.selectionSet!, compositeType).map(({ key: partKey, node: partNode }): ScalarField | TypenameField => {
          const partName = partNode.name.value;
          if (partName === '__typename') return { kind: 'typename', key: partKey, typeName: compositeType.name };
          const property = composite.properties[partName] ?? notCovered(`${compositeType.name}.${partName}`);
          return { kind: 'scalar', key: partKey, property, format: formatOf(compositeType.getFields()[partName]) };
        });
        return { kind: 'composite', key, name, rule: composite, fields: parts };
      }
      if (spec.fieldColumns?.[name]) notCovered(`${type.name}.${name} is built by Node`);
      // A field with a resolver of its own computes its value in Node: not covered.
      if (field.resolve) notCovered(`${type.name}.${name} has a resolver`);
      if (!(name in spec.columns) && !(spec.expressions && name in spec.expressions)) notCovered(`${type.name}.${name} has no column`);
      return { kind: 'scalar', key, property: name, format: formatOf(field) };
    }),
  };
}

// The top-level `search`: a connection of hits ranked by relevance, each hit's node one of four object types (the
// union SearchResult). Its arguments are checked as its resolver checks them; the page is an offset bound to the
// query text (decodeOffsetCursor), so a forged one is refused here and the resolver reports it.

function planSearch(
  request: PlanRequest,
  field: GraphQLField<unknown, unknown>,
  node: FieldNode,
  key: string,
  args: Record<string, unknown>,
): SearchPlan {
  const unknown = Object.keys(args).filter((name) => !['query', 'first', 'after'].includes(name));
  if (unknown.length > 0) notCovered(`argument ${unknown[0]}`);
  const query = String(args.query);
  if (query.trim().length === 0) throw new BadUserInputError('query must not be empty');
  const after = (args.after as string | null | undefined) ?? undefined;
  const window = resolvePageWindow({ first: args.first as number | null | undefined, after });
  const offset = after !== undefined ? decodeOffsetCursor(after, { collection: 'Search', order: query }, 'after') : 0;
  const type = getNamedType(field.type) as GraphQLObjectType;
  const typeField = (name: string) => getNamedType(type.getFields()[name].type) as GraphQLObjectType;
  const fields = selected(request, node.selectionSet!, type).map(({ key: fieldKey, node: child }): SearchConnectionField => {
    const name = child.name.value;
    if (name === '__typename') return { kind: 'typename', key: fieldKey, typeName: type.name };
    if (name === 'totalCount') return { kind: 'totalCount', key: fieldKey };
    if (name === 'nodes') return { kind: 'nodes', key: fieldKey, hit: planHit(request, typeField('nodes'), child.selectionSet!) };
    if (name === 'pageInfo') {
      return { kind: 'pageInfo', key: fieldKey, fields: planPageInfo(request, child.selectionSet!, typeField('pageInfo')) };
    }
    if (name === 'edges') {
      const edge = typeField('edges');
      const edgeFields = selected(request, child.selectionSet!, edge).map(({ key: edgeKey, node: edgeNode }): SearchEdgeField => {
        const edgeName = edgeNode.name.value;
        if (edgeName === '__typename') return { kind: 'typename', key: edgeKey, typeName: edge.name };
        if (edgeName === 'cursor') return { kind: 'cursor', key: edgeKey };
        if (edgeName === 'node')
          return {
            kind: 'node',
            key: edgeKey,
            hit: planHit(request, getNamedType(edge.getFields().node.type) as GraphQLObjectType, edgeNode.selectionSet!),
          };
        return notCovered(`edge field ${edgeName}`);
      });
      return { kind: 'edges', key: fieldKey, fields: edgeFields };
    }
    return notCovered(`search field ${name}`);
  });
  return { kind: 'search', key, view: LIVE, query, offset, size: window.size, fields };
}

function planHit(request: PlanRequest, hit: GraphQLObjectType, set: SelectionSetNode): HitField[] {
  return selected(request, set, hit).map(({ key, node }): HitField => {
    const name = node.name.value;
    if (name === '__typename') return { kind: 'typename', key, typeName: hit.name };
    if (name === 'kind') return { kind: 'hitKind', key };
    if (name === 'rank' || name === 'highlight') return { kind: name, key };
    if (name !== 'node') return notCovered(`SearchHit.${name}`);
    const union = getNamedType(hit.getFields().node.type);
    if (!isUnionType(union)) return notCovered('search hit node type');
    const members: Record<string, ObjectPlan> = {};
    for (const [hitKind, spec] of Object.entries(SEARCH_HIT_KINDS)) {
      const member = request.schema.getType(spec.name);
      if (!isObjectType(member) || !union.getTypes().includes(member)) return notCovered(`search hit type ${spec.name}`);
      members[hitKind] = planObject(request, member, narrowSelection(node.selectionSet!, request.fragments, member.name, [union.name]), spec);
    }
    return { kind: 'hitNode', key, members };
  });
}

/**
 * The selection set of an abstract field (a union) as it applies to one of its object types `typeName`: fragments on
 * that type or on the abstract types `abstractNames` are kept (as inline fragments without a type condition, their
 * directives kept), fragments on another type are dropped, to any depth. The result is planned like an object's.
 */
export function narrowSelection(
  set: SelectionSetNode,
  fragments: Record<string, FragmentDefinitionNode>,
  typeName: string,
  abstractNames: string[],
): SelectionSetNode {
  const selections = set.selections.flatMap((node): SelectionNode[] => {
    if (node.kind === Kind.FIELD) return [node];
    const fragment = node.kind === Kind.INLINE_FRAGMENT ? node : fragments[node.name.value];
    // An unknown fragment is left for the planner, which gives up on it.
    if (!fragment) return [node];
    const condition = fragment.typeCondition?.name.value;
    if (condition !== undefined && condition !== typeName && !abstractNames.includes(condition)) return [];
    const inline: InlineFragmentNode = {
      kind: Kind.INLINE_FRAGMENT,
      directives: node.directives,
      selectionSet: narrowSelection(fragment.selectionSet, fragments, typeName, abstractNames),
    };
    return [inline];
  });
  return { kind: Kind.SELECTION_SET, selections };
}
