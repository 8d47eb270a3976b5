import { z } from 'zod';
import { DataSource } from 'typeorm';
import { withTransaction } from '../db/transaction';
import { requireRole } from '../shared/auth/require-role';
import { Principal, Role } from '../shared/auth/principal';
import { createRequestContext, RequestContext } from '../shared/context/request-context';
import { ConflictError, NotFoundError, uniqueViolation } from '../shared/errors/errors';
import { actorSeed, agreementSeed, commitmentSeed, constraintSeed, mechanismSeed, sourceSeed } from '../seed/seed-schema';
import { domainFields } from '../domain/cooperation-domain/cooperation-domain.fields';
import { seedShape } from '../shared/fields/records';
import { RecordProblem, RecordProblems, toUserInputError } from './problems';
import { KINDS, readRecords, RecordKind } from './read-records';
import { deletedReferences, describeRows, liveDependents, withParts } from './references';
import { AlreadyExists, Executor, RecordSet, writeRecords } from './write-corpus';

const slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'a kebab-case slug');

/** A domain as a flat record (the seed files nest the tree; a mutation names the parent). */
export const domainRecord = z.strictObject({
  // The curated declared fields (slug, name, description): cooperation-domain.fields.ts.
  ...seedShape(domainFields),
  parent: slug.nullable().optional(),
  mappings: z.array(z.strictObject({ taxonomy: z.string().trim().min(1), term: z.string().trim().min(1) })).default([]),
});

/** The schema each kind's record must satisfy: the seed file's, so an edit and an import obey the same rules. */
const SCHEMAS: Record<RecordKind, z.ZodType> = {
  agreement: agreementSeed,
  commitment: commitmentSeed,
  constraint: constraintSeed,
  actor: actorSeed,
  source: sourceSeed,
  mechanism: mechanismSeed,
  domain: domainRecord,
};

/** The field of a record naming its parent agreement, for the kinds that have one (not part of their seed shape). */
const OWNED: ReadonlySet<RecordKind> = new Set(['commitment', 'constraint']);

/** Checks a record against its kind's schema; every issue becomes a problem with its field path. */
export function validateRecord(kind: RecordKind, record: Record<string, unknown>, where: string): { value: any; problems: RecordProblem[] } {
  const problems: RecordProblem[] = [];
  const { agreement, ...rest } = record;
  if (OWNED.has(kind) && (typeof agreement !== 'string' || !slug.safeParse(agreement).success)) {
    problems.push({ record: where, path: ['agreement'], value: agreement, message: 'the slug of the agreement it belongs to' });
  }
  const result = SCHEMAS[kind].safeParse(OWNED.has(kind) ? rest : record);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
      let value: unknown = record;
      for (const step of path) value = value && typeof value === 'object' ? (value as Record<string | number, unknown>)[step] : undefined;
      problems.push({ record: where, path, value, message: issue.message });
    }
  }
  return { value: result.success ? (OWNED.has(kind) ? { ...(result.data as object), agreement } : result.data) : undefined, problems };
}

/** The record set that writes one record of a kind. */
export function recordSetOf(kind: RecordKind, record: any): RecordSet {
  switch (kind) {
    case 'agreement':
      return { agreements: [record] };
    case 'commitment':
      return { commitments: [record] };
    case 'constraint':
      return { constraints: [record] };
    case 'actor':
      return { actors: [record] };
    case 'source':
      return { sources: [record] };
    case 'mechanism':
      return { mechanisms: [record] };
    case 'domain':
      return { domains: [record] };
  }
}

/** One write transaction: what the work may run, and who it is done for. */
export interface WriteTransaction {
  db: Executor;
  principal: Principal;
  /** A request context whose reads run on this transaction, to return what was just written. */
  context: RequestContext;
}

/**
 * Runs `work` in one transaction on its own connection, for a principal holding `role`: the history triggers
 * record the token's name as the author; any error rolls everything back. PostgreSQL's unique violations become
 * CONFLICT (another row already has that slug or key).
 */
