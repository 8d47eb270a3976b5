import { CompilerFragments, compilerFragments } from '../../read-plan/compiler-fragments';
import { Fragment, render, RenderedSql, sql } from '../../shared/sql/sql';
import { LIVE, ReadView } from '../../shared/read-view/read-view';
import { agreementCollection } from '../agreement/agreement.collection';
import { commitmentCollection } from '../commitment/commitment.collection';
import { CommitmentDimension } from './analysis.type';

// Each analysis query is one statement that returns one JSON value: the computed structure, which refers to
// agreements, domains, commitments and the like by id, plus `objects`, the rows it refers to with the columns the
// client selected (see ObjectsSql). Node only stitches the two together. Statements are composed from fragments
// (src/shared/sql/sql.ts): values are bound where they are used and numbered once, when the statement is rendered.

/**
 * Builds the `objects` member of a result: for each kind of object the client selected, a JSON array of those rows.
 * `kind` names the dictionary, `ids` is an SQL `int[]` expression over the statement's CTEs.
 */
export type ObjectsSql = (from: CompilerFragments) => Record<string, (ids: Fragment) => Fragment>;

/** The `objects` member of a result (see ObjectsSql): `ids` gives, per kind, the SQL `int[]` of the ids it refers to. */
export function objectsJson(objects: ObjectsSql, from: CompilerFragments, ids: Record<string, Fragment>): Fragment {
  const builders = objects(from);
  const members = Object.entries(builders)
    .filter(([kind]) => ids[kind] !== undefined)
    .map(([kind, build]) => sql`${sql.literal(kind)}, ${build(ids[kind])}`);
  return members.length > 0 ? sql`json_build_object(${sql.join(members)})` : sql`'{}'::json`;
}

/** Every domain with its depth (roots are 1) and the ids from its root down to it, in a recursive CTE `tree`. */
export function domainTreeCte(from: CompilerFragments): Fragment {
  const domains = from.table('cooperation_domain');
  return sql`tree AS (SELECT id, 1 AS depth, ARRAY[id] AS path FROM ${domains} root WHERE parent_id IS NULL\
 UNION ALL SELECT d.id, tree.depth + 1, tree.path || d.id FROM ${domains} d JOIN tree ON d.parent_id = tree.id)`;
}

/**
 * The domain a coded domain (a `tree` row aliased `alias`) counts under: itself, or with a `depth` value its
 * ancestor at that depth (a domain shallower than the depth stays itself).
 */
export function rolledDomain(alias: string, depth: Fragment | null): Fragment {
  const tree = sql.identifier(alias);
  return depth === null ? sql`${tree}.id` : sql`${tree}.path[least(${depth}, ${tree}.depth)]`;
}

/**
 * One JSON array of sums per group, named `column`: `element` builds one sum from the columns of a currency and
 * basis group (`currency`, `amount_basis`, `amount`, `bounds` when asked for, `n`).
 */
export interface SumsColumn {
  column: string;
  element: Fragment;
}

/** The sum the resolvers read: every field of MoneySum, under its own name. */
const ALL_SUM_FIELDS: SumsColumn = {
  column: 'sums',
  element: sql`json_build_object('currency', currency, 'basis', amount_basis, 'amount', amount::text, 'bounds', bounds, 'commitmentCount', n)`,
};

/**
 * The money of a set of commitment rows (`source`: a CTE with `commitment_id`, `included_in_id`, `amount`,
 * `currency`, `amount_basis`, `amount_bound` and the group `keys`), summed per group, currency and basis as JSON
 * arrays (`columns`; by default one, `sums`, with every field). A commitment whose `included_in_id` names a
 * commitment of the same group is left out: its money is already in that one's amount. The bounds (a sort per
 * group) are aggregated only when `withBounds`.
 *
 * @example moneySumsSql('coded', ['agreement_id', 'domain_id'])
 */
