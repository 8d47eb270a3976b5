// Diagnosis only (never loaded while timing): preloaded into our server with `node --require bench/sql-capture.cjs`
// when BENCH_SQL_CAPTURE names a file, it appends every SQL statement the server sends through `pg` (text and bound
// values, one JSON line each) to that file, so the harness can EXPLAIN (ANALYZE) exactly what our server ran,
// however our code builds its SQL.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const file = process.env.BENCH_SQL_CAPTURE;
if (file) {
  // The same `pg` our server (through TypeORM) loads: resolved from the measured build's folder.
  const root = process.env.BENCH_OURS_ROOT || path.resolve(__dirname, '..');
  const pg = require(require.resolve('pg', { paths: [root] }));
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function query(config, values, callback) {
    try {
      const text = typeof config === 'string' ? config : config?.text;
      const bound = typeof config === 'object' && config?.values ? config.values : Array.isArray(values) ? values : [];
      if (typeof text === 'string') fs.appendFileSync(file, JSON.stringify({ text, values: bound }) + '\n');
    } catch {
      // capture is best effort; never break the query
    }
    return original.call(this, config, values, callback);
  };
}
