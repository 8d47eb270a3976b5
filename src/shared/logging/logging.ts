import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import pino, { DestinationStream, Logger } from 'pino';

/** The header a client (or a proxy) may name a request with, and that every response carries back. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** A request id taken from a client: 1 to 128 letters, digits and `.`, `_`, `-`, `:`, `/`, `+`, `=` (ids, UUIDs, base64). */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:/+=-]{1,128}$/;

/**
 * The process's structured logger: JSON lines (pino) at `level`, with ISO times, and the `authorization` and
 * `cookie` headers redacted wherever a logged object carries them.
 */
export function createLogger(options: { level: string }, destination?: DestinationStream): Logger {
  return pino(
    {
      level: options.level,
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: ['headers.authorization', 'headers.cookie', '*.headers.authorization', '*.headers.cookie'],
        censor: '[redacted]',
      },
    },
    destination,
  );
}

/** The id of a request: the client's `x-request-id` when it is sane, else a new random one (a UUID). */
export function requestIdOf(headers: http.IncomingHttpHeaders): string {
  const given = headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && SANE_REQUEST_ID.test(given) ? given : randomUUID();
}

/** Paths polled by probes: their lines are logged at debug level only. */
const QUIET_PATHS = new Set(['/healthz', '/readyz', '/metrics']);

/**
 * Starts the log of one HTTP request: picks its id, echoes it in the `x-request-id` response header and returns a
 * child logger that puts `requestId` on every line of the request. When the response is done, one line records the
 * method, path, status and duration.
 */
export function beginRequestLog(request: http.IncomingMessage, response: http.ServerResponse, logger: Logger): { requestId: string; logger: Logger } {
  const requestId = requestIdOf(request.headers);
  response.setHeader(REQUEST_ID_HEADER, requestId);
  const child = logger.child({ requestId });
  const started = process.hrtime.bigint();
  const path = (request.url ?? '/').split('?')[0];
  let logged = false;
  const done = () => {
    if (logged) return;
    logged = true;
    const fields = {
      method: request.method,
      path,
      status: response.statusCode,
      durationMs: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
      ...(response.writableFinished ? {} : { aborted: true }),
    };
    if (QUIET_PATHS.has(path)) child.debug(fields, 'request completed');
    else child.info(fields, 'request completed');
  };
  response.once('finish', done);
  response.once('close', done);
  return { requestId, logger: child };
}
