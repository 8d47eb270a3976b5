// The PostGraphile 5 comparison server: PostGraphile in library mode (amber preset + the connection-filter plugin
// with relation filters) over the benchmark database's `public` schema, served by grafserv on plain node:http at
// POST /graphql, with GET /readyz like ours. Run it with Node >= 22 (the harness uses bench/.tools' Node 22):
//
//   DATABASE_URL=postgres://... PORT=4100 node bench/postgraphile-server.mjs [--print-schema]
//
// PostGraphile and its plugin are installed in bench/.tools (not in the project), so they are resolved from there.
import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const TOOLS = path.join(path.dirname(fileURLToPath(import.meta.url)), '.tools');
const requireFromTools = createRequire(path.join(TOOLS, 'package.json'));
const load = (specifier) => import(pathToFileURL(requireFromTools.resolve(specifier)).href);

const { postgraphile } = await load('postgraphile');
const { PostGraphileAmberPreset } = await load('postgraphile/presets/amber');
const { makePgService } = await load('postgraphile/adaptors/pg');
const { grafserv } = await load('postgraphile/grafserv/node');
const { PostGraphileConnectionFilterPreset } = await load('postgraphile-plugin-connection-filter');
const { printSchema } = await load('postgraphile/graphql');
const { PgAggregatesPreset } = await load('@graphile/pg-aggregates');

/**
 * pg-aggregates groups timestamps by hour or day only; operation (e) groups a date column by year. One more group-by
 * spec, in the plugin's own extension point, gives `PERIOD_START_TRUNCATED_TO_YEAR`.
 */
const YearGroupByPlugin = {
  name: 'BenchYearGroupByPlugin',
  version: '0.0.0',
  after: ['PgAggregatesSpecsPlugin'],
  schema: {
    hooks: {
      build(build) {
        const {
          sql,
          dataplanPg: { TYPES },
        } = build;
        build.pgAggregateGroupBySpecs.push({
          id: 'truncated-to-year',
          isSuitableType: (codec) => codec === TYPES.date,
          sqlWrap: (fragment) => sql`date_trunc('year', ${fragment})::date`,
          sqlWrapCodec: (codec) => codec,
        });
        return build;
      },
    },
  },
};

const connectionString = process.env.DATABASE_URL;
if (!connectionString) throw new Error('DATABASE_URL is required');
const port = Number(process.env.PORT ?? 4100);
const poolSize = Number(process.env.DB_POOL_SIZE ?? 10);

/** @type {GraphileConfig.Preset} */
const preset = {
  extends: [PostGraphileAmberPreset, PostGraphileConnectionFilterPreset, PgAggregatesPreset],
  plugins: [YearGroupByPlugin],
  // By default PostGraphile 5 orders (and so groups) only by indexed columns; (e) groups by currency and basis.
  disablePlugins: ['PgIndexBehaviorsPlugin'],
  pgServices: [makePgService({ connectionString, schemas: ['public'], poolConfig: { max: poolSize } })],
  schema: {
    // Filters over related tables (`agreementPartiesByAgreementId: { some: ... }`), needed for the party and
    // domain filters ours offers.
    connectionFilterRelations: true,
  },
  grafserv: { graphqlPath: '/graphql', graphiql: false, watch: false },
  // GRAFAST_EXPLAIN=1 lets a request with header `x-graphql-explain: sql` get the SQL back (for diagnosis only).
  grafast: { explain: process.env.GRAFAST_EXPLAIN === '1' },
};

const pgl = postgraphile(preset);

if (process.argv.includes('--print-schema')) {
  const schema = await pgl.getSchema();
  process.stdout.write(printSchema(schema));
  await pgl.release();
  process.exit(0);
}

const serv = pgl.createServ(grafserv);
// `createHandler` (rather than `addTo`) so that /readyz can be answered beside it; no websockets are needed here.
const graphqlHandler = serv.createHandler();
const server = http.createServer((request, response) => {
  if (request.method === 'GET' && request.url === '/readyz') {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('{"status":"ready"}');
    return;
  }
  graphqlHandler(request, response, () => {
    response.writeHead(404, { 'content-type': 'text/plain' });
    response.end('not found');
  });
});
// Build the schema before declaring readiness, so the first timed request does not pay for it.
await pgl.getSchema();
server.listen(port, '127.0.0.1', () => process.stdout.write(`postgraphile listening on http://127.0.0.1:${port}/graphql\n`));

const stop = async () => {
  server.close();
  await pgl.release();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
