import fs from 'node:fs';
import path from 'node:path';
import { IDE_EXAMPLES, readExamples } from '../../src/http/graphiql';
import { startTestApp, TestApp } from '../support/test-app';

/** The in-browser IDE, served by the app itself: no CDN, so it works on a closed network. */
describe('the GraphiQL IDE at GET /graphql', () => {
  let api: TestApp;
  let html: string;
  let htmlResponse: Response;
  let assetUrls: string[];

  beforeAll(async () => {
    api = await startTestApp();
    htmlResponse = await fetch(api.app.url, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    html = await htmlResponse.text();
    const references = [...html.matchAll(/<(?:script src|link rel="stylesheet" href)="([^"]+)"/g)].map((m) => m[1]);
    assetUrls = references.map((reference) => new URL(reference.replace(/&#38;/g, '&'), api.app.url).toString());
  });
  afterAll(() => api.close());

  it('returns an HTML page to a browser', () => {
    expect(htmlResponse.status).toBe(200);
    expect(htmlResponse.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(htmlResponse.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(html).toContain('<div id="graphiql">');
  });

  it('references only local assets: GraphiQL, its CSS, React and the bootstrap script', () => {
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    const origin = new URL(api.app.url).origin;
    for (const url of assetUrls) expect(url.startsWith(`${origin}/graphql?ide=`)).toBe(true);
    const names = assetUrls.map((url) => new URL(url).searchParams.get('ide'));
    expect(names).toEqual([
      'graphiql.min.css',
      'react.production.min.js',
      'react-dom.production.min.js',
      'graphiql.min.js',
      'graphql-ws.js',
      'ide.js',
    ]);
  });

  it('serves each asset with its content type and a long cache lifetime', async () => {
    for (const url of assetUrls) {
      const response = await fetch(url);
      const body = await response.text();
      expect({ url, status: response.status }).toEqual({ url, status: 200 });
      const expectedType = url.includes('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8';
      expect(response.headers.get('content-type')).toBe(expectedType);
      expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(body.length).toBeGreaterThan(100);
      expect(body).not.toMatch(/sourceMappingURL/);
    }
  });

  it('serves the GraphiQL bundle that mounts itself on window.GraphiQL, gzipped when asked, and 304 on a matching ETag', async () => {
    const bundleUrl = assetUrls.find((url) => url.includes('graphiql.min.js'))!;
    const plain = await fetch(bundleUrl, { headers: { 'accept-encoding': 'identity' } });
    const plainBody = await plain.text();
    expect(plainBody).toContain('.GraphiQL=');
    const gzipped = await fetch(bundleUrl, { headers: { 'accept-encoding': 'gzip' } });
    expect(gzipped.headers.get('content-encoding')).toBe('gzip');
    expect(await gzipped.text()).toBe(plainBody); // fetch decodes it
    const etag = plain.headers.get('etag')!;
    const again = await fetch(bundleUrl, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
  });

  it('mounts GraphiQL with a fetcher that POSTs JSON to the same endpoint, and a default query on the Japan accord', async () => {
    const script = await (await fetch(assetUrls.find((url) => url.includes('ide.js'))!)).text();
    expect(script).toContain("'content-type': 'application/json'");
    expect(script).toContain("method: 'POST'");
    expect(script).toContain('japan-ukraine-2024');
  });

  it('offers the operations of docs/examples, read at start, in an Examples panel', async () => {
    const examplesDir = path.join(__dirname, '..', '..', 'docs', 'examples');
    const files = [
      ...fs.readdirSync(examplesDir).filter((file) => file.endsWith('.graphql')),
      ...fs.readdirSync(path.join(examplesDir, 'subscriptions')).map((file) => `subscriptions/${file}`),
    ];
    expect(IDE_EXAMPLES.map((example) => example.file).sort()).toEqual(files.sort());
    expect(IDE_EXAMPLES).toEqual(readExamples());
    const japan = IDE_EXAMPLES.find((example) => example.file === 'japan-accord.graphql')!;
    expect(japan).toMatchObject({ title: 'JapanAccord', description: expect.stringMatching(/^One agreement/), variables: '' });
    expect(japan.query).toBe(fs.readFileSync(path.join(examplesDir, 'japan-accord.graphql'), 'utf8'));
    const run = IDE_EXAMPLES.find((example) => example.title === 'ReportRunUpdated')!;
    expect(JSON.parse(run.variables)).toEqual({ id: '1' });

    const script = await (await fetch(assetUrls.find((url) => url.includes('ide.js'))!)).text();
    // The script parses, and carries each example exactly (embedded as JSON, `<` escaped).
    expect(() => new Function(script)).not.toThrow();
    const embedded = JSON.parse(/var EXAMPLES = (.*);\n/.exec(script)![1]) as typeof IDE_EXAMPLES;
    expect(embedded).toEqual(IDE_EXAMPLES);
    expect(script).toContain("title: 'Examples'");
    expect(script).toContain('plugins: [examples]');
  });

  it('runs subscriptions over WebSocket, which the page may connect to', async () => {
    const script = await (await fetch(assetUrls.find((url) => url.includes('ide.js'))!)).text();
    expect(script).toContain('graphqlWs.createClient');
    const bundle = await (await fetch(assetUrls.find((url) => url.includes('graphql-ws.js'))!)).text();
    expect(bundle).toContain('global.graphqlWs');
    const host = new URL(api.app.url).host;
    expect(htmlResponse.headers.get('content-security-policy')).toContain(`connect-src 'self' ws://${host} wss://${host}`);
  });

  it('answers 404 for an unknown asset name', async () => {
    const response = await fetch(`${api.app.url}?ide=..%2F..%2Fpackage.json`);
    expect(response.status).toBe(404);
  });

  it('leaves GET queries from non-browser clients to GraphQL', async () => {
    const response = await fetch(`${api.app.url}?query=${encodeURIComponent('{__typename}')}`, {
      headers: { 'apollo-require-preflight': 'true', accept: 'application/json' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/(graphql-response\+)?json/);
    expect(await response.json()).toEqual({ data: { __typename: 'Query' } });
  });

  it('still answers a POSTed query like the one the IDE sends', async () => {
    const response = await fetch(api.app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' },
      body: JSON.stringify({ query: '{ agreement(slug: "japan-ukraine-2024") { title commitments(first: 5) { totalCount } } }' }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { data?: { agreement: { title: string; commitments: { totalCount: number } } | null } };
    expect(body.data?.agreement?.title).toMatch(/Japan/);
    expect(body.data?.agreement?.commitments.totalCount).toBeGreaterThan(0);
  });
});
