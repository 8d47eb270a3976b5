import { ActorSeed, AgreementSeed, CommitmentSeed, ConstraintSeed, MechanismSeed, SourceSeed } from '../seed/seed-schema';
import { RecordProblem, RecordProblems } from './problems';
import { describeRows, liveDependents, RowSet } from './references';
import { Executor, replaceLinks } from './link-writes';
import { writtenColumns, writtenValues } from '../shared/fields/records';
import { agreementFields } from '../domain/agreement/agreement.fields';
import { commitmentFields } from '../domain/commitment/commitment.fields';
import { constraintFields } from '../domain/constraint/constraint.fields';
import { actorFields } from '../domain/actor/actor.fields';
import { mechanismFields } from '../domain/mechanism/mechanism.fields';
import { domainFields } from '../domain/cooperation-domain/cooperation-domain.fields';
import { sourceFields } from '../domain/source/source.fields';

// Executor lives with the link writer (below the corpus writer and the text writer, which both use it).
export type { Executor } from './link-writes';
export { replaceLinks } from './link-writes';
import { DeclaredTexts, QuotedRecord, TextFile, TextWriteSummary, writeQuoteSpans, writeTexts } from '../domain/agreement-text/write-texts';

/** A domain as one record: the tree's nesting flattened to a `parent` slug. */
export interface DomainRecord {
  slug: string;
  name: string;
  description?: string | null;
  parent?: string | null;
  mappings?: { taxonomy: string; term: string }[];
}

export type CommitmentRecord = CommitmentSeed & { agreement: string };
export type ConstraintRecord = ConstraintSeed & { agreement: string };

/** Records of any kinds, in the seed format, to write together. */
export interface RecordSet {
  sources?: SourceSeed[];
  actors?: ActorSeed[];
  domains?: DomainRecord[];
  mechanisms?: MechanismSeed[];
  /** With `replaceChildren`, an agreement's `commitments` and `constraints` are all it has. */
  agreements?: AgreementSeed[];
  commitments?: CommitmentRecord[];
  constraints?: ConstraintRecord[];
  /** The words of agreements' texts (AGREEMENT_TEXTS_DIR, `texts import`): attached after the agreements, before the spans are checked. */
  textFiles?: TextFile[];
}

export interface WriteOptions {
  /** The agreements' own commitments and constraints are complete: others of theirs are soft-deleted. */
  replaceChildren: boolean;
  /**
   * The records are new (a create): each is inserted, never merged into a row that has its natural key. A key
   * already taken, also by a concurrent transaction that commits first, throws {@link AlreadyExists}.
   */
  insertOnly?: boolean;
}

/** Records of an insert-only write whose natural keys were already taken; nothing of the write should be kept. */
export class AlreadyExists extends Error {
  constructor(
    readonly table: string,
    readonly keys: string[],
  ) {
    super(`${table} ${keys.map((k) => `"${k}"`).join(', ')} already exists`);
    this.name = 'AlreadyExists';
  }
}

export interface WriteSummary {
  agreements: number;
  commitments: number;
  constraints: number;
  /** Texts declared, texts whose words were attached, and the provisions computed for them. */
  texts: TextWriteSummary;
}

type Columns = Record<string, [column: string, type: string]>;

/** How rows meet an existing row with their natural key: merged into it, or refused ({@link AlreadyExists}). */
type UpsertMode = 'merge' | 'insert';

/**
 * Upserts rows given as JSON objects in one statement, by their natural key, and returns natural key -> id. A row
 * that was soft-deleted comes back: writing a record says it exists. Unchanged rows are left as they are (the
 * version and history triggers see no change). In `insert` mode an existing key is never touched: the insert does
 * nothing for it (waiting, under a race, for the transaction that holds the key to finish) and AlreadyExists names it.
 */
