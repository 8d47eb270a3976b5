import { loadConfig } from '../../src/config/config';
import { tokenCli } from '../../src/cli/token';
import { createApiToken } from '../../src/shared/auth/token-store';
import { generateToken, hashToken } from '../../src/shared/auth/tokens';
import { SqlRunner } from '../../src/shared/context/request-context';
import { createSqlRunner } from '../../src/db/sql-runner';
import { startTestApp, TestApp } from '../support/test-app';

const READ = `{ agreements(first: 1) { totalCount } }`;
const LIST = `{ apiTokens { name role createdAt expiresAt revokedAt lastUsedAt active } }`;
const CREATE = `mutation($name: String!, $role: Role!, $expiresAt: DateTimeISO) {
  createToken(name: $name, role: $role, expiresAt: $expiresAt) { token apiToken { name role createdAt expiresAt active } } }`;
const REVOKE = `mutation($name: String!) { revokeToken(name: $name) { name active revokedAt } }`;

const codes = (response: { errors?: { extensions?: { code?: string } }[] }) => response.errors?.map((e) => e.extensions?.code);

/** Runs the token CLI in this process against the test database; its exit code and what it printed. */
async function cli(api: TestApp, ...argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await tokenCli(argv, {
    config: loadConfig({ NODE_ENV: 'test', DATABASE_URL: api.db.url }),
    io: { out: (line) => out.push(line), err: (line) => err.push(line) },
  });
  return { code, out, err };
}

