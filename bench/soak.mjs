// Soak test (issue 11, part 8): a fixed request rate for a fixed time against our server, watching its memory.
//
//   npm run soak [-- --rate 50] [-- --minutes 2] [-- --out bench/results/soak-latest.json]
//
// 1. starts a PostgreSQL of its own (the project's embedded server on .data/soak-postgres, or the server of
//    DATABASE_URL) and a FRESH database `accords_soak` on it;
// 2. starts our server on it (node dist/src/server.js, production mode, rate limit off: the soak measures the
//    server, not the limiter), which migrates it and loads the seed corpus;
// 3. sends requests at a fixed rate (open loop: a request leaves on its schedule whether or not earlier ones have
//    answered, so a slow server shows as latency, not as a lower rate) over a mix of the benchmark's headline
//    operations (bench/operations.mjs), plus an edit every few seconds (updateAgreement with an analyst token);
//    a warm-up at the same rate comes first and is not counted;
// 4. samples the server's resident memory (/proc/<pid>/status), its heap and pool (GET /metrics) as it goes;
// 5. prints, per window, the throughput, errors, latency percentiles and memory, then the totals; writes JSON to
//    --out; exits 1 if the error rate is above --max-error-rate or if memory grew without bound: the median RSS of
//    the last third of the samples above the first third's by more than --max-rss-growth.
//
// Options: --rate N (requests/s, default 50), --minutes M (default 2), --warmup-seconds S (15), --edit-seconds S
//          (3), --sample-seconds S (5), --window-seconds S (20), --max-rss-growth F (0.25), --max-error-rate F
//          (0.01), --max-in-flight N (256: beyond it a request is counted as an error, not sent), --out FILE.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { OPERATIONS } from './operations.mjs';

/** The METRICS_TOKEN the soak's server is started with, to read its own /metrics. */
const SOAK_METRICS_TOKEN = `soak-${randomBytes(16).toString('hex')}`;

