import path from 'node:path';
import { types } from 'pg';
import { DataSource, Logger } from 'typeorm';
import { GUARDED_PG_DRIVER } from './availability';
import { defaultLongRunningConnections, setLongRunningBudget } from './connection-budget';
import { connectionConfig } from './connection-config';

// Dates travel as ISO `YYYY-MM-DD` strings end to end: no time-zone shifts through JavaScript Date.
types.setTypeParser(types.builtins.DATE, (value) => value);
// count(*) is bigint; counts here stay far below 2^53.
types.setTypeParser(types.builtins.INT8, (value) => Number(value));

/** Compiled migrations sit beside this file's compiled folder; under ts-jest the sources are loaded instead. */
const MIGRATIONS_GLOB = path.join(__dirname, '..', '..', 'migrations', '*.{js,ts}');

/** A TypeORM entity class. */
export type EntityClass = new () => object;

export interface DataSourceOptions {
  url: string;
  /**
   * The entities, for a data source that compares them with the database (the migration check, `migration:generate`):
   * src/schema/entities.ts. None by default: every read and write goes through SQL, never through entity metadata.
   */
  entities?: EntityClass[];
  /** Streaming replicas of `url`: TypeORM's replication setting gives each a pool, which the read path uses. */
  replicaUrls?: string[];
  poolSize?: number;
  statementTimeoutMs?: number;
  /** Longest wait to open a connection, or to get one from a full pool (default 3 s). */
  connectTimeoutMs?: number;
  logger?: Logger;
  applicationName?: string;
  /** Connections of the pool long-running work (exports, report runs) may hold at once (default: half the pool). */
  longRunningConnections?: number;
}

/** How much longer than the statement timeout the client waits for an answer before giving the connection up. */
const QUERY_TIMEOUT_MARGIN_MS = 2_000;

/**
 * Creates (does not connect) the TypeORM data source. `synchronize` is never on: the schema comes from
 * `migrations/` only.
 */
export function createDataSource(options: DataSourceOptions): DataSource {
  const applicationName = options.applicationName ?? 'accords-graphql';
  const replicaUrls = options.replicaUrls ?? [];
  const statementTimeoutMs = options.statementTimeoutMs ?? 10_000;
  const poolSize = options.poolSize ?? 10;
  // Every pool's connections start with the session settings of connection-config.ts (JIT off); a URL's own
  // `options` are kept before ours (the primary's: TypeORM gives all pools the same `extra`).
  const primary = connectionConfig(options.url);
  const bare = (url: string) => connectionConfig(url).connectionString;
  const dataSource = new DataSource({
    type: 'postgres',
    // With replicas, TypeORM keeps a pool per server (driver.master, driver.slaves); its own writes and
    // transactions use the master. Each connection names its role in pg_stat_activity.application_name.
    ...(replicaUrls.length > 0
      ? {
          replication: {
            master: { url: primary.connectionString, applicationName },
            slaves: replicaUrls.map((url) => ({ url: bare(url), applicationName: `${applicationName}:replica` })),
          },
        }
      : { url: primary.connectionString, applicationName }),
    // pg with a pool whose failures to connect are SERVICE_UNAVAILABLE (src/db/availability.ts).
    driver: GUARDED_PG_DRIVER,
    entities: options.entities ?? [],
    migrations: [MIGRATIONS_GLOB.replace('{js,ts}', __filename.endsWith('.ts') ? 'ts' : 'js')],
    migrationsTableName: 'typeorm_migrations',
    synchronize: false,
    logger: options.logger,
    logging: options.logger ? ['query', 'error'] : false,
    poolSize,
    // Fail fast when the database is away or the pool is exhausted: a bounded wait to connect or to get a free
    // connection, a server-side statement timeout, and a client-side one a little longer, for a server that stopped
    // answering (a hung host or a cut network) rather than refusing. TCP keepalive notices a dead peer on idle
    // connections. maxUses recycles a connection now and then, which also bounds the prepared statements it holds.
    extra: {
      options: primary.options,
      statement_timeout: statementTimeoutMs,
      query_timeout: statementTimeoutMs > 0 ? statementTimeoutMs + QUERY_TIMEOUT_MARGIN_MS : undefined,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 3_000,
      keepAlive: true,
      maxUses: 20_000,
    },
  });
  // Exports and report runs take a slot of this budget first, so they never hold the whole pool (connection-budget.ts).
  setLongRunningBudget(
    dataSource,
    Math.min(poolSize, options.longRunningConnections || defaultLongRunningConnections(poolSize)),
    options.connectTimeoutMs ?? 3_000,
  );
  return dataSource;
}