describe('API tokens', () => {
  let api: TestApp;
  let sql: SqlRunner;
  const tokens: Record<'reader' | 'analyst' | 'admin', string> = { reader: '', analyst: '', admin: '' };

  beforeAll(async () => {
    api = await startTestApp();
    sql = createSqlRunner(api.db.dataSource);
    for (const role of ['reader', 'analyst', 'admin'] as const) tokens[role] = (await createApiToken(sql, { name: `test-${role}`, role })).token;
  });
  afterAll(() => api.close());

  describe('on the command line', () => {
    it('creates a token and prints it alone on the last line; the token works', async () => {
      const created = await cli(api, 'create', '--role', 'admin', '--name', 'cli-admin', '--expires', '2099-01-01');
      expect(created.code).toBe(0);
      const token = created.out[created.out.length - 1];
      expect(token).toMatch(/^acc_[A-Za-z0-9_-]{43}$/);
      expect(created.out.slice(0, -1).join('\n')).not.toContain(token);
      const listed = await api.gql(LIST, undefined, { token });
      expect(listed.errors).toBeUndefined();
      expect(listed.data.apiTokens).toContainEqual(
        expect.objectContaining({ name: 'cli-admin', role: 'ADMIN', expiresAt: '2099-01-01T00:00:00.000Z', active: true }),
      );
    });

    it('stores only the hash of the token', async () => {
      const created = await cli(api, 'create', '--role', 'reader', '--name', 'cli-hash');
      const token = created.out[created.out.length - 1];
      const rows = await api.db.dataSource.query(`SELECT row_to_json(t)::text AS row, token_hash FROM api_token t WHERE name = 'cli-hash'`);
      expect(rows[0].token_hash).toBe(hashToken(token));
      expect(rows[0].row).not.toContain(token.slice(4));
    });

    it('lists the tokens with role and state', async () => {
      const listed = await cli(api, 'list');
      expect(listed.code).toBe(0);
      expect(listed.out[0]).toMatch(/^NAME +ROLE +STATE +CREATED +EXPIRES +LAST USED$/);
      expect(listed.out.find((line) => line.startsWith('cli-admin '))).toMatch(/^cli-admin +admin +active +\S+ +2099-01-01T00:00:00Z/);
      expect(listed.out.join('\n')).not.toMatch(/acc_/);
    });

    it('revokes a token, which then fails', async () => {
      const created = await cli(api, 'create', '--role', 'analyst', '--name', 'cli-revoked');
      const token = created.out[created.out.length - 1];
      expect((await api.gql(READ, undefined, { token })).status).toBe(200);
      const revoked = await cli(api, 'revoke', 'cli-revoked');
      expect(revoked).toMatchObject({ code: 0, out: [expect.stringMatching(/^revoked token "cli-revoked"/)] });
      const refused = await api.gql(READ, undefined, { token });
      expect(refused.status).toBe(401);
      expect(codes(refused)).toEqual(['UNAUTHENTICATED']);
      expect((await cli(api, 'list')).out.find((line) => line.startsWith('cli-revoked '))).toMatch(/ revoked /);
    });

    it('refuses a name in use, an unknown name, a past expiry and bad usage, with exit codes', async () => {
      expect(await cli(api, 'create', '--role', 'admin', '--name', 'cli-admin')).toMatchObject({
        code: 1,
        err: [expect.stringContaining('already exists')],
      });
      expect(await cli(api, 'revoke', 'nobody')).toMatchObject({ code: 1, err: [expect.stringContaining('no token named "nobody"')] });
      expect(await cli(api, 'create', '--role', 'admin', '--name', 'late', '--expires', '2001-01-01')).toMatchObject({
        code: 1,
        err: [expect.stringContaining('expiresAt must be a moment in the future')],
      });
      expect((await cli(api, 'create', '--role', 'owner', '--name', 'x')).code).toBe(2);
      expect((await cli(api, 'frobnicate')).code).toBe(2);
    });
  });

  describe('on requests', () => {
    const raw = (headers: Record<string, string>, query = READ) =>
      fetch(api.app.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });

    it('are optional for reads by default', async () => {
      const response = await api.gql(READ);
      expect(response.errors).toBeUndefined();
      expect(response.data.agreements.totalCount).toBeGreaterThan(0);
    });

    it('are looked up only when sent: one indexed statement', async () => {
      const anonymous = await api.countStatements(READ);
      expect(anonymous.statements.filter((s) => s.includes('api_token'))).toEqual([]);
      api.db.recorder.start();
      await api.gql(READ, undefined, { token: tokens.reader });
      await api.gql(READ, undefined, { token: tokens.reader });
      const lookups = api.db.recorder.stop().filter((s) => s.includes('api_token'));
      // Two look-ups by hash, and last_used_at written once (the second request is within the minute).
      expect(lookups.filter((s) => s.startsWith('SELECT'))).toHaveLength(2);
      expect(lookups.filter((s) => s.startsWith('SELECT')).every((s) => s.includes('WHERE token_hash = $1'))).toBe(true);
      expect(lookups.filter((s) => s.startsWith('UPDATE'))).toHaveLength(1);
      const [plan] = await api.db.dataSource.query(`EXPLAIN SELECT id FROM api_token WHERE token_hash = 'x'`);
      expect(plan['QUERY PLAN']).toMatch(/Index Scan/);
    });

    it('record when a token was last used, at most once a minute', async () => {
      const lastUsed = async () => (await api.db.dataSource.query(`SELECT last_used_at FROM api_token WHERE name = 'test-analyst'`))[0].last_used_at;
      await api.gql(READ, undefined, { token: tokens.analyst });
      const first = await lastUsed();
      expect(first).toBeInstanceOf(Date);
      await api.gql(READ, undefined, { token: tokens.analyst });
      expect(await lastUsed()).toEqual(first);
      await api.db.dataSource.query(`UPDATE api_token SET last_used_at = now() - interval '2 minutes' WHERE name = 'test-analyst'`);
      const before = await lastUsed();
      await api.gql(READ, undefined, { token: tokens.analyst });
      expect((await lastUsed()).getTime()).toBeGreaterThan(before.getTime() + 60_000);
    });

    it.each([
      ['a forged token', () => ({ authorization: `Bearer ${generateToken()}` })],
      ['a malformed token', () => ({ authorization: 'Bearer acc_short' })],
      ['another scheme', () => ({ authorization: 'Basic dXNlcjpwYXNz' })],
      ['an empty bearer', () => ({ authorization: 'Bearer ' })],
    ])('refuse %s: 401 UNAUTHENTICATED as a GraphQL error body', async (_what, headers) => {
      const response = await raw(headers());
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toContain('application/json');
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
      const body = (await response.json()) as { data?: unknown; errors: { message: string; extensions: { code: string } }[] };
      expect(body.data).toBeUndefined();
      expect(body.errors).toEqual([{ message: expect.stringMatching(/token|Authorization/), extensions: { code: 'UNAUTHENTICATED' } }]);
    });

    it('refuse an expired token', async () => {
      const { token } = await createApiToken(sql, { name: 'soon-expired', role: 'admin', expiresAt: new Date(Date.now() + 3_600_000) });
      expect((await api.gql(READ, undefined, { token })).errors).toBeUndefined();
      await api.db.dataSource.query(`UPDATE api_token SET expires_at = now() - interval '1 second' WHERE name = 'soon-expired'`);
      const refused = await api.gql(READ, undefined, { token });
      expect(refused.status).toBe(401);
      expect(codes(refused)).toEqual(['UNAUTHENTICATED']);
    });
  });

  describe('through GraphQL', () => {
    it('need admin: anonymous is UNAUTHENTICATED, reader and analyst FORBIDDEN', async () => {
      for (const [query, variables] of [
        [LIST, undefined],
        [CREATE, { name: 'nope', role: 'READER' }],
        [REVOKE, { name: 'test-reader' }],
      ] as const) {
        expect(codes(await api.gql(query, variables))).toEqual(['UNAUTHENTICATED']);
        expect(codes(await api.gql(query, variables, { token: tokens.reader }))).toEqual(['FORBIDDEN']);
        const analyst = await api.gql(query, variables, { token: tokens.analyst });
        expect(codes(analyst)).toEqual(['FORBIDDEN']);
        expect(analyst.errors![0].extensions).toMatchObject({ requiredRole: 'admin' });
      }
      const [{ count }] = await api.db.dataSource.query(`SELECT count(*)::int AS count FROM api_token WHERE name = 'nope'`);
      expect(count).toBe(0);
      expect((await api.gql(READ, undefined, { token: tokens.reader })).errors).toBeUndefined();
    });

    it('let an admin create, list and revoke tokens', async () => {
      const created = await api.gql(CREATE, { name: 'report-job', role: 'READER', expiresAt: '2099-12-31T00:00:00Z' }, { token: tokens.admin });
      expect(created.errors).toBeUndefined();
      const { token, apiToken } = created.data.createToken;
      expect(token).toMatch(/^acc_/);
      expect(apiToken).toEqual({
        name: 'report-job',
        role: 'READER',
        createdAt: expect.any(String),
        expiresAt: '2099-12-31T00:00:00.000Z',
        active: true,
      });
      expect((await api.gql(READ, undefined, { token })).errors).toBeUndefined();
      expect(codes(await api.gql(LIST, undefined, { token }))).toEqual(['FORBIDDEN']);

      const listed = await api.gql(LIST, undefined, { token: tokens.admin });
      const entry = listed.data.apiTokens.find((t: { name: string }) => t.name === 'report-job');
      expect(entry).toMatchObject({ role: 'READER', active: true, revokedAt: null, lastUsedAt: expect.any(String) });
      expect(JSON.stringify(listed.data)).not.toContain(token);

      const revoked = await api.gql(REVOKE, { name: 'report-job' }, { token: tokens.admin });
      expect(revoked.data.revokeToken).toEqual({ name: 'report-job', active: false, revokedAt: expect.any(String) });
      expect((await api.gql(READ, undefined, { token })).status).toBe(401);
      const again = await api.gql(REVOKE, { name: 'report-job' }, { token: tokens.admin });
      expect(again.data.revokeToken.revokedAt).toBe(revoked.data.revokeToken.revokedAt);
    });

    it('refuse a name in use, a bad name, a past expiry and an unknown token', async () => {
      const duplicate = await api.gql(CREATE, { name: 'test-reader', role: 'ADMIN' }, { token: tokens.admin });
      expect(codes(duplicate)).toEqual(['BAD_USER_INPUT']);
      expect(duplicate.errors![0].extensions).toMatchObject({ field: 'name' });
      expect(codes(await api.gql(CREATE, { name: 'has space', role: 'ADMIN' }, { token: tokens.admin }))).toEqual(['BAD_USER_INPUT']);
      const past = await api.gql(CREATE, { name: 'past', role: 'ADMIN', expiresAt: '2020-01-01T00:00:00Z' }, { token: tokens.admin });
      expect(past.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'expiresAt' });
      expect(codes(await api.gql(REVOKE, { name: 'nobody' }, { token: tokens.admin }))).toEqual(['NOT_FOUND']);
      expect(codes(await api.gql(`mutation { createToken(name: "x", role: ROOT) { token } }`, undefined, { token: tokens.admin }))).toEqual([
        'GRAPHQL_VALIDATION_FAILED',
      ]);
    });
  });
});