export function moneySumsSql(source: string, keys: string[], columns: SumsColumn[] = [ALL_SUM_FIELDS], withBounds = true): Fragment {
  const from = sql.identifier(source);
  const keyColumns = keys.map((key) => sql.identifier(key));
  const sameGroup = sql.join(
    keyColumns.map((key) => sql`y.${key} IS NOT DISTINCT FROM x.${key}`),
    ' AND ',
  );
  const keyList = sql.join(keyColumns.map((key) => sql`x.${key}`));
  const ofSameGroup = sql.isEmpty(sameGroup) ? sql.empty : sql` AND ${sameGroup}`;
  const arrays = sql.join(
    columns.map(({ column, element }) => sql`json_agg(${element} ORDER BY currency, amount_basis) AS ${sql.identifier(column)}`),
  );
  const bounds = withBounds ? sql` array_agg(DISTINCT x.amount_bound ORDER BY x.amount_bound) AS bounds,` : sql.empty;
  return sql`SELECT ${sql.join(keyColumns)}, ${arrays} FROM (\
SELECT ${keyList}, x.currency, x.amount_basis, sum(x.amount) AS amount,${bounds}\
 count(*)::int AS n FROM ${from} x WHERE x.amount IS NOT NULL AND (x.included_in_id IS NULL OR NOT EXISTS\
 (SELECT 1 FROM ${from} y WHERE y.commitment_id = x.included_in_id${ofSameGroup}))\
 GROUP BY ${keyList}, x.currency, x.amount_basis) s GROUP BY ${sql.join(keyColumns)}`;
}

/**
 * The CTEs of a comparison (after `WITH RECURSIVE`): `tree`, `picked` (the slugs in order, `id` null when no
 * agreement has it), `coded` (the commitments by agreement and rolled-up domain), `cells`, `row_domains` (with
 * their tree `path`), `kinds` (constraints by agreement and kind) and, unless `money` is null, `money` (the sums of
 * each cell, see moneySumsSql; MATERIALIZED: read once per row, it would otherwise be inlined and recomputed for
 * each).
 */
export function compareCtes(
  from: CompilerFragments,
  slugs: string[],
  depth: number | null,
  money: { columns: SumsColumn[]; withBounds: boolean } | null = { columns: [ALL_SUM_FIELDS], withBounds: true },
): Fragment {
  const rolled = rolledDomain('tr', depth === null ? null : sql.value(depth, 'int'));
  const moneyCte =
    money === null
      ? sql.empty
      : sql` money AS MATERIALIZED (${moneySumsSql('coded', ['agreement_id', 'domain_id'], money.columns, money.withBounds)}),`;
  return sql`${domainTreeCte(from)},\
 picked AS (SELECT s.slug, s.ord, a.id FROM unnest(${sql.value(slugs, 'text[]')}) WITH ORDINALITY AS s(slug, ord) LEFT JOIN ${from.table('agreement')} a ON a.slug = s.slug),\
 coded AS (SELECT DISTINCT c.agreement_id, ${rolled} AS domain_id, c.id AS commitment_id, c.modality,\
 c.amount, c.currency, c.amount_basis, c.amount_bound, c.included_in_id\
 FROM ${from.table('commitment')} c JOIN ${from.table('commitment_domain')} cd ON cd.commitment_id = c.id JOIN tree tr ON tr.id = cd.domain_id\
 WHERE c.agreement_id IN (SELECT id FROM picked)),\
 cells AS (SELECT agreement_id, domain_id, array_agg(commitment_id ORDER BY commitment_id) AS commitments, min(modality) AS strongest\
 FROM coded GROUP BY agreement_id, domain_id),\
${moneyCte}\
 row_domains AS (SELECT DISTINCT cells.domain_id, tr.path FROM cells JOIN tree tr ON tr.id = cells.domain_id),\
 kinds AS (SELECT k.agreement_id, k.kind, array_agg(k.id ORDER BY k.id) AS constraints FROM ${from.table('agreement_constraint')} k\
 WHERE k.agreement_id IN (SELECT id FROM picked) GROUP BY k.agreement_id, k.kind)`;
}

