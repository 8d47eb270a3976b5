import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

// Pure helpers for API tokens: how they look, how they are made and how they are hashed for storage.

/** Every token starts with this, so a leaked one is easy to recognise (secret scanners, logs). */
export const TOKEN_PREFIX = 'acc_';

/** `acc_` and 32 random bytes in base64url (43 characters). */
const TOKEN_PATTERN = /^acc_[A-Za-z0-9_-]{43}$/;

/** A new token: 256 random bits. It is shown once; only its hash is stored. */
export function generateToken(): string {
  return `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** Whether a string has the shape of a token (checked before any database look-up). */
export function isWellFormedToken(token: string): boolean {
  return TOKEN_PATTERN.test(token);
}

/** The stored form of a token: lower-case hex SHA-256. (The token is random, so no salt or slow hash is needed.) */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Whether `token` is the one `hash` was made from, compared in constant time. */
export function verifyToken(token: string, hash: string): boolean {
  const actual = Buffer.from(hashToken(token), 'hex');
  const expected = Buffer.from(hash, 'hex');
  return expected.length === actual.length && timingSafeEqual(actual, expected);
}

/**
 * The token of an `Authorization` header: `undefined` when there is no header, `null` when the header is there but
 * is not `Bearer <token>` with a well-formed token.
 */
export function bearerToken(header: string | string[] | undefined): string | null | undefined {
  if (header === undefined) return undefined;
  if (Array.isArray(header)) return null;
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  if (!match || !isWellFormedToken(match[1])) return null;
  return match[1];
}

/** Token names: letters, digits and `._-`, 1 to 64 characters, starting with a letter or digit. */
export function isValidTokenName(name: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(name);
}