async function upsert(
  db: Executor,
  table: string,
  conflict: string,
  columns: Columns,
  rows: object[],
  mode: UpsertMode = 'merge',
): Promise<Map<string, number>> {
  if (rows.length === 0) return new Map();
  const fields = Object.keys(columns);
  const recordset = fields.map((f) => `"${f}" ${columns[f][1]}`).join(', ');
  const targets = fields.map((f) => `"${columns[f][0]}"`).join(', ');
  const updates = fields.filter((f) => columns[f][0] !== conflict).map((f) => `"${columns[f][0]}" = EXCLUDED."${columns[f][0]}"`);
  const written = fields.filter((f) => columns[f][0] !== conflict).map((f) => `"${columns[f][0]}"`);
  // A row that would stay as it is is not updated: no row version, no trigger, no history (a reload of thousands of
  // unchanged records then costs one index look-up each); its id is read back below with the others.
  const changed = `(${[...written.map((c) => `"${table}".${c}`), `"${table}".deleted_at`].join(', ')}) IS DISTINCT FROM (${[...written.map((c) => `EXCLUDED.${c}`), 'NULL'].join(', ')})`;
  const result: { id: number; natural: string }[] = await db.query(
    `INSERT INTO "${table}" (${targets})
     SELECT ${fields.map((f) => `x."${f}"`).join(', ')} FROM jsonb_to_recordset($1::jsonb) AS x(${recordset})
     ON CONFLICT ("${conflict}") ${mode === 'insert' ? 'DO NOTHING' : `DO UPDATE SET ${[...updates, 'deleted_at = NULL'].join(', ')} WHERE ${changed}`}
     RETURNING id, "${conflict}" AS natural`,
    [JSON.stringify(rows)],
  );
  if (mode !== 'insert') {
    const keys = rows.map((row) => String((row as Record<string, unknown>)[conflictField(columns, conflict)]));
    result.push(...(await db.query(`SELECT id, "${conflict}" AS natural FROM "${table}" WHERE "${conflict}"::text = ANY($1::text[])`, [keys])));
  }
  const ids = new Map(result.map((r) => [r.natural, r.id]));
  const taken = rows.map((row) => String((row as Record<string, unknown>)[conflictField(columns, conflict)])).filter((key) => !ids.has(key));
  if (taken.length > 0) throw new AlreadyExists(table, taken);
  return ids;
}

/** The record field that fills the natural-key column. */
function conflictField(columns: Columns, column: string): string {
  return Object.keys(columns).find((field) => columns[field][0] === column)!;
}

/**
 * Natural keys to ids, looked up in the database (live rows only) after the records of this write are in, so a
 * record may refer to rows written with it or long before. A key that names nothing is a problem of the record
 * that used it.
 */
class References {
  readonly problems: RecordProblem[] = [];

  constructor(private readonly db: Executor) {}

  async ids(table: string, column: string, wanted: { value: string | null | undefined; record: string; path: (string | number)[] }[]) {
    const values = [...new Set(wanted.map((w) => w.value).filter((v): v is string => Boolean(v)))];
    const rows: { natural: string; id: number }[] =
      values.length === 0
        ? []
        : // KEY SHARE: a concurrent delete of a row this write refers to waits for it, then sees the new referrer.
          await this.db.query(`SELECT "${column}" AS natural, id FROM live."${table}" WHERE "${column}" = ANY($1::text[]) FOR KEY SHARE`, [values]);
    const found = new Map(rows.map((r) => [r.natural, r.id]));
    for (const w of wanted) {
      if (w.value && !found.has(w.value))
        this.problems.push({
          record: w.record,
          path: w.path,
          value: w.value,
          message: `no ${table.replace('agreement_', '')} has ${column} "${w.value}"`,
        });
    }
    return found;
  }
}

/** Orders records parents first; a parent outside the list is taken as already written. */
function parentsFirst<T extends { slug: string; parent?: string | null }>(items: T[]): T[] {
  const bySlug = new Map(items.map((item) => [item.slug, item]));
  const ordered: T[] = [];
  const placed = new Set<string>();
  const place = (item: T, trail: Set<string>) => {
    if (placed.has(item.slug) || trail.has(item.slug)) return;
    const parent = item.parent ? bySlug.get(item.parent) : undefined;
    if (parent) place(parent, new Set([...trail, item.slug]));
    placed.add(item.slug);
    ordered.push(item);
  };
  items.forEach((item) => place(item, new Set()));
  return ordered;
}

/** The written records of a kind as the span writer needs them (ids of this write, agreement ids by slug). */
function quotedRecords<T extends CommitmentRecord | ConstraintRecord>(
  written: T[],
  ids: Map<string, number>,
  agreements: Map<string, number>,
  where: (record: T) => string,
): QuotedRecord[] {
  return written
    .filter((r) => ids.has(r.key) && agreements.has(r.agreement))
    .map((r) => ({
      id: ids.get(r.key)!,
      record: where(r),
      agreementId: agreements.get(r.agreement)!,
      quote: r.quote,
      quoteLanguage: r.quoteLanguage,
      quoteSpans: r.quoteSpans,
    }));
}

