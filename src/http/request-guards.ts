import type http from 'node:http';
import { authenticateRequest, sendUnauthenticated } from '../shared/auth/authenticate';
import { Principal } from '../shared/auth/principal';
import { SqlRunner } from '../shared/context/request-context';
import { UnauthenticatedError } from '../shared/errors/errors';
import { addressKey, RateLimiter, rateLimitKey } from '../shared/limits/rate-limit';

/**
 * What the HTTP front checks before GraphQL sees a request (issue 11, parts 1 and 2): the body's size and media type,
 * the rate, and the shape of the error responses it sends itself, which follow the GraphQL-over-HTTP specification
 * like Apollo's: `{ "errors": [{ "message", "extensions": { "code" } }] }`, as application/graphql-response+json when
 * the client prefers it and application/json otherwise.
 */

export const JSON_MEDIA_TYPE = 'application/json; charset=utf-8';
export const GRAPHQL_RESPONSE_MEDIA_TYPE = 'application/graphql-response+json; charset=utf-8';

/** The `q` an Accept header gives `type` (its best match: exact, `application/*` or `*\/*`), 0 when it accepts it not. */
function quality(accept: string, type: string): number {
  const [major] = type.split('/');
  let best = -1;
  let bestSpecificity = -1;
  for (const part of accept.split(',')) {
    const [range, ...parameters] = part.trim().toLowerCase().split(';');
    const specificity = range === type ? 2 : range === `${major}/*` ? 1 : range === '*/*' ? 0 : -1;
    if (specificity < 0 || specificity < bestSpecificity) continue;
    const q = parameters.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = q ? Number(q.slice(2)) : 1;
    if (specificity > bestSpecificity || value > best) {
      best = Number.isFinite(value) ? value : 0;
      bestSpecificity = specificity;
    }
  }
  return Math.max(best, 0);
}

/** application/graphql-response+json when the Accept header prefers it to application/json, else application/json. */
export function responseMediaType(accept: string | undefined): string {
  if (!accept) return JSON_MEDIA_TYPE;
  return quality(accept, 'application/graphql-response+json') > quality(accept, 'application/json') ? GRAPHQL_RESPONSE_MEDIA_TYPE : JSON_MEDIA_TYPE;
}

/** Sends a GraphQL-shaped error response (`errors[].extensions.code`) in the media type the client prefers. */
export function sendError(
  request: http.IncomingMessage,
  response: http.ServerResponse,
  status: number,
  message: string,
  code: string,
  options: { headers?: Record<string, string>; extensions?: Record<string, unknown> } = {},
): void {
  const accept = typeof request.headers.accept === 'string' ? request.headers.accept : undefined;
  const body = JSON.stringify({ errors: [{ message, extensions: { code, ...options.extensions } }] });
  response.writeHead(status, { 'content-type': responseMediaType(accept), 'content-length': String(Buffer.byteLength(body)), ...options.headers });
  response.end(body);
}

/** The media type of a request body, lower-cased, without parameters (`application/json`). */
export function requestMediaType(request: http.IncomingMessage): string | undefined {
  const header = request.headers['content-type'];
  if (!header) return undefined;
  return header.split(';')[0].trim().toLowerCase() || undefined;
}

/**
 * The media types of the "simple" requests a browser sends cross-origin without a preflight. Apollo's CSRF prevention
 * refuses those (and requests without a content type) unless they carry a preflight-forcing header; they are left
 * to it, so that its refusal is what the client sees.
 */
const SIMPLE_MEDIA_TYPES = new Set(['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain']);

/** How a POST body's media type is handled: read as JSON, left to Apollo's CSRF check, or refused with 415. */
export function postMediaType(request: http.IncomingMessage): 'json' | 'csrf-check' | 'unsupported' {
  const type = requestMediaType(request);
  if (type === 'application/json') return 'json';
  if (type === undefined || SIMPLE_MEDIA_TYPES.has(type)) return 'csrf-check';
  return 'unsupported';
}

/** After a body over the limit, how much more is read and discarded before the connection is cut. */
export const DRAIN_LIMIT_BYTES = 64 * 1024 * 1024;

export type BodyResult = { kind: 'complete'; text: string } | { kind: 'too-large' };

/**
 * Reads a request body of at most `maxBytes` (0: no limit). A larger one (by its Content-Length, or as it arrives)
 * resolves `too-large` at once, so the 413 can be sent while the client is still sending; the rest of the body is then
 * read and discarded rather than the socket closed under the client (which would reset the connection before the
 * client reads the answer), up to DRAIN_LIMIT_BYTES more, after which the connection is cut.
 */
export function readBody(request: http.IncomingMessage, maxBytes: number): Promise<BodyResult> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    const tooLarge = () => {
      over = true;
      chunks.length = 0;
      resolve({ kind: 'too-large' });
    };
    const declared = Number(request.headers['content-length']);
    if (maxBytes > 0 && Number.isFinite(declared) && declared > maxBytes) tooLarge();
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (over) {
        if (size > maxBytes + DRAIN_LIMIT_BYTES) request.destroy();
        return;
      }
      if (maxBytes > 0 && size > maxBytes) return tooLarge();
      chunks.push(chunk);
    });
    request.on('end', () => {
      if (!over) resolve({ kind: 'complete', text: Buffer.concat(chunks).toString('utf8') });
    });
    request.on('error', (error) => {
      if (!over) reject(error);
    });
  });
}

