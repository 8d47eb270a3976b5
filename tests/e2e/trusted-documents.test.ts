import fs from 'node:fs';
import path from 'node:path';
import { loadConfig, PROJECT_ROOT } from '../../src/config/config';
import { runDocumentsCommand } from '../../src/cli/documents';
import { runReportCommand } from '../../src/cli/report';
import { buildManifest, documentHash, readSourceDocuments, renderManifest } from '../../src/documents/manifest';
import { REPORT_KINDS } from '../../src/reports/report-data';
import { createApiToken } from '../../src/shared/auth/token-store';
import { liveClient, subscribe, subscribersRegistered } from '../support/live-client';
import { startTestApp, TestApp } from '../support/test-app';

// Trusted documents: `npm run documents` writes docs/trusted-documents.json from docs/examples and the report
// kinds' operations; with TRUSTED_DOCUMENTS=true the server runs those and refuses every other operation, over HTTP
// and WebSocket, while the in-process report worker is unaffected and `npm run report -- --api` sends listed ones.

const MANIFEST = path.join(PROJECT_ROOT, 'docs', 'trusted-documents.json');
const read = (file: string) => fs.readFileSync(path.join(PROJECT_ROOT, file), 'utf8');

describe('the trusted-documents manifest', () => {
  it('is up to date with docs/examples and the report operations (else: npm run documents)', () => {
    expect(fs.readFileSync(MANIFEST, 'utf8')).toBe(renderManifest(buildManifest(PROJECT_ROOT)));
    const lines: string[] = [];
    expect(runDocumentsCommand(['--check'], { out: (line) => lines.push(line), err: (line) => lines.push(line) })).toBe(0);
    expect(lines.join('\n')).toMatch(/up to date/);
  });

  it('holds every example, every subscription example and every report kind, each operation named', () => {
    const documents = readSourceDocuments(PROJECT_ROOT);
    const files = documents.map((document) => document.file);
    for (const example of fs.readdirSync(path.join(PROJECT_ROOT, 'docs', 'examples')).filter((f) => f.endsWith('.graphql'))) {
      expect(files).toContain(`docs/examples/${example}`);
    }
    for (const kind of REPORT_KINDS) expect(files).toContain(`src/reports/operations/${kind}.graphql`);
    expect(files).toContain('docs/examples/subscriptions/corpus-changes.graphql');
    const manifest = JSON.parse(fs.readFileSync(MANIFEST, 'utf8')) as Record<string, string>;
    for (const [hash, text] of Object.entries(manifest)) expect(documentHash(text)).toBe(hash);
    expect(documents.flatMap((document) => document.operations)).toEqual(expect.arrayContaining(['JapanAccord', 'CoverageMatrix', 'CorpusChanges']));
  });
});

