import http from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { AppConfig } from './config/config';
import { errorReporting } from './shared/errors/internal-errors';
import { inputGuardCheck, inputGuardPlugin } from './shared/input-guard/input-guard';
import { createLogger as createStructuredLogger } from './shared/logging/logging';
import { ReportRequester, RequestContext } from './shared/context/request-context';
import { MetricsAccess, MetricsEndpoint, metricsPlugin, metricsVerdict } from './shared/metrics/metrics';
import { RateLimiter } from './shared/limits/rate-limit';
import { requestUrl } from './shared/http/request-url';
import { primaryForWritesPlugin } from './db/replicas';
import { isDatabaseUnavailable } from './db/availability';
import { metricsDatabase } from './db/metrics-source';
import { buildAppSchema } from './schema/build-schema';
import { jitGateway } from './schema/jit-gateway';
import { createHttpServer } from './http/http-server';
import { serveGraphiql } from './http/graphiql';
import { formatExposure, formatLimitError, limitValidationRules, nodeLimitCheck, nodeLimitPlugin, parseOptions } from './shared/limits/query-limits';
// Client contract and live updates (issue 11, parts 2 and 6): APQ, trusted documents, Cache-Control, subscriptions.
import { filterLimitCheck, filterLimitPlugin } from './shared/limits/filter-complexity';
import { clientContract } from './documents/client-contract';
import { attachLiveUpdates } from './live/ws-server';
import { readPlanPlugin, stringifyResult } from './read-plan/plugin';
import { ReadFastPath } from './read-plan/fast-path';

/** A running API: its HTTP server and how to stop it. */
export interface App {
  server: http.Server;
  apollo: ApolloServer<RequestContext>;
  url: string;
  /** The listener of METRICS_PORT, when set. */
  metricsServer?: http.Server;
  /** The read fast path (src/read-plan/fast-path.ts); tests read its `hits`. */
  fastPath: ReadFastPath;
  stop(): Promise<void>;
}

/**
 * METRICS_PORT: /metrics on a port of its own (for the scraper's network; the API's port then answers 404 for it),
 * still behind METRICS_TOKEN when that is set. It answers nothing else.
 */
