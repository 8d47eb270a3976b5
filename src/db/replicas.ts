import type { ApolloServerPlugin } from '@apollo/server';
import type { Pool, QueryConfig, QueryResult } from 'pg';
import { DataSource } from 'typeorm';
import type { RequestContext, SqlRunner } from '../shared/context/request-context';
import { isDatabaseUnavailable } from './availability';

// Reads on replicas (issue 11, part 7). With DATABASE_REPLICA_URLS set, TypeORM's replication setting gives the data
// source a pool per replica beside the primary's (data-source.ts). The API's read path sends a statement to a
// replica (round robin) when it only reads; everything else goes to the primary: writes, transactions (mutations,
// the report queue, seeding and migrations all run on TypeORM's master), and every statement of a GraphQL mutation,
// which must see what it has just written (the plugin below). A replica lags its primary by the replication delay
// (milliseconds on a healthy stream), so a query right after a mutation may not see it yet. A replica that cannot be
// reached leaves its reads to the primary.

/** The pools a data source reads and writes through. */
export interface DatabasePools {
  primary: Pool;
  replicas: Pool[];
  /** The pool for the next read: a replica in turn, or the primary when there is none. */
  forRead(): Pool;
}

const poolsOf = new WeakMap<DataSource, DatabasePools>();

/** The primary's and the replicas' pools of an initialised data source (TypeORM's driver.master and driver.slaves). */
export function databasePools(dataSource: DataSource): DatabasePools {
  let pools = poolsOf.get(dataSource);
  if (!pools) {
    const driver = dataSource.driver as unknown as { master: Pool; slaves?: Pool[] };
    const replicas = driver.slaves ?? [];
    let next = 0;
    pools = {
      primary: driver.master,
      replicas,
      forRead: () => (replicas.length === 0 ? driver.master : replicas[next++ % replicas.length]),
    };
    poolsOf.set(dataSource, pools);
  }
  return pools;
}

/** Anything but a plain read: data-modifying statements, row locks, sequence and session side effects. */
const WRITES =
  /\b(INSERT\s+INTO|UPDATE\s+\S+\s+SET|DELETE\s+FROM|MERGE\s+INTO|FOR\s+(NO\s+KEY\s+)?UPDATE|FOR\s+(KEY\s+)?SHARE|nextval|setval|pg_notify|set_config|pg_advisory)/i;

/**
 * Whether a statement only reads, so a replica (a read-only standby) can run it: it starts with SELECT or WITH and
 * names nothing that writes. Anything else, or anything in doubt, goes to the primary.
 *
 * @example isReadOnlyStatement('SELECT id FROM agreement WHERE slug = $1') // => true
 * @example isReadOnlyStatement('UPDATE api_token SET last_used_at = now() WHERE id = $1') // => false
 */
export function isReadOnlyStatement(text: string): boolean {
  return /^\s*(SELECT|WITH)\b/i.test(text) && !WRITES.test(text);
}

/**
 * Runs a statement where it belongs: a read on the next replica, anything else on the primary. A read whose replica
 * cannot be reached (down, restarting, out of connections) runs on the primary instead, so a lost replica costs
 * capacity, not answers.
 */
export async function routeQuery(pools: DatabasePools, text: string, query: QueryConfig): Promise<QueryResult> {
  if (pools.replicas.length === 0 || !isReadOnlyStatement(text)) return pools.primary.query(query);
  try {
    return await pools.forRead().query(query);
  } catch (error) {
    if (!isDatabaseUnavailable(error)) throw error;
    return pools.primary.query(query);
  }
}

const PRIMARY_RUNNER = Symbol('primary sql runner');

/** Marks `runner` as the read path whose statements all go to the primary when `primary` runs them. */
export function withPrimary(runner: SqlRunner, primary: SqlRunner): SqlRunner {
  return Object.assign(runner, { [PRIMARY_RUNNER]: primary });
}

/** The primary-only twin of a routing runner (itself when it has none). */
export function primaryRunnerOf(runner: SqlRunner): SqlRunner {
  return (runner as SqlRunner & { [PRIMARY_RUNNER]?: SqlRunner })[PRIMARY_RUNNER] ?? runner;
}

/**
 * Apollo Server plugin: a mutation (or subscription) reads on the primary only, so what it returns includes what it
 * wrote even where a field is resolved outside its transaction. Queries keep the routing read path.
 */
export function primaryForWritesPlugin(): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue }) {
          if (operation && operation.operation !== 'query') contextValue.sql = primaryRunnerOf(contextValue.sql);
        },
      };
    },
  };
}
