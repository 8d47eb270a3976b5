// The smallest part of the corpus writer, used by it and by the text writer (domain/agreement-text/write-texts.ts):
// kept apart so that neither imports the other.

/** What the writers need of a connection: positional queries inside the caller's transaction. */
export interface Executor {
  query(text: string, params?: unknown[]): Promise<any[]>;
}

/**
 * Makes the rows of a link table that belong to `owners` equal to `rows`: removes the links no longer wanted, adds
 * the new ones and updates the values of the others (columns after the first `keyCount`). Links that stay as they
 * are are not touched, so the history records only real changes.
 */
export async function replaceLinks(
  db: Executor,
  table: string,
  ownerColumn: string,
  owners: number[],
  columns: [string, string][],
  rows: object[],
  keyCount = columns.length,
): Promise<void> {
  if (owners.length === 0) return;
  const names = columns.map(([c]) => `"${c}"`).join(', ');
  const keys = columns.slice(0, keyCount).map(([c]) => `"${c}"`);
  const values = columns.slice(keyCount).map(([c]) => `"${c}"`);
  const incoming = (param: string) => `jsonb_to_recordset(${param}::jsonb) AS x(${columns.map(([c, t]) => `"${c}" ${t}`).join(', ')})`;
  const json = JSON.stringify(rows);
  await db.query(
    `DELETE FROM "${table}" WHERE "${ownerColumn}" = ANY($1::int[]) AND (${keys.join(', ')}) NOT IN (SELECT ${keys.join(', ')} FROM ${incoming('$2')})`,
    [owners, json],
  );
  if (rows.length === 0) return;
  const onConflict = values.length > 0 ? `DO UPDATE SET ${values.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}` : 'DO NOTHING';
  await db.query(`INSERT INTO "${table}" (${names}) SELECT ${names} FROM ${incoming('$1')} ON CONFLICT (${keys.join(', ')}) ${onConflict}`, [json]);
}
