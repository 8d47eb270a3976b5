import path from 'node:path';

/** Everything the process reads from its environment, read once, in one place. */
export interface AppConfig {
  /** A PostgreSQL URL; when absent an embedded server is started (see `src/db/embedded-postgres.ts`). */
  databaseUrl: string | undefined;
  /** HTTP port of the GraphQL API. */
  port: number;
  /** `production` turns off introspection and stack traces. */
  environment: 'development' | 'production' | 'test';
  logLevel: string;
  /** Where the embedded server keeps its data (git-ignored). */
  embeddedDataDir: string;
  /** Per-statement limit, so one heavy query cannot hold the pool. */
  statementTimeoutMs: number;
  /** Connections in the pool. */
  poolSize: number;
  /** `jit` (graphql-jit, the default) or `graphql-js`: which engine executes operations. */
  executor: 'jit' | 'graphql-js';
  /**
   * READ_JSON_PATH (`on` by default, `off`): whether queries the read plan covers are answered with the JSON that
   * PostgreSQL builds (src/read-plan). `off` is the second lane: every request then runs the resolvers.
   */
  readJsonPath: boolean;
  /**
   * READ_FAST_PATH (`on` by default, `off`): whether a covered query Apollo answered before through the JSON path is
   * answered again without Apollo Server (src/read-plan/fast-path.ts). Off whenever READ_JSON_PATH is off.
   */
  readFastPath: boolean;
  /** When true, a request without a valid API token cannot read either (GraphQL and exports). */
  requireTokenForReads: boolean;
  /** Report jobs (issue 10). */
  reports: {
    /** Run a report worker inside `npm start` (default: yes on the embedded database, no with DATABASE_URL). */
    workerInProcess: boolean;
    /** A run still active after this long is taken for dead (its worker killed) and retried. */
    jobTimeoutSeconds: number;
    /** Retries of a failed run, with exponential backoff from `retryDelaySeconds`. */
    retryLimit: number;
    retryDelaySeconds: number;
    /** How often each worker checks the schedules for a slot that is due. */
    schedulerTickSeconds: number;
    /** How often pg-boss looks for expired jobs. */
    maintenanceSeconds: number;
    /** Runs finished longer ago than this are pruned. */
    retentionDays: number;
    /** For tests of a worker killed mid-run: hold every run this long before it reads its data. */
    holdRunMs: number;
  };
  /** Values refused before they reach PostgreSQL (issue 11, part 3; src/shared/input-guard). */
  input: {
    /** Longest string in any argument or input field (filter values, search text, slugs, names), in UTF-16 code units. */
    maxStringLength: number;
    /** Longest prose field of a mutation input or imported record (summary, quote, description, noUrlReason, supports). */
    maxTextLength: number;
  };
  /** Faults and scale-out (issue 11, parts 4 and 7): read replicas, connection and shutdown limits, metrics. */
  scaleOut: {
    /** Read replicas (streaming standbys of DATABASE_URL): GraphQL queries read there, writes go to the primary. */
    replicaUrls: string[];
    /** Longest wait to open a connection or to get one from a full pool; then SERVICE_UNAVAILABLE (503). */
    connectTimeoutMs: number;
    /** Connections of the pool exports and report runs may hold at once (0: half the pool); the rest stay for requests. */
    longRunningConnections: number;
    /** On SIGTERM, how long requests in flight may take to finish before their connections are cut. */
    shutdownTimeoutMs: number;
    /** Serve Prometheus metrics at GET /metrics. */
    metricsEnabled: boolean;
    /**
     * METRICS_TOKEN: the bearer token GET /metrics needs on the API's port (compared in constant time). Without it
     * (and without METRICS_PORT), /metrics on the API's port is open outside production and 404 in production.
     */
    metricsToken: string | undefined;
    /** METRICS_PORT: serve /metrics on this port only (its own listener, for the scraper's network), not the API's. */
    metricsPort: number | undefined;
    /** METRICS_CACHE_SECONDS: the database's figures (report runs, queue, db_up) are read at most this often. */
    metricsCacheSeconds: number;
  };
  /** Limits (issue 11, part 1; src/shared/limits): each refuses a request with a coded error. 0 turns one off. */
  limits: {
    /** MAX_QUERY_NODES: nodes an operation can return, as GitHub counts them (src/shared/limits/node-count.ts). */
    nodes: number;
    /** MAX_QUERY_DEPTH: nested field levels. */
    depth: number;
    /** MAX_ALIASES: aliased fields per operation. */
    aliases: number;
    /** MAX_TOKENS: lexical tokens per GraphQL document. */
    tokens: number;
    /** MAX_DIRECTIVES: directives per operation. */
    directives: number;
    /** MAX_FILTER_NODES: fields, operators and search terms in all the filters of a request (GraphQL, exports, report params). */
    filterNodes: number;
    /** MAX_BODY_BYTES: largest request body; larger ones get HTTP 413. */
    bodyBytes: number;
    /** RATE_LIMIT_PER_MINUTE: requests a minute per token or client address, in each process (0: no limit). */
    ratePerMinute: number;
    /** RATE_LIMIT_BURST: requests a client may send at once before the per-minute rate applies. */
    rateBurst: number;
    /** WS_MAX_CONNECTIONS_PER_ADDRESS: WebSocket connections one client address may hold open at once (0: no cap). */
    wsConnectionsPerAddress: number;
  };
  /** The HTTP contract (issue 11, part 2): who may call from a browser, and what production exposes. */
  http: {
    /** CORS_ORIGINS: origins allowed to call from a browser (`*` for any); none by default: no CORS headers. */
    corsOrigins: string[];
    /** TRUST_PROXY: take the client address (rate limit) from the last X-Forwarded-For entry, behind one proxy. */
    trustProxy: boolean;
    /** ENABLE_INTROSPECTION: introspection and field suggestions (default: on except in production). */
    introspection: boolean;
    /** ENABLE_IDE: the GraphiQL IDE at GET /graphql (default: on except in production). */
    ide: boolean;
  };
  /**
   * AGREEMENT_TEXTS_DIR: a folder of `<slug>.txt` agreement texts (the official ones are in ../shared/agreement-texts)
   * loaded with the seed corpus; absent: no text is loaded, and spans stay unverified.
   */
  agreementTextsDir: string | undefined;
  /** Persisted and trusted documents, HTTP caching and live updates (issue 11, parts 2 and 6; src/documents, src/live). */
  clientContract: {
    /** TRUSTED_DOCUMENTS: run only the documents of the manifest (by text or sha256 hash); refuse every other. */
    trustedDocuments: boolean;
    /** TRUSTED_DOCUMENTS_FILE: the manifest `npm run documents` writes (sha256 -> document). */
    documentsManifest: string;
    /** CACHE_MAX_AGE_SECONDS: max-age of `Cache-Control: public` on anonymous GET reads of public data; 0: never public. */
    cacheMaxAgeSeconds: number;
    /** LIVE_UPDATES: subscriptions over WebSocket at /graphql, with one LISTEN connection per process. */
    liveUpdates: boolean;
  };
}

