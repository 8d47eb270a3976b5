import { DataSource } from 'typeorm';
import { writeRecords, WriteSummary } from '../curation/write-corpus';
import { flattenDomains } from './read-corpus';
import { SeedCorpus } from './seed-schema';
import type { TextFile } from '../domain/agreement-text/write-texts';

/** What a load wrote, for logs and tests. */
export type LoadSummary = WriteSummary;

/**
 * Writes the corpus in one transaction through the one write path ({@link writeRecords}). Idempotent: rows are
 * upserted on their natural keys (slug, code, key) and each agreement file holds all its children, so loading twice
 * yields the same database (ids included) and records no change the second time. `textFiles` (AGREEMENT_TEXTS_DIR)
 * are the words of agreements' texts: attached once (the same words again change nothing), with their provisions,
 * before every quote span is checked against them.
 */
export async function loadCorpus(dataSource: DataSource, corpus: SeedCorpus, textFiles: TextFile[] = []): Promise<LoadSummary> {
  return dataSource.transaction(async (manager) => {
    // The history triggers record who changed what: a load is the seed's doing.
    await manager.query(`SELECT set_config('app.actor', 'seed', true)`);
    // A trusted bulk load of thousands of clause-coded rows, each through the history triggers: not an API request,
    // so not bound by the per-request statement timeout (which a busy machine could otherwise hit on a fresh load).
    await manager.query(`SELECT set_config('statement_timeout', '0', true)`);
    return writeRecords(manager, { ...corpus, domains: flattenDomains(corpus.domains), textFiles }, { replaceChildren: true });
  });
}

/** Loads the corpus only into a database that has no agreement yet (first start). */
export async function seedIfEmpty(
  dataSource: DataSource,
  read: () => SeedCorpus,
  readTexts: () => TextFile[] = () => [],
): Promise<LoadSummary | null> {
  const [{ count }] = await dataSource.query('SELECT count(*) AS count FROM agreement');
  if (count > 0) return null;
  return loadCorpus(dataSource, read(), readTexts());
}
