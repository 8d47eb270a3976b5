import { bearerToken, generateToken, hashToken, isValidTokenName, isWellFormedToken, TOKEN_PREFIX, verifyToken } from '../../src/shared/auth/tokens';
import { requireRole } from '../../src/shared/auth/require-role';
import { parseTokenCommand, formatTokenTable } from '../../src/cli/token';

describe('API tokens', () => {
  it('are random, prefixed and well formed', () => {
    const tokens = Array.from({ length: 50 }, generateToken);
    expect(new Set(tokens).size).toBe(50);
    for (const token of tokens) {
      expect(token.startsWith(TOKEN_PREFIX)).toBe(true);
      expect(token).toHaveLength(TOKEN_PREFIX.length + 43);
      expect(isWellFormedToken(token)).toBe(true);
    }
  });

  it('are stored as their SHA-256 in hex', () => {
    // echo -n acc_test | sha256sum
    expect(hashToken('acc_test')).toBe('d6187c8a6882842bd057f4fe48bbfa820792fd03eb9b091ef4739b7a036f8653');
    const token = generateToken();
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(token)).toBe(hashToken(token));
  });

  it('verify against their hash only', () => {
    const token = generateToken();
    const hash = hashToken(token);
    expect(verifyToken(token, hash)).toBe(true);
    expect(verifyToken(generateToken(), hash)).toBe(false);
    expect(verifyToken(token, 'not-hex')).toBe(false);
  });

  it.each([
    ['', false],
    ['acc_', false],
    ['acc_' + 'a'.repeat(42), false],
    ['acc_' + 'a'.repeat(44), false],
    ['xyz_' + 'a'.repeat(43), false],
    ['acc_' + 'a'.repeat(42) + '+', false],
    ['acc_' + 'a-_Z9'.repeat(8) + 'abc', true],
  ])('shape check of %j is %s', (token, ok) => {
    expect(isWellFormedToken(token)).toBe(ok);
  });

  it('are read from an Authorization header', () => {
    const token = generateToken();
    expect(bearerToken(undefined)).toBeUndefined();
    expect(bearerToken(`Bearer ${token}`)).toBe(token);
    expect(bearerToken(`bearer  ${token} `)).toBe(token);
    expect(bearerToken(`Basic ${token}`)).toBeNull();
    expect(bearerToken('Bearer')).toBeNull();
    expect(bearerToken('Bearer not-a-token')).toBeNull();
    expect(bearerToken(`Bearer ${token} extra`)).toBeNull();
    expect(bearerToken([`Bearer ${token}`, `Bearer ${token}`])).toBeNull();
  });

  it('have names of letters, digits, dots, dashes and underscores', () => {
    expect(isValidTokenName('report-job_2.0')).toBe(true);
    expect(isValidTokenName('')).toBe(false);
    expect(isValidTokenName('-leading')).toBe(false);
    expect(isValidTokenName('has space')).toBe(false);
    expect(isValidTokenName('x'.repeat(65))).toBe(false);
  });
});

describe('requireRole', () => {
  const as = (role: 'reader' | 'analyst' | 'admin') => ({ principal: { tokenName: 't', role } });

  it('is UNAUTHENTICATED without a principal', () => {
    expect(() => requireRole({ principal: null }, 'reader')).toThrow(expect.objectContaining({ extensions: { code: 'UNAUTHENTICATED' } }));
  });

  it('is FORBIDDEN when the role is too weak, and names the role needed', () => {
    expect(() => requireRole(as('reader'), 'analyst')).toThrow(
      expect.objectContaining({ extensions: { code: 'FORBIDDEN', requiredRole: 'analyst' } }),
    );
    expect(() => requireRole(as('analyst'), 'admin')).toThrow(expect.objectContaining({ extensions: { code: 'FORBIDDEN', requiredRole: 'admin' } }));
  });

  it('returns the principal when the role is enough or stronger', () => {
    expect(requireRole(as('analyst'), 'analyst')).toEqual({ tokenName: 't', role: 'analyst' });
    expect(requireRole(as('admin'), 'analyst').role).toBe('admin');
    expect(requireRole(as('admin'), 'admin').role).toBe('admin');
  });
});

describe('the token command line', () => {
  it('reads create, list and revoke', () => {
    expect(parseTokenCommand(['create', '--role', 'admin', '--name', 'ops'])).toEqual({
      kind: 'create',
      name: 'ops',
      role: 'admin',
      expiresAt: null,
    });
    expect(parseTokenCommand(['create', '--name=ops', '--role=reader', '--expires', '2030-01-31'])).toEqual({
      kind: 'create',
      name: 'ops',
      role: 'reader',
      expiresAt: new Date('2030-01-31T00:00:00Z'),
    });
    expect(parseTokenCommand(['list'])).toEqual({ kind: 'list' });
    expect(parseTokenCommand(['revoke', 'ops'])).toEqual({ kind: 'revoke', name: 'ops' });
  });

  it.each([
    [[]],
    [['create', '--name', 'ops']],
    [['create', '--role', 'root', '--name', 'ops']],
    [['create', '--role', 'admin']],
    [['create', '--role', 'admin', '--name', 'ops', '--expires', 'next week']],
    [['create', '--role', 'admin', '--name', 'ops', '--bogus']],
    [['revoke']],
    [['revoke', 'a', 'b']],
    [['list', '--name', 'ops']],
    [['delete', 'ops']],
  ])('refuses %j', (argv) => {
    expect(() => parseTokenCommand(argv)).toThrow();
  });

  it('lists tokens as an aligned table', () => {
    const lines = formatTokenTable([
      {
        name: 'ops',
        role: 'admin',
        createdAt: new Date('2026-01-01T10:00:00Z'),
        expiresAt: null,
        revokedAt: null,
        lastUsedAt: null,
        active: true,
      },
      {
        name: 'old-report-job',
        role: 'reader',
        createdAt: new Date('2025-01-01T10:00:00Z'),
        expiresAt: new Date('2025-06-01T00:00:00Z'),
        revokedAt: null,
        lastUsedAt: new Date('2025-05-01T08:00:00Z'),
        active: false,
      },
    ]);
    expect(lines).toEqual([
      'NAME            ROLE    STATE    CREATED               EXPIRES               LAST USED',
      'ops             admin   active   2026-01-01T10:00:00Z  -                     -',
      'old-report-job  reader  expired  2025-01-01T10:00:00Z  2025-06-01T00:00:00Z  2025-05-01T08:00:00Z',
    ]);
  });
});
