import http from 'node:http';
import { ApolloServer } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { unwrapResolverError } from '@apollo/server/errors';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import pino, { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { AppConfig } from './config/config';
import { AppError } from './shared/errors/errors';
import { ReportRequester, RequestContext } from './shared/context/request-context';
import { buildAppSchema } from './schema/build-schema';
import { jitGateway } from './schema/jit-gateway';
import { createHttpServer } from './http/http-server';
import { serveGraphiql } from './http/graphiql';

/** A running API: its HTTP server and how to stop it. */
export interface App {
  server: http.Server;
  apollo: ApolloServer<RequestContext>;
  url: string;
  stop(): Promise<void>;
}

export function createLogger(config: AppConfig): Logger {
  return pino({ level: config.logLevel });
}

/**
 * Builds Apollo Server over the schema, guarded by graphql-armor's depth, cost, alias and token limits, and
 * starts listening on `port` (0 picks a free one).
 */
export async function startApp(
  dataSource: DataSource,
  config: AppConfig,
  logger: Logger,
  port = config.port,
  options: { reports?: ReportRequester } = {},
): Promise<App> {
  const production = config.environment === 'production';
  const armor = new ApolloArmor({
    maxDepth: { n: 12 },
    costLimit: { maxCost: 100_000 },
    maxAliases: { n: 30 },
    maxTokens: { n: 5_000 },
    blockFieldSuggestion: { enabled: production },
  });
  const protection = armor.protect();
  const schema = buildAppSchema();
  const apollo = new ApolloServer<RequestContext>({
    ...(config.executor === 'jit' ? { gateway: jitGateway(schema) } : { schema }),
    introspection: !production,
    includeStacktraceInErrorResponses: !production,
    csrfPrevention: true,
    // server.ts owns shutdown (HTTP, Apollo, then the database); Apollo's own signal handlers would race it.
    stopOnTerminationSignals: false,
    // No HTTP caching hints (their plugin wraps every field resolver) and no Apollo landing page (the IDE is ours).
    plugins: [...protection.plugins, ApolloServerPluginCacheControlDisabled(), ApolloServerPluginLandingPageDisabled()],
    validationRules: [...protection.validationRules],
    formatError: (formatted, error) => {
      const original = unwrapResolverError(error);
      if (original instanceof AppError) return formatted;
      if (formatted.extensions?.code === 'INTERNAL_SERVER_ERROR') {
        logger.error({ err: original }, 'unexpected error while resolving');
        return { message: 'internal error', extensions: { code: 'INTERNAL_SERVER_ERROR' }, path: formatted.path, locations: formatted.locations };
      }
      return formatted;
    },
  });
  await apollo.start();
  const server = createHttpServer({
    apollo,
    dataSource,
    logger,
    ide: serveGraphiql,
    requireTokenForReads: config.requireTokenForReads,
    reports: options.reports,
  });
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
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await apollo.stop();
    },
  };
}
