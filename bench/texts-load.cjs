// Loading and segmenting the official texts: `npm run build && node bench/texts-load.cjs <DATABASE_URL of an empty
// database> [<texts folder>]` (default ../shared/agreement-texts). Loads the seed corpus, then times the load of the
// corpus again with every <slug>.txt of the folder (attach, segment, one batch of provisions per text, span checks),
// then a third load that changes nothing. The bound: 26 texts loaded and segmented in under 10 s.
require('reflect-metadata');
const path = require('node:path');
const root = path.join(__dirname, '..');
const { createDataSource } = require(path.join(root, 'dist/src/db/data-source'));
const { loadCorpus } = require(path.join(root, 'dist/src/seed/load-corpus'));
const { readCorpus } = require(path.join(root, 'dist/src/seed/read-corpus'));
const { readTextFolder } = require(path.join(root, 'dist/src/domain/agreement-text/text-files'));

const seconds = (start) => (Number(process.hrtime.bigint() - start) / 1e9).toFixed(2);

(async () => {
  const [url, dir = path.join(root, '..', 'shared', 'agreement-texts')] = process.argv.slice(2);
  if (!url) throw new Error('usage: node bench/texts-load.cjs <DATABASE_URL> [<texts folder>]');
  const dataSource = createDataSource({ url });
  await dataSource.initialize();
  await dataSource.runMigrations();
  const corpus = readCorpus();
  await loadCorpus(dataSource, corpus);
  let start = process.hrtime.bigint();
  const files = readTextFolder(dir);
  const summary = await loadCorpus(dataSource, corpus, files);
  console.log(`${files.length} texts read, attached and segmented with the corpus in ${seconds(start)} s: ${JSON.stringify(summary.texts)}`);
  start = process.hrtime.bigint();
  await loadCorpus(dataSource, corpus, files);
  console.log(`the same load again (nothing changes): ${seconds(start)} s`);
  const [counts] = await dataSource.query(
    `SELECT count(*)::int AS texts, sum(chars)::int AS chars, (SELECT count(*)::int FROM provision) AS provisions FROM agreement_text`,
  );
  console.log(JSON.stringify(counts));
  await dataSource.destroy();
})().catch((error) => {
  console.error(error);
  process.exit(1);
});