export async function inWriteTransaction<T>(ctx: RequestContext, role: Role, work: (tx: WriteTransaction) => Promise<T>): Promise<T> {
  const principal = requireRole(ctx, role);
  if (!ctx.dataSource) throw new Error('no data source in this context: it cannot write');
  return runInTransaction(ctx.dataSource, principal, work);
}

/** {@link inWriteTransaction} without the role check, for callers that checked it (the import CLI). */
export async function runInTransaction<T>(dataSource: DataSource, principal: Principal, work: (tx: WriteTransaction) => Promise<T>): Promise<T> {
  try {
    return await withTransaction(dataSource, async (runner) => {
      await runner.query(`SELECT set_config('app.actor', $1, true)`, [principal.tokenName]);
      const db: Executor = { query: (text, params) => runner.query(text, params) };
      const context = createRequestContext(async <R>(text: string, params: unknown[] = []) => (await runner.query(text, params)) as R[], {
        principal,
      });
      return work({ db, principal, context });
    });
  } catch (error) {
    const pgError = error as { code?: string; detail?: string; driverError?: { code?: string; detail?: string } };
    const code = pgError.code ?? pgError.driverError?.code;
    if (code === '23505') throw uniqueViolation(pgError.detail ?? pgError.driverError?.detail);
    // Two writers that lock the same rows in opposite orders: PostgreSQL aborts one; it changed nothing and may retry.
    if (code === '40P01') throw new ConflictError('a concurrent change to the same rows got in the way: nothing was written, try again');
    throw error;
  }
}

/** Drops the input fields the client left out, so an update changes only what it names. */
function given(input: object): Record<string, unknown> {
  // Plain JSON (GraphQL inputs arrive as class instances), without the fields left out.
  return JSON.parse(JSON.stringify(input)) as Record<string, unknown>;
}

async function write(tx: WriteTransaction, kind: RecordKind, record: Record<string, unknown>, where: string, insertOnly = false): Promise<void> {
  const { value, problems } = validateRecord(kind, record, where);
  if (problems.length > 0) throw toUserInputError(problems);
  try {
    await writeRecords(tx.db, recordSetOf(kind, value), { replaceChildren: false, insertOnly });
  } catch (error) {
    if (error instanceof RecordProblems) throw toUserInputError(error.problems);
    // A concurrent create of the same key committed first: this one is told, and writes nothing.
    if (error instanceof AlreadyExists) throw new ConflictError(`${KINDS[kind].label} "${error.keys.join('", "')}" already exists`);
    throw error;
  }
}

async function idOf(tx: WriteTransaction, kind: RecordKind, natural: string): Promise<number> {
  const stored = await readRecords(tx.db, kind, 'natural', [natural]);
  return stored.get(natural)!.id;
}

/** Creates a record; a row with the same natural key, even a deleted one, is a CONFLICT (restore that one instead). */
export async function createRecord(tx: WriteTransaction, kind: RecordKind, input: object): Promise<number> {
  const record = given(input);
  const natural = String(record[KINDS[kind].natural] ?? '');
  const existing = natural ? (await readRecords(tx.db, kind, 'natural', [natural])).get(natural) : undefined;
  if (existing) {
    throw new ConflictError(`${KINDS[kind].label} "${natural}" already exists${existing.deleted ? ' (deleted: restore it)' : ''}`, {
      id: String(existing.id),
      currentVersion: existing.version,
    });
  }
  // Insert-only: under a race the pre-check above sees nothing, and the insert is what tells the losers.
  await write(tx, kind, kind === 'agreement' ? { commitments: [], constraints: [], ...record } : record, `${kind} ${natural}`, true);
  return idOf(tx, kind, natural);
}

async function lockLive(tx: WriteTransaction, kind: RecordKind, id: number) {
  const stored = (await readRecords(tx.db, kind, 'id', [id], true)).get(String(id));
  if (!stored || stored.deleted) throw new NotFoundError(`no ${KINDS[kind].label} has id ${id}${stored?.deleted ? ' (it is deleted)' : ''}`);
  return stored;
}

/**
 * Updates the fields the input names, if the row is still at `expectedVersion`: otherwise CONFLICT with the current
 * version, and nothing changes. The row lock makes concurrent writers take turns, so none loses an update.
 */
