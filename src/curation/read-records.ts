import type { Executor } from './write-corpus';
import { agreementFields } from '../domain/agreement/agreement.fields';
import { commitmentFields } from '../domain/commitment/commitment.fields';
import { constraintFields } from '../domain/constraint/constraint.fields';
import { actorFields } from '../domain/actor/actor.fields';
import { mechanismFields } from '../domain/mechanism/mechanism.fields';
import { domainFields } from '../domain/cooperation-domain/cooperation-domain.fields';
import { sourceFields } from '../domain/source/source.fields';
import { recordJsonPairs } from '../shared/fields/records';

/** The curated kinds, by the name mutations, imports and messages use. */
export type RecordKind = 'agreement' | 'commitment' | 'constraint' | 'actor' | 'source' | 'mechanism' | 'domain';

/** Where each kind lives and how its records are named. */
export const KINDS: Record<RecordKind, { table: string; natural: string; label: string }> = {
  agreement: { table: 'agreement', natural: 'slug', label: 'Agreement' },
  commitment: { table: 'commitment', natural: 'key', label: 'Commitment' },
  constraint: { table: 'agreement_constraint', natural: 'key', label: 'Constraint' },
  actor: { table: 'actor', natural: 'code', label: 'Actor' },
  source: { table: 'source', natural: 'key', label: 'Source' },
  mechanism: { table: 'mechanism', natural: 'slug', label: 'Mechanism' },
  domain: { table: 'cooperation_domain', natural: 'slug', label: 'CooperationDomain' },
};

/** The quote's spans (null without spans). */
const quoteSpansJson = (alias: string, owner: 'commitment' | 'constraint') =>
  `(SELECT json_agg(json_build_object('start', s.start_offset, 'end', s.end_offset) ORDER BY s.ordinal) FROM ${owner}_quote_span s WHERE s.${owner}_id = ${alias}.id)`;

/** The keys of the sources that corroborate the record besides its quote's, for `json_build_object`. */
const corroborationJson = (alias: string, owner: 'commitment' | 'constraint') =>
  `'corroboratedBy', (SELECT coalesce(json_agg(s.key ORDER BY s.key), '[]') FROM ${owner}_source l JOIN source s ON s.id = l.source_id WHERE l.${owner}_id = ${alias}.id)`;

/** A commitment in the seed format: its curated declared fields (commitment.fields.ts), references by key, composites and links. */
const commitmentJson = (c: string) =>
  `json_build_object(${recordJsonPairs(commitmentFields, c)}, 'agreement', (SELECT slug FROM agreement WHERE id = ${c}.agreement_id),` +
  ` 'provider', (SELECT code FROM actor WHERE id = ${c}.provider_id), 'beneficiary', (SELECT code FROM actor WHERE id = ${c}.beneficiary_id),` +
  ` 'quoteSpans', ${quoteSpansJson(c, 'commitment')},` +
  ` 'amount', CASE WHEN ${c}.amount IS NULL THEN NULL ELSE json_build_object('amount', ${c}.amount::text, 'currency', ${c}.currency) END,` +
  ` 'includedIn', (SELECT key FROM commitment WHERE id = ${c}.included_in_id),` +
  ` 'period', CASE WHEN ${c}.period_start IS NULL AND ${c}.period_end IS NULL AND ${c}.period_label IS NULL THEN NULL` +
  ` ELSE json_build_object('start', ${c}.period_start, 'end', ${c}.period_end, 'label', ${c}.period_label) END,` +
  ` 'domains', (SELECT coalesce(json_agg(d.slug ORDER BY d.slug), '[]') FROM commitment_domain l JOIN cooperation_domain d ON d.id = l.domain_id WHERE l.commitment_id = ${c}.id),` +
  ` 'mechanisms', (SELECT coalesce(json_agg(m.slug ORDER BY m.slug), '[]') FROM commitment_mechanism l JOIN mechanism m ON m.id = l.mechanism_id WHERE l.commitment_id = ${c}.id),` +
  ` 'source', (SELECT key FROM source WHERE id = ${c}.source_id), ${corroborationJson(c, 'commitment')})`;

/** A constraint in the seed format: its curated declared fields (constraint.fields.ts), references by key and links. */
const constraintJson = (k: string) =>
  `json_build_object(${recordJsonPairs(constraintFields, k)}, 'agreement', (SELECT slug FROM agreement WHERE id = ${k}.agreement_id),` +
  ` 'actor', (SELECT code FROM actor WHERE id = ${k}.actor_id), 'quoteSpans', ${quoteSpansJson(k, 'constraint')},` +
  ` 'restricts', (SELECT coalesce(json_agg(c.key ORDER BY c.key), '[]') FROM constraint_restriction r JOIN commitment c ON c.id = r.commitment_id WHERE r.constraint_id = ${k}.id),` +
  ` 'source', (SELECT key FROM source WHERE id = ${k}.source_id), ${corroborationJson(k, 'constraint')})`;

