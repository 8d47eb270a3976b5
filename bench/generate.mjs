// Builds the benchmark database: a FRESH database (`accords_bench` by default) on the benchmark's own PostgreSQL
// server, migrated with the project's own migrations, loaded with the real seed corpus, then grown to the chosen
// scale with synthetic agreements, commitments and constraints whose text is assembled from the seed corpus's own
// vocabulary (seed summaries and quotes, domain, mechanism and actor names). Bulk rows are made in SQL with
// INSERT ... SELECT generate_series, from a deterministic hash of the row number, so two runs at the same scale
// build the same data. Finishes with VACUUM ANALYZE and the bench-only SQL function PostGraphile needs for search.
//
// Usage from run.mjs: await buildBenchDatabase({ adminUrl, dbName, agreements, commitments, log })
import { createRequire } from 'node:module';
import path from 'node:path';
import pg from 'pg';
import { oursRoot } from './tools.mjs';

const require = createRequire(import.meta.url);

/** Bumped whenever the generated data changes, so a reused database is regenerated. */
export const GENERATOR_VERSION = 7;

/** The URL of database `dbName` on the server that `url` points to. */
export function databaseUrl(url, dbName) {
  const parsed = new URL(url);
  parsed.pathname = `/${dbName}`;
  return parsed.toString();
}