/** Writes a tree table's records (domains, mechanisms) parents first, then refuses any cycle they made. */
async function writeTree<T extends { slug: string; parent?: string | null }>(
  db: Executor,
  refs: References,
  table: 'cooperation_domain' | 'mechanism',
  kind: string,
  records: T[],
  columns: Columns,
  row: (record: T) => object,
  mode: UpsertMode,
): Promise<void> {
  for (const record of parentsFirst(records)) {
    const parents = await refs.ids(table, 'slug', [{ value: record.parent, record: `${kind} ${record.slug}`, path: ['parent'] }]);
    await upsert(
      db,
      table,
      'slug',
      { ...columns, parentId: ['parent_id', 'integer'] },
      [{ ...row(record), parentId: record.parent ? (parents.get(record.parent) ?? null) : null }],
      mode,
    );
  }
  if (records.length === 0) return;
  const cycles: { slug: string }[] = await db.query(
    `WITH RECURSIVE up(start, id, depth) AS (
       SELECT t.id, t.parent_id, 1 FROM ${table} t WHERE t.slug = ANY($1::text[])
       UNION ALL SELECT up.start, p.parent_id, up.depth + 1 FROM up JOIN ${table} p ON p.id = up.id WHERE up.id <> up.start AND up.depth < 100)
     SELECT DISTINCT t.slug FROM up JOIN ${table} t ON t.id = up.start WHERE up.id = up.start`,
    [records.map((r) => r.slug)],
  );
  for (const { slug } of cycles)
    refs.problems.push({
      record: `${kind} ${slug}`,
      path: ['parent'],
      value: slug,
      message: `the parent chain of "${slug}" comes back to it (a cycle)`,
    });
}

/** The agreement's own columns: its curated declared fields (agreement.fields.ts); references and links are written apart. */
const AGREEMENT_COLUMNS: Columns = writtenColumns(agreementFields);

/**
 * Writes records of every kind in the seed format in the caller's transaction, parents and referenced rows first,
 * upserting each by its natural key (slug, code, key). References by natural key may name rows of this write or
 * rows already there. Throws {@link RecordProblems} listing every reference that names nothing and every cycle, so
 * the caller's transaction writes nothing. The one write path of the seed loader, the import and the mutations.
 */
