// The benchmark's PostgreSQL server and its statement counter. Unless DATABASE_URL is set, starts the project's own
// embedded PostgreSQL (dist/src/db/embedded-postgres.js) on a data folder of its own (bench/.tools/pgdata), turns on
// pg_stat_statements (a restart, since it must be in shared_preload_libraries) and gives a URL to the `postgres`
// database, on which the harness creates the FRESH database `accords_bench`. The developer's database is never used.
//
// Statement counting: `pg_stat_statements` (installed in the `postgres` database, filtered on the bench database's
// oid) when the server has it loaded; otherwise `pg_stat_database.xact_commit` (one transaction per autocommit
// statement; a statement inside an explicit transaction is not counted separately), said so in the results.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { oursRoot } from './tools.mjs';

const require = createRequire(import.meta.url);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_PGDATA = path.join(ROOT, 'bench', '.tools', 'pgdata');

/** Settings for the benchmark's own embedded server (applied with ALTER SYSTEM, then a restart). */
const EMBEDDED_SETTINGS = {
  shared_preload_libraries: 'pg_stat_statements',
  'pg_stat_statements.track': 'top',
  'pg_stat_statements.track_planning': 'on',
  'pg_stat_statements.max': '10000',
  shared_buffers: '1GB',
  effective_cache_size: '8GB',
  work_mem: '16MB',
};

async function withClient(url, fn) {
  const client = new pg.Client({ connectionString: url, application_name: 'accords-bench' });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * Starts the embedded server (or uses DATABASE_URL). Returns `{ adminUrl, external, stop(), serverVersion }`, where
 * adminUrl points at the `postgres` database.
 */
export async function startBenchPostgres({ dataDir = DEFAULT_PGDATA, log = () => {} } = {}) {
  if (process.env.DATABASE_URL) {
    const parsed = new URL(process.env.DATABASE_URL);
    parsed.pathname = '/postgres';
    const adminUrl = parsed.toString();
    const serverVersion = await withClient(adminUrl, async (c) => (await c.query('SHOW server_version')).rows[0].server_version);
    log(`using the PostgreSQL server of DATABASE_URL (${parsed.host}); the benchmark creates its own database on it`);
    return { adminUrl, external: true, serverVersion, stop: async () => {} };
  }
  const { startEmbeddedPostgres } = require(path.join(oursRoot(), 'dist/src/db/embedded-postgres.js'));
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  // embedded-postgres learns that the server is up from its stderr; logging_collector would divert that and hang the
  // start. Never set by this harness now, but a data folder from an older version of it may have it.
  const autoConf = path.join(dataDir, 'postgresql.auto.conf');
  if (fs.existsSync(autoConf) && /^logging_collector/m.test(fs.readFileSync(autoConf, 'utf8'))) {
    fs.writeFileSync(
      autoConf,
      fs
        .readFileSync(autoConf, 'utf8')
        .split('\n')
        .filter((l) => !/^(logging_collector|log_filename|log_rotation_age|log_rotation_size)\b/.test(l))
        .join('\n'),
    );
  }
  let server = await startEmbeddedPostgres(dataDir, log);
  const wanted = await withClient(server.url, async (client) => {
    const { rows } = await client.query(`SELECT name, setting, unit FROM pg_settings WHERE name = ANY($1)`, [Object.keys(EMBEDDED_SETTINGS)]);
    const current = new Map(rows.map((r) => [r.name, r.setting]));
    const missing = !String(current.get('shared_preload_libraries') ?? '').includes('pg_stat_statements');
    if (missing || current.get('pg_stat_statements.track_planning') !== 'on') {
      for (const [name, value] of Object.entries(EMBEDDED_SETTINGS)) {
        await client.query(`ALTER SYSTEM SET ${name} = '${value}'`);
      }
      return true;
    }
    return false;
  });
  if (wanted) {
    log('restarting the embedded server with pg_stat_statements loaded');
    await server.stop();
    server = await startEmbeddedPostgres(dataDir, log);
  }
  const serverVersion = await withClient(server.url, async (c) => (await c.query('SHOW server_version')).rows[0].server_version);
  return { adminUrl: server.url, external: false, serverVersion, stop: () => server.stop() };
}

/**
 * A statement counter for database `dbName`: `reset()` then `read()` gives the statements (and SQL time) since the
 * reset. `method` says how it counts.
 */
export async function createStatementCounter(adminUrl, dbName) {
  const client = new pg.Client({ connectionString: adminUrl, application_name: 'accords-bench-stats' });
  await client.connect();
  let method = 'pg_stat_statements';
  try {
    await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    await client.query('SELECT 1 FROM pg_stat_statements LIMIT 1');
  } catch {
    method = 'pg_stat_database.xact_commit';
  }
  const { rows } = await client.query('SELECT oid FROM pg_database WHERE datname = $1', [dbName]);
  const dbid = rows[0].oid;
  let base = null;
  return {
    method,
    async reset() {
      if (method === 'pg_stat_statements') {
        await client.query('SELECT pg_stat_statements_reset()');
      } else {
        await client.query('SELECT pg_stat_clear_snapshot()');
        base = (await client.query('SELECT xact_commit::float8 AS n FROM pg_stat_database WHERE datid = $1', [dbid])).rows[0].n;
      }
    },
    /** `{ statements, execMs, planMs, byQuery }` since the last reset (byQuery: the top statements by calls). */
    async read() {
      if (method === 'pg_stat_statements') {
        const { rows: stats } = await client.query(
          `SELECT calls::float8 AS calls, total_exec_time AS exec, total_plan_time AS plan, left(regexp_replace(query, '\\s+', ' ', 'g'), 160) AS query
           FROM pg_stat_statements WHERE dbid = $1 ORDER BY calls DESC`,
          [dbid],
        );
        return {
          statements: stats.reduce((s, r) => s + r.calls, 0),
          execMs: stats.reduce((s, r) => s + r.exec, 0),
          planMs: stats.reduce((s, r) => s + r.plan, 0),
          byQuery: stats.slice(0, 12),
        };
      }
      // pg_stat_database is refreshed by the server with a delay: wait for it.
      await new Promise((resolve) => setTimeout(resolve, 700));
      await client.query('SELECT pg_stat_clear_snapshot()');
      const now = (await client.query('SELECT xact_commit::float8 AS n FROM pg_stat_database WHERE datid = $1', [dbid])).rows[0].n;
      return { statements: now - base, execMs: null, planMs: null, byQuery: [] };
    },
    close: () => client.end(),
  };
}

/** Runs EXPLAIN (ANALYZE, BUFFERS) on `sql` in the bench database and returns the plan text. */
export async function explain(url, sql, params = []) {
  return withClient(url, async (client) => {
    const { rows } = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  });
}

export { withClient };
