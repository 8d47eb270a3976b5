// The "floor" of the benchmark: what the four operations cost with no GraphQL at all. A minimal node:http server
// that answers POST /op/<operation> (body: JSON variables) with ONE hand-written, prepared SQL statement per request
// in which PostgreSQL builds the whole nested JSON (json_agg, correlated sub-queries, keyset pagination), and sends
// it back as `{"data": ...}` in the shape of our server's `data`, without parsing it in Node.
//
//   DATABASE_URL=postgres://... PORT=4200 node bench/floor-server.mjs
//
// Uses `pg` from the project's own node_modules. GET /readyz answers when the database is reachable.
import http from 'node:http';
import { pathToFileURL } from 'node:url';
import pg from 'pg';

/** Ids of the domain with slug $n and every domain under it. */
const subtree = (param) => `WITH RECURSIVE sub(id) AS (SELECT id FROM cooperation_domain WHERE slug = ${param}
  UNION SELECT d.id FROM cooperation_domain d JOIN sub ON d.parent_id = sub.id)`;

const money = (c) => `CASE WHEN ${c}.amount IS NULL THEN NULL ELSE json_build_object('amount', ${c}.amount::text, 'currency', ${c}.currency) END`;

export const SQL = {
  // (a) $1 party code, $2 domain slug, $3 page size, $4 nested page size. Set-based: the page, then each level of
  // the tree for the whole page at once (measured ~25% faster than per-row correlated sub-queries).
  agreementsByPartyAndDomain: `${subtree('$2')},
page AS (
  SELECT a.id, a.slug, a.short_title, a.signed_on FROM agreement a
  WHERE EXISTS (SELECT 1 FROM agreement_party p WHERE p.agreement_id = a.id AND p.actor_id = (SELECT id FROM actor WHERE code = $1))
    AND EXISTS (SELECT 1 FROM commitment c JOIN commitment_domain cd ON cd.commitment_id = c.id
                WHERE c.agreement_id = a.id AND cd.domain_id = ANY (ARRAY(SELECT id FROM sub)))
  ORDER BY a.signed_on ASC NULLS LAST, a.id LIMIT $3
),
pc AS (
  SELECT c.id, c.agreement_id, c.key, c.summary, c.kind, c.amount, c.currency, s.key AS s_key, s.title AS s_title
  FROM page a CROSS JOIN LATERAL (SELECT * FROM commitment c WHERE c.agreement_id = a.id ORDER BY c.id LIMIT $4) c
  JOIN source s ON s.id = c.source_id
),
dom AS (
  SELECT cd.commitment_id, json_agg(json_build_object('slug', d.slug) ORDER BY d.slug) AS list
  FROM commitment_domain cd JOIN cooperation_domain d ON d.id = cd.domain_id
  WHERE cd.commitment_id IN (SELECT id FROM pc) GROUP BY cd.commitment_id
),
cj AS (
  SELECT pc.agreement_id, json_agg(json_build_object(
    'id', pc.id::text, 'key', pc.key, 'summary', pc.summary, 'kind', pc.kind, 'amount', ${money('pc')},
    'domains', coalesce(dom.list, '[]'), 'source', json_build_object('key', pc.s_key, 'title', pc.s_title)
  ) ORDER BY pc.id) AS nodes
  FROM pc LEFT JOIN dom ON dom.commitment_id = pc.id GROUP BY pc.agreement_id
),
parties AS (
  SELECT p.agreement_id, json_agg(json_build_object('role', p.role, 'actor', json_build_object('code', x.code, 'name', x.name)) ORDER BY p.role, x.code) AS list
  FROM agreement_party p JOIN actor x ON x.id = p.actor_id WHERE p.agreement_id IN (SELECT id FROM page) GROUP BY p.agreement_id
)
SELECT json_build_object('agreements', json_build_object('nodes', coalesce(json_agg(json_build_object(
  'id', a.id::text, 'slug', a.slug, 'shortTitle', a.short_title, 'signedOn', a.signed_on,
  'parties', coalesce(pa.list, '[]'), 'commitments', json_build_object('nodes', coalesce(cj.nodes, '[]'))
) ORDER BY a.signed_on ASC NULLS LAST, a.id), '[]')))::text AS body
FROM page a LEFT JOIN parties pa ON pa.agreement_id = a.id LEFT JOIN cj ON cj.agreement_id = a.id`,

  // (b) $1 websearch text, $2 page size
  searchCommitments: `SELECT json_build_object('commitments', json_build_object('nodes', coalesce(json_agg(json_build_object(
  'id', c.id::text, 'key', c.key, 'summary', c.summary, 'kind', c.kind, 'agreement', json_build_object('slug', a.slug)
) ORDER BY c.id), '[]')))::text AS body
FROM (SELECT id, key, summary, kind, agreement_id FROM commitment
      WHERE search_vector @@ websearch_to_tsquery('english', $1) ORDER BY id LIMIT $2) c
JOIN agreement a ON a.id = c.agreement_id`,

  // (c) $1 slug, $2 page size of commitments and constraints. Set-based as (a).
  agreementBySlug: `WITH a AS (SELECT * FROM agreement WHERE slug = $1),
pc AS (
  SELECT c.*, s.key AS s_key, s.title AS s_title, s.publisher AS s_publisher, s.url AS s_url, pv.code AS provider_code, bn.code AS beneficiary_code
  FROM a CROSS JOIN LATERAL (SELECT * FROM commitment c WHERE c.agreement_id = a.id ORDER BY c.id LIMIT $2) c
  JOIN source s ON s.id = c.source_id LEFT JOIN actor pv ON pv.id = c.provider_id LEFT JOIN actor bn ON bn.id = c.beneficiary_id
),
dom AS (
  SELECT cd.commitment_id, json_agg(json_build_object('slug', d.slug, 'name', d.name) ORDER BY d.slug) AS list
  FROM commitment_domain cd JOIN cooperation_domain d ON d.id = cd.domain_id WHERE cd.commitment_id IN (SELECT id FROM pc) GROUP BY cd.commitment_id
),
mech AS (
  SELECT cm.commitment_id, json_agg(json_build_object('slug', m.slug, 'name', m.name) ORDER BY m.slug) AS list
  FROM commitment_mechanism cm JOIN mechanism m ON m.id = cm.mechanism_id WHERE cm.commitment_id IN (SELECT id FROM pc) GROUP BY cm.commitment_id
),
pk AS (
  SELECT k.*, x.code AS actor_code, s.key AS s_key
  FROM a CROSS JOIN LATERAL (SELECT * FROM agreement_constraint k WHERE k.agreement_id = a.id ORDER BY k.id LIMIT $2) k
  JOIN source s ON s.id = k.source_id LEFT JOIN actor x ON x.id = k.actor_id
),
res AS (
  SELECT r.constraint_id, json_agg(json_build_object('id', c.id::text, 'key', c.key) ORDER BY c.id) AS list
  FROM constraint_restriction r JOIN commitment c ON c.id = r.commitment_id WHERE r.constraint_id IN (SELECT id FROM pk) GROUP BY r.constraint_id
)
SELECT json_build_object('agreement', (
  SELECT json_build_object(
    'id', a.id::text, 'slug', a.slug, 'title', a.title, 'shortTitle', a.short_title, 'kind', a.kind, 'legalNature', a.legal_nature,
    'status', a.status, 'signedOn', a.signed_on, 'signedPlace', a.signed_place, 'entryIntoForce', a.entry_into_force,
    'durationYears', a.duration_years, 'expiresOn', a.expires_on, 'summary', a.summary,
    'parties', (SELECT coalesce(json_agg(json_build_object('role', p.role, 'actor', json_build_object('code', x.code, 'name', x.name, 'kind', x.kind))
                ORDER BY p.role, x.code), '[]') FROM agreement_party p JOIN actor x ON x.id = p.actor_id WHERE p.agreement_id = a.id),
    'commitments', json_build_object('nodes', (
      SELECT coalesce(json_agg(json_build_object(
        'id', c.id::text, 'key', c.key, 'summary', c.summary, 'quote', c.quote, 'locator', c.locator, 'kind', c.kind,
        'modality', c.modality, 'stage', c.stage, 'lethal', c.lethal, 'amount', ${money('c')},
        'period', CASE WHEN c.period_start IS NULL AND c.period_end IS NULL AND c.period_label IS NULL THEN NULL
                  ELSE json_build_object('start', c.period_start, 'end', c.period_end, 'label', c.period_label) END,
        'provider', CASE WHEN c.provider_code IS NULL THEN NULL ELSE json_build_object('code', c.provider_code) END,
        'beneficiary', CASE WHEN c.beneficiary_code IS NULL THEN NULL ELSE json_build_object('code', c.beneficiary_code) END,
        'domains', coalesce(dom.list, '[]'), 'mechanisms', coalesce(mech.list, '[]'),
        'source', json_build_object('key', c.s_key, 'title', c.s_title, 'publisher', c.s_publisher, 'url', c.s_url)
      ) ORDER BY c.id), '[]')
      FROM pc c LEFT JOIN dom ON dom.commitment_id = c.id LEFT JOIN mech ON mech.commitment_id = c.id)),
    'constraints', json_build_object('nodes', (
      SELECT coalesce(json_agg(json_build_object(
        'id', k.id::text, 'key', k.key, 'kind', k.kind, 'summary', k.summary, 'quote', k.quote, 'locator', k.locator,
        'actor', CASE WHEN k.actor_code IS NULL THEN NULL ELSE json_build_object('code', k.actor_code) END,
        'source', json_build_object('key', k.s_key), 'restricts', coalesce(res.list, '[]')
      ) ORDER BY k.id), '[]')
      FROM pk k LEFT JOIN res ON res.constraint_id = k.id))
  ) FROM a))::text AS body`,

  // (d) $1 domain slug, $2 from, $3 to (exclusive), $4 page size, $5/$6 cursor (period start, id); without a cursor
  // ('-infinity', 0). No "$5 IS NULL OR ..." branch: a prepared statement's generic plan could not use the index then.
  deepCommitmentPage: `${subtree('$1')},
page AS (
  SELECT c.id, c.key, c.kind, c.period_start, c.amount, c.currency, c.agreement_id FROM commitment c
  WHERE c.period_start >= $2::date AND c.period_start < $3::date
    AND c.period_start >= $5::date AND (c.period_start, c.id) > ($5::date, $6::int)
    AND EXISTS (SELECT 1 FROM commitment_domain cd WHERE cd.commitment_id = c.id AND cd.domain_id IN (SELECT id FROM sub))
  ORDER BY c.period_start, c.id LIMIT $4 + 1
)
SELECT json_build_object('commitments', json_build_object(
  'nodes', coalesce(json_agg(json_build_object(
    'id', c.id::text, 'key', c.key, 'kind', c.kind, 'period', json_build_object('start', c.period_start),
    'amount', ${money('c')}, 'agreement', json_build_object('slug', a.slug)
  ) ORDER BY c.period_start, c.id) FILTER (WHERE c.n <= $4), '[]'),
  'pageInfo', json_build_object('hasNextPage', count(*) > $4)))::text AS body
FROM (SELECT *, row_number() OVER (ORDER BY period_start, id) AS n FROM page) c JOIN agreement a ON a.id = c.agreement_id`,

  // (e) no parameters: the generated commitments (keys "bench-...") grouped by provider and start year, counted, and their money summed per currency
  // and basis, leaving out an amount already included in another commitment of the same group.
  commitmentCountAndSumsByProviderAndYear: `WITH m AS (
  SELECT c.id, c.included_in_id, c.provider_id, extract(year FROM c.period_start)::int AS year, c.amount, c.currency, c.amount_basis FROM commitment c
  WHERE c.key LIKE 'bench-%'
),
g AS (SELECT provider_id, year, count(*)::int AS n FROM m GROUP BY provider_id, year),
s AS (
  SELECT provider_id, year, json_agg(json_build_object('currency', currency, 'basis', amount_basis, 'amount', amount::text) ORDER BY currency, amount_basis) AS sums
  FROM (SELECT x.provider_id, x.year, x.currency, x.amount_basis, sum(x.amount) AS amount FROM m x
        WHERE x.amount IS NOT NULL AND (x.included_in_id IS NULL OR NOT EXISTS (SELECT 1 FROM m y WHERE y.id = x.included_in_id
          AND y.provider_id IS NOT DISTINCT FROM x.provider_id AND y.year IS NOT DISTINCT FROM x.year))
        GROUP BY x.provider_id, x.year, x.currency, x.amount_basis) q
  GROUP BY provider_id, year
)
SELECT json_build_object('commitmentStats', coalesce(json_agg(json_build_object(
  'key', json_build_object('provider', CASE WHEN a.id IS NULL THEN NULL ELSE json_build_object('id', a.id::text, 'code', a.code) END, 'year', g.year),
  'count', g.n, 'sums', coalesce(s.sums, '[]')) ORDER BY a.code NULLS LAST, g.year NULLS LAST), '[]'))::text AS body
FROM g LEFT JOIN actor a ON a.id = g.provider_id
LEFT JOIN s ON s.provider_id IS NOT DISTINCT FROM g.provider_id AND s.year IS NOT DISTINCT FROM g.year`,

  // (f) $1 the slugs: rows by domain (tree order) with a cell per agreement, shared and distinctive domains, and
  // constraint kinds side by side.
  compareSix: `WITH RECURSIVE tree AS (
  SELECT id, ARRAY[id] AS path FROM cooperation_domain WHERE parent_id IS NULL
  UNION ALL SELECT d.id, tree.path || d.id FROM cooperation_domain d JOIN tree ON d.parent_id = tree.id
),
picked AS (SELECT a.id, a.slug, s.ord FROM unnest($1::text[]) WITH ORDINALITY AS s(slug, ord) JOIN agreement a ON a.slug = s.slug),
coded AS (
  SELECT DISTINCT c.agreement_id, cd.domain_id, c.id, c.key, c.modality, c.amount, c.currency, c.amount_basis, c.included_in_id
  FROM commitment c JOIN commitment_domain cd ON cd.commitment_id = c.id WHERE c.agreement_id IN (SELECT id FROM picked)
),
cells AS (SELECT agreement_id, domain_id, json_agg(json_build_object('key', key) ORDER BY id) AS commitments, min(modality) AS strongest FROM coded GROUP BY agreement_id, domain_id),
money AS (
  SELECT agreement_id, domain_id, json_agg(json_build_object('currency', currency, 'basis', amount_basis, 'amount', amount::text) ORDER BY currency, amount_basis) AS sums
  FROM (SELECT x.agreement_id, x.domain_id, x.currency, x.amount_basis, sum(x.amount) AS amount FROM coded x
        WHERE x.amount IS NOT NULL AND NOT EXISTS (SELECT 1 FROM coded y WHERE y.id = x.included_in_id AND y.agreement_id = x.agreement_id AND y.domain_id = x.domain_id)
        GROUP BY x.agreement_id, x.domain_id, x.currency, x.amount_basis) q
  GROUP BY agreement_id, domain_id
),
cover AS (SELECT domain_id, count(*) AS n, min(agreement_id) AS only_one FROM cells GROUP BY domain_id),
rws AS (SELECT v.domain_id, v.n, v.only_one, d.slug, tree.path FROM cover v JOIN cooperation_domain d ON d.id = v.domain_id JOIN tree ON tree.id = v.domain_id),
kinds AS (SELECT k.agreement_id, k.kind, json_agg(json_build_object('key', k.key) ORDER BY k.id) AS list FROM agreement_constraint k WHERE k.agreement_id IN (SELECT id FROM picked) GROUP BY k.agreement_id, k.kind)
SELECT json_build_object('compareAgreements', json_build_object(
  'agreements', (SELECT json_agg(json_build_object('slug', slug) ORDER BY ord) FROM picked),
  'rows', (SELECT coalesce(json_agg(json_build_object('domain', json_build_object('slug', r.slug), 'cells', (
      SELECT json_agg(json_build_object('covered', c.agreement_id IS NOT NULL, 'strongestModality', c.strongest, 'commitments', coalesce(c.commitments, '[]'),
        'amounts', coalesce(m.sums, '[]')) ORDER BY p.ord)
      FROM picked p LEFT JOIN cells c ON c.agreement_id = p.id AND c.domain_id = r.domain_id LEFT JOIN money m ON m.agreement_id = p.id AND m.domain_id = r.domain_id
    )) ORDER BY r.path), '[]') FROM rws r),
  'shared', (SELECT coalesce(json_agg(json_build_object('slug', slug) ORDER BY path), '[]') FROM rws WHERE n = (SELECT count(*) FROM picked)),
  'distinctive', (SELECT json_agg(json_build_object('agreement', json_build_object('slug', p.slug), 'domains',
      (SELECT coalesce(json_agg(json_build_object('slug', r.slug) ORDER BY r.path), '[]') FROM rws r WHERE r.n = 1 AND r.only_one = p.id)) ORDER BY p.ord) FROM picked p),
  'constraintRows', (SELECT coalesce(json_agg(json_build_object('kind', kk.kind, 'cells', (
      SELECT json_agg(json_build_object('constraints', coalesce(k.list, '[]')) ORDER BY p.ord) FROM picked p LEFT JOIN kinds k ON k.agreement_id = p.id AND k.kind = kk.kind
    )) ORDER BY kk.kind), '[]') FROM (SELECT DISTINCT kind FROM kinds) kk)
))::text AS body`,
};

