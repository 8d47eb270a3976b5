import { timingSafeEqual } from 'node:crypto';
import type http from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLError } from 'graphql';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { requestUrl } from '../http/request-url';

// Prometheus metrics (issue 11, part 7), served as text at GET /metrics with prom-client: HTTP requests by route and
// status with latency histograms, GraphQL operations by type and errors by code, the connection pools (total, idle,
// waiting, per server), whether the database answers, report runs by status and the report queue by state, and
// prom-client's process metrics (resident memory, heap, event-loop lag, CPU). Every instance serves its own; the
// report figures come from PostgreSQL, so they are the same on every instance.

/** The registry /metrics serves (one per process; the process metrics are process-wide anyway). */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry });

const httpRequests = new Counter({
  name: 'http_requests_total',
  help: 'HTTP requests answered, by route, method and status',
  labelNames: ['route', 'method', 'status'] as const,
  registers: [metricsRegistry],
});

const httpDuration = new Histogram({
  name: 'http_request_duration_seconds',
  help: 'Time from a request to its answer being sent, by route and method',
  labelNames: ['route', 'method'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [metricsRegistry],
});

const graphqlOperations = new Counter({
  name: 'graphql_operations_total',
  help: 'GraphQL operations resolved, by type (query, mutation, subscription)',
  labelNames: ['type'] as const,
  registers: [metricsRegistry],
});

const graphqlErrors = new Counter({
  name: 'graphql_errors_total',
  help: 'GraphQL errors, by extensions.code (BAD_USER_INPUT, SERVICE_UNAVAILABLE, INTERNAL_SERVER_ERROR, ...)',
  labelNames: ['code'] as const,
  registers: [metricsRegistry],
});

const fastPathAnswers = new Counter({
  name: 'graphql_fast_path_answers_total',
  help: 'Queries answered by the read fast path (a document answered before by the JSON path, answered again without Apollo Server)',
  registers: [metricsRegistry],
});

/** Counts a resolved GraphQL operation by its type: Apollo's requests (metricsPlugin) and the read fast path's. */
export function countOperation(type: string): void {
  graphqlOperations.inc({ type });
}

/** Counts a query answered by the read fast path (src/read-plan/fast-path.ts); it is also counted as an operation. */
export function countFastPathAnswer(): void {
  fastPathAnswers.inc();
}

const poolConnections = new Gauge({
  name: 'db_pool_connections',
  help: 'Connections of the pools to PostgreSQL, by pool (primary, replica-N) and state (total, idle, waiting: requests queued for one)',
  labelNames: ['pool', 'state'] as const,
  registers: [metricsRegistry],
});

const databaseUp = new Gauge({
  name: 'db_up',
  help: '1 when the primary answered the scrape, 0 when it did not',
  registers: [metricsRegistry],
});

const reportRuns = new Gauge({
  name: 'report_runs',
  help: 'Report runs kept in the database, by status (QUEUED, RUNNING, SUCCEEDED, FAILED)',
  labelNames: ['status'] as const,
  registers: [metricsRegistry],
});

const reportQueue = new Gauge({
  name: 'report_queue_jobs',
  help: 'Jobs of the report queue (pg-boss), by state: created and retry are waiting, active are running',
  labelNames: ['state'] as const,
  registers: [metricsRegistry],
});

/** A bounded label for a path: the route it matched, never the raw path (whose values are unbounded). */
export function routeOf(pathname: string): string {
  if (pathname === '/graphql' || pathname === '/healthz' || pathname === '/readyz' || pathname === '/metrics') return pathname;
  if (pathname.startsWith('/export/')) return '/export/:file';
  if (/^\/reports\/runs\/[^/]+\/download$/.test(pathname)) return '/reports/runs/:id/download';
  return 'other';
}

/** Counts and times one HTTP request when its answer has been sent (or its connection closed before). */
export function observeRequest(request: http.IncomingMessage, response: http.ServerResponse): void {
  const started = process.hrtime.bigint();
  let done = false;
  const finish = () => {
    if (done) return;
    done = true;
    const route = routeOf(requestUrl(request.url)?.pathname ?? '');
    const method = request.method === 'GET' || request.method === 'POST' ? request.method : 'other';
    httpRequests.inc({ route, method, status: String(response.statusCode) });
    httpDuration.observe({ route, method }, Number(process.hrtime.bigint() - started) / 1e9);
  };
  response.once('finish', finish);
  response.once('close', finish);
}

/** Whether an error means the database cannot be reached (src/db/availability.ts's `isDatabaseUnavailable`). */
export type UnavailableTest = (error: unknown) => boolean;

/** The connection counts of one pool to PostgreSQL (`pool`: primary, replica-N). */
export interface PoolCounts {
  pool: string;
  total: number;
  idle: number;
  waiting: number;
}

/**
 * The database as /metrics reads it. src/db/metrics-source.ts gives the real one (the data source's pools and its
 * queries): shared/ stays below db/ and is handed what it needs.
 */
export interface MetricsDatabase {
  /** False until the data source is connected (nothing is read before). */
  ready(): boolean;
  /** The pools' counts, from memory. */
  pools(): PoolCounts[];
  /** Runs a statement on the primary and returns its rows. */
  query<T>(text: string): Promise<T[]>;
  isUnavailable: UnavailableTest;
}

/** The code an error is counted under: its extensions.code, or what the API will answer for it. */
function codeOf(error: GraphQLError, isUnavailable: UnavailableTest): string {
  const code = error.extensions?.code;
  if (typeof code === 'string' && /^[A-Z][A-Z_]{0,49}$/.test(code)) return code;
  return isUnavailable(error.originalError) ? 'SERVICE_UNAVAILABLE' : 'INTERNAL_SERVER_ERROR';
}

/**
 * Apollo Server plugin: operations by type and errors by code. An error without a code counts as the API will answer
 * it: SERVICE_UNAVAILABLE when `isUnavailable` says the database could not be reached, else INTERNAL_SERVER_ERROR.
 */
export function metricsPlugin(isUnavailable: UnavailableTest): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation }) {
          countOperation(operation?.operation ?? 'unknown');
        },
        async didEncounterErrors({ errors }) {
          for (const error of errors) graphqlErrors.inc({ code: codeOf(error, isUnavailable) });
        },
      };
    },
  };
}