async function startMetricsServer(dataSource: DataSource, access: MetricsAccess & { cacheSeconds: number }, port: number): Promise<http.Server> {
  const endpoint = new MetricsEndpoint(metricsDatabase(dataSource), access.cacheSeconds);
  const server = http.createServer((request, response) => {
    const path = requestUrl(request.url)?.pathname;
    const verdict = path === '/metrics' && request.method === 'GET' ? metricsVerdict(access, request.headers.authorization, true) : 'not-found';
    if (verdict === 'serve') return void endpoint.serve(response).catch(() => response.destroy());
    response.writeHead(verdict === 'unauthorized' ? 401 : 404, { 'content-type': 'text/plain; charset=utf-8' });
    response.end(verdict === 'unauthorized' ? 'send Authorization: Bearer <METRICS_TOKEN>\n' : 'not found; metrics are at /metrics\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, resolve);
  });
  return server;
}

export function createLogger(config: AppConfig): Logger {
  return createStructuredLogger({ level: config.logLevel });
}

/**
 * Builds Apollo Server over the schema, guarded by the limits of src/shared/limits (nodes, depth, aliases, tokens,
 * directives; body size and rate in the HTTP front), and starts listening on `port` (0 picks a free one).
 */
export async function startApp(
  dataSource: DataSource,
  config: AppConfig,
  logger: Logger,
  port = config.port,
  options: { reports?: ReportRequester } = {},
): Promise<App> {
  const production = config.environment === 'production';
  const schema = buildAppSchema();
  // Errors and logs (issue 11, part 3): internal errors masked with an errorId the log carries; hostile values refused.
  const errors = errorReporting(logger);
  const contract = clientContract(config);
  // The checks that depend on the variables, one instance each (and one memo) for Apollo's plugins and the fast path.
  const nodeLimit = nodeLimitCheck(config.limits.nodes);
  const filterLimit = filterLimitCheck(config.limits.filterNodes);
  const inputGuard = inputGuardCheck(config.input);
  const fastPath = new ReadFastPath({ enabled: config.readJsonPath && config.readFastPath, checks: [nodeLimit, filterLimit, inputGuard] });
  const apollo = new ApolloServer<RequestContext>({
    persistedQueries: contract.persistedQueries,
    ...(config.executor === 'jit' ? { gateway: jitGateway(schema) } : { schema }),
    // Introspection and field suggestions go together (ENABLE_INTROSPECTION; off in production by default).
    introspection: config.http.introspection,
    hideSchemaDetailsFromClientErrors: !config.http.introspection,
    includeStacktraceInErrorResponses: !production,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    parseOptions: parseOptions(config.limits),
    // server.ts owns shutdown (HTTP, Apollo, then the database); Apollo's own signal handlers would race it.
    stopOnTerminationSignals: false,
    // No HTTP caching hints (their plugin wraps every field resolver) and no Apollo landing page (the IDE is ours).
    plugins: [
      nodeLimitPlugin(config.limits.nodes, nodeLimit),
      filterLimitPlugin(config.limits.filterNodes, filterLimit),
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginLandingPageDisabled(),
      inputGuardPlugin(config.input, inputGuard),
      errors.plugin,
      // Faults and scale-out (issue 11, parts 4 and 7): metrics by operation and error code; mutations on the primary.
      metricsPlugin(isDatabaseUnavailable),
      primaryForWritesPlugin(),
      ...contract.plugins,
      // Issue 17: covered queries answered with the JSON PostgreSQL builds (READ_JSON_PATH=off: never).
      readPlanPlugin({ enabled: config.readJsonPath, fastPath }),
    ],
    stringifyResult,
    validationRules: limitValidationRules(config.limits),
    formatError: (formatted, error) =>
      formatExposure(formatLimitError(formatted, error) ?? errors.formatError(formatted, error), { suggestions: config.http.introspection }),
  });
  await apollo.start();
  // One rate limiter per process, for HTTP and WebSocket alike (issue 14, part D).
  const rateLimiter = new RateLimiter({ perMinute: config.limits.ratePerMinute, burst: config.limits.rateBurst });
  const metrics = {
    environment: config.environment,
    token: config.scaleOut.metricsToken,
    port: config.scaleOut.metricsPort,
    cacheSeconds: config.scaleOut.metricsCacheSeconds,
  };
  const server = createHttpServer({
    apollo,
    schema,
    dataSource,
    logger,
    ide: config.http.ide ? serveGraphiql : undefined,
    limits: config.limits,
    http: config.http,
    requireTokenForReads: config.requireTokenForReads,
    reports: options.reports,
    rateLimiter,
    metrics,
    fastPath,
  });
  const live = config.clientContract.liveUpdates
    ? await attachLiveUpdates(server, {
        schema,
        dataSource,
        logger,
        requireTokenForReads: config.requireTokenForReads,
        validationRules: limitValidationRules(config.limits),
        trustedDocuments: contract.trustedDocuments,
        inputLimits: config.input,
        maxFilterNodes: config.limits.filterNodes,
        reports: options.reports,
        rateLimiter,
        trustProxy: config.http.trustProxy,
        maxConnectionsPerAddress: config.limits.wsConnectionsPerAddress,
      })
    : undefined;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, resolve);
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const metricsServer = metrics.port !== undefined ? await startMetricsServer(dataSource, metrics, metrics.port) : undefined;
  return {
    server,
    apollo,
    url: `http://localhost:${actualPort}/graphql`,
    metricsServer,
    fastPath,
    async stop() {
      await live?.close();
      if (metricsServer) await new Promise<void>((resolve) => metricsServer.close(() => resolve()));
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await apollo.stop();
    },
  };
}
