import http from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { AppConfig } from './config/config';
import { errorReporting } from './shared/errors/internal-errors';
import { inputGuardPlugin } from './shared/input-guard/input-guard';
import { createLogger as createStructuredLogger } from './shared/logging/logging';
import { ReportRequester, RequestContext } from './shared/context/request-context';
import { metricsPlugin } from './shared/metrics/metrics';
import { primaryForWritesPlugin } from './db/replicas';
import { buildAppSchema } from './schema/build-schema';
import { jitGateway } from './schema/jit-gateway';
import { createHttpServer } from './http/http-server';
import { serveGraphiql } from './http/graphiql';
import { formatExposure, formatLimitError, limitValidationRules, nodeLimitPlugin, parseOptions } from './shared/limits/query-limits';
// Client contract and live updates (issue 11, parts 2 and 6): APQ, trusted documents, Cache-Control, subscriptions.
import { filterLimitPlugin } from './shared/limits/filter-complexity';
import { clientContract } from './documents/client-contract';
import { attachLiveUpdates } from './live/ws-server';

/** A running API: its HTTP server and how to stop it. */
export interface App {
  server: http.Server;
  apollo: ApolloServer<RequestContext>;
  url: string;
  stop(): Promise<void>;
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
      nodeLimitPlugin(config.limits.nodes),
      filterLimitPlugin(config.limits.filterNodes),
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginLandingPageDisabled(),
      inputGuardPlugin(config.input),
      errors.plugin,
      // Faults and scale-out (issue 11, parts 4 and 7): metrics by operation and error code; mutations on the primary.
      metricsPlugin(),
      primaryForWritesPlugin(),
      ...contract.plugins,
    ],
    validationRules: limitValidationRules(config.limits),
    formatError: (formatted, error) =>
      formatExposure(formatLimitError(formatted, error) ?? errors.formatError(formatted, error), { suggestions: config.http.introspection }),
  });
  await apollo.start();
  const server = createHttpServer({
    apollo,
    dataSource,
    logger,
    ide: config.http.ide ? serveGraphiql : undefined,
    limits: config.limits,
    http: config.http,
    requireTokenForReads: config.requireTokenForReads,
    reports: options.reports,
  });
  const live = config.clientContract.liveUpdates
    ? await attachLiveUpdates(server, {
        dataSource,
        logger,
        requireTokenForReads: config.requireTokenForReads,
        validationRules: limitValidationRules(config.limits),
        trustedDocuments: contract.trustedDocuments,
        inputLimits: config.input,
        maxFilterNodes: config.limits.filterNodes,
        reports: options.reports,
      })
    : undefined;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, resolve);
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  return {
    server,
    apollo,
    url: `http://localhost:${actualPort}/graphql`,
    async stop() {
      await live?.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await apollo.stop();
    },
  };
}
