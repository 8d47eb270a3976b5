import { DataSource } from 'typeorm';
import { z } from 'zod';
import { Principal } from '../shared/auth/principal';
import { actorSeed, agreementSeed, DomainSeed, domainSeed, mechanismSeed, sourceSeed } from '../seed/seed-schema';
import { flattenDomains } from '../seed/read-corpus';
import { RecordProblem, RecordProblems } from './problems';
import { DEFAULT_INPUT_LIMITS, jsonProblem } from '../shared/input-guard/input-guard';
import { canonical, readRecords, RecordKind, sameRecord } from './read-records';
import { runInTransaction } from './mutate';
import { RecordSet, writeRecords } from './write-corpus';

/** What an import did, or would do with `dryRun`: records named `<kind> <natural key>`. */
export interface ImportReport {
  dryRun: boolean;
  created: string[];
  updated: string[];
  unchanged: string[];
}

type Section = 'sources' | 'actors' | 'domains' | 'mechanisms' | 'agreements';

const SECTIONS: Record<Section, { kind: RecordKind; natural: string; schema: z.ZodType }> = {
  sources: { kind: 'source', natural: 'key', schema: sourceSeed },
  actors: { kind: 'actor', natural: 'code', schema: actorSeed },
  domains: { kind: 'domain', natural: 'slug', schema: domainSeed },
  mechanisms: { kind: 'mechanism', natural: 'slug', schema: mechanismSeed },
  agreements: { kind: 'agreement', natural: 'slug', schema: agreementSeed },
};

/**
 * Which seed file a JSON value looks like: an agreement file, one of the list files (sources, actors, domains,
 * mechanisms), or a bundle `{ sources?, actors?, domains?, mechanisms?, agreements? }` of them.
 */
export function sectionsOf(json: unknown): Partial<Record<Section, unknown[]>> | undefined {
  if (Array.isArray(json)) {
    const first = json[0] as Record<string, unknown> | undefined;
    if (!first || typeof first !== 'object') return json.length === 0 ? {} : undefined;
    if ('parties' in first) return { agreements: json };
    if ('reliability' in first) return { sources: json };
    if ('children' in first || 'mappings' in first) return { domains: json };
    if ('code' in first) return { actors: json };
    if ('slug' in first && 'kind' in first) return { mechanisms: json };
    return undefined;
  }
  if (json && typeof json === 'object') {
    if ('slug' in json && 'parties' in json) return { agreements: [json] };
    const keys = Object.keys(json);
    if (keys.length > 0 && keys.every((key) => key in SECTIONS)) return json as Partial<Record<Section, unknown[]>>;
  }
  return undefined;
}

/**
 * Parses and validates an import file's text: every problem with its location (file, record, field, value), none
 * left out. Returns the records in the seed format, ready for {@link importRecords}.
 */