export async function updateRecord(tx: WriteTransaction, kind: RecordKind, id: number, input: object, expectedVersion: number): Promise<number> {
  const stored = await lockLive(tx, kind, id);
  if (stored.version !== expectedVersion) {
    throw new ConflictError(
      `${KINDS[kind].label} ${id} is at version ${stored.version}, not ${expectedVersion}: read it again and reapply the change`,
      {
        currentVersion: stored.version,
      },
    );
  }
  const { natural, table } = KINDS[kind];
  // Every accepted update is one version and one history entry, even one that restates the values: the triggers
  // count this touch and the write below as one change of this transaction.
  await tx.db.query(`UPDATE ${table} SET version = version + 1 WHERE id = $1`, [id]);
  const merged: Record<string, unknown> = { ...stored.record, ...given(input) };
  // An agreement's children have mutations of their own; its update leaves them alone.
  if (kind === 'agreement') Object.assign(merged, { commitments: [], constraints: [] });
  if (merged[natural] !== stored.record[natural]) {
    // Renaming first makes the upsert by natural key land on this row.
    await tx.db.query(`UPDATE ${table} SET ${natural} = $2 WHERE id = $1`, [id, merged[natural]]);
  }
  await write(tx, kind, merged, `${kind} ${String(merged[natural])}`);
  return id;
}

/**
 * Soft-deletes a row: it leaves every read and stays in the history. An agreement takes its commitments and
 * constraints with it (restored with it). The rule (docs/CURATION.md): a live row refers only to live rows, so a
 * row that live rows outside what is deleted still refer to is a CONFLICT naming them; links are never dropped.
 */
export async function deleteRecord(tx: WriteTransaction, kind: RecordKind, id: number): Promise<number> {
  await lockLive(tx, kind, id);
  const doomed = await withParts(tx.db, kind, id, 'live');
  const dependents = await liveDependents(tx.db, doomed);
  if (dependents.length > 0) {
    throw new ConflictError(`${KINDS[kind].label} ${id} is still used by ${describeRows(dependents)}: change or delete those first`, {
      usedBy: dependents,
    });
  }
  for (const [part, ids] of Object.entries(doomed) as [RecordKind, number[]][]) {
    await tx.db.query(`UPDATE ${KINDS[part].table} SET deleted_at = now() WHERE id = ANY($1::int[]) AND deleted_at IS NULL`, [ids]);
  }
  return id;
}

/**
 * Brings a soft-deleted row back (an agreement with the children deleted with it), with every link it had: links
 * are never removed by a delete. A row that refers to rows still deleted cannot come back until they do (CONFLICT
 * naming them), so no live row ever refers to a deleted one.
 */
export async function restoreRecord(tx: WriteTransaction, kind: RecordKind, id: number): Promise<number> {
  const stored = (await readRecords(tx.db, kind, 'id', [id], true)).get(String(id));
  if (!stored) throw new NotFoundError(`no ${KINDS[kind].label} has id ${id}`);
  if (!stored.deleted) throw new ConflictError(`${KINDS[kind].label} ${id} is not deleted`, { currentVersion: stored.version });
  // The parts deleted with it carry the same moment (compared in SQL: JavaScript dates drop the microseconds).
  const returning = await withParts(tx.db, kind, id, 'deletedWithIt');
  const missing = await deletedReferences(tx.db, returning);
  if (missing.length > 0) {
    throw new ConflictError(`${KINDS[kind].label} ${id} refers to deleted rows: ${describeRows(missing)}; restore those first`, {
      deletedReferences: missing,
    });
  }
  for (const [part, ids] of Object.entries(returning) as [RecordKind, number[]][]) {
    await tx.db.query(`UPDATE ${KINDS[part].table} SET deleted_at = NULL WHERE id = ANY($1::int[])`, [ids]);
  }
  const record = kind === 'agreement' ? { ...stored.record, commitments: [], constraints: [] } : stored.record;
  await write(tx, kind, record, `${kind} ${String(stored.record[KINDS[kind].natural])}`);
  return id;
}