export async function writeRecords(db: Executor, records: RecordSet, options: WriteOptions): Promise<WriteSummary> {
  const refs = new References(db);
  const mode: UpsertMode = options.insertOnly ? 'insert' : 'merge';
  await upsert(db, 'source', 'key', writtenColumns(sourceFields), records.sources ?? [], mode);
  await upsert(db, 'actor', 'code', writtenColumns(actorFields), records.actors ?? [], mode);
  await writeTree(
    db,
    refs,
    'cooperation_domain',
    'domain',
    records.domains ?? [],
    { ...writtenColumns(domainFields), mappings: ['mappings', 'jsonb'] },
    // A copy: writtenValues reads a record by key, which the DomainRecord interface has no index signature for.
    (d) => ({ ...writtenValues(domainFields, { ...d }), mappings: d.mappings ?? [] }),
    mode,
  );
  await writeTree(
    db,
    refs,
    'mechanism',
    'mechanism',
    records.mechanisms ?? [],
    writtenColumns(mechanismFields),
    (m) => writtenValues(mechanismFields, m),
    mode,
  );

  const agreements = records.agreements ?? [];
  const agreementIds = await upsert(db, 'agreement', 'slug', AGREEMENT_COLUMNS, agreements, mode);
  const frameworks = await refs.ids(
    'agreement',
    'slug',
    agreements.map((a) => ({ value: a.framework, record: `agreement ${a.slug}`, path: ['framework'] })),
  );
  await db.query(
    `UPDATE agreement a SET framework_id = x.framework_id FROM jsonb_to_recordset($1::jsonb) AS x(id int, framework_id int) WHERE a.id = x.id`,
    [
      JSON.stringify(
        agreements.map((a) => ({ id: agreementIds.get(a.slug), framework_id: a.framework ? (frameworks.get(a.framework) ?? null) : null })),
      ),
    ],
  );
  const actors = await refs.ids(
    'actor',
    'code',
    agreements.flatMap((a) => a.parties.map((p, i) => ({ value: p.actor, record: `agreement ${a.slug}`, path: ['parties', i, 'actor'] }))),
  );
  const owners = [...agreementIds.values()];
  await replaceLinks(
    db,
    'agreement_party',
    'agreement_id',
    owners,
    [
      ['agreement_id', 'integer'],
      ['actor_id', 'integer'],
      ['role', 'party_role'],
    ],
    agreements.flatMap((a) =>
      a.parties
        .filter((p) => actors.has(p.actor))
        .map((p) => ({ agreement_id: agreementIds.get(a.slug), actor_id: actors.get(p.actor), role: p.role })),
    ),
  );
  const agreementSources = await refs.ids(
    'source',
    'key',
    agreements.flatMap((a) => a.sources.map((s, i) => ({ value: s.source, record: `agreement ${a.slug}`, path: ['sources', i, 'source'] }))),
  );
  await replaceLinks(
    db,
    'agreement_source',
    'agreement_id',
    owners,
    [
      ['agreement_id', 'integer'],
      ['source_id', 'integer'],
      ['supports', 'text'],
    ],
    agreements.flatMap((a) =>
      a.sources
        .filter((s) => agreementSources.has(s.source))
        .map((s) => ({ agreement_id: agreementIds.get(a.slug), source_id: agreementSources.get(s.source), supports: s.supports ?? null })),
    ),
    2,
  );

  const commitments = [...agreements.flatMap((a) => a.commitments.map((c) => ({ ...c, agreement: a.slug }))), ...(records.commitments ?? [])];
  const constraints = [...agreements.flatMap((a) => a.constraints.map((c) => ({ ...c, agreement: a.slug }))), ...(records.constraints ?? [])];
  const dropped: RowSet = {};
  if (options.replaceChildren && owners.length > 0) {
    // An agreement record holds all its children: those it no longer lists are deleted (softly: history keeps them).
    const gone = async (table: string, keys: string[]) =>
      (
        (await db.query(
          // As a SELECT: TypeORM answers an UPDATE with [rows, count], a SELECT with its rows.
          `WITH gone AS (UPDATE ${table} SET deleted_at = now() WHERE agreement_id = ANY($1::int[]) AND NOT (key = ANY($2::text[])) AND deleted_at IS NULL RETURNING id) SELECT id FROM gone`,
          [owners, keys],
        )) as { id: number }[]
      ).map((r) => r.id);
    dropped.commitment = await gone(
      'commitment',
      commitments.map((c) => c.key),
    );
    dropped.constraint = await gone(
      'agreement_constraint',
      constraints.map((c) => c.key),
    );
  }
  const texts = await writeTexts(db, refs.problems, agreements, agreementIds, records.textFiles ?? []);
  await writeCommitments(db, refs, commitments, mode, texts.declared);
  await writeConstraints(db, refs, constraints, mode, texts.declared);
  // The delete rule of the mutations (a live row refers only to live rows), once the records' own links are in.
  const stranded = await liveDependents(db, dropped);
  if (stranded.length > 0) {
    refs.problems.push({
      record: `agreement ${agreements.map((a) => a.slug).join(', ')}`,
      path: ['commitments'],
      message: `the commitments and constraints it no longer lists are still used by ${describeRows(stranded)}`,
    });
  }
  if (refs.problems.length > 0) throw new RecordProblems(refs.problems);
  return { agreements: agreements.length, commitments: commitments.length, constraints: constraints.length, texts: texts.summary };
}

