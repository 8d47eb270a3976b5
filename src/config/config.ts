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
}

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

function flag(name: string, value: string | undefined): boolean {
  if (value === undefined || value === '' || value === 'false' || value === '0') return false;
  if (value === 'true' || value === '1') return true;
  throw new Error(`${name} must be true or false, got "${value}"`);
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
  };
}
