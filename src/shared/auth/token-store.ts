import { SqlRunner } from '../context/request-context';
import { BadUserInputError, NotFoundError, UnauthenticatedError } from '../errors/errors';
import { Principal, Role, ROLES } from './principal';
import { generateToken, hashToken, isValidTokenName, isWellFormedToken } from './tokens';

// The api_token table: create, list, revoke, and authenticate a presented token. Every function takes a SqlRunner,
// so the HTTP layer (the pool), the GraphQL resolvers and the CLI share one implementation.

/** What is known of a token, never the token itself. */
export interface ApiTokenInfo {
  name: string;
  role: Role;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  /** Neither revoked nor expired. */
  active: boolean;
}

const INFO_COLUMNS =
  'name, role, created_at AS "createdAt", expires_at AS "expiresAt", revoked_at AS "revokedAt", last_used_at AS "lastUsedAt",' +
  ' (revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())) AS active';

/** The row's timestamps come as Dates from pg; nothing to convert. */
const info = (row: ApiTokenInfo): ApiTokenInfo => row;

export interface NewToken {
  name: string;
  role: Role;
  expiresAt?: Date | null;
}

/** Checks a new token's fields; the messages name the field, as `extensions.field`. */
function checkNewToken({ name, role, expiresAt }: NewToken): void {
  if (!isValidTokenName(name)) {
    throw new BadUserInputError(`token name "${name}" is not valid: 1 to 64 letters, digits, ".", "_" or "-", starting with a letter or digit`, {
      field: 'name',
    });
  }
  if (!ROLES.includes(role)) throw new BadUserInputError(`role must be one of ${ROLES.join(', ')}; got "${role}"`, { field: 'role' });
  if (expiresAt != null && (Number.isNaN(expiresAt.getTime()) || expiresAt.getTime() <= Date.now())) {
    throw new BadUserInputError('expiresAt must be a moment in the future', { field: 'expiresAt' });
  }
}

/** Creates a token. The token string is returned here only; the table keeps its hash. */
export async function createApiToken(sql: SqlRunner, request: NewToken): Promise<{ token: string; apiToken: ApiTokenInfo }> {
  checkNewToken(request);
  const token = generateToken();
  const [row] = await sql<ApiTokenInfo>(
    `INSERT INTO api_token (name, role, token_hash, expires_at) VALUES ($1, $2::api_token_role, $3, $4::timestamptz)` +
      ` ON CONFLICT (name) DO NOTHING RETURNING ${INFO_COLUMNS}`,
    [request.name, request.role, hashToken(token), request.expiresAt ?? null],
  );
  if (!row) throw new BadUserInputError(`a token named "${request.name}" already exists (names are never reused)`, { field: 'name' });
  return { token, apiToken: info(row) };
}

/** Every token, revoked and expired ones included, oldest first. */
export async function listApiTokens(sql: SqlRunner): Promise<ApiTokenInfo[]> {
  return (await sql<ApiTokenInfo>(`SELECT ${INFO_COLUMNS} FROM api_token ORDER BY created_at, name`)).map(info);
}

/** Revokes a token by name (again: no change, the first revocation's time stays). */
export async function revokeApiToken(sql: SqlRunner, name: string): Promise<ApiTokenInfo> {
  const [row] = await sql<ApiTokenInfo>(`UPDATE api_token SET revoked_at = coalesce(revoked_at, now()) WHERE name = $1 RETURNING ${INFO_COLUMNS}`, [
    name,
  ]);
  if (!row) throw new NotFoundError(`no token named "${name}"`, { field: 'name' });
  return info(row);
}

/**
 * The principal of a presented token: one look-up by hash (unique index). A malformed, unknown, revoked or expired
 * token is UNAUTHENTICATED (one message for all, so a caller learns nothing about which). `last_used_at` is written
 * at most once a minute per token.
 */
export async function authenticateToken(sql: SqlRunner, token: string): Promise<Principal> {
  if (!isWellFormedToken(token)) throw new UnauthenticatedError('invalid API token');
  const [row] = await sql<{ id: number; name: string; role: Role; valid: boolean; stale: boolean }>(
    `SELECT id, name, role, (revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())) AS valid,` +
      ` (last_used_at IS NULL OR last_used_at < now() - interval '1 minute') AS stale FROM api_token WHERE token_hash = $1`,
    [hashToken(token)],
  );
  if (!row || !row.valid) throw new UnauthenticatedError('invalid API token: unknown, revoked or expired');
  if (row.stale) {
    await sql(`UPDATE api_token SET last_used_at = now() WHERE id = $1 AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')`, [
      row.id,
    ]);
  }
  return { tokenName: row.name, role: row.role };
}
