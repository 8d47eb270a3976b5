import http from 'node:http';
import type { GraphQLSchema } from 'graphql';
import { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { exportText, poolOf, prepareExport, PreparedExport } from '../export/export';
import { EXPORT_FORMATS, ExportFormat } from '../export/formats';
import { longRunningBudget } from '../db/connection-budget';
import { AppError, asQueryTimeout, ServiceUnavailableError } from '../shared/errors/errors';
import { internalErrorBody, logInternalError } from '../shared/errors/internal-errors';
import { LimitError } from '../shared/limits/query-limits';
import { downloadHeaders } from './report-download-route';

/** `/export/<collection>.<format>`. */
export const EXPORT_PATH = /^\/export\/([a-z_-]+)\.([a-z]+)$/;

const CONTENT_TYPES = { csv: 'text/csv; charset=utf-8; header=present', json: 'application/json; charset=utf-8' } as const;

function sendError(response: http.ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  response.end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}

/** Resolves when the response can take more (or was closed by the client). */
function drainedOrClosed(response: http.ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      response.off('drain', done);
      response.off('close', done);
      resolve();
    };
    response.on('drain', done);
    response.on('close', done);
  });
}

export interface ExportRouteOptions {
  /** The API's schema: an export's filter is read as its filter input type reads a `$filter` variable. */
  schema: GraphQLSchema;
  dataSource: DataSource;
  logger: Logger;
  /** MAX_FILTER_NODES: the filter limit GraphQL applies, applied to the export's filter too. */
  maxFilterNodes?: number;
}

/**
 * `GET /export/<collection>.csv?filter=<JSON>&asOf=<RFC 3339>` (or `.json`): the rows of a collection the filter
 * matches, by id, streamed; with `asOf`, as they stood at that moment. The same rights as reads: the request was admitted as GraphQL requests are (its token checked, and
 * required with REQUIRE_TOKEN_FOR_READS; its rate charged once: request-guards.ts). Errors before the first byte are JSON shaped like GraphQL errors: 401 UNAUTHENTICATED,
 * 400 BAD_USER_INPUT (bad JSON; unknown field, operator or value), 404 NOT_FOUND (unknown collection or format), 405; a failure mid-stream
 * aborts the response, so a truncated file never looks complete.
 */
export async function handleExport(
  request: http.IncomingMessage,
  response: http.ServerResponse,
  url: URL,
  options: ExportRouteOptions,
): Promise<void> {
  const match = EXPORT_PATH.exec(url.pathname);
  if (!match) return sendError(response, 404, 'NOT_FOUND', 'not found; exports are at /export/<collection>.csv or .json');
  if (request.method !== 'GET') return sendError(response, 405, 'METHOD_NOT_ALLOWED', 'exports are read with GET', { allow: 'GET' });
  if (!EXPORT_FORMATS.includes(match[2] as ExportFormat)) {
    return sendError(response, 404, 'NOT_FOUND', `no such export format ".${match[2]}"; formats are ${EXPORT_FORMATS.join(', ')}`);
  }
  let prepared: PreparedExport;
  try {
    prepared = prepareExport(
      options.schema,
      match[1],
      match[2],
      url.searchParams.get('filter'),
      options.maxFilterNodes,
      url.searchParams.get('asOf'),
    );
  } catch (error) {
    if (error instanceof AppError) return sendError(response, error.code === 'NOT_FOUND' ? 404 : 400, error.code, error.message);
    if (error instanceof LimitError) {
      const { http: _http, ...extensions } = error.extensions;
      response.writeHead(400, { 'content-type': 'application/json; charset=utf-8' });
      return void response.end(JSON.stringify({ errors: [{ message: error.message, extensions }] }));
    }
    throw error;
  }
  // An export holds its connection while the client reads: it takes a slot of the long-running budget first, so
  // exports never hold the whole pool (SERVICE_UNAVAILABLE when none frees up within DB_CONNECT_TIMEOUT_MS).
  let releaseSlot: () => void;
  try {
    releaseSlot = await longRunningBudget(options.dataSource).acquire();
  } catch (error) {
    if (error instanceof ServiceUnavailableError) return sendError(response, 503, error.code, error.message, { 'retry-after': '1' });
    throw error;
  }
  try {
    await streamExport(response, prepared, options);
  } finally {
    releaseSlot();
  }
}

/** Streams a prepared export: its first rows before the status line, then the rest as the client takes them. */
async function streamExport(response: http.ServerResponse, prepared: PreparedExport, options: ExportRouteOptions): Promise<void> {
  const pieces = exportText(poolOf(options.dataSource), prepared, (sql, params) => options.dataSource.logger.logQuery(sql, params));
  let first: IteratorResult<string>;
  try {
    first = await pieces.next();
  } catch (error) {
    const timeout = asQueryTimeout(error);
    if (timeout) {
      options.logger.warn({ err: error }, 'export timed out');
      return sendError(response, timeout.status, timeout.code, timeout.message);
    }
    if (error instanceof AppError) {
      const status = (error.extensions.http as { status?: number } | undefined)?.status ?? 400;
      return sendError(response, status, error.code, error.message);
    }
    // Values PostgreSQL cannot take were refused above (the input guard); a failure here is ours, masked with an id.
    const errorId = logInternalError(options.logger, error, 'export failed');
    response.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
    return void response.end(JSON.stringify(internalErrorBody(errorId)));
  }
  response.writeHead(200, {
    'content-type': CONTENT_TYPES[prepared.format],
    'content-disposition': `attachment; filename="${prepared.fileName}"`,
    ...downloadHeaders(CONTENT_TYPES[prepared.format]),
  });
  try {
    for (let piece = first; !piece.done; piece = await pieces.next()) {
      if (response.destroyed) break;
      if (!response.write(piece.value)) await drainedOrClosed(response);
    }
    response.end();
  } catch (error) {
    if (asQueryTimeout(error)) options.logger.warn({ err: error }, 'export timed out while streaming');
    else options.logger.error({ err: error }, 'export failed while streaming');
    response.destroy(error as Error);
  } finally {
    await pieces.return(undefined);
  }
}
