import DataLoader from 'dataloader';
import { DataSource } from 'typeorm';

/** Runs one SQL statement (through TypeORM, so its logger sees every statement). */
export type SqlRunner = <T = Record<string, any>>(text: string, params?: unknown[]) => Promise<T[]>;

/**
 * Per-request DataLoaders, created on first use and keyed by a name that includes the list arguments, so that
 * all parents of one level asking for the same list share one batch.
 */
export class LoaderRegistry {
  private readonly loaders = new Map<string, DataLoader<any, any>>();

  get<K, V>(name: string, batch: (keys: readonly K[]) => Promise<V[]>): DataLoader<K, V> {
    let loader = this.loaders.get(name);
    if (!loader) {
      loader = new DataLoader<K, V>(batch as DataLoader.BatchLoadFn<K, V>);
      this.loaders.set(name, loader);
    }
    return loader as DataLoader<K, V>;
  }
}

/** What every resolver receives. */
export interface RequestContext {
  sql: SqlRunner;
  loaders: LoaderRegistry;
}

/** Builds the context of one GraphQL request. */
export function createRequestContext(dataSource: DataSource): RequestContext {
  return {
    sql: (text, params) => dataSource.query(text, params as any[]),
    loaders: new LoaderRegistry(),
  };
}
