import type http from 'node:http';

/** Request headers a browser may send cross-origin (what the IDE, Apollo Client and urql send). */
const ALLOWED_HEADERS = 'authorization, content-type, accept, apollo-require-preflight, x-apollo-operation-name, x-request-id';
/** Response headers a cross-origin script may read besides the simple ones. */
const EXPOSED_HEADERS = 'retry-after, x-ratelimit-limit, x-ratelimit-remaining, x-request-id';
const ALLOWED_METHODS = 'GET, POST, OPTIONS';
/** How long a browser may cache a preflight answer. */
const PREFLIGHT_MAX_AGE_SECONDS = 600;

/**
 * CORS with an allow-list (CORS_ORIGINS: exact origins such as `https://app.example.org`, or `*` for any): an
 * allowed origin gets `Access-Control-Allow-Origin` on its requests and an answered preflight; any other origin gets
 * no CORS header, so browsers keep the answer from its scripts. With an empty list (the default) no response carries
 * CORS headers. Tokens travel in the Authorization header, not in cookies, so credentials are never allowed.
 *
 * Apollo's CSRF prevention stays on underneath: a cross-origin "simple" request (a form post, text/plain, no
 * content type) never reaches an operation, whatever the list says.
 */
export class CorsPolicy {
  private readonly any: boolean;
  private readonly origins: Set<string>;

  constructor(origins: readonly string[]) {
    this.any = origins.includes('*');
    this.origins = new Set(origins.filter((origin) => origin !== '*').map((origin) => origin.replace(/\/+$/, '').toLowerCase()));
  }

  get enabled(): boolean {
    return this.any || this.origins.size > 0;
  }

  allows(origin: string | undefined): boolean {
    if (!origin) return false;
    return this.any || this.origins.has(origin.toLowerCase());
  }

  /**
   * Sets the CORS headers of a response (before it is written); answers an `OPTIONS` request entirely (preflight or
   * not) and returns true when it did.
   */
  handle(request: http.IncomingMessage, response: http.ServerResponse): boolean {
    const origin = typeof request.headers.origin === 'string' ? request.headers.origin : undefined;
    const allowed = this.allows(origin);
    if (this.enabled) response.setHeader('vary', 'Origin');
    if (allowed) {
      response.setHeader('access-control-allow-origin', this.any ? '*' : origin!);
      response.setHeader('access-control-expose-headers', EXPOSED_HEADERS);
    }
    if (request.method !== 'OPTIONS') return false;
    const preflight = origin !== undefined && request.headers['access-control-request-method'] !== undefined;
    if (preflight && allowed) {
      response.setHeader('access-control-allow-methods', ALLOWED_METHODS);
      response.setHeader('access-control-allow-headers', ALLOWED_HEADERS);
      response.setHeader('access-control-max-age', String(PREFLIGHT_MAX_AGE_SECONDS));
    }
    response.writeHead(204, { allow: ALLOWED_METHODS, 'content-length': '0' });
    response.end();
    return true;
  }
}
