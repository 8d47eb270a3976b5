import http from 'node:http';
import { authenticateRequest, sendUnauthenticated } from '../shared/auth/authenticate';
import { SqlRunner } from '../shared/context/request-context';
import { UnauthenticatedError } from '../shared/errors/errors';

/** `/reports/runs/<id>/download`: a run's output, as `ReportRun.downloadUrl` gives it. */
export const REPORT_DOWNLOAD_PATH = /^\/reports\/runs\/(\d{1,10})\/download$/;

/** The largest id PostgreSQL's `integer` (the run's id column) holds. */
const MAX_RUN_ID = 2_147_483_647;

function sendError(response: http.ServerResponse, status: number, code: string, message: string): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}

/**
 * Serves a succeeded run's output with its content type and file name, under the read permissions (a token when
 * REQUIRE_TOKEN_FOR_READS is on; a bad token is refused either way). 404 for an unknown run, 409 for one not done.
 */
export async function handleReportDownload(
  request: http.IncomingMessage,
  response: http.ServerResponse,
  runId: number,
  options: { sql: SqlRunner; requireTokenForReads: boolean },
): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return sendError(response, 405, 'METHOD_NOT_ALLOWED', 'use GET');
  try {
    await authenticateRequest(options.sql, request.headers, options.requireTokenForReads);
  } catch (error) {
    if (!(error instanceof UnauthenticatedError)) throw error;
    return sendUnauthenticated(response, error);
  }
  // Ids are int4: a larger number in the URL names no run (and PostgreSQL would refuse to compare it).
  if (!Number.isSafeInteger(runId) || runId < 1 || runId > MAX_RUN_ID) return sendError(response, 404, 'NOT_FOUND', `no report run has id ${runId}`);
  const [run] = await options.sql<{ status: string; output: string | null; content_type: string | null; file_name: string | null }>(
    `SELECT status, output, content_type, file_name FROM report_run WHERE id = $1`,
    [runId],
  );
  if (!run) return sendError(response, 404, 'NOT_FOUND', `no report run has id ${runId}`);
  if (run.status !== 'SUCCEEDED' || run.output === null)
    return sendError(response, 409, 'CONFLICT', `report run ${runId} is ${run.status}: nothing to download yet`);
  const body = Buffer.from(run.output, 'utf8');
  response.writeHead(200, {
    'content-type': run.content_type ?? 'application/octet-stream',
    'content-length': body.length,
    'content-disposition': `attachment; filename="${(run.file_name ?? `report-${runId}`).replace(/["\\\r\n]/g, '_')}"`,
  });
  response.end(request.method === 'HEAD' ? undefined : body);
}
