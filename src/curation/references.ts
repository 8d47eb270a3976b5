import { KINDS, RecordKind } from './read-records';
import type { Executor } from './write-corpus';

/**
 * One way a curated row refers to another: a column of its own (`commitment.source_id`), or a link table it owns
 * (`commitment_domain`: `commitment_id` names the owner, `domain_id` the row referred to).
 */
export interface Reference {
  from: RecordKind;
  /** The record field that holds it, to name it in messages (`source`, `restricts`). */
  field: string;
  to: RecordKind;
  /** The referring row's own column naming the target. */
  column?: string;
  /** Or the link table, its owner column and its target column. */
  link?: { table: string; owner: string; target: string };
}

/**
 * Every reference between curated rows, the one list that deletes and restores check (a test compares it with the
 * database's foreign keys, so a new one cannot be forgotten). The rule it serves (docs/CURATION.md): a live row
 * refers only to live rows.
 */
export const REFERENCES: readonly Reference[] = [
  { from: 'agreement', field: 'framework', to: 'agreement', column: 'framework_id' },
  { from: 'agreement', field: 'parties', to: 'actor', link: { table: 'agreement_party', owner: 'agreement_id', target: 'actor_id' } },
  { from: 'agreement', field: 'sources', to: 'source', link: { table: 'agreement_source', owner: 'agreement_id', target: 'source_id' } },
  { from: 'commitment', field: 'agreement', to: 'agreement', column: 'agreement_id' },
  { from: 'commitment', field: 'provider', to: 'actor', column: 'provider_id' },
  { from: 'commitment', field: 'beneficiary', to: 'actor', column: 'beneficiary_id' },
  { from: 'commitment', field: 'source', to: 'source', column: 'source_id' },
  { from: 'commitment', field: 'includedIn', to: 'commitment', column: 'included_in_id' },
  { from: 'commitment', field: 'domains', to: 'domain', link: { table: 'commitment_domain', owner: 'commitment_id', target: 'domain_id' } },
  {
    from: 'commitment',
    field: 'mechanisms',
    to: 'mechanism',
    link: { table: 'commitment_mechanism', owner: 'commitment_id', target: 'mechanism_id' },
  },
  {
    from: 'commitment',
    field: 'corroboratedBy',
    to: 'source',
    link: { table: 'commitment_source', owner: 'commitment_id', target: 'source_id' },
  },
  { from: 'constraint', field: 'agreement', to: 'agreement', column: 'agreement_id' },
  { from: 'constraint', field: 'actor', to: 'actor', column: 'actor_id' },
  { from: 'constraint', field: 'source', to: 'source', column: 'source_id' },
  {
    from: 'constraint',
    field: 'restricts',
    to: 'commitment',
    link: { table: 'constraint_restriction', owner: 'constraint_id', target: 'commitment_id' },
  },
  {
    from: 'constraint',
    field: 'corroboratedBy',
    to: 'source',
    link: { table: 'constraint_source', owner: 'constraint_id', target: 'source_id' },
  },
  { from: 'domain', field: 'parent', to: 'domain', column: 'parent_id' },
  { from: 'mechanism', field: 'parent', to: 'mechanism', column: 'parent_id' },
];

/** The rows a delete or restore of one row moves together, by kind (an agreement takes its commitments and constraints). */
export type RowSet = Partial<Record<RecordKind, number[]>>;

/** The kinds that are parts of another, by the reference naming their whole: they are deleted and restored with it. */
const PARTS: readonly Reference[] = REFERENCES.filter((r) => r.to === 'agreement' && r.field === 'agreement');

/** The (referrer, target) id pairs of a reference, as SQL. */
function pairs(reference: Reference): string {
  if (reference.link) return `SELECT "${reference.link.owner}" AS referrer, "${reference.link.target}" AS target FROM "${reference.link.table}"`;
  return `SELECT id AS referrer, "${reference.column}" AS target FROM "${KINDS[reference.from].table}" WHERE "${reference.column}" IS NOT NULL`;
}

