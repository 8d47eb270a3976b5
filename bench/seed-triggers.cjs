// `npm run build && node bench/seed-triggers.cjs`: times loading the seed corpus into a fresh database (on the
// PostgreSQL of BENCH_ADMIN_URL, which must end in /postgres) with the curation triggers of today and with the migration
// OneVersionPerTransaction reverted (the per-statement triggers before it), three times each.
require('reflect-metadata');
const { Client } = require('pg');
const path = require('path');
const root = path.join(__dirname, '..');
const { createDataSource } = require(path.join(root, 'dist/src/db/data-source'));
const { loadCorpus } = require(path.join(root, 'dist/src/seed/load-corpus'));
const { readCorpus } = require(path.join(root, 'dist/src/seed/read-corpus'));
const { OneVersionPerTransaction1796000100000 } = require(path.join(root, 'dist/migrations/1796000100000-OneVersionPerTransaction'));
const admin = process.env.BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
async function once(name, revert) {
  const c = new Client({ connectionString: admin });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS ${name}`);
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  const ds = createDataSource({ url: admin.replace(/postgres$/, name) });
  await ds.initialize();
  await ds.runMigrations();
  if (revert) {
    const qr = ds.createQueryRunner();
    await new OneVersionPerTransaction1796000100000().down(qr);
    await qr.release();
  }
  const corpus = readCorpus();
  const t = process.hrtime.bigint();
  await loadCorpus(ds, corpus);
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  const [{ n }] = await ds.query('SELECT count(*)::int AS n FROM history');
  await ds.destroy();
  const c2 = new Client({ connectionString: admin });
  await c2.connect();
  await c2.query(`DROP DATABASE ${name} WITH (FORCE)`);
  await c2.end();
  return { ms: Math.round(ms), history: n };
}
(async () => {
  for (let i = 0; i < 3; i++) {
    console.log('before', JSON.stringify(await once('seedbench_before', true)), 'after', JSON.stringify(await once('seedbench_after', false)));
  }
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
