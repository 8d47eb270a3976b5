import { CompilerFragments, compilerFragments } from '../../read-plan/compiler-fragments';
import { Fragment, render, RenderedSql, sql } from '../../shared/sql/sql';
import { objectsJson, ObjectsSql } from '../analysis/analysis.sql';

// Text reuse compares leaf provisions by their shingles (`provision_shingle`, see textShingles): the score of a
// provision A against a provision B is |A ∩ B| / |A|, the share of A's five-word shingles found in B. The shared
// shingles of every pair are found by joining the shingle rows of the provisions asked about to those of the
// candidates on the shingle (an index probe each, or one hash join): no pair sharing nothing is ever looked at.

/**
 * The shingle hits of the provisions in CTE `mine` (`id`, `agreement_id`) against the provisions allowed by
 * `candidate` (an SQL condition on alias `q`, a provision, and `m`, one of `mine`): a row per shingle of theirs
 * found in a candidate.
 */
function hitsSql(from: CompilerFragments, candidate: Fragment): Fragment {
  const shingles = from.table('provision_shingle');
  return sql`SELECT m.id, ms.shingle AS h, q.id AS match, q.agreement_id AS match_agreement FROM mine m\
 JOIN ${shingles} ms ON ms.provision_id = m.id JOIN ${shingles} qs ON qs.shingle = ms.shingle AND qs.provision_id <> m.id\
 JOIN ${from.table('provision')} q ON q.id = qs.provision_id AND ${candidate}`;
}

/**
 * `Provision.similar` for a batch of provisions: for each, the leaf provisions of other agreements (any text) that
 * hold the largest share of its shingles, at least `minScore`, the `first` best (ties: more shingles shared, then
 * id). One statement for all the provisions of a level.
 */
export function similarProvisionsSql(ids: readonly number[], first: number, minScore: number, objects: ObjectsSql): RenderedSql {
  const from = compilerFragments();
  const statement = sql`WITH mine AS (SELECT p.id, p.agreement_id, p.shingle_count FROM ${from.table('provision')} p WHERE p.id = ANY(${sql.value(ids, 'int[]')}) AND p.shingle_count > 0),\
 hits AS (${hitsSql(from, sql`q.agreement_id <> m.agreement_id`)}),\
 pairs AS (SELECT hits.id, hits.match, count(*)::int AS shared, count(*)::float8 / m.shingle_count AS score\
 FROM hits JOIN mine m ON m.id = hits.id GROUP BY hits.id, hits.match, m.shingle_count),\
 ranked AS (SELECT *, row_number() OVER (PARTITION BY id ORDER BY shared DESC, match) AS rank FROM pairs WHERE score >= ${sql.value(minScore, 'float8')}),\
 kept AS (SELECT * FROM ranked WHERE rank <= ${sql.value(first, 'int')})\
 SELECT json_build_object('results', (SELECT coalesce(json_agg(json_build_array(id, match, score, shared) ORDER BY id, rank), '[]'::json) FROM kept),\
 'objects', ${objectsJson(objects, from, { provisions: sql`ARRAY(SELECT match FROM kept)` })}) AS result`;
  return render(statement);
}

/**
 * `textReuse`: the leaf provisions of an agreement's reference text, each with its closest match among the leaf
 * provisions of the reference texts of agreements signed strictly earlier (`signed_on <`; an agreement without a
 * date has none earlier and is earlier than none), the share of its shingles found anywhere in those, and per
 * earlier agreement the provisions whose closest match (scoring at least `minScore`) is there and the share of the
 * text's characters they make up, each weighted by its score. Ties between matches go to the agreement signed
 * first, then to the lower id. One statement.
 */
