import { z } from 'zod';
import { DataSource } from 'typeorm';
import { withTransaction } from '../db/transaction';
import { requireRole } from '../shared/auth/require-role';
import { Principal, Role } from '../shared/auth/principal';
import { createRequestContext, RequestContext } from '../shared/context/request-context';
import { ConflictError, NotFoundError, uniqueViolation } from '../shared/errors/errors';
import { actorSeed, agreementSeed, commitmentSeed, constraintSeed, mechanismSeed, sourceSeed } from '../seed/seed-schema';
import { RecordProblem, RecordProblems, toUserInputError } from './problems';
import { KINDS, readRecords, RecordKind } from './read-records';
import { Executor, RecordSet, writeRecords } from './write-corpus';

const slug = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'a kebab-case slug');

/** A domain as a flat record (the seed files nest the tree; a mutation names the parent). */
export const domainRecord = z.strictObject({
  slug,
  name: z.string().trim().min(1),
  description: z.string().trim().min(1).nullable().optional(),
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
    throw error;
  }
}

/** Drops the input fields the client left out, so an update changes only what it names. */
function given(input: object): Record<string, unknown> {
  // Plain JSON (GraphQL inputs arrive as class instances), without the fields left out.
  return JSON.parse(JSON.stringify(input)) as Record<string, unknown>;
}

async function write(tx: WriteTransaction, kind: RecordKind, record: Record<string, unknown>, where: string): Promise<void> {
  const { value, problems } = validateRecord(kind, record, where);
  if (problems.length > 0) throw toUserInputError(problems);
  try {
    await writeRecords(tx.db, recordSetOf(kind, value), { replaceChildren: false });
  } catch (error) {
    if (error instanceof RecordProblems) throw toUserInputError(error.problems);
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
  await write(tx, kind, kind === 'agreement' ? { commitments: [], constraints: [], ...record } : record, `${kind} ${natural}`);
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

/** What still uses a row, by live referrers: a row in use cannot be deleted. */
const REFERRERS: Partial<Record<RecordKind, { what: string; sql: string }[]>> = {
  actor: [
    { what: 'commitments', sql: `SELECT count(*)::int AS n FROM live.commitment WHERE provider_id = $1 OR beneficiary_id = $1` },
    { what: 'constraints', sql: `SELECT count(*)::int AS n FROM live.agreement_constraint WHERE actor_id = $1` },
    {
      what: 'agreements (as a party)',
      sql: `SELECT count(*)::int AS n FROM agreement_party p JOIN live.agreement a ON a.id = p.agreement_id WHERE p.actor_id = $1`,
    },
  ],
  source: [
    { what: 'commitments', sql: `SELECT count(*)::int AS n FROM live.commitment WHERE source_id = $1` },
    { what: 'constraints', sql: `SELECT count(*)::int AS n FROM live.agreement_constraint WHERE source_id = $1` },
    {
      what: 'agreements',
      sql: `SELECT count(*)::int AS n FROM agreement_source s JOIN live.agreement a ON a.id = s.agreement_id WHERE s.source_id = $1`,
    },
  ],
  domain: [
    {
      what: 'commitments',
      sql: `SELECT count(*)::int AS n FROM commitment_domain l JOIN live.commitment c ON c.id = l.commitment_id WHERE l.domain_id = $1`,
    },
    { what: 'child domains', sql: `SELECT count(*)::int AS n FROM live.cooperation_domain WHERE parent_id = $1` },
  ],
  mechanism: [
    {
      what: 'commitments',
      sql: `SELECT count(*)::int AS n FROM commitment_mechanism l JOIN live.commitment c ON c.id = l.commitment_id WHERE l.mechanism_id = $1`,
    },
    { what: 'child mechanisms', sql: `SELECT count(*)::int AS n FROM live.mechanism WHERE parent_id = $1` },
  ],
  agreement: [{ what: 'agreements resting on it', sql: `SELECT count(*)::int AS n FROM live.agreement WHERE framework_id = $1` }],
};

/**
 * Soft-deletes a row: it leaves every read and stays in the history. An agreement takes its commitments and
 * constraints with it (restored with it). A row others still use is a CONFLICT naming what uses it.
 */
export async function deleteRecord(tx: WriteTransaction, kind: RecordKind, id: number): Promise<number> {
  await lockLive(tx, kind, id);
  const uses: string[] = [];
  for (const { what, sql } of REFERRERS[kind] ?? []) {
    const [{ n }] = await tx.db.query(sql, [id]);
    if (n > 0) uses.push(`${n} ${what}`);
  }
  if (uses.length > 0) throw new ConflictError(`${KINDS[kind].label} ${id} is still used by ${uses.join(', ')}`, { usedBy: uses });
  await tx.db.query(`UPDATE ${KINDS[kind].table} SET deleted_at = now() WHERE id = $1`, [id]);
  if (kind === 'agreement') {
    for (const table of ['commitment', 'agreement_constraint']) {
      await tx.db.query(`UPDATE ${table} SET deleted_at = now() WHERE agreement_id = $1 AND deleted_at IS NULL`, [id]);
    }
  }
  return id;
}

/**
 * Brings a soft-deleted row back (an agreement with the children deleted with it). Its references are checked as on
 * any write: a row whose source or agreement is gone cannot come back until they do.
 */
export async function restoreRecord(tx: WriteTransaction, kind: RecordKind, id: number): Promise<number> {
  const stored = (await readRecords(tx.db, kind, 'id', [id], true)).get(String(id));
  if (!stored) throw new NotFoundError(`no ${KINDS[kind].label} has id ${id}`);
  if (!stored.deleted) throw new ConflictError(`${KINDS[kind].label} ${id} is not deleted`, { currentVersion: stored.version });
  const { table } = KINDS[kind];
  if (kind === 'agreement') {
    // The children deleted with it carry the same moment (compared in SQL: JavaScript dates drop the microseconds).
    for (const child of ['commitment', 'agreement_constraint']) {
      await tx.db.query(
        `UPDATE ${child} SET deleted_at = NULL WHERE agreement_id = $1 AND deleted_at = (SELECT deleted_at FROM agreement WHERE id = $1)`,
        [id],
      );
    }
  }
  await tx.db.query(`UPDATE ${table} SET deleted_at = NULL WHERE id = $1`, [id]);
  const record = kind === 'agreement' ? { ...stored.record, commitments: [], constraints: [] } : stored.record;
  await write(tx, kind, record, `${kind} ${String(stored.record[KINDS[kind].natural])}`);
  return id;
}
