/**
 * `npm run seed`: validates the seed corpus and loads it (idempotently) into the database of DATABASE_URL, or the
 * embedded one. `npm run seed -- --check` only validates, then prints the corpus's quality figures
 * (src/seed/quality.ts), the inter-coder check (src/seed/intercoder.ts) and the quality gates of issue 16.
 */
import 'reflect-metadata';
import { loadConfig } from '../config/config';
import { openDatabase } from '../db/database';
import { loadCorpus } from '../seed/load-corpus';
import { compareCodings, firstCoderCodings, formatIntercoder } from '../seed/intercoder';
import { corpusQuality, formatGates, formatQuality, qualityGates } from '../seed/quality';
import { readIntercoder } from '../seed/read-intercoder';
import { readCorpus } from '../seed/read-corpus';
import { readTextFolder } from '../domain/agreement-text/text-files';

async function main(): Promise<void> {
  const corpus = readCorpus();
  const counts = `${corpus.agreements.length} agreements, ${corpus.agreements.reduce((n, a) => n + a.commitments.length, 0)} commitments`;
  if (process.argv.includes('--check')) {
    console.log(`seed corpus is valid: ${counts}`);
    console.log(formatQuality(corpusQuality(corpus)));
    const intercoder = readIntercoder();
    const first = intercoder.first?.provisions ?? firstCoderCodings(corpus.agreements, intercoder.sample.provisions);
    const before = compareCodings(first, intercoder.second.provisions);
    const after = compareCodings(firstCoderCodings(corpus.agreements, intercoder.sample.provisions), intercoder.second.provisions);
    console.log(formatIntercoder(before, after, intercoder.sample.provisions.length, intercoder.resolutions.length));
    console.log(formatGates(qualityGates(corpus, before.modality.kappa)));
    return;
  }
  const config = loadConfig();
  const database = await openDatabase(config, { log: console.log });
  try {
    const summary = await loadCorpus(database.dataSource, corpus, readTextFolder(config.agreementTextsDir));
    console.log(`loaded ${summary.agreements} agreements, ${summary.commitments} commitments, ${summary.constraints} constraints`);
    const { texts } = summary;
    console.log(
      `texts: ${texts.declared} declared, ${texts.attached} attached now with ${texts.provisions} provisions` +
        (config.agreementTextsDir ? ` (from ${config.agreementTextsDir})` : ' (AGREEMENT_TEXTS_DIR not set)'),
    );
  } finally {
    await database.close();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