/** The 413 answer to a body over MAX_BODY_BYTES. */
export function sendTooLarge(request: http.IncomingMessage, response: http.ServerResponse, maxBytes: number): void {
  sendError(
    request,
    response,
    413,
    `The request body is larger than ${maxBytes.toLocaleString('en-US')} bytes (MAX_BODY_BYTES). Send a shorter ` +
      `document: pass large inputs in several requests.`,
    'PAYLOAD_TOO_LARGE',
    { extensions: { limit: maxBytes, setting: 'MAX_BODY_BYTES' } },
  );
}

/**
 * Takes one request from the client's bucket (its bearer token, else its address; see rate-limit.ts), sets the
 * `x-ratelimit-*` headers, and answers 429 with `Retry-After` when the bucket is empty. Returns whether the request
 * may go on. With `peek`, only checks that the bucket holds one (nothing is taken).
 */
export function checkRate(
  limiter: RateLimiter,
  request: http.IncomingMessage,
  response: http.ServerResponse,
  trustProxy: boolean,
  key = rateLimitKey(request, trustProxy),
  mode: 'take' | 'peek' = 'take',
): boolean {
  if (!limiter.enabled) return true;
  const decision = mode === 'peek' ? limiter.peek(key) : limiter.take(key);
  response.setHeader('x-ratelimit-limit', String(limiter.settings.perMinute));
  response.setHeader('x-ratelimit-remaining', String(decision.remaining));
  if (decision.allowed) return true;
  const { perMinute, burst } = limiter.settings;
  sendError(
    request,
    response,
    429,
    `Too many requests: this server allows ${perMinute} requests a minute (in bursts of up to ${burst}) per API token ` +
      `or client address. Retry in ${decision.retryAfterSeconds} s.`,
    'RATE_LIMITED',
    { headers: { 'retry-after': String(decision.retryAfterSeconds) }, extensions: { retryAfterSeconds: decision.retryAfterSeconds } },
  );
  return false;
}

/** What {@link admitRequest} needs: the token look-up, the rate limiter, TRUST_PROXY and REQUIRE_TOKEN_FOR_READS. */
export interface AdmissionOptions {
  sql: SqlRunner;
  limiter: RateLimiter;
  trustProxy: boolean;
  requireTokenForReads: boolean;
}

/**
 * The one door of every route that reads or writes data (GraphQL, exports, report downloads): who the request is,
 * and whether its rate allows it. Each request is charged once, to one bucket:
 *
 * - a request that presents credentials is first checked against its address's bucket, before the token's database
 *   look-up, so a client out of requests (forged tokens included) costs no look-up at all;
 * - a request refused as UNAUTHENTICATED (a bad token, or none under REQUIRE_TOKEN_FOR_READS) is charged to its
 *   address: fresh forged tokens buy no new buckets;
 * - an admitted request is charged to its token (or, anonymous, to its address).
 *
 * Returns the principal, or undefined when the answer (401 or 429) has been sent.
 */
export async function admitRequest(
  request: http.IncomingMessage,
  response: http.ServerResponse,
  { sql, limiter, trustProxy, requireTokenForReads }: AdmissionOptions,
): Promise<{ principal: Principal | null } | undefined> {
  const address = addressKey(request, trustProxy);
  if (request.headers.authorization !== undefined && !checkRate(limiter, request, response, trustProxy, address, 'peek')) return undefined;
  let principal: Principal | null;
  try {
    principal = await authenticateRequest(sql, request.headers, requireTokenForReads);
  } catch (error) {
    if (!(error instanceof UnauthenticatedError)) throw error;
    if (checkRate(limiter, request, response, trustProxy, address)) sendUnauthenticated(response, error);
    return undefined;
  }
  if (!checkRate(limiter, request, response, trustProxy, principal ? rateLimitKey(request, trustProxy) : address)) return undefined;
  return { principal };
}

const SHA256_HEX = /^[0-9a-f]{64}$/i;

/**
 * What is wrong with a request's `extensions` (the POST body's, or GET's `extensions` parameter parsed), or
 * undefined: it must be an object, and a `persistedQuery` in it `{ version: 1, sha256Hash: "<64 hex digits>" }`.
 * Apollo Server would otherwise answer some malformed ones as internal errors (a non-string hash reached the cache).
 *
 * @example extensionsProblem({ persistedQuery: { version: 1, sha256Hash: 42 } }) // => 'extensions.persistedQuery.sha256Hash ...'
 */
export function extensionsProblem(extensions: unknown): string | undefined {
  if (extensions === undefined || extensions === null) return undefined;
  if (typeof extensions !== 'object' || Array.isArray(extensions)) return 'extensions must be a JSON object';
  const persisted = (extensions as { persistedQuery?: unknown }).persistedQuery;
  if (persisted === undefined || persisted === null) return undefined;
  if (typeof persisted !== 'object' || Array.isArray(persisted)) {
    return 'extensions.persistedQuery must be an object { version: 1, sha256Hash: "<sha256 of the query, 64 hex digits>" }';
  }
  const { version, sha256Hash } = persisted as { version?: unknown; sha256Hash?: unknown };
  if (version !== 1) return `extensions.persistedQuery.version must be 1, got ${JSON.stringify(version) ?? 'nothing'}`;
  if (typeof sha256Hash !== 'string' || !SHA256_HEX.test(sha256Hash)) {
    return 'extensions.persistedQuery.sha256Hash must be the sha256 of the query as 64 hex digits';
  }
  return undefined;
}

/** The `extensions` of a GraphQL request over HTTP: the JSON body's, or GET's `extensions` parameter (unparsable: left to Apollo). */
export function requestExtensions(body: unknown, search: URLSearchParams): unknown {
  if (body !== undefined)
    return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as { extensions?: unknown }).extensions : undefined;
  const text = search.get('extensions');
  if (text === null) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
