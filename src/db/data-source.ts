import path from 'node:path';
import { types } from 'pg';
import { DataSource, Logger } from 'typeorm';
import { ENTITIES } from './entities';

// Dates travel as ISO `YYYY-MM-DD` strings end to end: no time-zone shifts through JavaScript Date.
types.setTypeParser(types.builtins.DATE, (value) => value);
// count(*) is bigint; counts here stay far below 2^53.
types.setTypeParser(types.builtins.INT8, (value) => Number(value));

/** Compiled migrations sit beside this file's compiled folder; under ts-jest the sources are loaded instead. */
const MIGRATIONS_GLOB = path.join(__dirname, '..', '..', 'migrations', '*.{js,ts}');

export interface DataSourceOptions {
  url: string;
  poolSize?: number;
  statementTimeoutMs?: number;
  logger?: Logger;
  applicationName?: string;
}

/**
 * Creates (does not connect) the TypeORM data source. `synchronize` is never on: the schema comes from
 * `migrations/` only.
 */
export function createDataSource(options: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    entities: ENTITIES,
    migrations: [MIGRATIONS_GLOB.replace('{js,ts}', __filename.endsWith('.ts') ? 'ts' : 'js')],
    migrationsTableName: 'typeorm_migrations',
    synchronize: false,
    logger: options.logger,
    logging: options.logger ? ['query', 'error'] : false,
    poolSize: options.poolSize ?? 10,
    applicationName: options.applicationName ?? 'accords-graphql',
    // maxUses recycles a connection now and then, which also bounds the prepared statements it accumulates.
    extra: { statement_timeout: options.statementTimeoutMs ?? 10_000, maxUses: 20_000 },
  });
}
