import type { DataSource } from 'typeorm';

/**
 * A checksum of every table of the database (every row as JSON, sorted, md5), to show that a run of hostile requests
 * changed nothing. A token's `last_used_at` is bookkeeping the requests themselves cause, and pg-boss's tables are
 * its queue's own: both are left out.
 *
 * @example expect(await corpusChecksums(db.dataSource)).toEqual(before)
 */
export async function corpusChecksums(dataSource: DataSource): Promise<Record<string, string>> {
  const tables: { schema: string; name: string }[] = await dataSource.query(
    `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
      WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema') AND table_schema NOT LIKE 'pgboss%'`,
  );
  const sums: Record<string, string> = {};
  for (const table of tables) {
    const [{ sum }] = await dataSource.query(
      `SELECT count(*) || ':' || md5(coalesce(string_agg(x, '' ORDER BY x), '')) AS sum
         FROM (SELECT (to_jsonb(t) - 'last_used_at')::text AS x FROM "${table.schema}"."${table.name}" t) rows`,
    );
    sums[`${table.schema}.${table.name}`] = sum;
  }
  return sums;
}
