import { Arg, Ctx, Info, Int, Query, Resolver } from 'type-graphql';
import { RequestContext } from '../../shared/context/request-context';
import { fetchRows, ResolveInfo } from '../../shared/connection/load-list';
import { CollectionSpec } from '../../shared/list-query/collection-spec';
import { EMPTY_SELECTION, rowSelectionOf, Selection } from '../../shared/list-query/selection';
import { BadUserInputError } from '../../shared/errors/errors';
import { decodeOffsetCursor, encodeCursor } from '../../shared/list-query/keyset';
import { resolvePageWindow } from '../../shared/list-query/pagination';
import { queryRows, sql } from '../../shared/sql/sql';
import { agreementCollection } from '../agreement/agreement.collection';
import { commitmentCollection } from '../commitment/commitment.collection';
import { constraintCollection } from '../constraint/constraint.collection';
import { provisionCollection } from '../provision/provision.collection';
import { SearchConnection, SearchHit, SearchHitKind } from './search.type';
import { searchCountSql, searchPageSql } from '../../read-plan/search-sql';

const COLLECTIONS: Record<SearchHitKind, CollectionSpec<any>> = {
  [SearchHitKind.AGREEMENT]: agreementCollection,
  [SearchHitKind.COMMITMENT]: commitmentCollection,
  [SearchHitKind.CONSTRAINT]: constraintCollection,
  [SearchHitKind.PROVISION]: provisionCollection,
};

/** What the client selected on the hits' nodes (`nodes { node { ... } }`, `edges { node { node { ... } } }`). */
function hitNodeSelection(info: ResolveInfo): Selection {
  const hits = rowSelectionOf(info);
  return hits.fields.get('node') ?? EMPTY_SELECTION;
}

@Resolver()
export class SearchResolver {
  @Query(() => SearchConnection, {
    description:
      'Full-text search across agreements, commitments, constraints and the leaf provisions of the agreements’ texts (web-search syntax: words, "a phrase", or, -word), most relevant first.',
  })
  async search(
    @Ctx() ctx: RequestContext,
    @Info() info: ResolveInfo,
    @Arg('query') query: string,
    @Arg('first', () => Int, { nullable: true }) first?: number | null,
    @Arg('after', () => String, { nullable: true }) after?: string | null,
  ): Promise<SearchConnection> {
    if (query.trim().length === 0) throw new BadUserInputError('query must not be empty');
    const window = resolvePageWindow({ first, after });
    // Relevance order has no stable key to seek from, so the cursor is an offset bound to the query text.
    const offset = after ? decodeOffsetCursor(after, { collection: 'Search', order: query }, 'after') : 0;
    const rows = await queryRows<{ kind: SearchHitKind; id: number; rank: number; highlight: string }>(
      ctx.sql,
      searchPageSql(query, offset, window.size + 1),
    );
    const hasNextPage = rows.length > window.size;
    const page = rows.slice(0, window.size);
    // The hits' nodes, one statement per kind present, with the relations selected on them embedded.
    const selection = hitNodeSelection(info);
    const nodes = new Map<string, object>();
    await Promise.all(
      Object.entries(COLLECTIONS).map(async ([kind, spec]) => {
        const ids = page.filter((row) => row.kind === kind).map((row) => row.id);
        if (ids.length === 0) return;
        const found = await fetchRows<{ id: number }>(ctx, spec, (t) => sql`${t}.id = ANY(${sql.value(ids, 'int[]')})`, selection);
        for (const node of found) nodes.set(`${kind}:${node.id}`, { ...node, __kind: kind });
      }),
    );
    const edges = page.map((row, index) => {
      const hit: SearchHit = {
        kind: row.kind,
        rank: row.rank,
        highlight: row.highlight,
        node: nodes.get(`${row.kind}:${row.id}`) as unknown as SearchHit['node'],
      };
      return { cursor: encodeCursor({ collection: 'Search', order: query, values: [offset + index + 1] }), node: hit };
    });
    let total: Promise<number> | undefined;
    return {
      edges,
      nodes: edges.map((edge) => edge.node),
      pageInfo: {
        hasNextPage,
        hasPreviousPage: offset > 0,
        startCursor: edges[0]?.cursor ?? null,
        endCursor: edges[edges.length - 1]?.cursor ?? null,
      },
      get totalCount() {
        total ??= queryRows<{ count: number }>(ctx.sql, searchCountSql(query)).then(([row]) => row.count);
        return total as unknown as number;
      },
    };
  }
}
