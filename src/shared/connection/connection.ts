import { ClassType, Field, Int, ObjectType } from 'type-graphql';
import { CompiledPage } from '../list-query/list-query';
import { encodeCursor, sortKeyColumn } from '../list-query/keyset';

@ObjectType({ simpleResolvers: true, description: 'Relay page information.' })
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field()
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true })
  startCursor!: string | null;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

/** The rows of one page, as edges and nodes, with its page information. */
export interface Page<T> {
  edges: { cursor: string; node: T }[];
  nodes: T[];
  pageInfo: PageInfo;
}

/**
 * A connection as the connection types resolve it. Every field is a getter that starts its query only when the
 * field is selected: `{ totalCount }` alone costs one count and no page, `{ nodes }` alone no count.
 */
export interface Connection<T> {
  readonly edges: Promise<Page<T>['edges']>;
  readonly nodes: Promise<T[]>;
  readonly pageInfo: Promise<PageInfo>;
  readonly totalCount: Promise<number>;
}

/** Builds a {@link Connection} whose page and count load on first use, each at most once. */
export function lazyConnection<T>(loadPage: () => Promise<Page<T>>, count: () => Promise<number>): Connection<T> {
  let page: Promise<Page<T>> | undefined;
  let total: Promise<number> | undefined;
  const rows = () => (page ??= loadPage());
  return {
    get edges() {
      return rows().then((p) => p.edges);
    },
    get nodes() {
      return rows().then((p) => p.nodes);
    },
    get pageInfo() {
      return rows().then((p) => p.pageInfo);
    },
    get totalCount() {
      return (total ??= count());
    },
  };
}

/** Declares the `XConnection` and `XEdge` GraphQL types of a node type. */
export function connectionType<T extends object>(node: ClassType<T>, name = node.name) {
  @ObjectType(`${name}Edge`, { simpleResolvers: true })
  class Edge {
    @Field({ description: 'Opaque cursor of this row, for after/before.' })
    cursor!: string;

    @Field(() => node)
    node!: T;
  }

  @ObjectType(`${name}Connection`, { simpleResolvers: true, description: `A page of ${name} rows (Relay cursor connection).` })
  class ConnectionType {
    @Field(() => [Edge])
    edges!: Edge[];

    @Field(() => [node])
    nodes!: T[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int, { description: 'Rows matching the filter, across all pages. Computed only when asked for.' })
    totalCount!: number;
  }
  return ConnectionType;
}

/** Turns the rows of a compiled page query (one row more than the page, in query order) into a page. */
export function toPage<T>(page: CompiledPage, rows: Record<string, unknown>[], mapRow: (row: Record<string, unknown>) => T): Page<T> {
  const { window, keys } = page;
  const hasMore = rows.length > window.size;
  const pageRows = hasMore ? rows.slice(0, window.size) : rows;
  if (window.fromEnd) pageRows.reverse();
  const edges = pageRows.map((row) => ({
    cursor: encodeCursor({ collection: page.collection, order: page.order, values: keys.map((_, i) => row[sortKeyColumn(i)] ?? null) }),
    node: mapRow(row),
  }));
  return {
    edges,
    nodes: edges.map((edge) => edge.node),
    pageInfo: {
      hasNextPage: window.fromEnd ? window.before !== undefined : hasMore,
      hasPreviousPage: window.fromEnd ? hasMore : window.after !== undefined,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges[edges.length - 1]?.cursor ?? null,
    },
  };
}
