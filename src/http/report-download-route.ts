import http from 'node:http';
import { Principal } from '../shared/auth/principal';
import { SqlRunner } from '../shared/context/request-context';
import { reportRunOwnerCondition } from '../reports/report-visibility';
import { queryRows, sql } from '../shared/sql/sql';

/** `/reports/runs/<download key>/download`: a run's output, as `ReportRun.downloadUrl` gives it (a random UUID, never the run's id). */
export const REPORT_DOWNLOAD_PATH = /^\/reports\/runs\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/download$/;

/**
 * The headers of a download (a report run's output or an export), by content type: never sniffed, never kept by a
 * shared cache (the content is per user), and an HTML one locked down by a Content-Security-Policy that lets it load
 * and run nothing (its own inline styles aside) and sandboxes it, so a report opened in the browser is inert.
 *
 * @example downloadHeaders('text/html; charset=utf-8')['content-security-policy'] // => "default-src 'none'; ..."
 */
export function downloadHeaders(contentType: string): Record<string, string> {
  const headers: Record<string, string> = { 'x-content-type-options': 'nosniff', 'cache-control': 'private, no-store' };
  if (/^text\/html\b/i.test(contentType)) {
    headers['content-security-policy'] =
      "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; sandbox";
  }
  return headers;
}

function sendError(response: http.ServerResponse, status: number, code: string, message: string): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  response.end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}

/**
 * Serves a succeeded run's output with its content type and file name, to the token that asked for the run or an
 * admin's (see report-visibility.ts): anonymous is 401, someone else's run or an unknown key 404 (the same answer,
 * so a key's existence is not revealed), a run not done 409. The request was admitted (token and rate) before.
 */
export async function handleReportDownload(
  request: http.IncomingMessage,
  response: http.ServerResponse,
  downloadKey: string,
  options: { sql: SqlRunner; principal: Principal | null },
): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return sendError(response, 405, 'METHOD_NOT_ALLOWED', 'use GET');
  if (!options.principal) {
    response.setHeader('www-authenticate', 'Bearer realm="accords"');
    return sendError(response, 401, 'UNAUTHENTICATED', 'a report run is downloaded with the token that asked for it (or an admin token)');
  }
  const [run] = await queryRows<{ status: string; output: string | null; content_type: string | null; file_name: string | null }>(
    options.sql,
    sql`SELECT status, output, content_type, file_name FROM report_run r WHERE r.download_key = ${sql.value(downloadKey, 'uuid')} AND ${reportRunOwnerCondition(options.principal, sql`r`)}`,
  );
  if (!run) return sendError(response, 404, 'NOT_FOUND', 'no report run of yours has this download link');
  if (run.status !== 'SUCCEEDED' || run.output === null)
    return sendError(response, 409, 'CONFLICT', `this report run is ${run.status}: nothing to download yet`);
  const body = Buffer.from(run.output, 'utf8');
  const contentType = run.content_type ?? 'application/octet-stream';
  response.writeHead(200, {
    'content-type': contentType,
    'content-length': body.length,
    'content-disposition': `attachment; filename="${(run.file_name ?? 'report').replace(/["\\\r\n]/g, '_')}"`,
    ...downloadHeaders(contentType),
  });
  response.end(request.method === 'HEAD' ? undefined : body);
}
