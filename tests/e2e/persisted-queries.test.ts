import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../src/config/config';
import { createApiToken } from '../../src/shared/auth/token-store';
import { startTestApp, TestApp } from '../support/test-app';

// Automatic persisted queries (Apollo's APQ, in memory) and GET for cacheable reads: an anonymous GET of public
// data without errors may be cached publicly for CACHE_MAX_AGE_SECONDS; anything else is private or not stored.

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('persisted queries and HTTP caching', () => {
  let api: TestApp;
  let reader: string;

  beforeAll(async () => {
    api = await startTestApp();
    const sql = async <T>(text: string, params: unknown[] = []) => (await api.db.dataSource.query(text, params)) as T[];
    reader = (await createApiToken(sql as never, { name: 'apq-reader', role: 'reader' })).token;
  });
  afterAll(() => api.close());

  /** A GET of /graphql with these parameters (objects as JSON), as a CDN-friendly client sends it. */
  async function get(params: Record<string, unknown>, headers: Record<string, string> = {}) {
    const search = new URLSearchParams(
      Object.entries(params).map(([key, value]): [string, string] => [key, typeof value === 'string' ? value : JSON.stringify(value)]),
    );
    // Apollo's CSRF prevention wants a header a simple cross-site form cannot send.
    const response = await fetch(`${api.app.url}?${search}`, { headers: { 'apollo-require-preflight': 'true', ...headers } });
    return { status: response.status, cacheControl: response.headers.get('cache-control'), body: (await response.json()) as any };
  }

  async function post(body: Record<string, unknown>, headers: Record<string, string> = {}) {
    const response = await fetch(api.app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    return { status: response.status, cacheControl: response.headers.get('cache-control'), body: (await response.json()) as any };
  }

  describe('APQ', () => {
    const query = `query Apq { agreement(slug: "japan-ukraine-2024") { slug signedOn } }`;
    const persisted = { persistedQuery: { version: 1, sha256Hash: sha256(query) } };

    it('asks for the text of an unknown hash, registers it, then runs it by hash over POST and GET', async () => {
      const unknown = await post({ extensions: persisted });
      expect(unknown.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');

      const registered = await post({ query, extensions: persisted });
      expect(registered.body).toEqual({ data: { agreement: { slug: 'japan-ukraine-2024', signedOn: '2024-06-13' } } });

      const byHash = await post({ extensions: persisted });
      expect(byHash.body).toEqual(registered.body);
      const byGet = await get({ extensions: persisted });
      expect(byGet.body).toEqual(registered.body);
      expect(byGet.cacheControl).toBe('public, max-age=60');
    });

    it('refuses a hash that is not the sha256 of the text sent with it', async () => {
      const wrong = await post({ query: '{ agreements { totalCount } }', extensions: persisted });
      expect(wrong.status).toBe(400);
    });

    it('knows the trusted documents by hash without registering them', async () => {
      const text = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'examples', 'timeline.graphql'), 'utf8');
      const response = await get({ extensions: { persistedQuery: { version: 1, sha256Hash: sha256(text) } } });
      expect(response.body.errors).toBeUndefined();
      expect(response.body.data.timeline.length).toBeGreaterThan(0);
    });
  });

  describe('Cache-Control', () => {
    const publicQuery = `{ agreements(first: 2) { nodes { slug } } }`;

    it('lets anyone cache an anonymous GET of public data for CACHE_MAX_AGE_SECONDS', async () => {
      const response = await get({ query: publicQuery });
      expect(response.status).toBe(200);
      expect(response.body.data.agreements.nodes).toHaveLength(2);
      expect(response.cacheControl).toBe('public, max-age=60');
      const withFragment = await get({ query: `query { ...F } fragment F on Query { timeline(filter: { partyCode: { eq: "JP" } }) { on } }` });
      expect(withFragment.cacheControl).toBe('public, max-age=60');
    });

    it('keeps an answer for a token private, and never stores POSTs, errors or non-public fields', async () => {
      expect((await get({ query: publicQuery }, { authorization: `Bearer ${reader}` })).cacheControl).toBe('private, no-store');
      expect((await post({ query: publicQuery })).cacheControl).toBe('no-store');
      const failed = await get({ query: `{ agreements(first: 1000) { totalCount } }` });
      expect(failed.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
      expect(failed.cacheControl).toBe('no-store');
      const runs = await get({ query: `{ reportRuns(first: 1) { totalCount } agreements(first: 1) { totalCount } }` });
      expect(runs.body.errors).toBeUndefined();
      expect(runs.cacheControl).toBe('no-store');
    });

    it('runs no mutation over GET', async () => {
      const response = await get({ query: `mutation { revokeToken(name: "apq-reader") { name } }` });
      expect(response.status).toBe(405);
      expect(response.cacheControl).not.toMatch(/public/);
    });
  });

  describe('with CACHE_MAX_AGE_SECONDS=0', () => {
    let uncached: TestApp;
    beforeAll(async () => {
      uncached = await startTestApp({ clientContract: { ...loadConfig({ NODE_ENV: 'test' }).clientContract, cacheMaxAgeSeconds: 0 } });
    });
    afterAll(() => uncached.close());

    it('marks nothing public', async () => {
      const response = await fetch(`${uncached.app.url}?query=${encodeURIComponent('{ agreements(first: 1) { totalCount } }')}`, {
        headers: { 'apollo-require-preflight': 'true' },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
    });
  });
});