async function writeCommitments(
  db: Executor,
  refs: References,
  commitments: CommitmentRecord[],
  mode: UpsertMode,
  declared: DeclaredTexts,
): Promise<void> {
  if (commitments.length === 0) return;
  const where = (c: CommitmentRecord) => `commitment ${c.key}`;
  const agreements = await refs.ids(
    'agreement',
    'slug',
    commitments.map((c) => ({ value: c.agreement, record: where(c), path: ['agreement'] })),
  );
  const actors = await refs.ids('actor', 'code', [
    ...commitments.map((c) => ({ value: c.provider, record: where(c), path: ['provider'] })),
    ...commitments.map((c) => ({ value: c.beneficiary, record: where(c), path: ['beneficiary'] })),
  ]);
  const sources = await refs.ids(
    'source',
    'key',
    commitments.map((c) => ({ value: c.source, record: where(c), path: ['source'] })),
  );
  const writable = commitments.filter((c) => agreements.has(c.agreement) && sources.has(c.source));
  const ids = await upsert(
    db,
    'commitment',
    'key',
    {
      ...writtenColumns(commitmentFields),
      agreementId: ['agreement_id', 'integer'],
      providerId: ['provider_id', 'integer'],
      beneficiaryId: ['beneficiary_id', 'integer'],
      amount: ['amount', 'numeric'],
      currency: ['currency', 'char(3)'],
      periodStart: ['period_start', 'date'],
      periodEnd: ['period_end', 'date'],
      periodLabel: ['period_label', 'text'],
      sourceId: ['source_id', 'integer'],
    },
    writable.map((c) => ({
      ...writtenValues(commitmentFields, c),
      agreementId: agreements.get(c.agreement),
      providerId: c.provider ? (actors.get(c.provider) ?? null) : null,
      beneficiaryId: c.beneficiary ? (actors.get(c.beneficiary) ?? null) : null,
      amount: c.amount?.amount ?? null,
      currency: c.amount?.currency ?? null,
      periodStart: c.period?.start ?? null,
      periodEnd: c.period?.end ?? null,
      periodLabel: c.period?.label ?? null,
      sourceId: sources.get(c.source),
    })),
    mode,
  );
  // After the upsert: an included-in target may be written with this one, or come later in the same set.
  const included = await refs.ids(
    'commitment',
    'key',
    commitments.map((c) => ({ value: c.includedIn, record: where(c), path: ['includedIn'] })),
  );
  await db.query(
    `UPDATE commitment c SET included_in_id = x.target FROM jsonb_to_recordset($1::jsonb) AS x(id int, target int)
     WHERE c.id = x.id AND c.included_in_id IS DISTINCT FROM x.target`,
    [JSON.stringify(writable.map((c) => ({ id: ids.get(c.key), target: c.includedIn ? (included.get(c.includedIn) ?? null) : null })))],
  );
  const cycles: { key: string }[] = await db.query(
    `WITH RECURSIVE up(start, id, depth) AS (
       SELECT c.id, c.included_in_id, 1 FROM commitment c WHERE c.id = ANY($1::int[])
       UNION ALL SELECT up.start, p.included_in_id, up.depth + 1 FROM up JOIN commitment p ON p.id = up.id WHERE up.id <> up.start AND up.depth < 100)
     SELECT DISTINCT c.key FROM up JOIN commitment c ON c.id = up.start WHERE up.id = up.start`,
    [[...ids.values()]],
  );
  for (const { key } of cycles)
    refs.problems.push({ record: `commitment ${key}`, path: ['includedIn'], value: key, message: `includedIn comes back to "${key}" (a cycle)` });
  const domains = await refs.ids(
    'cooperation_domain',
    'slug',
    // Every record's references are checked, so one run reports them all; only complete records are written.
    commitments.flatMap((c) => c.domains.map((d, i) => ({ value: d, record: where(c), path: ['domains', i] }))),
  );
  const mechanisms = await refs.ids(
    'mechanism',
    'slug',
    commitments.flatMap((c) => c.mechanisms.map((m, i) => ({ value: m, record: where(c), path: ['mechanisms', i] }))),
  );
  await writeQuoteSpans(db, refs.problems, 'commitment', quotedRecords(writable, ids, agreements, where), declared);
  const owners = [...ids.values()];
  await replaceLinks(
    db,
    'commitment_domain',
    'commitment_id',
    owners,
    [
      ['commitment_id', 'integer'],
      ['domain_id', 'integer'],
    ],
    writable.flatMap((c) => c.domains.filter((d) => domains.has(d)).map((d) => ({ commitment_id: ids.get(c.key), domain_id: domains.get(d) }))),
  );
  await replaceLinks(
    db,
    'commitment_mechanism',
    'commitment_id',
    owners,
    [
      ['commitment_id', 'integer'],
      ['mechanism_id', 'integer'],
    ],
    writable.flatMap((c) =>
      c.mechanisms.filter((m) => mechanisms.has(m)).map((m) => ({ commitment_id: ids.get(c.key), mechanism_id: mechanisms.get(m) })),
    ),
  );
  await writeCorroboration(db, refs, 'commitment_source', 'commitment_id', writable, ids, where);
}