/** Rows found through one reference: their kind, the field that links them, how many, and the first few natural keys. */
export interface ReferencedRows {
  /** The kind as mutations name it (`commitment`, `domain`). */
  kind: RecordKind;
  field: string;
  count: number;
  keys: string[];
}

/** How many keys a message names before it says "…". */
const NAMED = 10;

/**
 * The rows found, for a message.
 *
 * @example describeRows([{ kind: 'commitment', field: 'includedIn', count: 2, keys: ['a', 'b'] }]) // => '2 commitments through includedIn (a, b)'
 */
export function describeRows(rows: ReferencedRows[]): string {
  return rows
    .map((r) => `${r.count} ${r.kind}${r.count === 1 ? '' : 's'} through ${r.field} (${r.keys.join(', ')}${r.count > r.keys.length ? ', …' : ''})`)
    .join('; ');
}

/**
 * A row and its parts (live ones, for a delete; those deleted at the same moment as it, for a restore).
 *
 * @example await withParts(db, 'agreement', 7, 'live') // => { agreement: [7], commitment: [..], constraint: [..] }
 */
export async function withParts(db: Executor, kind: RecordKind, id: number, which: 'live' | 'deletedWithIt'): Promise<RowSet> {
  const set: RowSet = { [kind]: [id] };
  for (const part of PARTS.filter((p) => p.to === kind)) {
    const table = KINDS[part.from].table;
    const condition = which === 'live' ? 'p.deleted_at IS NULL' : `p.deleted_at = (SELECT deleted_at FROM "${KINDS[kind].table}" WHERE id = $1)`;
    const rows: { id: number }[] = await db.query(`SELECT p.id FROM "${table}" p WHERE p."${part.column}" = $1 AND ${condition}`, [id]);
    set[part.from] = [...(set[part.from] ?? []), ...rows.map((r) => r.id)];
  }
  return set;
}

/**
 * The live rows outside `set` that refer to a row of it: what a delete of `set` would leave pointing at deleted
 * rows. Empty when the delete keeps the rule.
 */
export async function liveDependents(db: Executor, set: RowSet): Promise<ReferencedRows[]> {
  const found: ReferencedRows[] = [];
  for (const reference of REFERENCES) {
    const targets = set[reference.to];
    if (!targets || targets.length === 0) continue;
    const { table, natural } = KINDS[reference.from];
    const [{ count, keys }] = await db.query(
      `SELECT count(*)::int AS count, (array_agg(r."${natural}"::text ORDER BY r."${natural}"))[1:${NAMED}] AS keys
       FROM (${pairs(reference)}) p JOIN live."${table}" r ON r.id = p.referrer
       WHERE p.target = ANY($1::int[]) AND NOT (r.id = ANY($2::int[]))`,
      [targets, set[reference.from] ?? []],
    );
    if (count > 0) found.push({ kind: reference.from, field: reference.field, count, keys });
  }
  return found;
}

/**
 * The deleted rows outside `set` that a row of `set` refers to: what a restore of `set` would point at. Empty when
 * the restore keeps the rule.
 */
export async function deletedReferences(db: Executor, set: RowSet): Promise<ReferencedRows[]> {
  const found: ReferencedRows[] = [];
  for (const reference of REFERENCES) {
    const referrers = set[reference.from];
    if (!referrers || referrers.length === 0) continue;
    const { table, natural } = KINDS[reference.to];
    const [{ count, keys }] = await db.query(
      `SELECT count(DISTINCT t.id)::int AS count, (array_agg(DISTINCT t."${natural}"::text))[1:${NAMED}] AS keys
       FROM (${pairs(reference)}) p JOIN "${table}" t ON t.id = p.target
       WHERE p.referrer = ANY($1::int[]) AND t.deleted_at IS NOT NULL AND NOT (t.id = ANY($2::int[]))`,
      [referrers, set[reference.to] ?? []],
    );
    if (count > 0) found.push({ kind: reference.to, field: reference.field, count, keys });
  }
  return found;
}