const require = createRequire(import.meta.url);
const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(BENCH_DIR, '..');
const DB_NAME = 'accords_soak';
const startedAt = Date.now();
const log = (message) => console.log(`[soak ${((Date.now() - startedAt) / 1000).toFixed(0).padStart(4)}s] ${message}`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ------------------------------------------------------------------------------------------------------ options
function parseArgs(argv) {
  const options = {
    rate: 50,
    minutes: 2,
    warmupSeconds: 15,
    editSeconds: 3,
    sampleSeconds: 5,
    windowSeconds: 20,
    maxRssGrowth: 0.25,
    maxErrorRate: 0.01,
    maxInFlight: 256,
    out: path.join(BENCH_DIR, 'results', 'soak-latest.json'),
  };
  const numbers = {
    '--rate': 'rate',
    '--minutes': 'minutes',
    '--warmup-seconds': 'warmupSeconds',
    '--edit-seconds': 'editSeconds',
    '--sample-seconds': 'sampleSeconds',
    '--window-seconds': 'windowSeconds',
    '--max-rss-growth': 'maxRssGrowth',
    '--max-error-rate': 'maxErrorRate',
    '--max-in-flight': 'maxInFlight',
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (numbers[arg]) {
      const n = Number(value());
      if (!Number.isFinite(n) || n < 0) throw new Error(`${arg} needs a non-negative number`);
      options[numbers[arg]] = n;
    } else if (arg === '--out') options.out = path.resolve(value());
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
  if (options.rate <= 0 || options.minutes <= 0) throw new Error('--rate and --minutes must be above 0');
  return options;
}

// ---------------------------------------------------------------------------------------------------- database
async function withClient(url, work) {
  const client = new pg.Client({ connectionString: url, application_name: 'accords-soak' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function withDatabase(url, name) {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

/** The server the soak's database lives on: DATABASE_URL's, or the embedded one on a data folder of its own. */
async function startPostgres() {
  if (process.env.DATABASE_URL) {
    log(`using the PostgreSQL server of DATABASE_URL; the soak creates its own database ${DB_NAME} on it`);
    return { adminUrl: withDatabase(process.env.DATABASE_URL, 'postgres'), stop: async () => {} };
  }
  const { startEmbeddedPostgres } = require(path.join(ROOT, 'dist', 'src', 'db', 'embedded-postgres.js'));
  const server = await startEmbeddedPostgres(path.join(ROOT, '.data', 'soak-postgres'), log);
  log(`embedded PostgreSQL on 127.0.0.1:${server.port} (.data/soak-postgres)`);
  return { adminUrl: server.url, stop: () => server.stop() };
}

// ------------------------------------------------------------------------------------------------------ server
async function freePort() {
  const net = await import('node:net');
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

async function startServer(url) {
  const port = await freePort();
  const logFile = path.join(ROOT, '.data', 'soak-server.log');
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const out = fs.openSync(logFile, 'w');
  // In production /metrics needs METRICS_TOKEN (or METRICS_PORT): the soak reads it with a token of its own.
  const env = {
    ...process.env,
    DATABASE_URL: url,
    PORT: String(port),
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    RATE_LIMIT_PER_MINUTE: '0',
    METRICS_TOKEN: SOAK_METRICS_TOKEN,
  };
  delete env.NODE_OPTIONS;
  delete env.DATABASE_REPLICA_URLS;
  const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'src', 'server.js')], { cwd: ROOT, env, stdio: ['ignore', out, out] });
  fs.closeSync(out);
  const server = { child, pid: child.pid, base: `http://127.0.0.1:${port}`, logFile, exited: false };
  child.on('exit', () => (server.exited = true));
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline && !server.exited) {
    try {
      if ((await fetch(`${server.base}/readyz`, { signal: AbortSignal.timeout(2000) })).ok) return server;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  child.kill('SIGKILL');
  throw new Error(`the server did not become ready; its log (${logFile}):\n${fs.readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n')}`);
}

async function stopServer(server) {
  if (server.exited) return;
  const exited = new Promise((resolve) => server.child.on('exit', resolve));
  server.child.kill('SIGTERM');
  await Promise.race([exited, sleep(30_000)]);
  if (!server.exited) server.child.kill('SIGKILL');
}

// ------------------------------------------------------------------------------------------------- operations
/** The values of the headline operations on the seed corpus. */
const PARAMS = {
  party: 'DE',
  agreementDomain: 'equipment',
  pageDomain: 'security-defence',
  search: 'air defence',
  from: '2023-01-01',
  to: '2026-01-01',
  slug: 'japan-ukraine-2024',
  cursors: { ours: null },
  compareSlugs: [
    'japan-ukraine-2024',
    'united-states-ukraine-2024',
    'united-kingdom-ukraine-2024',
    'germany-ukraine-2024',
    'france-ukraine-2024',
    'poland-ukraine-2024',
  ],
};

/** How often each operation comes up in the mix (out of their sum). */
const WEIGHTS = {
  agreementsByPartyAndDomain: 3,
  searchCommitments: 3,
  agreementBySlug: 2,
  deepCommitmentPage: 2,
  commitmentCountAndSumsByProviderAndYear: 1,
  compareSix: 1,
};

function mix() {
  const ops = OPERATIONS.filter((op) => WEIGHTS[op.name]).map((op) => ({
    name: op.name,
    // The benchmark's (e) counts its generated rows only; here it covers the whole seed corpus.
    query: op.ours.query.replace(', filter: { key: { startsWith: "bench-" } }', ''),
    variables: op.ours.variables(PARAMS),
  }));
  const wheel = ops.flatMap((op) => Array(WEIGHTS[op.name]).fill(op));
  let turn = 0;
  return () => wheel[turn++ % wheel.length];
}

const EDIT = `mutation SoakEdit($id: ID!, $version: Int!, $shortTitle: String!) {
  updateAgreement(id: $id, expectedVersion: $version, input: { shortTitle: $shortTitle }) { id version shortTitle }
}`;

/** Edits in turn: five agreements, their short title toggled between its own and a marked one (bounded data). */
async function editor(base, token) {
  const response = await post(base, '{ agreements(first: 5, orderBy: [SIGNED_ON_ASC]) { nodes { id version shortTitle } } }');
  const targets = response.body.data.agreements.nodes.map((a) => ({ ...a, original: a.shortTitle }));
  let turn = 0;
  return () => {
    const target = targets[turn++ % targets.length];
    const shortTitle = target.shortTitle === target.original ? `${target.original} (soak)` : target.original;
    return {
      name: 'edit',
      query: EDIT,
      variables: { id: target.id, version: target.version, shortTitle },
      token,
      onData(data) {
        target.version = data.updateAgreement.version;
        target.shortTitle = data.updateAgreement.shortTitle;
      },
    };
  };
}

async function post(base, query, variables, token) {
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: await response.json() };
}

// ------------------------------------------------------------------------------------------------ measurement
function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const median = (values) =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  );
const round = (n, digits = 1) => (n === null ? null : Math.round(n * 10 ** digits) / 10 ** digits);

function summarise(records, seconds) {
  const latencies = records.filter((r) => r.ok).map((r) => r.ms);
  latencies.sort((a, b) => a - b);
  const errors = records.filter((r) => !r.ok).length;
  return {
    requests: records.length,
    throughput: round(records.length / seconds),
    errors,
    errorRate: records.length ? round(errors / records.length, 4) : 0,
    p50: round(percentile(latencies, 50)),
    p95: round(percentile(latencies, 95)),
    p99: round(percentile(latencies, 99)),
    max: round(latencies[latencies.length - 1] ?? null),
  };
}

function readRssMb(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1]);
    return Number.isFinite(kb) ? kb / 1024 : null;
  } catch {
    return null;
  }
}