/** `compareAgreements`: the agreements of `slugs` side by side, by (rolled-up) domain and by constraint kind. */
export function compareAgreementsSql(slugs: string[], depth: number | null, objects: ObjectsSql, view: ReadView = LIVE): RenderedSql {
  const from = compilerFragments(view);
  const statement = sql`WITH RECURSIVE ${compareCtes(from, slugs, depth)}\
 SELECT json_build_object(\
'missing', (SELECT coalesce(json_agg(slug ORDER BY ord), '[]'::json) FROM picked WHERE id IS NULL),\
 'agreements', (SELECT coalesce(json_agg(id ORDER BY ord), '[]'::json) FROM picked WHERE id IS NOT NULL),\
 'rows', (SELECT coalesce(json_agg(json_build_object('domain', r.domain_id, 'cells', (\
SELECT json_agg(json_build_object('agreement', p.id, 'commitments', coalesce(c.commitments, '{}'::int[]), 'strongestModality', c.strongest,\
 'amounts', coalesce(m.sums, '[]'::json)) ORDER BY p.ord) FROM picked p\
 LEFT JOIN cells c ON c.agreement_id = p.id AND c.domain_id = r.domain_id LEFT JOIN money m ON m.agreement_id = p.id AND m.domain_id = r.domain_id\
 WHERE p.id IS NOT NULL)) ORDER BY r.path), '[]'::json) FROM row_domains r),\
 'constraintRows', (SELECT coalesce(json_agg(json_build_object('kind', kk.kind, 'cells', (\
SELECT json_agg(json_build_object('agreement', p.id, 'constraints', coalesce(k.constraints, '{}'::int[])) ORDER BY p.ord)\
 FROM picked p LEFT JOIN kinds k ON k.agreement_id = p.id AND k.kind = kk.kind WHERE p.id IS NOT NULL)) ORDER BY kk.kind), '[]'::json)\
 FROM (SELECT DISTINCT kind FROM kinds) kk),\
 'objects', ${objectsJson(objects, from, {
   agreements: sql`ARRAY(SELECT id FROM picked WHERE id IS NOT NULL)`,
   domains: sql`ARRAY(SELECT domain_id FROM row_domains)`,
   commitments: sql`ARRAY(SELECT DISTINCT commitment_id FROM coded)`,
   constraints: sql`ARRAY(SELECT unnest(constraints) FROM kinds)`,
 })}) AS result`;
  return render(statement);
}

/**
 * The CTEs of a coverage (after `WITH RECURSIVE`): `tree`, `picked` (the agreements the filter matches, `ord` by
 * signing date), `coded`, `cells` (count `n` and `strongest` modality per agreement and rolled-up domain) and
 * `covered` (the domains with a cell, with their tree `path`).
 */
export function coverageCtes(from: CompilerFragments, filter: unknown, depth: number | null): Fragment {
  const where = from.filter(agreementCollection, filter, 'a');
  const rolled = rolledDomain('tr', depth === null ? null : sql.value(depth, 'int'));
  return sql`${domainTreeCte(from)},\
 picked AS (SELECT a.id, row_number() OVER (ORDER BY a.signed_on NULLS LAST, a.slug) AS ord FROM ${from.table('agreement')} a WHERE ${where}),\
 coded AS (SELECT DISTINCT c.agreement_id, ${rolled} AS domain_id, c.id AS commitment_id, c.modality\
 FROM ${from.table('commitment')} c JOIN ${from.table('commitment_domain')} cd ON cd.commitment_id = c.id JOIN tree tr ON tr.id = cd.domain_id\
 WHERE c.agreement_id IN (SELECT id FROM picked)),\
 cells AS (SELECT agreement_id, domain_id, count(*)::int AS n, min(modality) AS strongest FROM coded GROUP BY agreement_id, domain_id),\
 covered AS (SELECT DISTINCT cells.domain_id, tr.path FROM cells JOIN tree tr ON tr.id = cells.domain_id)`;
}

/** `domainCoverage`: for every agreement the filter matches, its commitments per (rolled-up) domain. */
export function domainCoverageSql(filter: unknown, depth: number | null, objects: ObjectsSql, view: ReadView = LIVE): RenderedSql {
  const from = compilerFragments(view);
  const statement = sql`WITH RECURSIVE ${coverageCtes(from, filter, depth)}\
 SELECT json_build_object(\
'agreements', (SELECT coalesce(json_agg(id ORDER BY ord), '[]'::json) FROM picked),\
 'domains', (SELECT coalesce(json_agg(domain_id ORDER BY path), '[]'::json) FROM covered),\
 'cells', (SELECT coalesce(json_agg(json_build_array(c.agreement_id, c.domain_id, c.n, c.strongest) ORDER BY p.ord, v.path), '[]'::json)\
 FROM cells c JOIN picked p ON p.id = c.agreement_id JOIN covered v ON v.domain_id = c.domain_id),\
 'objects', ${objectsJson(objects, from, { agreements: sql`ARRAY(SELECT id FROM picked)`, domains: sql`ARRAY(SELECT domain_id FROM covered)` })}) AS result`;
  return render(statement);
}