export function textReuseSql(slug: string, minScore: number, objects: ObjectsSql): RenderedSql {
  const from = compilerFragments();
  const statement = sql`WITH ${textReuseCtes(from, slug, minScore)}\
 SELECT json_build_object('found', EXISTS (SELECT 1 FROM here), 'agreement', (SELECT id FROM here),\
 'provisions', (SELECT coalesce(json_agg(json_build_array(id, match, score, reused, chars, shingles) ORDER BY id), '[]'::json) FROM rows),\
 'from', (SELECT coalesce(json_agg(json_build_array(agreement, provisions, share, chars) ORDER BY share DESC, signed_on, agreement), '[]'::json) FROM sources),\
 'chars', (SELECT chars FROM total),\
 'objects', ${objectsJson(objects, from, {
   agreements: sql`ARRAY(SELECT id FROM here UNION SELECT agreement FROM sources)`,
   provisions: sql`ARRAY(SELECT id FROM rows UNION SELECT match FROM rows WHERE match IS NOT NULL)`,
 })}) AS result`;
  return render(statement);
}

/**
 * The CTEs of `textReuse` (after `WITH`; see textReuseSql): `here` (the agreement of `slug`), `rows` (its leaf
 * provisions: `id`, `match`, `match_agreement`, `score`, `reused`, `chars`, `shingles`), `total` (their `chars`) and
 * `sources` (per earlier agreement: `agreement`, `provisions`, `chars`, `share`, `signed_on`).
 */
export function textReuseCtes(from: CompilerFragments, slug: string, minScore: number): Fragment {
  const minParam = sql.value(minScore, 'float8');
  const agreements = from.table('agreement');
  const texts = from.table('agreement_text');
  return sql`here AS (SELECT a.id, a.signed_on FROM ${agreements} a WHERE a.slug = ${sql.value(slug, 'text')}),\
 earlier AS (SELECT a.id, a.signed_on FROM ${agreements} a JOIN here ON a.signed_on < here.signed_on),\
 earlier_texts AS (SELECT x.id FROM ${texts} x JOIN earlier e ON e.id = x.agreement_id WHERE x.reference),\
 mine AS (SELECT p.id, p.agreement_id, p.shingle_count, p.end_offset - p.start_offset AS chars FROM ${from.table('provision')} p\
 JOIN ${texts} x ON x.id = p.text_id AND x.reference JOIN here ON here.id = x.agreement_id WHERE p.leaf),\
 hits AS (${hitsSql(from, sql`q.text_id IN (SELECT id FROM earlier_texts)`)}),\
 best AS (SELECT DISTINCT ON (hits.id) hits.id, hits.match, hits.match_agreement, count(*)::float8 / m.shingle_count AS score\
 FROM hits JOIN mine m ON m.id = hits.id JOIN earlier e ON e.id = hits.match_agreement\
 GROUP BY hits.id, hits.match, hits.match_agreement, m.shingle_count, e.signed_on ORDER BY hits.id, count(*) DESC, e.signed_on, hits.match),\
 reused AS (SELECT id, count(DISTINCT h)::int AS n FROM hits GROUP BY id),\
 rows AS (SELECT m.id, m.chars, m.shingle_count AS shingles, coalesce(b.score, 0) AS score,\
 CASE WHEN b.score >= ${minParam} THEN b.match END AS match, CASE WHEN b.score >= ${minParam} THEN b.match_agreement END AS match_agreement,\
 CASE WHEN m.shingle_count = 0 THEN 0 ELSE coalesce(r.n, 0)::float8 / m.shingle_count END AS reused\
 FROM mine m LEFT JOIN best b ON b.id = m.id LEFT JOIN reused r ON r.id = m.id),\
 total AS (SELECT coalesce(sum(chars), 0) AS chars FROM rows),\
 sources AS (SELECT r.match_agreement AS agreement, count(*)::int AS provisions, sum(r.chars)::int AS chars,\
 CASE WHEN t.chars = 0 THEN 0 ELSE sum(r.chars * r.score) / t.chars END AS share, e.signed_on\
 FROM rows r CROSS JOIN total t JOIN earlier e ON e.id = r.match_agreement GROUP BY r.match_agreement, t.chars, e.signed_on)`;
}