/** The JSON of one row of each kind, in the seed format (agreements with their live children), aliased `t`. */
const RECORD_JSON: Record<RecordKind, string> = {
  agreement:
    `json_build_object(${recordJsonPairs(agreementFields, 't')}, 'framework', (SELECT slug FROM agreement WHERE id = t.framework_id),` +
    ` 'parties', (SELECT coalesce(json_agg(json_build_object('actor', x.code, 'role', p.role) ORDER BY x.code, p.role), '[]') FROM agreement_party p JOIN actor x ON x.id = p.actor_id WHERE p.agreement_id = t.id),` +
    ` 'sources', (SELECT coalesce(json_agg(json_build_object('source', s.key, 'supports', l.supports) ORDER BY s.key), '[]') FROM agreement_source l JOIN source s ON s.id = l.source_id WHERE l.agreement_id = t.id),` +
    ` 'commitments', (SELECT coalesce(json_agg(${commitmentJson('c')} ORDER BY c.key), '[]') FROM live.commitment c WHERE c.agreement_id = t.id),` +
    ` 'constraints', (SELECT coalesce(json_agg(${constraintJson('k')} ORDER BY k.key), '[]') FROM live.agreement_constraint k WHERE k.agreement_id = t.id),` +
    // Texts by sha256 (never the words); those attached without a source are not seed records.
    ` 'texts', (SELECT coalesce(json_agg(json_build_object('language', x.language, 'sha256', x.sha256, 'chars', x.chars, 'source', s.key, 'reference', x.reference) ORDER BY x.id), '[]')` +
    ` FROM agreement_text x JOIN source s ON s.id = x.source_id WHERE x.agreement_id = t.id),` +
    ` 'provisionNotes', (SELECT coalesce(json_agg(json_build_object('path', n.path, 'operative', n.operative, 'reason', n.reason, 'note', n.note) ORDER BY n.path), '[]')` +
    ` FROM provision_note n WHERE n.agreement_id = t.id))`,
  commitment: commitmentJson('t'),
  constraint: constraintJson('t'),
  actor: `json_build_object(${recordJsonPairs(actorFields, 't')})`,
  source: `json_build_object(${recordJsonPairs(sourceFields, 't')})`,
  mechanism: `json_build_object(${recordJsonPairs(mechanismFields, 't')}, 'parent', (SELECT slug FROM mechanism WHERE id = t.parent_id))`,
  domain: `json_build_object(${recordJsonPairs(domainFields, 't')}, 'parent', (SELECT slug FROM cooperation_domain WHERE id = t.parent_id), 'mappings', t.mappings)`,
};

/** A stored row: its id, version, whether it is soft-deleted, and its record in the seed format. */
export interface StoredRecord {
  id: number;
  version: number;
  deleted: boolean;
  record: Record<string, any>;
}

/**
 * Reads records of one kind, deleted ones included, by id (`by: 'id'`) or natural key, in the seed format, with
 * `FOR UPDATE` when the caller is about to change them (the row lock serialises concurrent writers).
 */
export async function readRecords(
  db: Executor,
  kind: RecordKind,
  by: 'id' | 'natural',
  values: (string | number)[],
  lock = false,
): Promise<Map<string, StoredRecord>> {
  if (values.length === 0) return new Map();
  const { table, natural } = KINDS[kind];
  const column = by === 'id' ? 'id' : natural;
  const rows: { id: number; version: number; deleted: boolean; natural: string; record: Record<string, any> }[] = await db.query(
    `SELECT t.id, t.version, t.deleted_at IS NOT NULL AS deleted, t.${column}::text AS natural, ${RECORD_JSON[kind]} AS record` +
      ` FROM ${table} t WHERE t.${column}::text = ANY($1::text[])${lock ? ' FOR UPDATE OF t' : ''}`,
    [values.map(String)],
  );
  return new Map(rows.map((r) => [r.natural, { id: r.id, version: r.version, deleted: r.deleted, record: r.record }]));
}

/** Drops nulls, empty lists and undefined, sorts keys, and writes amounts without trailing zeros: equal records compare equal. */
export function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0))
      .map(([k, v]) => [k, k === 'amount' && typeof v === 'string' ? v.replace(/\.0+$|(\.\d*?)0+$/, '$1') : canonical(v)] as const)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries);
  }
  return value;
}

/** Whether two records say the same (order of children and of link lists aside). */
export function sameRecord(a: unknown, b: unknown): boolean {
  const sortLists = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(sortLists).sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, sortLists(v)]));
    return value;
  };
  return JSON.stringify(sortLists(canonical(a))) === JSON.stringify(sortLists(canonical(b)));
}