/** How each dimension groups, what its key refers to, and how groups sort on it. */
interface DimensionSql {
  key: string;
  expression: Fragment;
  order: (key: Fragment) => Fragment;
}

const nullsLast = (key: Fragment) => sql`${key} NULLS LAST`;

export const DIMENSIONS: Record<CommitmentDimension, DimensionSql> = {
  PROVIDER: { key: 'k_provider', expression: sql`c.provider_id`, order: (k) => sql`(SELECT code FROM actor WHERE id = ${k}) NULLS LAST` },
  BENEFICIARY: { key: 'k_beneficiary', expression: sql`c.beneficiary_id`, order: (k) => sql`(SELECT code FROM actor WHERE id = ${k}) NULLS LAST` },
  DOMAIN: { key: 'k_domain', expression: sql`tr.id`, order: (k) => sql`(SELECT path FROM tree WHERE id = ${k}) NULLS LAST` },
  KIND: { key: 'k_kind', expression: sql`c.kind`, order: nullsLast },
  MODALITY: { key: 'k_modality', expression: sql`c.modality`, order: nullsLast },
  STAGE: { key: 'k_stage', expression: sql`c.stage`, order: nullsLast },
  YEAR: { key: 'k_year', expression: sql`extract(year FROM c.period_start)::int`, order: nullsLast },
  AGREEMENT: { key: 'k_agreement', expression: sql`c.agreement_id`, order: (k) => sql`(SELECT slug FROM agreement WHERE id = ${k}) NULLS LAST` },
};

/** The pieces of a `commitmentStats` statement that do not depend on how the groups are written (see {@link statsCtes}). */
export interface StatsParts {
  /**
   * The CTEs after `WITH RECURSIVE`: `tree` (with DOMAIN), `m` (a row per commitment and group), `g` (groups, counts
   * `n`). `m` carries the money columns only when `money` is selected, and the bounds only when they are: a narrower
   * `m` is cheaper to materialise (the money CTE reads it twice).
   */
  ctes(need?: { money: boolean; bounds: boolean }): Fragment;
  /** The group key columns of `m` and `g`, in the order of `groupBy`. */
  keys: string[];
  /** A dimension's key on the group row `g`, or NULL when not grouped by it. */
  keyOf(dimension: CommitmentDimension): Fragment;
  /** The groups' order, over `g`. */
  order: Fragment;
  /** The condition joining the money CTE `s` to its group `g`. */
  joinMoney: Fragment;
  /** Per kind of object a group refers to (actors, domains, agreements), the SQL `int[]` of their ids. */
  objectIds: Record<string, Fragment>;
}