/** The bound values of each statement, from the request's variables. */
export const PARAMS = {
  agreementsByPartyAndDomain: (v) => [v.party, v.domain, v.first ?? 20, v.nested ?? 20],
  searchCommitments: (v) => [v.q, v.first ?? 20],
  agreementBySlug: (v) => [v.slug, v.first ?? 50],
  deepCommitmentPage: (v) => [v.domain, v.from, v.to, v.first ?? 50, v.after?.periodStart ?? '-infinity', v.after?.id ?? 0],
  commitmentCountAndSumsByProviderAndYear: () => [],
  compareSix: (v) => [v.slugs],
};

/** Starts the server (when this file is run, not when it is imported for its SQL). */
function main() {
  const connectionString = process.env.DATABASE_URL;
  if (!connectionString) throw new Error('DATABASE_URL is required');
  const port = Number(process.env.PORT ?? 4200);
  const pool = new pg.Pool({ connectionString, max: Number(process.env.DB_POOL_SIZE ?? 10), application_name: 'accords-bench-floor' });

  function readBody(request) {
    return new Promise((resolve, reject) => {
      const chunks = [];
      request.on('data', (chunk) => chunks.push(chunk));
      request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      request.on('error', reject);
    });
  }

  const server = http.createServer(async (request, response) => {
    try {
      if (request.method === 'GET' && request.url === '/readyz') {
        await pool.query('SELECT 1');
        response.writeHead(200, { 'content-type': 'application/json' });
        return response.end('{"status":"ready"}');
      }
      const name = request.method === 'POST' && request.url?.startsWith('/op/') ? request.url.slice(4) : null;
      if (!name || !SQL[name]) {
        response.writeHead(404, { 'content-type': 'application/json' });
        return response.end('{"error":"not found"}');
      }
      const text = await readBody(request);
      const variables = text ? (JSON.parse(text).variables ?? {}) : {};
      // A named statement: prepared once per connection, like PostGraphile's.
      const { rows } = await pool.query({ name, text: SQL[name], values: PARAMS[name](variables) });
      response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      response.end(`{"data":${rows[0].body}}`);
    } catch (error) {
      response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ errors: [{ message: String(error?.message ?? error) }] }));
    }
  });
  server.listen(port, '127.0.0.1', () => process.stdout.write(`floor listening on http://127.0.0.1:${port}\n`));

  const stop = async () => {
    server.close();
    await pool.end();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
