import type http from 'node:http';
import { SqlRunner } from '../context/request-context';
import { UnauthenticatedError } from '../errors/errors';
import { Principal } from './principal';
import { authenticateToken } from './token-store';
import { bearerToken } from './tokens';

/**
 * The principal of an HTTP request: null without an `Authorization` header (and no database work), the token's
 * holder with a valid `Bearer` token. Throws UNAUTHENTICATED for a malformed, unknown, revoked or expired token, and
 * for an anonymous request when `requireToken` is set (REQUIRE_TOKEN_FOR_READS).
 */
export async function authenticateRequest(sql: SqlRunner, headers: http.IncomingHttpHeaders, requireToken: boolean): Promise<Principal | null> {
  const token = bearerToken(headers.authorization);
  if (token === undefined) {
    if (requireToken) throw new UnauthenticatedError('an API token is required: send Authorization: Bearer <token>');
    return null;
  }
  if (token === null) throw new UnauthenticatedError('malformed Authorization header: expected Bearer <token>');
  return authenticateToken(sql, token);
}

/** The JSON body and headers of a refused request, shaped like a GraphQL response (`errors[].extensions.code`). */
export function unauthenticatedResponse(error: UnauthenticatedError): { status: number; headers: Record<string, string>; body: unknown } {
  return {
    status: 401,
    headers: { 'www-authenticate': 'Bearer realm="accords"' },
    body: { errors: [{ message: error.message, extensions: { code: 'UNAUTHENTICATED' } }] },
  };
}

/** Answers a request refused for its token: 401, `WWW-Authenticate`, and the GraphQL-shaped JSON body. */
export function sendUnauthenticated(response: http.ServerResponse, error: UnauthenticatedError): void {
  const refused = unauthenticatedResponse(error);
  response.writeHead(refused.status, { 'content-type': 'application/json; charset=utf-8', ...refused.headers });
  response.end(JSON.stringify(refused.body));
}