/** The groups of `commitmentStats` before their money: see {@link StatsParts}. */
export function statsCtes(from: CompilerFragments, filter: unknown, groupBy: CommitmentDimension[], depth: number | null): StatsParts {
  const where = from.filter(commitmentCollection, filter, 'c');
  const byDomain = groupBy.includes(CommitmentDimension.DOMAIN);
  const rolled = rolledDomain('tr', depth === null || !byDomain ? null : sql.value(depth, 'int'));
  const dims = groupBy.map((dimension) => ({
    ...DIMENSIONS[dimension],
    column: sql.identifier(DIMENSIONS[dimension].key),
    expression: dimension === CommitmentDimension.DOMAIN ? rolled : DIMENSIONS[dimension].expression,
  }));
  const keyList = sql.join(dims.map((d) => d.column));
  const keyOf = (dimension: CommitmentDimension) => (groupBy.includes(dimension) ? sql`g.${sql.identifier(DIMENSIONS[dimension].key)}` : sql`NULL`);
  const idsOf = (...dimensions: CommitmentDimension[]) => {
    const present = dimensions.filter((d) => groupBy.includes(d));
    return present.length === 0
      ? undefined
      : sql`ARRAY(${sql.join(
          present.map((d) => sql`SELECT ${sql.identifier(DIMENSIONS[d].key)} FROM g`),
          ' UNION ',
        )})`;
  };
  const objectIds: Record<string, Fragment> = {};
  for (const [kind, dimensions] of Object.entries({
    actors: [CommitmentDimension.PROVIDER, CommitmentDimension.BENEFICIARY],
    domains: [CommitmentDimension.DOMAIN],
    agreements: [CommitmentDimension.AGREEMENT],
  })) {
    const ids = idsOf(...dimensions);
    if (ids) objectIds[kind] = ids;
  }
  const domainJoin = byDomain
    ? sql` JOIN ${from.table('commitment_domain')} cd ON cd.commitment_id = c.id JOIN tree tr ON tr.id = cd.domain_id`
    : sql.empty;
  const ctes = (need = { money: true, bounds: true }) => {
    const money = need.money
      ? sql` c.included_in_id, c.amount, c.currency, c.amount_basis,${need.bounds ? sql` c.amount_bound,` : sql.empty}`
      : sql.empty;
    return sql`${byDomain ? sql`${domainTreeCte(from)},` : sql.empty}\
 m AS (SELECT ${byDomain ? sql`DISTINCT ` : sql.empty}c.id AS commitment_id,${money}\
 ${sql.join(dims.map((d) => sql`${d.expression} AS ${d.column}`))} FROM ${from.table('commitment')} c${domainJoin} WHERE ${where}),\
 g AS (SELECT ${keyList}, count(*)::int AS n FROM m GROUP BY ${keyList})`;
  };
  return {
    ctes,
    keys: dims.map((d) => d.key),
    keyOf,
    order: sql.join(dims.map((d) => d.order(sql`g.${d.column}`))),
    joinMoney: sql.join(
      dims.map((d) => sql`s.${d.column} IS NOT DISTINCT FROM g.${d.column}`),
      ' AND ',
    ),
    objectIds,
  };
}

/**
 * `commitmentStats`: the commitments the filter matches, grouped by `groupBy`, with their count and their money
 * summed per currency and basis (see moneySumsSql). With DOMAIN, a commitment counts once in each of its
 * (rolled-up) domains.
 */
export function commitmentStatsSql(
  filter: unknown,
  groupBy: CommitmentDimension[],
  depth: number | null,
  objects: ObjectsSql,
  view: ReadView = LIVE,
): RenderedSql {
  const from = compilerFragments(view);
  const { ctes, keys, keyOf, order, joinMoney, objectIds } = statsCtes(from, filter, groupBy, depth);
  const statement = sql`WITH RECURSIVE ${ctes()},\
 s AS (${moneySumsSql('m', keys)})\
 SELECT json_build_object('groups', (SELECT coalesce(json_agg(json_build_object('key', json_build_object(\
'provider', ${keyOf(CommitmentDimension.PROVIDER)}, 'beneficiary', ${keyOf(CommitmentDimension.BENEFICIARY)},\
 'domain', ${keyOf(CommitmentDimension.DOMAIN)}, 'kind', ${keyOf(CommitmentDimension.KIND)}, 'modality', ${keyOf(CommitmentDimension.MODALITY)},\
 'stage', ${keyOf(CommitmentDimension.STAGE)}, 'year', ${keyOf(CommitmentDimension.YEAR)}, 'agreement', ${keyOf(CommitmentDimension.AGREEMENT)}),\
 'count', g.n, 'sums', coalesce(s.sums, '[]'::json)) ORDER BY ${order}), '[]'::json)\
 FROM g LEFT JOIN s ON ${joinMoney}),\
 'objects', ${objectsJson(objects, from, objectIds)}) AS result`;
  return render(statement);
}

/**
 * The CTEs of `similarAgreements` (after `WITH`): `leaf` (the leaf domains each agreement's commitments cover), `sets`,
 * `here` (the agreement of `slug`), `compared` and `ranked` (the `first` best, with `score`, `overlap`, `shared`,
 * `only_here` and `only_there`).
 */
