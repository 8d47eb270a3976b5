import http from 'node:http';
import { ApolloServer, HeaderMap } from '@apollo/server';
import type { GraphQLSchema } from 'graphql';
import { DataSource } from 'typeorm';
import { Logger } from 'pino';
import { ReportRequester, createRequestContext, RequestContext } from '../shared/context/request-context';
import { createSqlRunner } from '../db/sql-runner';
import { metricsDatabase } from '../db/metrics-source';
import { ServiceUnavailableError } from '../shared/errors/errors';
import { requestUrl } from '../shared/http/request-url';
import { MetricsAccess, MetricsEndpoint, metricsVerdict, observeRequest } from '../shared/metrics/metrics';
import { sendUnauthenticated } from '../shared/auth/authenticate';
import { UnauthenticatedError } from '../shared/errors/errors';
import { internalErrorBody, logInternalError } from '../shared/errors/internal-errors';
import { beginRequestLog } from '../shared/logging/logging';
import { handleReportDownload, REPORT_DOWNLOAD_PATH } from './report-download-route';
import { handleExport } from './export-route';
import { CorsPolicy } from './cors';
import { admitRequest, checkRate, extensionsProblem, postMediaType, readBody, requestExtensions, sendError, sendTooLarge } from './request-guards';
import { addressKey, RateLimiter } from '../shared/limits/rate-limit';
import { createReadinessCheck } from '../db/readiness';
import type { HttpQuery, ReadFastPath } from '../read-plan/fast-path';
import { failingRunner } from '../read-plan/failure';

function sendJson(response: http.ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}

export interface HttpServerOptions {
  apollo: ApolloServer<RequestContext>;
  /** The schema Apollo serves: exports read their filter with it (export-route.ts). */
  schema: GraphQLSchema;
  dataSource: DataSource;
  logger: Logger;
  /** Serves the in-browser IDE on GET /graphql when the browser asks for HTML; returns whether it did. */
  ide?: (request: http.IncomingMessage, response: http.ServerResponse) => boolean;
  /** REQUIRE_TOKEN_FOR_READS: refuse requests without a valid token (GraphQL and exports). */
  requireTokenForReads?: boolean;
  /** The report queue `runReport` adds runs to. */
  reports?: ReportRequester;
  /** MAX_BODY_BYTES and the rate limit (src/config/config.ts); defaults when absent: 1 MB, no rate limit. */
  limits?: { bodyBytes: number; ratePerMinute: number; rateBurst: number; filterNodes?: number };
  /** CORS_ORIGINS and TRUST_PROXY. */
  http?: { corsOrigins: string[]; trustProxy: boolean };
  /** The process's rate limiter, shared with the WebSocket server; by default one made from `limits`. */
  rateLimiter?: RateLimiter;
  /** Who may scrape /metrics here (METRICS_TOKEN, METRICS_PORT), and how often the database is read for it. */
  metrics?: MetricsAccess & { cacheSeconds: number };
  /** Answers covered queries Apollo has answered before without it (src/read-plan/fast-path.ts); absent: all go to Apollo. */
  fastPath?: ReadFastPath;
}

/**
 * The HTTP front: `/graphql` through Apollo Server, `GET /export/<collection>.csv|json` (export-route.ts),
 * `GET /healthz` (process up) and `GET /readyz` (database reachable). An `Authorization: Bearer` token names the
 * request's principal (src/shared/auth/authenticate.ts). Plain `node:http`: Apollo Server 5 ships no framework binding, and none is needed.
 */