/** Splits seed prose into sentences short enough to be recombined. */
function sentences(texts) {
  const out = new Set();
  for (const text of texts) {
    for (const part of String(text ?? '').split(/(?<=[.;])\s+/)) {
      const clean = part.trim().replace(/\s+/g, ' ');
      if (clean.length >= 20 && clean.length <= 260 && /^[A-Z0-9"“€$£]/.test(clean)) out.add(clean);
    }
  }
  return [...out];
}

/** The vocabulary of the seed corpus, as arrays bound into the generating SQL. */
function vocabulary(corpus, flattenDomains) {
  const commitments = corpus.agreements.flatMap((a) => a.commitments);
  const constraints = corpus.agreements.flatMap((a) => a.constraints);
  return {
    commitmentSentences: sentences(commitments.map((c) => c.summary)),
    quotes: sentences(commitments.map((c) => c.quote)).concat(commitments.map((c) => c.quote).filter((q) => q.length < 200)),
    constraintSentences: sentences(constraints.map((c) => c.summary)),
    constraintQuotes: constraints.map((c) => c.quote),
    agreementSentences: sentences(corpus.agreements.map((a) => a.summary)),
    places: [...new Set(corpus.agreements.map((a) => a.signedPlace).filter(Boolean))],
    domainNames: flattenDomains(corpus.domains).map((d) => d.name),
    mechanismNames: corpus.mechanisms.map((m) => m.name),
  };
}

/**
 * Creates (dropping any previous copy) database `dbName`, runs the migrations, loads the seed corpus and the
 * synthetic rows. Returns the counts and timings.
 */
export async function buildBenchDatabase({ adminUrl, dbName = 'accords_bench', agreements, commitments, log = () => {} }) {
  const started = Date.now();
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(dbName)} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(dbName)}`);
  } finally {
    await admin.end();
  }
  const url = databaseUrl(adminUrl, dbName);

  // The project's own migrations and seed loader, from the compiled dist/.
  const { createDataSource } = require(path.join(oursRoot(), 'dist/src/db/data-source.js'));
  const { readCorpus, flattenDomains } = require(path.join(oursRoot(), 'dist/src/seed/read-corpus.js'));
  const { loadCorpus } = require(path.join(oursRoot(), 'dist/src/seed/load-corpus.js'));
  const { readTextFolder } = require(path.join(oursRoot(), 'dist/src/domain/agreement-text/text-files.js'));
  // The official texts load with the corpus where they are (AGREEMENT_TEXTS_DIR, else ../shared/agreement-texts).
  const textsDir = process.env.AGREEMENT_TEXTS_DIR || path.join(oursRoot(), '..', 'shared', 'agreement-texts');
  // No statement timeout: loading the seed and growing it are bulk writes, slower than 10 s on a busy machine.
  const dataSource = createDataSource({ url, poolSize: 2, applicationName: 'accords-bench-generate', statementTimeoutMs: 0 });
  await dataSource.initialize();
  const corpus = readCorpus();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
    await loadCorpus(dataSource, corpus, readTextFolder(textsDir));
  } finally {
    await dataSource.destroy();
  }
  log(`migrated and loaded the seed corpus (${corpus.agreements.length} agreements) in ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const client = new pg.Client({ connectionString: url, application_name: 'accords-bench-generate' });
  await client.connect();
  try {
    await client.query(`SET maintenance_work_mem = '256MB'`);
    await client.query(`SET synchronous_commit = off`);
    // The synthetic rows are written with the curation triggers off (session_replication_role = replica): they are
    // not curation, so they need no version bumps, history entries or change notifications, and those per-row
    // triggers (one history look-up, one history row and one NOTIFY per row and per link, plus a version bump of the
    // owner per link) made the 50,000-commitment build run for over half an hour instead of seconds. Every value
    // is generated consistent (foreign keys hold by construction), and the reads measured never touch the history.
    await client.query(`SET session_replication_role = replica`);
    const counts = await generateSynthetic(client, corpus, vocabulary(corpus, flattenDomains), { agreements, commitments }, log);
    await client.query(`SET session_replication_role = DEFAULT`);
    const analysing = Date.now();
    await client.query('VACUUM ANALYZE');
    log(`VACUUM ANALYZE in ${((Date.now() - analysing) / 1000).toFixed(1)} s`);
    await installBenchOnlySql(client);
    await client.query(`CREATE TABLE bench_meta (generator int, agreements int, commitments int, built_at timestamptz DEFAULT now())`);
    await client.query(`INSERT INTO bench_meta (generator, agreements, commitments) VALUES ($1, $2, $3)`, [
      GENERATOR_VERSION,
      counts.agreements,
      counts.commitments,
    ]);
    // bench_meta is the harness's own bookkeeping: keep it out of PostGraphile's schema.
    await client.query(`COMMENT ON TABLE bench_meta IS E'@behavior -*'`);
    log(`database ${dbName} ready: ${JSON.stringify(counts)} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return { url, counts, seconds: (Date.now() - started) / 1000 };
  } finally {
    await client.end();
  }
}

/**
 * The one SQL object the benchmark adds to the schema, in the bench database only: PostGraphile has no built-in
 * full-text filter, so `searchCommitments(query:)` exposes the same predicate our `search` filter compiles to
 * (`search_vector @@ websearch_to_tsquery('english', $1)`). A plain STABLE SQL function, which PostgreSQL inlines.
 */
async function installBenchOnlySql(client) {
  await client.query(`
    CREATE OR REPLACE FUNCTION public.search_commitments(query text) RETURNS SETOF public.commitment
    LANGUAGE sql STABLE PARALLEL SAFE AS $$
      SELECT c.* FROM public.commitment c WHERE c.search_vector @@ websearch_to_tsquery('english', query) ORDER BY c.id
    $$`);
  await client.query(
    `COMMENT ON FUNCTION public.search_commitments(text) IS E'Benchmark only: full-text search of commitments, as our filter { search: ... }.'`,
  );
}

/** Row counts of the main tables. */
export async function countRows(client) {
  const { rows } = await client.query(`SELECT
    (SELECT count(*) FROM agreement)::int AS agreements, (SELECT count(*) FROM commitment)::int AS commitments,
    (SELECT count(*) FROM agreement_constraint)::int AS constraints, (SELECT count(*) FROM commitment_domain)::int AS "commitmentDomains"`);
  return rows[0];
}

async function generateSynthetic(client, corpus, words, target, log) {
  const [{ agreements: seedAgreements, commitments: seedCommitments }] = (
    await client.query(`SELECT (SELECT count(*) FROM agreement)::int AS agreements, (SELECT count(*) FROM commitment)::int AS commitments`)
  ).rows;
  const na = Math.max(0, target.agreements - seedAgreements);
  const nc = Math.max(0, target.commitments - seedCommitments);
  // A deterministic "random" integer in [0, 2^31) from a row number and a salt.
  await client.query(`CREATE FUNCTION pg_temp.h(g bigint, salt int) RETURNS int LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT hashint8(g * 1000003 + salt) & 2147483647 $$`);
  // Synthetic ids start after the seed's, so every synthetic row's id is a pure function of its row number.
  const [{ a0, c0, k0 }] = (
    await client.query(`SELECT (SELECT coalesce(max(id), 0) FROM agreement) AS a0,
    (SELECT coalesce(max(id), 0) FROM commitment) AS c0, (SELECT coalesce(max(id), 0) FROM agreement_constraint) AS k0`)
  ).rows;

  // Partners: states and the EU, the big donors listed more than once so they are common (as in the real corpus).
  const partners = [
    'DE',
    'DE',
    'DE',
    'GB',
    'GB',
    'GB',
    'US',
    'US',
    'US',
    'FR',
    'FR',
    'JP',
    'JP',
    'CA',
    'NL',
    'PL',
    'DK',
    'IT',
    'FI',
    'LV',
    'ES',
    'BE',
    'PT',
    'SE',
    'NO',
    'IS',
    'LT',
    'EE',
    'LU',
    'RO',
    'CZ',
    'SI',
    'IE',
    'HR',
    'GR',
    'AL',
    'EU',
  ];
  const { rows: actors } = await client.query(`SELECT code, id, name FROM actor`);
  const actorId = new Map(actors.map((a) => [a.code, a.id]));
  const actorName = new Map(actors.map((a) => [a.code, a.name]));
  const partnerIds = partners.map((code) => actorId.get(code));
  const partnerNames = partners.map((code) => actorName.get(code));
  const { rows: domainRows } = await client.query(`SELECT id, name FROM cooperation_domain ORDER BY id`);
  const { rows: mechanismRows } = await client.query(`SELECT id FROM mechanism ORDER BY id`);
  const { rows: sourceRows } = await client.query(`SELECT id FROM source ORDER BY id`);
  const g7 = (await client.query(`SELECT id FROM agreement WHERE slug = 'g7-joint-declaration-2023'`)).rows[0]?.id ?? null;
  const pick = (array, hash) => `($${array}::text[])[1 + ${hash} % cardinality($${array}::text[])]`;

  let t = Date.now();
  // --- agreements -------------------------------------------------------------------------------------------
  // partner index of agreement number n: h(n, 1) % #partners (reused below for parties, providers, constraints)
  await client.query(
    `INSERT INTO agreement (id, slug, title, short_title, kind, legal_nature, status, signed_on, signed_place, entry_into_force,
       duration_years, termination_notice_months, framework_id, summary)
     SELECT $1::int + n,
       'bench-' || lower(p.code) || '-ukraine-' || n,
       CASE WHEN pg_temp.h(n, 2) % 5 = 0 THEN NULL ELSE 'Agreement on Security Cooperation and Long-Term Support between ' || p.name || ' and Ukraine (No. ' || n || ')' END,
       p.name || '-Ukraine agreement ' || n,
       (ARRAY['BILATERAL_SECURITY_AGREEMENT','BILATERAL_SECURITY_AGREEMENT','BILATERAL_SECURITY_AGREEMENT','JOINT_DECLARATION','MULTILATERAL_COMPACT','JOINT_SECURITY_COMMITMENTS'])[1 + pg_temp.h(n, 3) % 6]::agreement_kind,
       (ARRAY['LEGALLY_BINDING','POLITICAL','POLITICAL','NOT_STATED'])[1 + pg_temp.h(n, 4) % 4]::legal_nature,
       (ARRAY['SIGNED','SIGNED','IN_FORCE','PENDING_RATIFICATION'])[1 + pg_temp.h(n, 5) % 4]::agreement_status,
       s.signed_on,
       ${pick(5, 'pg_temp.h(n, 7)')},
       CASE WHEN pg_temp.h(n, 8) % 3 = 0 THEN s.signed_on + 30 + pg_temp.h(n, 9) % 200 END,
       CASE WHEN pg_temp.h(n, 10) % 4 = 0 THEN NULL ELSE 10 END,
       -- (expires_on is computed by PostgreSQL from entry into force or signature plus the duration)
       CASE WHEN pg_temp.h(n, 11) % 2 = 0 THEN 6 END,
       CASE WHEN pg_temp.h(n, 12) % 10 < 7 THEN $4::int END,
       p.name || ' and Ukraine agree on long-term security cooperation, signed ' || to_char(s.signed_on, 'FMDD FMMonth YYYY') || '. ' ||
         ${pick(6, 'pg_temp.h(n, 13)')} || ' ' || ${pick(6, 'pg_temp.h(n, 14)')}
     FROM generate_series(1, $2::int) n
     CROSS JOIN LATERAL (SELECT ($3::text[])[1 + pg_temp.h(n, 1) % cardinality($3::text[])] AS code) pc
     JOIN actor p ON p.code = pc.code
     CROSS JOIN LATERAL (SELECT date '2022-01-01' + pg_temp.h(n, 6) % 1460 AS signed_on) s`,
    [a0, na, partners, g7, words.places, words.agreementSentences],
  );
  // Parties: the partner supports, Ukraine receives; a quarter have a second supporting state, a tenth the G7 signs.
  await client.query(
    `INSERT INTO agreement_party (agreement_id, actor_id, role)
     SELECT $1::int + n, ($3::int[])[1 + pg_temp.h(n, 1) % cardinality($3::int[])], 'SUPPORTING_PARTY'::party_role FROM generate_series(1, $2::int) n
     UNION ALL SELECT $1::int + n, $4::int, 'RECIPIENT' FROM generate_series(1, $2::int) n
     UNION ALL SELECT $1::int + n, ($3::int[])[1 + pg_temp.h(n, 15) % cardinality($3::int[])], 'SUPPORTING_PARTY'
       FROM generate_series(1, $2::int) n WHERE pg_temp.h(n, 16) % 4 = 0
     UNION ALL SELECT $1::int + n, $5::int, 'SIGNATORY' FROM generate_series(1, $2::int) n WHERE pg_temp.h(n, 17) % 10 = 0
     ON CONFLICT DO NOTHING`,
    [a0, na, partnerIds, actorId.get('UA'), actorId.get('G7')],
  );
  await client.query(
    `INSERT INTO agreement_source (agreement_id, source_id, supports)
     SELECT $1::int + n, ($3::int[])[1 + pg_temp.h(n * 2 + k, 18) % cardinality($3::int[])], 'synthetic: text and commitments'
     FROM generate_series(1, $2::int) n CROSS JOIN generate_series(0, 1) k WHERE k = 0 OR pg_temp.h(n, 19) % 2 = 0
     ON CONFLICT DO NOTHING`,
    [a0, na, sourceRows.map((r) => r.id)],
  );
  log(`  ${na} synthetic agreements with parties and sources in ${((Date.now() - t) / 1000).toFixed(1)} s`);

  // --- commitments ------------------------------------------------------------------------------------------
  // Commitment number g belongs to agreement number 1 + h(g, 20) % na; its main domain is h(g, 21) % #domains
  // (the summary names it, and commitment_domain links it).
  t = Date.now();
  const batch = 250_000;
  for (let from = 1; from <= nc; from += batch) {
    const to = Math.min(nc, from + batch - 1);
    await client.query(
      `INSERT INTO commitment (id, key, agreement_id, provider_id, beneficiary_id, summary, quote, locator, kind, modality, amount,
         currency, period_start, period_end, period_label, lethal, stage, source_id, quote_origin, amount_bound, amount_basis)
       SELECT $1::int + g,
         'bench-' || lower(($5::text[])[1 + pg_temp.h(an, 1) % cardinality($5::text[])]) || '-ukraine-' || an || '/c' || g,
         $2::int + an,
         ($6::int[])[1 + pg_temp.h(an, 1) % cardinality($6::int[])],
         $7::int,
         ($8::text[])[1 + pg_temp.h(an, 1) % cardinality($8::text[])] || ' ' ||
           (ARRAY['will provide','commits to','intends to deliver','will continue to support','pledges','will seek to expand'])[1 + pg_temp.h(g, 22) % 6] || ' ' ||
           lower(($9::text[])[1 + d1]) || ' assistance to Ukraine. ' || ${pick(10, 'pg_temp.h(g, 23)')},
         ${pick(11, 'pg_temp.h(g, 24)')} || CASE WHEN pg_temp.h(g, 25) % 2 = 0 THEN '; ' || ${pick(11, 'pg_temp.h(g, 26)')} ELSE '' END,
         'Article ' || (1 + pg_temp.h(g, 27) % 20) || ', paragraph ' || (1 + pg_temp.h(g, 28) % 6),
         (ARRAY['FINANCIAL','MILITARY_ASSISTANCE','EQUIPMENT','TRAINING','CONSULTATION','INTELLIGENCE','INFORMATION_SHARING','POLITICAL',
           'INDUSTRIAL','RECONSTRUCTION','HUMANITARIAN','TECHNICAL_ASSISTANCE','LEGAL'])[1 + pg_temp.h(g, 29) % 13]::commitment_kind,
         (ARRAY['WILL','WILL','WILL','INTEND_TO','SEEK_TO','CONSIDER','MAY','NOT_STATED'])[1 + pg_temp.h(g, 30) % 8]::modality,
         CASE WHEN money THEN round((1 + pg_temp.h(g, 31) % 50000) * 100000.0, 2) END,
         CASE WHEN money THEN (ARRAY['EUR','EUR','USD','USD','GBP','JPY','CAD','NOK','SEK','DKK'])[1 + pg_temp.h(g, 32) % 10] END,
         ps, CASE WHEN ps IS NOT NULL AND pg_temp.h(g, 33) % 2 = 0 THEN ps + 364 END,
         CASE WHEN ps IS NOT NULL THEN to_char(ps, 'YYYY') END,
         CASE WHEN pg_temp.h(g, 29) % 13 = 2 THEN pg_temp.h(g, 34) % 3 = 0 END,
         (ARRAY['PLEDGED','PLEDGED','ALLOCATED','DELIVERED'])[1 + pg_temp.h(g, 35) % 4]::commitment_stage,
         ($12::int[])[1 + pg_temp.h(g, 36) % cardinality($12::int[])],
         (ARRAY['AGREEMENT_TEXT','AGREEMENT_TEXT','OFFICIAL_STATEMENT','PRESS_REPORT','ANALYST_NOTE'])[1 + pg_temp.h(g, 60) % 5]::quote_origin,
         CASE WHEN money THEN (ARRAY['EXACT','EXACT','EXACT','AT_LEAST','UP_TO','ABOUT'])[1 + pg_temp.h(g, 61) % 6]::amount_bound END,
         CASE WHEN money THEN (ARRAY['TOTAL','TOTAL','TOTAL','TOTAL','PER_YEAR'])[1 + pg_temp.h(g, 62) % 5]::amount_basis END
       FROM generate_series($3::int, $4::int) g
       CROSS JOIN LATERAL (SELECT 1 + pg_temp.h(g, 20) % $13::int AS an, pg_temp.h(g, 21) % cardinality($9::text[]) AS d1,
         pg_temp.h(g, 37) % 20 < 9 AS money,
         CASE WHEN pg_temp.h(g, 38) % 10 = 0 THEN NULL ELSE date '2022-01-01' + pg_temp.h(g, 39) % 1826 END AS ps) x`,
      [
        c0,
        a0,
        from,
        to,
        partners,
        partnerIds,
        actorId.get('UA'),
        partnerNames,
        domainRows.map((d) => d.name),
        words.commitmentSentences,
        words.quotes,
        sourceRows.map((r) => r.id),
        na,
      ],
    );
    // Domains: the main one (named in the summary), a second for 60%, a third for 20%.
    await client.query(
      `INSERT INTO commitment_domain (commitment_id, domain_id)
       SELECT $1::int + g, ($4::int[])[1 + CASE k WHEN 1 THEN pg_temp.h(g, 21) ELSE pg_temp.h(g, 40 + k) END % cardinality($4::int[])]
       FROM generate_series($2::int, $3::int) g CROSS JOIN generate_series(1, 3) k
       WHERE k = 1 OR (k = 2 AND pg_temp.h(g, 44) % 10 < 6) OR (k = 3 AND pg_temp.h(g, 45) % 10 < 2)
       ON CONFLICT DO NOTHING`,
      [c0, from, to, domainRows.map((d) => d.id)],
    );
    await client.query(
      `INSERT INTO commitment_mechanism (commitment_id, mechanism_id)
       SELECT $1::int + g, ($4::int[])[1 + pg_temp.h(g, 46) % cardinality($4::int[])]
       FROM generate_series($2::int, $3::int) g WHERE pg_temp.h(g, 47) % 100 < 35`,
      [c0, from, to, mechanismRows.map((m) => m.id)],
    );
    log(`  commitments ${from}..${to} of ${nc} (${((Date.now() - t) / 1000).toFixed(1)} s)`);
  }

  // --- constraints ------------------------------------------------------------------------------------------
  t = Date.now();
  const nk = Math.round(na * 1.5);
  await client.query(
    `INSERT INTO agreement_constraint (id, key, agreement_id, actor_id, kind, summary, quote, locator, source_id, quote_origin)
     SELECT $1::int + k,
       'bench-' || lower(($4::text[])[1 + pg_temp.h(an, 1) % cardinality($4::text[])]) || '-ukraine-' || an || '/k' || k,
       $2::int + an,
       ($5::int[])[1 + pg_temp.h(an, 1) % cardinality($5::int[])],
       (ARRAY['CONSTITUTIONAL','LEGAL','EXPORT_CONTROL','BUDGET_APPROVAL','PARLIAMENTARY_APPROVAL','NON_BINDING','THIRD_PARTY_APPROVAL',
         'CONDITION','SCOPE_LIMIT'])[1 + pg_temp.h(k, 50) % 9]::constraint_kind,
       ${pick(6, 'pg_temp.h(k, 51)')},
       ${pick(7, 'pg_temp.h(k, 52)')},
       'Article ' || (1 + pg_temp.h(k, 53) % 20),
       ($8::int[])[1 + pg_temp.h(k, 54) % cardinality($8::int[])],
       (ARRAY['AGREEMENT_TEXT','OFFICIAL_STATEMENT','PRESS_REPORT','ANALYST_NOTE'])[1 + pg_temp.h(k, 58) % 4]::quote_origin
     FROM generate_series(1, $3::int) k CROSS JOIN LATERAL (SELECT 1 + pg_temp.h(k, 55) % $9::int AS an) x`,
    [k0, a0, nk, partners, partnerIds, words.constraintSentences, words.constraintQuotes, sourceRows.map((r) => r.id), Math.max(na, 1)],
  );
  // Each constraint restricts one to three commitments of its own agreement.
  await client.query(
    `INSERT INTO constraint_restriction (constraint_id, commitment_id)
     SELECT k.id, c.id FROM agreement_constraint k
     CROSS JOIN LATERAL (SELECT c.id FROM commitment c WHERE c.agreement_id = k.agreement_id
       ORDER BY c.id OFFSET pg_temp.h(k.id, 56) % 4 LIMIT 1 + pg_temp.h(k.id, 57) % 3) c
     WHERE k.id > $1::int`,
    [k0],
  );
  log(`  ${nk} constraints with restrictions in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  for (const table of ['agreement', 'commitment', 'agreement_constraint']) {
    await client.query(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), (SELECT max(id) FROM ${table}))`);
  }
  return countRows(client);
}