export function parseImport(
  text: string,
  file: string,
): { records: RecordSet; names: Map<string, { kind: RecordKind; natural: string; record: unknown }> } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new RecordProblems([{ record: file, path: [], message: `not valid JSON (${(error as Error).message}); nothing was imported` }]);
  }
  // What PostgreSQL cannot store (NUL bytes, lone surrogates, over-long text) is refused here too: the CLI does not
  // pass through the API's input guard.
  const unstorable = jsonProblem(json, file, DEFAULT_INPUT_LIMITS);
  if (unstorable) throw new RecordProblems([{ record: file, path: [], message: `${unstorable.path}: ${unstorable.message}` }]);
  const sections = sectionsOf(json);
  if (!sections) {
    throw new RecordProblems([
      {
        record: file,
        path: [],
        message: 'not a file of the seed format: an agreement, a list of sources, actors, domains or mechanisms, or a bundle of them',
      },
    ]);
  }
  const problems: RecordProblem[] = [];
  const records: Required<Pick<RecordSet, 'sources' | 'actors' | 'domains' | 'mechanisms' | 'agreements'>> = {
    sources: [],
    actors: [],
    domains: [],
    mechanisms: [],
    agreements: [],
  };
  const names = new Map<string, { kind: RecordKind; natural: string; record: unknown }>();
  /** Where each natural key was first seen, so a second record with it is named rather than written twice. */
  const firstSeen = new Map<string, string>();
  const unique = (key: string, where: string, natural: string, value: string): boolean => {
    const earlier = firstSeen.get(key);
    if (earlier === undefined) {
      firstSeen.set(key, where);
      return true;
    }
    problems.push({ record: where, path: [natural], value, message: `duplicate ${natural} "${value}": ${earlier} has it too` });
    return false;
  };
  for (const [section, items] of Object.entries(sections) as [Section, unknown][]) {
    const { kind, natural, schema } = SECTIONS[section];
    if (!Array.isArray(items)) {
      problems.push({ record: `${file} ${section}`, path: [], message: 'must be a list' });
      continue;
    }
    items.forEach((item, index) => {
      const name = (item as Record<string, unknown>)?.[natural];
      const where = `${file} ${kind} #${index + 1}${typeof name === 'string' ? ` (${name})` : ''}`;
      const result = schema.safeParse(item);
      if (!result.success) {
        for (const issue of result.error.issues) {
          let value: unknown = item;
          for (const step of issue.path) value = value && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[step] : undefined;
          problems.push({ record: where, path: issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), value, message: issue.message });
        }
        return;
      }
      if (section === 'domains') {
        for (const domain of flattenDomains([result.data as DomainSeed])) {
          if (!unique(`domain ${domain.slug}`, where, 'slug', domain.slug)) continue;
          const { children: _children, ...flat } = domain;
          records.domains.push(flat);
          names.set(`domain ${domain.slug}`, { kind, natural: domain.slug, record: flat });
        }
        return;
      }
      if (!unique(`${kind} ${String(name)}`, where, natural, String(name))) return;
      if (section === 'agreements') {
        // An agreement's children are keyed across the whole file (and the corpus): each key once.
        const agreement = result.data as { commitments: { key: string }[]; constraints: { key: string }[] };
        for (const child of ['commitments', 'constraints'] as const) {
          agreement[child].forEach((item, i) => unique(`${child} ${item.key}`, `${where} ${child} #${i + 1}`, 'key', item.key));
        }
      }
      (records[section] as unknown[]).push(result.data);
      names.set(`${kind} ${String(name)}`, { kind, natural: String(name), record: result.data });
    });
  }
  if (problems.length > 0) throw new RecordProblems(problems);
  return { records, names };
}

/**
 * Imports records all or nothing, in one transaction through the one write path: each is upserted by its natural
 * key (an agreement file holds all its children); any problem (a reference that names nothing, a cycle) rolls
 * everything back and lists every problem. Records already as the file says are left alone, so importing the same
 * file twice changes nothing. With `dryRun`, reports what would be created, updated and left alone, and writes
 * nothing.
 */
export async function importRecords(
  dataSource: DataSource,
  principal: Principal,
  text: string,
  file: string,
  dryRun: boolean,
): Promise<ImportReport> {
  const { records, names } = parseImport(text, file);
  const report: ImportReport = { dryRun, created: [], updated: [], unchanged: [] };
  const rollback = new Error('dry run');
  try {
    await runInTransaction(dataSource, principal, async (tx) => {
      const byKind = new Map<RecordKind, { name: string; natural: string; record: unknown }[]>();
      for (const [name, entry] of names) byKind.set(entry.kind, [...(byKind.get(entry.kind) ?? []), { name, ...entry }]);
      for (const [kind, entries] of byKind) {
        const stored = await readRecords(
          tx.db,
          kind,
          'natural',
          entries.map((e) => e.natural),
        );
        for (const entry of entries) {
          const current = stored.get(entry.natural);
          if (!current) report.created.push(entry.name);
          else if (!current.deleted && sameRecord(comparable(kind, current.record), comparable(kind, entry.record)))
            report.unchanged.push(entry.name);
          else report.updated.push(entry.name);
        }
      }
      await writeRecords(tx.db, records, { replaceChildren: true });
      if (dryRun) throw rollback;
    });
  } catch (error) {
    if (error !== rollback) throw error;
  }
  return report;
}

/** A record as the import compares it: canonical, children by key, domains and mechanisms as their seed shape. */
function comparable(kind: RecordKind, record: unknown): unknown {
  const value = canonical(record) as Record<string, unknown>;
  if (kind !== 'agreement') return value;
  const strip = (child: unknown) => {
    const { agreement: _agreement, ...rest } = child as Record<string, unknown>;
    return rest;
  };
  return {
    ...value,
    commitments: ((value.commitments as unknown[]) ?? []).map(strip),
    constraints: ((value.constraints as unknown[]) ?? []).map(strip),
  };
}
