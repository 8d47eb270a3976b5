import { compilerFragments } from './compiler-fragments';
import { Fragment, sql } from '../shared/sql/sql';
import type { TableName } from '../shared/list-query/collection-spec';

// The statements of the top-level `search`, shared by its resolver (src/domain/search) and by the read plan's JSON
// path (json.ts), so that both rank, order and cut highlights the same way. Here, below the domain, so that the read
// plan does not import upward; a hit's kind is the value of the GraphQL enum SearchHitKind.

/** A kind of search hit: `SearchHitKind`'s values. */
export type SearchKind = 'AGREEMENT' | 'COMMITMENT' | 'CONSTRAINT' | 'PROVISION';

// Search reads the live rows; the table names come from a live read like every other statement's.
const live = compilerFragments();

/**
 * The searchable tables: their vector, the text a highlight is cut from, and which rows count (provisions: the
 * leaves, whose words their containers repeat).
 */
const TARGETS: { kind: SearchKind; table: TableName; text: Fragment; where?: Fragment }[] = [
  {
    kind: 'AGREEMENT',
    table: 'agreement',
    text: sql`coalesce(t.title, '') || ' — ' || t.short_title || '. ' || coalesce(t.summary, '')`,
  },
  { kind: 'COMMITMENT', table: 'commitment', text: sql`t.summary || ' — "' || t.quote || '"'` },
  { kind: 'CONSTRAINT', table: 'agreement_constraint', text: sql`t.summary || ' — "' || t.quote || '"'` },
  {
    kind: 'PROVISION',
    table: 'provision',
    text: sql`(SELECT substr(x.content, t.start_offset + 1, t.end_offset - t.start_offset) FROM ${live.table('agreement_text')} x WHERE x.id = t.text_id)`,
    where: sql`t.leaf`,
  },
];

const HEADLINE_OPTIONS = sql.literal('StartSel=<mark>, StopSel=</mark>, MaxWords=35, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "');

/** Every match of the query `q.query` (in scope as the CTE of {@link searchQueryCte}): `kind`, `id`, `rank`. */
export const SEARCH_MATCHES = sql.join(
  TARGETS.map(
    ({ kind, table, where }) =>
      sql`SELECT ${sql.literal(kind)}::text AS kind, t.id, ts_rank(t.search_vector, q.query) AS rank FROM ${live.table(table)} t, q WHERE t.search_vector @@ q.query${where ? sql` AND ${where}` : sql.empty}`,
  ),
  ' UNION ALL ',
);

/** The query text as a tsquery, in a CTE `q`. Which rows match and how they rank depend on it: planned with it. */
export const searchQueryCte = (query: string): Fragment =>
  sql.planWithValues(sql`WITH q AS (SELECT websearch_to_tsquery('english', ${sql.value(query)}) AS query)`);

/** The order of hits (most relevant first, then by kind and id: a total order), on the columns of `alias`. */
export const searchOrder = (alias: string): Fragment => sql.raw(`${alias}.rank DESC, ${alias}.kind, ${alias}.id`);

/** One page of the matches, ranked, as the CTE `page` (after {@link searchQueryCte}). */
export const searchPageCte = (offset: number, limit: number): Fragment =>
  sql`page AS (SELECT * FROM (${SEARCH_MATCHES}) hits ORDER BY rank DESC, kind, id OFFSET ${sql.value(offset)} LIMIT ${sql.value(limit)})`;

/** The highlighted passage of the hit aliased `hit` (columns `kind`, `id`), `q` in scope. */
export function searchHighlight(hit: Fragment): Fragment {
  const cases = sql.join(
    TARGETS.map(
      ({ kind, table, text }) =>
        sql`WHEN ${sql.literal(kind)} THEN (SELECT ts_headline('english', ${text}, q.query, ${HEADLINE_OPTIONS}) FROM ${live.table(table)} t WHERE t.id = ${hit}.id)`,
    ),
    ' ',
  );
  return sql`CASE ${hit}.kind ${cases} END`;
}

/** Ranks every match, keeps one page, and only then cuts highlights (ts_headline is the expensive part). */
export function searchPageSql(query: string, offset: number, limit: number): Fragment {
  return sql`${searchQueryCte(query)}, ${searchPageCte(offset, limit)} SELECT page.kind, page.id, page.rank, ${searchHighlight(sql`page`)} AS highlight FROM page, q ORDER BY ${searchOrder('page')}`;
}

/** How many rows match the query. */
export function searchCountSql(query: string): Fragment {
  return sql`${searchQueryCte(query)} SELECT count(*)::int AS count FROM (${SEARCH_MATCHES}) hits`;
}
