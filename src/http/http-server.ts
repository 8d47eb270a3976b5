import http from 'node:http';
import { ApolloServer, HeaderMap } from '@apollo/server';
import { DataSource } from 'typeorm';
import { Logger } from 'pino';
import { ReportRequester, createRequestContext, createSqlRunner, RequestContext } from '../shared/context/request-context';
import { authenticateRequest, sendUnauthenticated } from '../shared/auth/authenticate';
import { Principal } from '../shared/auth/principal';
import { ServiceUnavailableError, UnauthenticatedError } from '../shared/errors/errors';
import { observeRequest, serveMetrics } from '../shared/metrics/metrics';
import { internalErrorBody, logInternalError } from '../shared/errors/internal-errors';
import { beginRequestLog } from '../shared/logging/logging';
import { handleReportDownload, REPORT_DOWNLOAD_PATH } from './report-download-route';
import { handleExport } from './export-route';
import { CorsPolicy } from './cors';
import {
  checkAddressRate,
  checkRate,
  extensionsProblem,
  postMediaType,
  readBody,
  requestExtensions,
  sendError,
  sendTooLarge,
} from './request-guards';
import { RateLimiter } from '../shared/limits/rate-limit';
import { createReadinessCheck } from '../db/readiness';

function sendJson(response: http.ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}

export interface HttpServerOptions {
  apollo: ApolloServer<RequestContext>;
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
}

/**
 * The HTTP front: `/graphql` through Apollo Server, `GET /export/<collection>.csv|json` (export-route.ts),
 * `GET /healthz` (process up) and `GET /readyz` (database reachable). An `Authorization: Bearer` token names the
 * request's principal (src/shared/auth/authenticate.ts). Plain `node:http`: Apollo Server 5 ships no framework binding, and none is needed.
 */
export function createHttpServer({
  apollo,
  dataSource,
  logger: rootLogger,
  ide,
  requireTokenForReads = false,
  reports,
  limits = { bodyBytes: 1_000_000, ratePerMinute: 0, rateBurst: 0 },
  http: httpSettings = { corsOrigins: [], trustProxy: false },
}: HttpServerOptions): http.Server {
  const sql = createSqlRunner(dataSource);
  // /readyz has a connection of its own: a busy pool is not a database that is down (src/db/readiness.ts).
  const readiness = createReadinessCheck(dataSource);
  // Limits and the HTTP contract (issue 11, parts 1 and 2): CORS allow-list, rate limit per token or address, body size.
  const cors = new CorsPolicy(httpSettings.corsOrigins);
  const rateLimiter = new RateLimiter({ perMinute: limits.ratePerMinute, burst: limits.rateBurst });
  const { trustProxy } = httpSettings;
  const server = http.createServer(async (request, response) => {
    // A request id per request (x-request-id, taken from the client when sane, echoed back), on every log line of it.
    const { requestId, logger } = beginRequestLog(request, response, rootLogger);
    const url = new URL(request.url ?? '/', 'http://localhost');
    observeRequest(request, response); // metrics: count and time every request (src/shared/metrics)
    try {
      if (url.pathname === '/metrics' && request.method === 'GET') return await serveMetrics(response, dataSource);
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
      // Probes and metrics above are neither rate-limited nor cross-origin; everything below is both.
      if (cors.handle(request, response)) return;
      if (!checkRate(rateLimiter, request, response, trustProxy)) return;
      if (url.pathname.startsWith('/export/'))
        return await handleExport(request, response, url, {
          dataSource,
          sql,
          logger,
          requireTokenForReads,
          maxFilterNodes: limits.filterNodes,
        });
      const download = REPORT_DOWNLOAD_PATH.exec(url.pathname);
      if (download) return await handleReportDownload(request, response, Number(download[1]), { sql, requireTokenForReads });
      if (url.pathname !== '/graphql') return sendJson(response, 404, { error: 'not found; the API is at /graphql' });
      if (ide && request.method === 'GET' && ide(request, response)) return;
      if (!ide && request.method === 'GET' && wantsIde(request, url))
        return sendError(request, response, 404, 'The IDE is off on this server (ENABLE_IDE); POST GraphQL to /graphql.', 'NOT_FOUND');
      // The bearer token, if any, is checked before anything else; a bad one fails the whole request.
      let principal: Principal | null;
      try {
        principal = await authenticateRequest(sql, request.headers, requireTokenForReads);
      } catch (error) {
        if (!(error instanceof UnauthenticatedError)) throw error;
        if (!checkAddressRate(rateLimiter, request, response, trustProxy)) return;
        return sendUnauthenticated(response, error);
      }
      const headers = new HeaderMap();
      for (const [name, value] of Object.entries(request.headers)) {
        if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
      }
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
      const result = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: request.method ?? 'GET', headers, search: url.search, body },
        context: async () => createRequestContext(sql, { principal, dataSource, reports, requestId, logger }),
      });
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
  server.on('close', () => void readiness.close());
  return server;
}

/** A browser asking for the IDE page or one of its assets (GET /graphql with Accept: text/html and no query). */
function wantsIde(request: http.IncomingMessage, url: URL): boolean {
  if (url.searchParams.has('ide')) return true;
  return !url.searchParams.has('query') && /text\/html/i.test(request.headers.accept ?? '');
}