/**
 * MAX_FILTER_NODES's default: the documented examples and report operations use at most a dozen filter nodes; a
 * few hundred (a filter of hundreds of `or` alternatives) is what made PostgreSQL plan for seconds.
 */
export const DEFAULT_MAX_FILTER_NODES = 200;

export const PROJECT_ROOT = path.resolve(__dirname, '..', '..', ...(__dirname.includes(`${path.sep}dist${path.sep}`) ? ['..'] : []));

function integer(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) {
    throw new Error(`${name} must be a non-negative integer, got "${value}"`);
  }
  return parsed;
}

function executor(value: string | undefined): AppConfig['executor'] {
  if (value === undefined || value === '' || value === 'jit') return 'jit';
  if (value === 'graphql-js') return 'graphql-js';
  throw new Error(`GRAPHQL_EXECUTOR must be "jit" or "graphql-js", got "${value}"`);
}

function onOff(name: string, value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value === '') return fallback;
  if (value === 'on') return true;
  if (value === 'off') return false;
  throw new Error(`${name} must be "on" or "off", got "${value}"`);
}

function flag(name: string, value: string | undefined): boolean {
  if (value === undefined || value === '' || value === 'false' || value === '0') return false;
  if (value === 'true' || value === '1') return true;
  throw new Error(`${name} must be true or false, got "${value}"`);
}