describe('REQUIRE_TOKEN_FOR_READS', () => {
  let api: TestApp;
  let reader: string;

  beforeAll(async () => {
    api = await startTestApp({ requireTokenForReads: true });
    reader = (await createApiToken(createSqlRunner(api.db.dataSource), { name: 'reader', role: 'reader' })).token;
  });
  afterAll(() => api.close());

  it('is read from the environment, off by default', () => {
    expect(loadConfig({}).requireTokenForReads).toBe(false);
    expect(loadConfig({ REQUIRE_TOKEN_FOR_READS: 'true' }).requireTokenForReads).toBe(true);
    expect(loadConfig({ REQUIRE_TOKEN_FOR_READS: '0' }).requireTokenForReads).toBe(false);
    expect(() => loadConfig({ REQUIRE_TOKEN_FOR_READS: 'yes' })).toThrow('REQUIRE_TOKEN_FOR_READS');
  });

  it('refuses anonymous reads over POST and GET with UNAUTHENTICATED', async () => {
    const posted = await api.gql(READ);
    expect(posted.status).toBe(401);
    expect(codes(posted)).toEqual(['UNAUTHENTICATED']);
    const got = await fetch(`${api.app.url}?query=${encodeURIComponent(READ)}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(got.status).toBe(401);
    expect(((await got.json()) as any).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('serves any valid token, a reader too', async () => {
    const response = await api.gql(READ, undefined, { token: reader });
    expect(response.errors).toBeUndefined();
    expect(response.data.agreements.totalCount).toBeGreaterThan(0);
  });

  it('applies to exports', async () => {
    const base = api.app.url.replace('/graphql', '');
    const anonymous = await fetch(`${base}/export/agreements.csv`);
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as any).errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const withToken = await fetch(`${base}/export/agreements.csv`, { headers: { authorization: `Bearer ${reader}` } });
    expect(withToken.status).toBe(200);
    expect((await withToken.text()).split('\r\n')[0]).toMatch(/^id,.*\bslug,title,/);
  });
});
