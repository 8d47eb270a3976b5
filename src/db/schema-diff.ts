import { DataSource } from 'typeorm';

/** One SQL statement of a schema change, with its bound parameters. */
export interface SchemaChange {
  query: string;
  parameters?: unknown[];
}

/**
 * The SQL TypeORM would run to bring the connected database up to the entities. Empty when entities and
 * migrations agree; the migration check in the tests asserts exactly that.
 */
export async function pendingSchemaChanges(dataSource: DataSource): Promise<{ up: SchemaChange[]; down: SchemaChange[] }> {
  // Without entities TypeORM would find nothing to change, and the check would pass whatever the migrations say.
  if (dataSource.entityMetadatas.length === 0) {
    throw new Error('the data source has no entities: create it with { entities: ENTITIES } (src/schema/entities.ts)');
  }
  const sql = await dataSource.driver.createSchemaBuilder().log();
  return {
    up: sql.upQueries.map(({ query, parameters }) => ({ query, parameters })),
    down: sql.downQueries.map(({ query, parameters }) => ({ query, parameters })).reverse(),
  };
}