/** A true/false setting whose default depends on others (the environment). */
function optionalFlag(name: string, value: string | undefined, fallback: boolean): boolean {
  return value === undefined || value === '' ? fallback : flag(name, value);
}

/** CORS_ORIGINS: comma-separated origins (`https://app.example.org`, `http://localhost:3000`) or `*`. */
function origins(value: string | undefined): string[] {
  const list = (value ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '');
  for (const origin of list) {
    if (origin !== '*' && !/^https?:\/\/[^/\s]+$/i.test(origin)) {
      throw new Error(`CORS_ORIGINS must list origins such as https://app.example.org (no path) or *, got "${origin}"`);
    }
  }
  return list;
}

/** METRICS_TOKEN: a secret of at least 16 characters (a short one is guessable), or nothing. */
function metricsToken(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (value.length < 16 || /\s/.test(value)) throw new Error('METRICS_TOKEN must be at least 16 characters, without spaces');
  return value;
}

/** Reads the configuration from an environment (the process's by default). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const environment = env.NODE_ENV === 'production' ? 'production' : env.NODE_ENV === 'test' ? 'test' : 'development';
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    port: integer('PORT', env.PORT, 4000),
    environment,
    logLevel: env.LOG_LEVEL ?? (environment === 'test' ? 'silent' : 'info'),
    embeddedDataDir: path.resolve(PROJECT_ROOT, env.EMBEDDED_PG_DIR ?? '.data/postgres'),
    statementTimeoutMs: integer('STATEMENT_TIMEOUT_MS', env.STATEMENT_TIMEOUT_MS, 10_000),
    poolSize: integer('DB_POOL_SIZE', env.DB_POOL_SIZE, 10),
    executor: executor(env.GRAPHQL_EXECUTOR),
    readJsonPath: onOff('READ_JSON_PATH', env.READ_JSON_PATH, true),
    readFastPath: onOff('READ_FAST_PATH', env.READ_FAST_PATH, true),
    requireTokenForReads: flag('REQUIRE_TOKEN_FOR_READS', env.REQUIRE_TOKEN_FOR_READS),
    reports: {
      workerInProcess:
        env.REPORT_WORKER_IN_PROCESS === undefined || env.REPORT_WORKER_IN_PROCESS === ''
          ? !env.DATABASE_URL
          : flag('REPORT_WORKER_IN_PROCESS', env.REPORT_WORKER_IN_PROCESS),
      jobTimeoutSeconds: integer('REPORT_JOB_TIMEOUT_SECONDS', env.REPORT_JOB_TIMEOUT_SECONDS, 300),
      retryLimit: integer('REPORT_RETRY_LIMIT', env.REPORT_RETRY_LIMIT, 3),
      retryDelaySeconds: integer('REPORT_RETRY_DELAY_SECONDS', env.REPORT_RETRY_DELAY_SECONDS, 10),
      schedulerTickSeconds: integer('REPORT_SCHEDULER_TICK_SECONDS', env.REPORT_SCHEDULER_TICK_SECONDS, 15),
      maintenanceSeconds: integer('REPORT_MAINTENANCE_SECONDS', env.REPORT_MAINTENANCE_SECONDS, 60),
      retentionDays: integer('REPORT_RETENTION_DAYS', env.REPORT_RETENTION_DAYS, 30),
      holdRunMs: integer('REPORT_HOLD_RUN_MS', env.REPORT_HOLD_RUN_MS, 0),
    },
    input: {
      maxStringLength: integer('MAX_STRING_LENGTH', env.MAX_STRING_LENGTH, 10_000),
      maxTextLength: integer('MAX_TEXT_LENGTH', env.MAX_TEXT_LENGTH, 100_000),
    },
    scaleOut: {
      replicaUrls: (env.DATABASE_REPLICA_URLS ?? '')
        .split(',')
        .map((url) => url.trim())
        .filter((url) => url !== ''),
      connectTimeoutMs: integer('DB_CONNECT_TIMEOUT_MS', env.DB_CONNECT_TIMEOUT_MS, 3_000),
      longRunningConnections: integer('DB_LONG_RUNNING_CONNECTIONS', env.DB_LONG_RUNNING_CONNECTIONS, 0),
      shutdownTimeoutMs: integer('SHUTDOWN_TIMEOUT_MS', env.SHUTDOWN_TIMEOUT_MS, 25_000),
      metricsEnabled: env.METRICS_ENABLED === undefined || env.METRICS_ENABLED === '' ? true : flag('METRICS_ENABLED', env.METRICS_ENABLED),
      metricsToken: metricsToken(env.METRICS_TOKEN),
      metricsPort: env.METRICS_PORT ? integer('METRICS_PORT', env.METRICS_PORT, 0) : undefined,
      metricsCacheSeconds: integer('METRICS_CACHE_SECONDS', env.METRICS_CACHE_SECONDS, 10),
    },
    limits: {
      nodes: integer('MAX_QUERY_NODES', env.MAX_QUERY_NODES, 1_000_000),
      depth: integer('MAX_QUERY_DEPTH', env.MAX_QUERY_DEPTH, 12),
      aliases: integer('MAX_ALIASES', env.MAX_ALIASES, 30),
      tokens: integer('MAX_TOKENS', env.MAX_TOKENS, 5_000),
      directives: integer('MAX_DIRECTIVES', env.MAX_DIRECTIVES, 50),
      filterNodes: integer('MAX_FILTER_NODES', env.MAX_FILTER_NODES, DEFAULT_MAX_FILTER_NODES),
      bodyBytes: integer('MAX_BODY_BYTES', env.MAX_BODY_BYTES, 1_000_000),
      // Off under NODE_ENV=test: every test client shares one address.
      ratePerMinute: integer('RATE_LIMIT_PER_MINUTE', env.RATE_LIMIT_PER_MINUTE, environment === 'test' ? 0 : 600),
      rateBurst: integer('RATE_LIMIT_BURST', env.RATE_LIMIT_BURST, 100),
      // Off under NODE_ENV=test, as the rate: every test client shares one address.
      wsConnectionsPerAddress: integer('WS_MAX_CONNECTIONS_PER_ADDRESS', env.WS_MAX_CONNECTIONS_PER_ADDRESS, environment === 'test' ? 0 : 20),
    },
    http: {
      corsOrigins: origins(env.CORS_ORIGINS),
      trustProxy: flag('TRUST_PROXY', env.TRUST_PROXY),
      introspection: optionalFlag('ENABLE_INTROSPECTION', env.ENABLE_INTROSPECTION, environment !== 'production'),
      ide: optionalFlag('ENABLE_IDE', env.ENABLE_IDE, environment !== 'production'),
    },
    agreementTextsDir: env.AGREEMENT_TEXTS_DIR ? path.resolve(PROJECT_ROOT, env.AGREEMENT_TEXTS_DIR) : undefined,
    clientContract: {
      trustedDocuments: flag('TRUSTED_DOCUMENTS', env.TRUSTED_DOCUMENTS),
      documentsManifest: path.resolve(PROJECT_ROOT, env.TRUSTED_DOCUMENTS_FILE || 'docs/trusted-documents.json'),
      cacheMaxAgeSeconds: integer('CACHE_MAX_AGE_SECONDS', env.CACHE_MAX_AGE_SECONDS, 60),
      liveUpdates: optionalFlag('LIVE_UPDATES', env.LIVE_UPDATES, true),
    },
  };
}
