import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { Reliability } from '../domain/enums';
import { actorSeed, agreementSeed, DomainSeed, domainSeed, mechanismSeed, SeedCorpus, sourceSeed } from './seed-schema';

/** A seed file that does not parse or does not hold together; the message names the file and the field. */
export class SeedValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`the seed corpus is invalid:\n- ${problems.join('\n- ')}`);
    this.name = 'SeedValidationError';
  }
}

function readJson(file: string, problems: string[]): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    problems.push(`${file}: ${(error as Error).message}`);
    return undefined;
  }
}

function parseFile<T>(file: string, schema: z.ZodType<T>, problems: string[]): T | undefined {
  const json = readJson(file, problems);
  if (json === undefined) return undefined;
  const result = schema.safeParse(json);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    problems.push(`${path.basename(path.dirname(file))}/${path.basename(file)} at ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return undefined;
}

/** Every node of the domain tree, parents before children, with the parent's slug. */
export function flattenDomains(nodes: DomainSeed[], parent: string | null = null): (DomainSeed & { parent: string | null })[] {
  return nodes.flatMap((node) => [{ ...node, parent }, ...flattenDomains(node.children, node.slug)]);
}

function duplicates(values: string[]): string[] {
  const seen = new Set<string>();
  return [...new Set(values.filter((value) => (seen.has(value) ? true : (seen.add(value), false))))];
}

/**
 * The cycles of `includedIn` links (a commitment whose amount is included in one that, through the chain, is
 * included in it): each cycle once, as its keys in chain order starting from the smallest key, the first key
 * repeated at the end. An empty list when the chains all end.
 */
export function includedInCycles(commitments: { key: string; includedIn?: string | null }[]): string[][] {
  const next = new Map(commitments.map((c) => [c.key, c.includedIn ?? null]));
  const cycles = new Map<string, string[]>();
  for (const start of next.keys()) {
    const chain: string[] = [];
    let current: string | null | undefined = start;
    while (current && next.has(current) && !chain.includes(current)) {
      chain.push(current);
      current = next.get(current);
    }
    if (!current || !chain.includes(current)) continue;
    const loop = chain.slice(chain.indexOf(current));
    const first = loop.indexOf([...loop].sort()[0]);
    const ordered = [...loop.slice(first), ...loop.slice(0, first)];
    cycles.set(ordered.join(' '), [...ordered, ordered[0]]);
  }
  return [...cycles.values()];
}

/**
 * Checks what a per-file schema cannot: uniqueness across files, that every reference names something that
 * exists, and that `includedIn` chains end (no cycle). Returns the problems found (empty when the corpus holds
 * together).
 */
export function checkReferences(corpus: SeedCorpus): string[] {
  const problems: string[] = [];
  const sources = new Set(corpus.sources.map((s) => s.key));
  // Corroboration is by a source better than LOW (seeds/README.md, `corroboratedBy`): a LOW one adds nothing.
  const corroborating = new Set(corpus.sources.filter((s) => s.reliability !== Reliability.LOW).map((s) => s.key));
  const actors = new Set(corpus.actors.map((a) => a.code));
  const domains = new Set(flattenDomains(corpus.domains).map((d) => d.slug));
  const mechanisms = new Set(corpus.mechanisms.map((m) => m.slug));
  const agreements = new Set(corpus.agreements.map((a) => a.slug));
  const commitmentKeys = corpus.agreements.flatMap((a) => a.commitments.map((c) => c.key));
  const allCommitments = new Set(commitmentKeys);
  const constraintKeys = corpus.agreements.flatMap((a) => a.constraints.map((c) => c.key));
  const unique: [string, string[]][] = [
    ['source key', corpus.sources.map((s) => s.key)],
    ['actor code', corpus.actors.map((a) => a.code)],
    ['domain slug', flattenDomains(corpus.domains).map((d) => d.slug)],
    ['mechanism slug', corpus.mechanisms.map((m) => m.slug)],
    ['agreement slug', corpus.agreements.map((a) => a.slug)],
    ['commitment key', commitmentKeys],
    ['constraint key', constraintKeys],
  ];
  for (const [what, values] of unique) {
    for (const value of duplicates(values)) problems.push(`duplicate ${what} "${value}"`);
  }
  const need = (set: Set<string>, value: string | null | undefined, what: string, where: string) => {
    if (value && !set.has(value)) problems.push(`${where}: unknown ${what} "${value}"`);
  };
  /** Each corroborating source of a record must exist and be better than LOW. */
  const needCorroborating = (keys: string[] | undefined, where: string) => {
    for (const key of keys ?? []) {
      if (!sources.has(key)) problems.push(`${where}.corroboratedBy: unknown source "${key}"`);
      else if (!corroborating.has(key)) problems.push(`${where}.corroboratedBy: "${key}" is a LOW source, which corroborates nothing`);
    }
  };
  for (const m of corpus.mechanisms) need(mechanisms, m.parent, 'mechanism', `mechanism ${m.slug}`);
  for (const a of corpus.agreements) {
    const where = `agreements/${a.slug}.json`;
    need(agreements, a.framework, 'framework agreement', where);
    a.parties.forEach((p) => need(actors, p.actor, 'actor', `${where} parties`));
    a.sources.forEach((s) => need(sources, s.source, 'source', `${where} sources`));
    const own = new Set(a.commitments.map((c) => c.key));
    for (const c of a.commitments) {
      if (!c.key.startsWith(`${a.slug}/`)) problems.push(`${where}: commitment key "${c.key}" must start with "${a.slug}/"`);
      need(actors, c.provider, 'actor', `${where} ${c.key}.provider`);
      need(actors, c.beneficiary, 'actor', `${where} ${c.key}.beneficiary`);
      need(sources, c.source, 'source', `${where} ${c.key}`);
      needCorroborating(c.corroboratedBy, `${where} ${c.key}`);
      need(allCommitments, c.includedIn, 'commitment', `${where} ${c.key}.includedIn`);
      c.domains.forEach((d) => need(domains, d, 'domain', `${where} ${c.key}`));
      c.mechanisms.forEach((m) => need(mechanisms, m, 'mechanism', `${where} ${c.key}`));
    }
    for (const c of a.constraints) {
      if (!c.key.startsWith(`${a.slug}/`)) problems.push(`${where}: constraint key "${c.key}" must start with "${a.slug}/"`);
      need(actors, c.actor, 'actor', `${where} ${c.key}.actor`);
      need(sources, c.source, 'source', `${where} ${c.key}`);
      needCorroborating(c.corroboratedBy, `${where} ${c.key}`);
      c.restricts.forEach((k) => need(own, k, 'commitment of this agreement', `${where} ${c.key}.restricts`));
    }
  }
  for (const cycle of includedInCycles(corpus.agreements.flatMap((a) => a.commitments))) {
    problems.push(`includedIn forms a cycle: ${cycle.map((k) => `"${k}"`).join(' -> ')}`);
  }
  return problems;
}

/** The default seed folder: `seeds/` at the top of the project. */
export const SEEDS_DIR = path.resolve(__dirname, '..', '..', ...(__dirname.includes(`${path.sep}dist${path.sep}`) ? ['..'] : []), 'seeds');

/** Reads and validates the whole corpus; throws a {@link SeedValidationError} listing every problem. */
export function readCorpus(dir: string = SEEDS_DIR): SeedCorpus {
  const problems: string[] = [];
  // sources.json, plus one file per agreement's research under sources/ so curators do not edit one shared file.
  const sourceDir = path.join(dir, 'sources');
  const sourceFiles = [
    path.join(dir, 'sources.json'),
    ...(fs.existsSync(sourceDir)
      ? fs
          .readdirSync(sourceDir)
          .filter((file) => file.endsWith('.json'))
          .sort()
          .map((file) => path.join(sourceDir, file))
      : []),
  ];
  const sources = sourceFiles.flatMap((file) => parseFile(file, z.array(sourceSeed), problems) ?? []);
  const actors = parseFile(path.join(dir, 'actors.json'), z.array(actorSeed), problems) ?? [];
  const domains = parseFile(path.join(dir, 'domains.json'), z.array(domainSeed), problems) ?? [];
  const mechanisms = parseFile(path.join(dir, 'mechanisms.json'), z.array(mechanismSeed), problems) ?? [];
  const agreementDir = path.join(dir, 'agreements');
  const agreements = fs
    .readdirSync(agreementDir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .flatMap((file) => {
      const agreement = parseFile(path.join(agreementDir, file), agreementSeed, problems);
      if (agreement && `${agreement.slug}.json` !== file) problems.push(`agreements/${file}: file name must be "${agreement.slug}.json"`);
      return agreement ? [agreement] : [];
    });
  const corpus = { sources, actors, domains, mechanisms, agreements };
  problems.push(...checkReferences(corpus));
  if (problems.length > 0) throw new SeedValidationError(problems);
  return corpus;
}