describe('TRUSTED_DOCUMENTS=true', () => {
  let api: TestApp;
  let reader: string;
  const japan = read('docs/examples/japan-accord.graphql');

  beforeAll(async () => {
    api = await startTestApp({ clientContract: { ...loadConfig({ NODE_ENV: 'test' }).clientContract, trustedDocuments: true } }, { reports: true });
    const sql = async <T>(text: string, params: unknown[] = []) => (await api.db.dataSource.query(text, params)) as T[];
    reader = (await createApiToken(sql as never, { name: 'trusted-reader', role: 'reader' })).token;
  });
  afterAll(() => api.close());

  async function post(body: Record<string, unknown>) {
    const response = await fetch(api.app.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { status: response.status, cacheControl: response.headers.get('cache-control'), body: (await response.json()) as any };
  }

  it('refuses an operation that is not in the manifest with 400 PERSISTED_QUERY_NOT_ALLOWED, and never runs it', async () => {
    for (const query of ['{ agreements { totalCount } }', japan.replace('JapanAccord', 'Renamed'), '{ syntax error']) {
      const refused = await post({ query });
      expect(refused.status).toBe(400);
      expect(refused.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_ALLOWED');
      expect(refused.body.errors[0].message).toMatch(/trusted documents only/);
      expect(refused.cacheControl).toBe('no-store');
    }
    const sql = async <T>(text: string, params: unknown[] = []) => (await api.db.dataSource.query(text, params)) as T[];
    const admin = (await createApiToken(sql as never, { name: 'trusted-admin', role: 'admin' })).token;
    const response = await fetch(api.app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify({ query: 'mutation { revokeToken(name: "trusted-reader") { name } }' }),
    });
    expect(response.status).toBe(400);
    expect(await sql(`SELECT name FROM api_token WHERE name = 'trusted-reader' AND revoked_at IS NULL`)).toHaveLength(1);
  });

  it('runs a listed document sent as its text, or as its hash over POST and GET', async () => {
    const byText = await post({ query: japan });
    expect(byText.status).toBe(200);
    expect(byText.body.data.agreement.title).toMatch(/Japan/);
    const extensions = { persistedQuery: { version: 1, sha256Hash: documentHash(japan) } };
    expect((await post({ extensions })).body).toEqual(byText.body);
    const get = await fetch(`${api.app.url}?extensions=${encodeURIComponent(JSON.stringify(extensions))}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(await get.json()).toEqual(byText.body);
    expect(get.headers.get('cache-control')).toBe('public, max-age=60');
  });

  it('takes a listed document reformatted or with __typename added (as client libraries send it), nothing more', async () => {
    const variant = japan
      .replace(/^#.*\n/gm, '')
      .replace('  agreement(slug: "japan-ukraine-2024") {', 'agreement(slug: "japan-ukraine-2024") { __typename ');
    const accepted = await post({ query: variant });
    expect(accepted.status).toBe(200);
    expect(accepted.body.data.agreement.__typename).toBe('Agreement');
    const widened = await post({ query: japan.replace('    title\n', '    title\n    summary\n') });
    expect(widened.body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_ALLOWED');
  });

  it('does not let a client register a document of its own', async () => {
    const query = '{ agreements { totalCount } }';
    const extensions = { persistedQuery: { version: 1, sha256Hash: documentHash(query) } };
    expect((await post({ query, extensions })).body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_ALLOWED');
    expect((await post({ extensions })).body.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it('runs a report over HTTP with `npm run report -- --api` (its operations are listed)', async () => {
    const out: string[] = [];
    const io = { out: (text: string) => out.push(text), err: (text: string) => out.push(text) };
    expect(await runReportCommand(['coverage-matrix', '--format', 'csv', '--api', api.app.url, '--token', reader], io)).toBe(0);
    expect(out.join('')).toMatch(/japan-ukraine-2024/);
  });

  it('leaves the in-process report worker alone (it runs through the schema, not HTTP)', async () => {
    const id = await api.reports!.requestRun('agreement-brief', 'md', { agreement: 'japan-ukraine-2024' }, 'test');
    const deadline = Date.now() + 30_000;
    let status = 'QUEUED';
    while (!['SUCCEEDED', 'FAILED'].includes(status) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      [{ status }] = await api.db.dataSource.query(`SELECT status FROM report_run WHERE id = $1`, [id]);
    }
    expect(status).toBe('SUCCEEDED');
  });

  it('holds subscriptions to the same rule', async () => {
    const client = liveClient(api.app.url);
    try {
      const listed = subscribe(client, read('docs/examples/subscriptions/corpus-changes.graphql'));
      const unlisted = subscribe(client, 'subscription { corpusChanged { id } }');
      await unlisted.until((s) => s.failure !== undefined);
      expect((unlisted.failure as { extensions: { code: string } }[])[0].extensions.code).toBe('PERSISTED_QUERY_NOT_ALLOWED');
      await subscribersRegistered(api.app.server, 1);
      expect(listed.failure).toBeUndefined();
    } finally {
      await client.dispose();
    }
  });
});