/**
 * The sources that corroborate each record besides its quote's (`corroboratedBy`): a key that names no live source
 * is a problem of the record; the links of every written record become exactly its list.
 */
async function writeCorroboration<R extends { key: string; corroboratedBy?: string[] }>(
  db: Executor,
  refs: References,
  table: 'commitment_source' | 'constraint_source',
  ownerColumn: 'commitment_id' | 'constraint_id',
  records: R[],
  ids: Map<string, number>,
  where: (record: R) => string,
): Promise<void> {
  const sources = await refs.ids(
    'source',
    'key',
    records.flatMap((r) => (r.corroboratedBy ?? []).map((k, i) => ({ value: k, record: where(r), path: ['corroboratedBy', i] }))),
  );
  await replaceLinks(
    db,
    table,
    ownerColumn,
    [...ids.values()],
    [
      [ownerColumn, 'integer'],
      ['source_id', 'integer'],
    ],
    records.flatMap((r) =>
      (r.corroboratedBy ?? []).filter((k) => sources.has(k)).map((k) => ({ [ownerColumn]: ids.get(r.key), source_id: sources.get(k) })),
    ),
  );
}

async function writeConstraints(
  db: Executor,
  refs: References,
  constraints: ConstraintRecord[],
  mode: UpsertMode,
  declared: DeclaredTexts,
): Promise<void> {
  if (constraints.length === 0) return;
  const where = (c: ConstraintRecord) => `constraint ${c.key}`;
  const agreements = await refs.ids(
    'agreement',
    'slug',
    constraints.map((c) => ({ value: c.agreement, record: where(c), path: ['agreement'] })),
  );
  const actors = await refs.ids(
    'actor',
    'code',
    constraints.map((c) => ({ value: c.actor, record: where(c), path: ['actor'] })),
  );
  const sources = await refs.ids(
    'source',
    'key',
    constraints.map((c) => ({ value: c.source, record: where(c), path: ['source'] })),
  );
  const writable = constraints.filter((c) => agreements.has(c.agreement) && sources.has(c.source));
  const ids = await upsert(
    db,
    'agreement_constraint',
    'key',
    {
      ...writtenColumns(constraintFields),
      agreementId: ['agreement_id', 'integer'],
      actorId: ['actor_id', 'integer'],
      sourceId: ['source_id', 'integer'],
    },
    writable.map((c) => ({
      ...writtenValues(constraintFields, c),
      agreementId: agreements.get(c.agreement),
      actorId: c.actor ? (actors.get(c.actor) ?? null) : null,
      sourceId: sources.get(c.source),
    })),
    mode,
  );
  await writeQuoteSpans(db, refs.problems, 'constraint', quotedRecords(writable, ids, agreements, where), declared);
  // A constraint restricts commitments of its own agreement.
  const restricted: { key: string; id: number; agreement: string }[] = await db.query(
    `SELECT c.key, c.id, a.slug AS agreement FROM live.commitment c JOIN agreement a ON a.id = c.agreement_id WHERE c.key = ANY($1::text[]) FOR KEY SHARE OF c`,
    [[...new Set(writable.flatMap((c) => c.restricts))]],
  );
  const byKey = new Map(restricted.map((r) => [r.key, r]));
  for (const c of writable) {
    c.restricts.forEach((key, i) => {
      const target = byKey.get(key);
      if (!target || target.agreement !== c.agreement) {
        refs.problems.push({
          record: where(c),
          path: ['restricts', i],
          value: key,
          message: `"${key}" is not a commitment of agreement ${c.agreement}`,
        });
      }
    });
  }
  await replaceLinks(
    db,
    'constraint_restriction',
    'constraint_id',
    [...ids.values()],
    [
      ['constraint_id', 'integer'],
      ['commitment_id', 'integer'],
    ],
    writable.flatMap((c) =>
      c.restricts
        .filter((k) => byKey.get(k)?.agreement === c.agreement)
        .map((k) => ({ constraint_id: ids.get(c.key), commitment_id: byKey.get(k)!.id })),
    ),
  );
  await writeCorroboration(db, refs, 'constraint_source', 'constraint_id', writable, ids, where);
}