let enabled = true;

/** METRICS_ENABLED: whether GET /metrics answers (it is 404 when off). */
export function setMetricsEnabled(on: boolean): void {
  enabled = on;
}

/** The pools' counts, from memory. */
function collectPools(database: MetricsDatabase): void {
  poolConnections.reset();
  if (!database.ready()) return;
  for (const { pool, total, idle, waiting } of database.pools()) {
    poolConnections.set({ pool, state: 'total' }, total);
    poolConnections.set({ pool, state: 'idle' }, idle);
    poolConnections.set({ pool, state: 'waiting' }, waiting);
  }
}

/** Reads what only the database knows: whether it answers, the report runs by status and the report queue. */
async function collectFromDatabase(database: MetricsDatabase): Promise<void> {
  if (!database.ready()) return;
  try {
    const runs = await database.query<{ status: string; count: number }>(`SELECT status, count(*) AS count FROM report_run GROUP BY status`);
    databaseUp.set(1);
    reportRuns.reset();
    for (const status of ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED']) reportRuns.set({ status }, 0);
    for (const { status, count } of runs) reportRuns.set({ status }, Number(count));
  } catch (error) {
    if (!database.isUnavailable(error)) throw error;
    databaseUp.set(0);
    return;
  }
  reportQueue.reset();
  for (const state of ['created', 'retry', 'active']) reportQueue.set({ state }, 0);
  // pg-boss creates its schema when the report machinery first starts; before that there is no queue to count.
  const [{ exists }] = await database.query<{ exists: boolean }>(`SELECT to_regclass('pgboss.job') IS NOT NULL AS exists`);
  if (!exists) return;
  const jobs = await database.query<{ state: string; count: number }>(
    `SELECT state::text AS state, count(*) AS count FROM pgboss.job WHERE name = 'report-run' GROUP BY state`,
  );
  for (const { state, count } of jobs) reportQueue.set({ state }, Number(count));
}

/** Who may read /metrics, from METRICS_TOKEN, METRICS_PORT and NODE_ENV. */
export interface MetricsAccess {
  environment: 'development' | 'production' | 'test';
  /** METRICS_TOKEN: the bearer token a scrape must present. */
  token?: string;
  /** METRICS_PORT: when set, metrics are served on that port only. */
  port?: number;
}

/** Whether two secrets are equal, in constant time (a length difference is not hidden: the token's length is not secret). */
function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Whether a scrape is served: with METRICS_PORT, only on that port; with METRICS_TOKEN, only with
 * `Authorization: Bearer <METRICS_TOKEN>` (else 401); with neither, outside production only (404 in production, so a
 * public API never shows its internals by default).
 *
 * @example metricsVerdict({ environment: 'production' }, undefined, false) // => 'not-found'
 */
export function metricsVerdict(
  access: MetricsAccess,
  authorization: string | undefined,
  onMetricsPort: boolean,
): 'serve' | 'not-found' | 'unauthorized' {
  if (access.port !== undefined && !onMetricsPort) return 'not-found';
  if (access.token !== undefined) {
    const given = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization ?? '')?.[1];
    return given !== undefined && sameSecret(given, access.token) ? 'serve' : 'unauthorized';
  }
  return onMetricsPort || access.environment !== 'production' ? 'serve' : 'not-found';
}

/**
 * GET /metrics: the registry in Prometheus's text format (404 when METRICS_ENABLED is off). What only the database
 * knows (report runs, the queue, whether it answers) is read at most once per `cacheSeconds` (METRICS_CACHE_SECONDS)
 * and shared by the scrapes in between, so scraping, however often, costs the database nothing more.
 */
export class MetricsEndpoint {
  private refreshed = Number.NEGATIVE_INFINITY;
  private refreshing: Promise<void> | undefined;

  constructor(
    private readonly database: MetricsDatabase,
    private readonly cacheSeconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  async serve(response: http.ServerResponse): Promise<void> {
    if (!enabled) {
      response.writeHead(404, { 'content-type': 'application/json; charset=utf-8' });
      response.end(JSON.stringify({ error: 'not found; the API is at /graphql' }));
      return;
    }
    await this.refresh();
    response.writeHead(200, { 'content-type': metricsRegistry.contentType, 'cache-control': 'no-store' });
    response.end(await metricsRegistry.metrics());
  }

  /** Reads the database's figures unless they were read less than `cacheSeconds` ago (or are being read now). */
  private async refresh(): Promise<void> {
    const fresh = this.now() - this.refreshed < this.cacheSeconds * 1000;
    if (!fresh && !this.refreshing) {
      this.refreshing = collectFromDatabase(this.database)
        // A figure the database could not give is left out; the rest is still worth serving.
        .catch(() => undefined)
        .finally(() => {
          this.refreshed = this.now();
          this.refreshing = undefined;
        });
    }
    await this.refreshing;
    // The pools' counts are in memory: always current (read after the database's figures, whose statements they would count).
    collectPools(this.database);
  }
}