export function similarCtes(from: CompilerFragments, slug: string, first: number): Fragment {
  return sql`leaf AS (SELECT DISTINCT c.agreement_id, cd.domain_id FROM ${from.table('commitment')} c\
 JOIN ${from.table('commitment_domain')} cd ON cd.commitment_id = c.id\
 WHERE NOT EXISTS (SELECT 1 FROM ${from.table('cooperation_domain')} ch WHERE ch.parent_id = cd.domain_id)),\
 sets AS (SELECT a.id, a.slug, coalesce((SELECT array_agg(l.domain_id) FROM leaf l WHERE l.agreement_id = a.id), '{}'::int[]) AS domains,\
 coalesce((SELECT array_agg(DISTINCT k.kind) FROM ${from.table('agreement_constraint')} k WHERE k.agreement_id = a.id), '{}') AS kinds\
 FROM ${from.table('agreement')} a),\
 here AS (SELECT * FROM sets WHERE slug = ${sql.value(slug, 'text')}),\
 compared AS (SELECT s.id, s.slug,\
 ARRAY(SELECT unnest(h.domains) INTERSECT SELECT unnest(s.domains)) AS shared,\
 ARRAY(SELECT unnest(h.domains) EXCEPT SELECT unnest(s.domains)) AS only_here,\
 ARRAY(SELECT unnest(s.domains) EXCEPT SELECT unnest(h.domains)) AS only_there,\
 (SELECT count(*) FROM (SELECT unnest(h.kinds) INTERSECT SELECT unnest(s.kinds)) x) AS kinds_shared,\
 (SELECT count(*) FROM (SELECT unnest(h.kinds) UNION SELECT unnest(s.kinds)) x) AS kinds_all\
 FROM sets s CROSS JOIN here h WHERE s.id <> h.id),\
 ranked AS (SELECT *, CASE WHEN cardinality(shared) + cardinality(only_here) + cardinality(only_there) = 0 THEN 0\
 ELSE cardinality(shared)::float8 / (cardinality(shared) + cardinality(only_here) + cardinality(only_there)) END AS score,\
 CASE WHEN kinds_all = 0 THEN 0 ELSE kinds_shared::float8 / kinds_all END AS overlap FROM compared\
 ORDER BY score DESC, overlap DESC, slug LIMIT ${sql.value(first, 'int')})`;
}

/**
 * `similarAgreements`: every other agreement scored by the Jaccard similarity of the leaf domains its commitments
 * cover, ties broken by that of its constraint kinds, then by slug.
 */
export function similarAgreementsSql(slug: string, first: number, objects: ObjectsSql, view: ReadView = LIVE): RenderedSql {
  const from = compilerFragments(view);
  const statement = sql`WITH ${similarCtes(from, slug, first)}\
 SELECT json_build_object('found', EXISTS (SELECT 1 FROM here), 'results', (SELECT coalesce(json_agg(json_build_object(\
'agreement', id, 'score', score, 'constraintOverlap', overlap, 'sharedDomains', shared, 'onlyHere', only_here, 'onlyThere', only_there)\
 ORDER BY score DESC, overlap DESC, slug), '[]'::json) FROM ranked),\
 'objects', ${objectsJson(objects, from, {
   agreements: sql`ARRAY(SELECT id FROM ranked)`,
   domains: sql`ARRAY(SELECT unnest(shared || only_here || only_there) FROM ranked)`,
 })}) AS result`;
  return render(statement);
}

/**
 * The CTE `events` of a timeline (after `WITH`): a row per dated event (`day`, `kind`, `ord` within a day, the
 * agreement's `id` and `slug`) of the agreements the filter matches.
 */
export function timelineCte(from: CompilerFragments, filter: unknown): Fragment {
  const where = from.filter(agreementCollection, filter, 'a');
  return sql`events AS (SELECT e.day, e.kind, e.ord, a.id, a.slug FROM ${from.table('agreement')} a CROSS JOIN LATERAL (VALUES\
 (a.signed_on, 'SIGNED', 1), (a.entry_into_force, 'ENTERED_INTO_FORCE', 2), (a.expires_on, 'EXPIRES', 3)) AS e(day, kind, ord)\
 WHERE e.day IS NOT NULL AND ${where})`;
}

/** `timeline`: signature, entry into force and expiry of the agreements the filter matches, by date. */
export function timelineSql(filter: unknown, objects: ObjectsSql, view: ReadView = LIVE): RenderedSql {
  const from = compilerFragments(view);
  const statement = sql`WITH ${timelineCte(from, filter)}\
 SELECT json_build_object('events', (SELECT coalesce(json_agg(json_build_array(day, kind, id) ORDER BY day, ord, slug), '[]'::json) FROM events),\
 'objects', ${objectsJson(objects, from, { agreements: sql`ARRAY(SELECT DISTINCT id FROM events)` })}) AS result`;
  return render(statement);
}
