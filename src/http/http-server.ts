import http from 'node:http';
import { ApolloServer, HeaderMap } from '@apollo/server';
import { DataSource } from 'typeorm';
import { Logger } from 'pino';
import { ReportRequester, createRequestContext, createSqlRunner, RequestContext } from '../shared/context/request-context';
import { authenticateRequest, unauthenticatedResponse } from '../shared/auth/authenticate';
import { Principal } from '../shared/auth/principal';
import { UnauthenticatedError } from '../shared/errors/errors';
import { handleReportDownload, REPORT_DOWNLOAD_PATH } from './report-download-route';
import { handleExport } from './export-route';

/** The largest request body accepted, so a client cannot make the server buffer without bound. */
export const MAX_BODY_BYTES = 1_000_000;

function readBody(request: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(Object.assign(new Error('request body too large'), { status: 413 }));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

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
}

/**
 * The HTTP front: `/graphql` through Apollo Server, `GET /export/<collection>.csv|json` (export-route.ts),
 * `GET /healthz` (process up) and `GET /readyz` (database reachable). An `Authorization: Bearer` token names the
 * request's principal (src/shared/auth/authenticate.ts). Plain `node:http`: Apollo Server 5 ships no framework binding, and none is needed.
 */
export function createHttpServer({ apollo, dataSource, logger, ide, requireTokenForReads = false, reports }: HttpServerOptions): http.Server {
  const sql = createSqlRunner(dataSource);
  return http.createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    try {
      if (url.pathname === '/healthz' && request.method === 'GET') return sendJson(response, 200, { status: 'ok' });
      if (url.pathname === '/readyz' && request.method === 'GET') {
        try {
          await dataSource.query('SELECT 1');
          return sendJson(response, 200, { status: 'ready' });
        } catch (error) {
          logger.warn({ err: error }, 'readiness check failed');
          return sendJson(response, 503, { status: 'unavailable', reason: 'database unreachable' });
        }
      }
      if (url.pathname.startsWith('/export/')) return await handleExport(request, response, url, { dataSource, sql, logger, requireTokenForReads });
      const download = REPORT_DOWNLOAD_PATH.exec(url.pathname);
      if (download) return await handleReportDownload(request, response, Number(download[1]), { sql, requireTokenForReads });
      if (url.pathname !== '/graphql') return sendJson(response, 404, { error: 'not found; the API is at /graphql' });
      if (ide && request.method === 'GET' && ide(request, response)) return;
      // The bearer token, if any, is checked before anything else; a bad one fails the whole request.
      let principal: Principal | null;
      try {
        principal = await authenticateRequest(sql, request.headers, requireTokenForReads);
      } catch (error) {
        if (!(error instanceof UnauthenticatedError)) throw error;
        const refused = unauthenticatedResponse(error);
        response.writeHead(refused.status, { 'content-type': 'application/json; charset=utf-8', ...refused.headers });
        response.end(JSON.stringify(refused.body));
        return;
      }
      const headers = new HeaderMap();
      for (const [name, value] of Object.entries(request.headers)) {
        if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
      }
      let body: unknown;
      if (request.method === 'POST') {
        const text = await readBody(request);
        try {
          body = text.length > 0 ? JSON.parse(text) : undefined;
        } catch {
          return sendJson(response, 400, { errors: [{ message: 'request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }] });
        }
      }
      const result = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: request.method ?? 'GET', headers, search: url.search, body },
        context: async () => createRequestContext(sql, { principal, dataSource, reports }),
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
      const status = (error as { status?: number }).status ?? 500;
      if (status >= 500) logger.error({ err: error }, 'request failed');
      if (!response.headersSent) sendJson(response, status, { errors: [{ message: status === 413 ? 'request body too large' : 'internal error' }] });
      else response.end();
    }
  });
}