export function createHttpServer({
  apollo,
  schema,
  dataSource,
  logger: rootLogger,
  ide,
  requireTokenForReads = false,
  reports,
  limits = { bodyBytes: 1_000_000, ratePerMinute: 0, rateBurst: 0 },
  http: httpSettings = { corsOrigins: [], trustProxy: false },
  rateLimiter = new RateLimiter({ perMinute: limits.ratePerMinute, burst: limits.rateBurst }),
  metrics = { environment: 'development', cacheSeconds: 10 },
  fastPath,
}: HttpServerOptions): http.Server {
  const sql = createSqlRunner(dataSource);
  // /readyz has a connection of its own: a busy pool is not a database that is down (src/db/readiness.ts).
  const readiness = createReadinessCheck(dataSource);
  // Limits and the HTTP contract (issue 11, parts 1 and 2): CORS allow-list, rate limit per token or address, body size.
  const cors = new CorsPolicy(httpSettings.corsOrigins);
  const metricsEndpoint = new MetricsEndpoint(metricsDatabase(dataSource), metrics.cacheSeconds);
  const { trustProxy } = httpSettings;
  const server = http.createServer(async (request, response) => {
    // A request id per request (x-request-id, taken from the client when sane, echoed back), on every log line of it.
    const { requestId, logger } = beginRequestLog(request, response, rootLogger);
    observeRequest(request, response); // metrics: count and time every request (src/shared/metrics)
    const url = requestUrl(request.url);
    if (!url) return sendError(request, response, 400, 'The request target is not a valid URL.', 'BAD_REQUEST');
    try {
      if (url.pathname === '/metrics' && request.method === 'GET') {
        const verdict = metricsVerdict(metrics, request.headers.authorization, false);
        if (verdict === 'serve') return await metricsEndpoint.serve(response);
        if (verdict === 'not-found') return sendJson(response, 404, { error: 'not found; the API is at /graphql' });
        // A wrong metrics token is a failed authentication like any other: charged to the address.
        if (!checkRate(rateLimiter, request, response, trustProxy, addressKey(request, trustProxy))) return;
        return sendUnauthenticated(response, new UnauthenticatedError('/metrics needs Authorization: Bearer <METRICS_TOKEN>'));
      }
      if (url.pathname === '/healthz' && request.method === 'GET') return sendJson(response, 200, { status: 'ok' });
      if (url.pathname === '/readyz' && request.method === 'GET') {
        try {
          await readiness.check();
          return sendJson(response, 200, { status: 'ready' });
        } catch (error) {
          logger.warn({ err: error }, 'readiness check failed');
          return sendJson(response, 503, { status: 'unavailable', reason: 'database unreachable' });
        }
      }
      // Probes and metrics above are not cross-origin, nor rate-limited (but for a wrong metrics token); everything below is both.
      if (cors.handle(request, response)) return;
      const download = REPORT_DOWNLOAD_PATH.exec(url.pathname);
      const dataRoute = url.pathname.startsWith('/export/') || download !== null || url.pathname === '/graphql';
      const idePage = url.pathname === '/graphql' && request.method === 'GET' && wantsIde(request, url);
      if (!dataRoute || idePage) {
        // Pages that read no data (404s, the IDE): charged to the address, no token looked up.
        if (!checkRate(rateLimiter, request, response, trustProxy, addressKey(request, trustProxy))) return;
        if (!dataRoute) return sendJson(response, 404, { error: 'not found; the API is at /graphql' });
        if (ide?.(request, response)) return;
        return sendError(request, response, 404, 'The IDE is off on this server (ENABLE_IDE); POST GraphQL to /graphql.', 'NOT_FOUND');
      }
      // The bearer token, if any, is checked before anything else (after the address's rate, before its look-up); a
      // bad one fails the whole request. One door for GraphQL, exports and downloads (request-guards.ts).
      const admitted = await admitRequest(request, response, { sql, limiter: rateLimiter, trustProxy, requireTokenForReads });
      if (!admitted) return;
      const { principal } = admitted;
      if (url.pathname.startsWith('/export/'))
        return await handleExport(request, response, url, { schema, dataSource, logger, maxFilterNodes: limits.filterNodes });
      if (download) return await handleReportDownload(request, response, download[1], { sql, principal });
      let body: unknown;
      // Every POST body is read up to MAX_BODY_BYTES (else 413, the rest discarded); a JSON one is parsed (else 400); a
      // form, text or no content type is left to Apollo's CSRF prevention, which refuses it; any other type is 415.
      if (request.method === 'POST') {
        const read = await readBody(request, limits.bodyBytes);
        if (read.kind === 'too-large') return sendTooLarge(request, response, limits.bodyBytes);
        const mediaType = postMediaType(request);
        if (mediaType === 'unsupported')
          return sendError(request, response, 415, 'POST a GraphQL request as application/json.', 'UNSUPPORTED_MEDIA_TYPE');
        if (mediaType === 'json') {
          try {
            body = read.text.length > 0 ? JSON.parse(read.text) : undefined;
          } catch {
            return sendError(request, response, 400, 'The request body is not valid JSON.', 'BAD_REQUEST');
          }
        }
      }
      const extensionsError = extensionsProblem(requestExtensions(body, url.searchParams));
      if (extensionsError) return sendError(request, response, 400, extensionsError, 'BAD_REQUEST');
      // What Apollo's path runs its statements on: the pool, or a failure the fast path met (read-plan/failure.ts).
      let apolloSql = sql;
      const query: HttpQuery = { method: request.method ?? 'GET', accept: request.headers.accept, anonymous: principal === null, body };
      const fast = await fastPath?.answer(query, sql);
      if (fast && 'failed' in fast) apolloSql = failingRunner(fast.failed);
      else if (fast) {
        for (const [name, value] of fast.headers) response.setHeader(name, value);
        response.statusCode = fast.status;
        // As bytes: encoded once, its length known (a string would be measured in UTF-8 for Content-Length, then
        // encoded again as it is written; for bench (a)'s 220 KB that is most of Node's time per request).
        return void response.end(Buffer.from(fast.body, 'utf8'));
      }
      // Only a request Apollo answers needs its headers as a HeaderMap.
      const headers = new HeaderMap();
      for (const [name, value] of Object.entries(request.headers)) {
        if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
      }
      const httpGraphQLRequest = { method: query.method, headers, search: url.search, body };
      const result = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest,
        context: async () => createRequestContext(apolloSql, { principal, dataSource, reports, requestId, logger }),
      });
      fastPath?.learn(query, httpGraphQLRequest, result);
      for (const [name, value] of result.headers) response.setHeader(name, value);
      response.statusCode = result.status ?? 200;
      if (result.body.kind === 'complete') {
        response.end(result.body.string);
      } else {
        for await (const chunk of result.body.asyncIterator) response.write(chunk);
        response.end();
      }
    } catch (error) {
      // The database is away (src/db/availability.ts): 503 with its code, not an internal error.
      if (error instanceof ServiceUnavailableError)
        return sendJson(response, 503, { errors: [{ message: error.message, extensions: { code: error.code } }] });
      const status = (error as { status?: number }).status ?? 500;
      const errorId = status >= 500 ? logInternalError(logger, error, 'request failed') : undefined;
      if (!response.headersSent) sendJson(response, status, errorId ? internalErrorBody(errorId) : { errors: [{ message: 'internal error' }] });
      else response.end();
    }
  });
  // A client must close an idle kept-alive connection before the server does, or a request it sends as the server
  // closes the socket fails with ECONNRESET (seen in tests on a starved CPU). Clients close after a few seconds
  // (Node's fetch: 4 s; browsers and proxies: up to 60 s), so the server waits longer than any of them.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.on('close', () => void readiness.close());
  return server;
}

/**
 * A browser asking for the IDE page or one of its assets (GET /graphql with Accept: text/html and no query): exactly
 * the requests serveGraphiql answers, so that one served here is never also admitted (and charged) as GraphQL.
 */
function wantsIde(request: http.IncomingMessage, url: URL): boolean {
  if (url.searchParams.has('ide')) return true;
  return !url.searchParams.has('query') && (request.headers.accept ?? '').includes('text/html');
}
