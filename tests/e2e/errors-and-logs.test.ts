import { App, startApp } from '../../src/app';
import { AppConfig, loadConfig } from '../../src/config/config';
import { createApiToken } from '../../src/shared/auth/token-store';
import { createLogger } from '../../src/shared/logging/logging';
import { createTestDatabase, TestDatabase } from '../support/test-database';

// Errors and logs (issue 11, part 3) against a real server and a real PostgreSQL fault: a database error that reaches
// a resolver (a read through a broken view, a write stopped by a trigger) is masked as INTERNAL_SERVER_ERROR with an
// errorId, in production and in development, on both executors; the log line of the error carries the same errorId
// and the request's id, which the response echoes in x-request-id; every line of a request carries its id.

/** A PostgreSQL error whose text looks like SQL and names a secret column: none of it may reach a client. */
const FAULT = 'fault injected: SELECT token_hash FROM api_token WHERE role = admin';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface LogLine {
  level: number;
  msg: string;
  requestId?: string;
  errorId?: string;
  err?: { message?: string; code?: string };
  [key: string]: unknown;
}

describe('errors and logs', () => {
  let db: TestDatabase;
  let token = '';
  const lines: LogLine[] = [];
  const apps: Record<string, App> = {};
  let viewDefinition = '';

  async function start(name: string, overrides: Partial<AppConfig>): Promise<void> {
    const config = { ...loadConfig({ NODE_ENV: 'test', DATABASE_URL: db.url, PORT: '0' }), ...overrides };
    const logger = createLogger({ level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    apps[name] = await startApp(db.dataSource, config, logger, 0);
  }

  async function post(app: string, query: string, variables: object = {}, headers: Record<string, string> = {}) {
    const response = await fetch(apps[app].url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
      body: JSON.stringify({ query, variables }),
    });
    const text = await response.text();
    return { status: response.status, requestId: response.headers.get('x-request-id'), text, body: JSON.parse(text) };
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    const sql = async <T>(text: string, params: unknown[] = []) => (await db.dataSource.query(text, params)) as T[];
    token = (await createApiToken(sql as never, { name: 'errors-analyst', role: 'analyst' })).token;
    await start('production', { environment: 'production' });
    await start('development', { environment: 'development' });
    await start('production-graphql-js', { environment: 'production', executor: 'graphql-js' });
    [{ viewDefinition }] = await sql<{ viewDefinition: string }>(`SELECT pg_get_viewdef('live.actor') AS "viewDefinition"`);
  });

  afterAll(async () => {
    for (const app of Object.values(apps)) await app.stop();
    await db.drop();
  });

  describe('a PostgreSQL error reaching a resolver', () => {
    beforeAll(async () => {
      // Reads of actors go through live.actor: it now fails; so does every insert into source.
      await db.dataSource.query(`CREATE FUNCTION public.inject_fault() RETURNS boolean LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION '${FAULT}'; END $$`);
      await db.dataSource.query(`CREATE FUNCTION public.inject_fault_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION '${FAULT}'; END $$`);
      await db.dataSource.query(
        `CREATE OR REPLACE VIEW live.actor AS SELECT * FROM (${viewDefinition.replace(/;\s*$/, '')}) v WHERE public.inject_fault()`,
      );
      await db.dataSource.query(`CREATE TRIGGER inject_fault BEFORE INSERT ON source FOR EACH ROW EXECUTE FUNCTION public.inject_fault_trigger()`);
    });

    afterAll(async () => {
      await db.dataSource.query(`CREATE OR REPLACE VIEW live.actor AS ${viewDefinition}`);
      await db.dataSource.query('DROP TRIGGER inject_fault ON source');
    });

    it.each([
      ['production', 'a read', '{ actors { nodes { code } } }', {}],
      ['development', 'a read', '{ actors { nodes { code } } }', {}],
      ['production-graphql-js', 'a read', '{ actors { nodes { code } } }', {}],
      [
        'production',
        'a write',
        'mutation($i: SourceInput!) { createSource(input: $i) { id } }',
        { i: { key: 'fault', title: 'T', url: 'https://example.org/f', kind: 'PRESS', reliability: 'MEDIUM' } },
      ],
      [
        'development',
        'a write',
        'mutation($i: SourceInput!) { createSource(input: $i) { id } }',
        { i: { key: 'fault', title: 'T', url: 'https://example.org/f', kind: 'PRESS', reliability: 'MEDIUM' } },
      ],
    ])('is masked in %s (%s), with an errorId that the log line of the error carries', async (app, _what, query, variables) => {
      const response = await post(app, query, variables);
      expect(response.body.errors).toHaveLength(1);
      const [error] = response.body.errors;
      expect(error.message).toBe('internal error');
      expect(error.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', errorId: expect.stringMatching(UUID) });
      // Nothing of the cause: no SQL, no database text, no stack.
      for (const leak of ['fault injected', 'token_hash', 'SELECT', 'api_token', 'stacktrace', 'P0001', 'QueryFailedError', '.ts:']) {
        expect(response.text).not.toContain(leak);
      }
      const logged = lines.filter((line) => line.errorId === error.extensions.errorId);
      expect(logged).toHaveLength(1);
      expect(logged[0]).toMatchObject({ level: 50, requestId: response.requestId, err: { message: expect.stringContaining(FAULT) } });
    });

    it('gives every internal error its own id', async () => {
      const ids = new Set<string>();
      for (let i = 0; i < 3; i++) ids.add((await post('production', '{ actors { nodes { code } } }')).body.errors[0].extensions.errorId);
      expect(ids.size).toBe(3);
    });

    it('masks an export that fails in the database the same way (500, errorId in the body and the log)', async () => {
      const response = await fetch(apps.production.url.replace('/graphql', '/export/actors.json'), { headers: { 'x-request-id': 'export-fault-1' } });
      const body = (await response.json()) as { errors: { extensions: { errorId: string } }[] };
      expect(response.status).toBe(500);
      expect(response.headers.get('x-request-id')).toBe('export-fault-1');
      expect(body).toEqual({
        errors: [{ message: 'internal error', extensions: { code: 'INTERNAL_SERVER_ERROR', errorId: expect.stringMatching(UUID) } }],
      });
      expect(lines.find((line) => line.errorId === body.errors[0].extensions.errorId)).toMatchObject({ requestId: 'export-fault-1', level: 50 });
    });
  });

  describe('client errors', () => {
    it.each<[string, string, object?]>([
      ['a syntax error', '{ agreements {'],
      ['an unknown field', '{ nope }'],
      ['a bad variable', 'query($n: Int) { agreements(first: $n) { totalCount } }', { n: 'x' }],
      ['a bad cursor', '{ agreements(after: "nope") { totalCount } }'],
      ['a NUL byte', 'query($v: String) { agreements(filter: { title: { eq: $v } }) { totalCount } }', { v: '\u0000' }],
    ])('carry their code and no stack trace in production: %s', async (_what, query, variables = {}) => {
      const response = await post('production', query, variables);
      expect(response.body.errors[0].extensions.code).toMatch(/^(GRAPHQL_PARSE_FAILED|GRAPHQL_VALIDATION_FAILED|BAD_USER_INPUT)$/);
      expect(response.text).not.toMatch(/stacktrace|\.ts:\d+|errorId/);
      expect(response.status).toBeLessThan(500);
    });

    it('names the field path of a value PostgreSQL could not take', async () => {
      const response = await post('production', 'query($v: String) { agreements(filter: { or: [{ title: { contains: $v } }] }) { totalCount } }', {
        v: 'a\uD800',
      });
      expect(response.status).toBe(400);
      expect(response.body.errors[0]).toMatchObject({
        message: expect.stringMatching(/^agreements\(filter\.or\[0\]\.title\.contains\): text contains a lone UTF-16 surrogate/),
        extensions: { code: 'BAD_USER_INPUT', field: 'filter.or[0].title.contains' },
      });
    });
  });

  describe('request ids', () => {
    it('takes a sane x-request-id, echoes it, and puts it on every log line of the request', async () => {
      const before = lines.length;
      const response = await post('production', '{ agreements { totalCount } }', {}, { 'x-request-id': 'client-id.42:abc' });
      expect(response.requestId).toBe('client-id.42:abc');
      const mine = lines.slice(before).filter((line) => line.requestId === 'client-id.42:abc');
      expect(mine).toContainEqual(expect.objectContaining({ msg: 'request completed', method: 'POST', path: '/graphql', status: 200 }));
      expect(
        lines
          .slice(before)
          .filter((line) => line.msg === 'request completed')
          .every((line) => typeof line.requestId === 'string'),
      ).toBe(true);
    });

    it.each([
      ['with a space', 'a b'],
      ['too long', 'x'.repeat(129)],
      ['with quotes and braces', '"}{"level":60'],
      ['empty', ''],
    ])('replaces an x-request-id %s by a new UUID', async (_what, given) => {
      const response = await post('production', '{ agreements { totalCount } }', {}, { 'x-request-id': given });
      expect(response.requestId).toMatch(UUID);
    });

    it('gives each request without one its own UUID, on every route', async () => {
      const ids = await Promise.all(
        ['/graphql', '/healthz', '/readyz', '/export/actors.csv', '/nope'].map(async (path) => {
          const response = await fetch(apps.development.url.replace('/graphql', path), { headers: { accept: 'application/json' } });
          await response.arrayBuffer();
          return response.headers.get('x-request-id');
        }),
      );
      for (const id of ids) expect(id).toMatch(UUID);
      expect(new Set(ids).size).toBe(ids.length);
    });

    it('logs a refused token with the request id, never the token', async () => {
      const before = lines.length;
      const response = await fetch(apps.production.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: 'Bearer acc_forgedforgedforgedforgedforgedforgedforged1',
          'x-request-id': 'forged-1',
        },
        body: JSON.stringify({ query: '{ agreements { totalCount } }' }),
      });
      expect(response.status).toBe(401);
      const mine = lines.slice(before).filter((line) => line.requestId === 'forged-1');
      expect(mine).toContainEqual(expect.objectContaining({ msg: 'request completed', status: 401 }));
      expect(JSON.stringify(lines.slice(before))).not.toContain('acc_forged');
    });
  });
});