async function readMetrics(base) {
  try {
    const text = await (
      await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${SOAK_METRICS_TOKEN}` }, signal: AbortSignal.timeout(2000) })
    ).text();
    const value = (name) => {
      const match = new RegExp(`^${name.replace(/[{}"=]/g, (c) => `\\${c}`)} ([0-9.e+-]+)$`, 'm').exec(text);
      return match ? Number(match[1]) : null;
    };
    return {
      rssMb: value('process_resident_memory_bytes') / 1048576,
      heapUsedMb: value('nodejs_heap_size_used_bytes') / 1048576,
      poolTotal: value('db_pool_connections{pool="primary",state="total"}'),
      poolWaiting: value('db_pool_connections{pool="primary",state="waiting"}'),
    };
  } catch {
    return {};
  }
}

// -------------------------------------------------------------------------------------------------------- run
async function main() {
  const options = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(path.join(ROOT, 'dist', 'src', 'server.js'))) throw new Error('dist/ is missing: run `npm run build` (npm run soak does)');
  const postgres = await startPostgres();
  let server;
  try {
    await withClient(postgres.adminUrl, async (client) => {
      await client.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
      await client.query(`CREATE DATABASE ${DB_NAME}`);
    });
    const url = withDatabase(postgres.adminUrl, DB_NAME);
    log(`starting our server on ${DB_NAME} (it migrates and loads the seed corpus)`);
    server = await startServer(url);
    const { createApiToken } = require(path.join(ROOT, 'dist', 'src', 'shared', 'auth', 'token-store.js'));
    const token = await withClient(url, async (client) => {
      const sql = async (text, params = []) => (await client.query(text, params)).rows;
      return (await createApiToken(sql, { name: `soak-${Date.now()}`, role: 'analyst' })).token;
    });
    const nextRead = mix();
    const nextEdit = await editor(server.base, token);

    // Every operation answers before the clock starts (a broken operation is a setup error, not a soak figure).
    for (const op of new Set(Array.from({ length: 12 }, nextRead))) {
      const { status, body } = await post(server.base, op.query, op.variables);
      if (status !== 200 || body.errors) throw new Error(`${op.name} failed before the soak: ${status} ${JSON.stringify(body.errors ?? body)}`);
    }

    const measuredMs = options.minutes * 60_000;
    const warmupMs = options.warmupSeconds * 1000;
    log(
      `${options.rate} requests/s for ${options.minutes} min after a ${options.warmupSeconds} s warm-up; an edit every ${options.editSeconds} s; ` +
        `server pid ${server.pid}`,
    );
    const records = [];
    const samples = [];
    let inFlight = 0;
    const t0 = performance.now();
    const clock = () => performance.now() - t0 - warmupMs; // < 0 during the warm-up

    const send = (op) => {
      const sentAt = clock();
      if (inFlight >= options.maxInFlight) {
        records.push({ t: sentAt, op: op.name, ms: 0, ok: false, status: 'not-sent' });
        return;
      }
      inFlight += 1;
      const started = performance.now();
      post(server.base, op.query, op.variables, op.token)
        .then(
          ({ status, body }) => {
            const ok = status === 200 && !body.errors && body.data;
            if (ok && op.onData) op.onData(body.data);
            return { ok: Boolean(ok), status, code: body.errors?.[0]?.extensions?.code };
          },
          (error) => ({ ok: false, status: 'network', code: error.cause?.code ?? error.message }),
        )
        .then((outcome) => {
          inFlight -= 1;
          if (sentAt >= 0) records.push({ t: sentAt, op: op.name, ms: performance.now() - started, ...outcome });
        });
    };

    const sampler = setInterval(async () => {
      const t = clock();
      if (t < 0) return;
      const metrics = await readMetrics(server.base);
      samples.push({
        t: round(t / 1000),
        rssMb: round(readRssMb(server.pid) ?? metrics.rssMb),
        heapUsedMb: round(metrics.heapUsedMb),
        inFlight,
        poolWaiting: metrics.poolWaiting,
      });
    }, options.sampleSeconds * 1000);

    const windowMs = options.windowSeconds * 1000;
    const printWindow = (w) => {
      const from = w * windowMs;
      const to = Math.min((w + 1) * windowMs, measuredMs);
      const s = summarise(
        records.filter((r) => r.t >= from && r.t < to),
        (to - from) / 1000,
      );
      const rss = samples.filter((x) => x.t * 1000 < to).at(-1)?.rssMb;
      log(
        `${String(from / 1000).padStart(4)}-${String(to / 1000).padEnd(4)}s ${String(s.throughput).padStart(6)} req/s  errors ${s.errors}  ` +
          `p50 ${s.p50} ms  p95 ${s.p95} ms  p99 ${s.p99} ms  rss ${rss} MB`,
      );
    };

    // Open loop: at every moment, the requests due by then have been sent.
    const intervalMs = 1000 / options.rate;
    const editEvery = Math.max(1, Math.round(options.editSeconds * options.rate));
    let sent = 0;
    let window = 0;
    while (clock() < measuredMs) {
      const due = Math.floor((performance.now() - t0) / intervalMs);
      while (sent < due) {
        sent += 1;
        send(sent % editEvery === 0 ? nextEdit() : nextRead());
      }
      // A window is reported a second after it ends, so its slowest requests are in.
      if (clock() >= (window + 1) * windowMs + 1000) printWindow(window++);
      await sleep(Math.min(5, intervalMs));
    }
    clearInterval(sampler);
    const drainDeadline = Date.now() + 30_000;
    while (inFlight > 0 && Date.now() < drainDeadline) await sleep(20);
    while (window * windowMs < measuredMs) printWindow(window++);

    // ------------------------------------------------------------------------------------------- verdict
    const seconds = measuredMs / 1000;
    const total = summarise(records, seconds);
    const byOperation = Object.fromEntries(
      [...new Set(records.map((r) => r.op))].sort().map((name) => [
        name,
        summarise(
          records.filter((r) => r.op === name),
          seconds,
        ),
      ]),
    );
    const errorsByCode = {};
    for (const r of records.filter((x) => !x.ok))
      errorsByCode[`${r.status} ${r.code ?? ''}`.trim()] = (errorsByCode[`${r.status} ${r.code ?? ''}`.trim()] ?? 0) + 1;
    const third = Math.max(1, Math.floor(samples.length / 3));
    const firstRss = median(samples.slice(0, third).map((s) => s.rssMb));
    const lastRss = median(samples.slice(-third).map((s) => s.rssMb));
    const firstHeap = median(samples.slice(0, third).map((s) => s.heapUsedMb));
    const lastHeap = median(samples.slice(-third).map((s) => s.heapUsedMb));
    const rssGrowth = firstRss ? lastRss / firstRss - 1 : null;
    const memory = {
      samples: samples.length,
      firstThirdMedianRssMb: firstRss,
      lastThirdMedianRssMb: lastRss,
      rssGrowth: round(rssGrowth, 3),
      maxRssMb: Math.max(...samples.map((s) => s.rssMb)),
      firstThirdMedianHeapUsedMb: firstHeap,
      lastThirdMedianHeapUsedMb: lastHeap,
    };
    const failures = [];
    if (total.errorRate > options.maxErrorRate)
      failures.push(`error rate ${(total.errorRate * 100).toFixed(2)}% above ${(options.maxErrorRate * 100).toFixed(2)}%`);
    if (rssGrowth === null || samples.length < 3) failures.push('too few memory samples to judge (run longer or sample more often)');
    else if (rssGrowth > options.maxRssGrowth)
      failures.push(
        `memory grew: median RSS ${firstRss} MB in the first third, ${lastRss} MB in the last (+${(rssGrowth * 100).toFixed(1)}%, limit ${options.maxRssGrowth * 100}%)`,
      );
    if (server.exited) failures.push('the server exited during the soak');

    const report = {
      when: new Date().toISOString(),
      options: { ...options, out: path.relative(ROOT, options.out) },
      machine: { node: process.version, cpus: (await import('node:os')).cpus().length, platform: `${process.platform}-${process.arch}` },
      offeredRate: options.rate,
      total,
      errorsByCode,
      byOperation,
      memory,
      samples,
      verdict: failures.length === 0 ? 'pass' : 'fail',
      failures,
    };
    fs.mkdirSync(path.dirname(options.out), { recursive: true });
    fs.writeFileSync(options.out, JSON.stringify(report, null, 2) + '\n');

    console.log('');
    console.log(`| operation | requests | req/s | errors | p50 ms | p95 ms | p99 ms | max ms |`);
    console.log(`|---|---:|---:|---:|---:|---:|---:|---:|`);
    for (const [name, s] of [...Object.entries(byOperation), ['**all**', total]]) {
      console.log(`| ${name} | ${s.requests} | ${s.throughput} | ${s.errors} | ${s.p50} | ${s.p95} | ${s.p99} | ${s.max} |`);
    }
    console.log('');
    console.log(
      `memory (RSS of the server): first third median ${firstRss} MB, last third ${lastRss} MB (${rssGrowth >= 0 ? '+' : ''}${round(rssGrowth * 100)}%), ` +
        `max ${memory.maxRssMb} MB; heap used ${firstHeap} -> ${lastHeap} MB`,
    );
    console.log(`over time (s: RSS MB): ${samples.map((s) => `${s.t}: ${s.rssMb}`).join(', ')}`);
    console.log(`errors by code: ${JSON.stringify(errorsByCode)}`);
    console.log(`results: ${path.relative(ROOT, options.out)}`);
    console.log(failures.length === 0 ? 'soak: PASS' : `soak: FAIL\n  ${failures.join('\n  ')}`);
    process.exitCode = failures.length === 0 ? 0 : 1;
  } finally {
    if (server) await stopServer(server);
    await postgres.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
