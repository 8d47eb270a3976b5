import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';

/**
 * The in-browser IDE: GraphiQL 4, served by the app itself from `node_modules` (its UMD bundle and CSS, and React 18's
 * UMD builds), so it works on a closed network. Apollo's own landing page and Sandbox load from a CDN and show nothing
 * there.
 *
 * - `GET /graphql` with `Accept: text/html` (and no `query` parameter) returns the page.
 * - `GET /graphql?ide=<asset>&v=<hash>` returns one of the page's scripts or style sheets. The assets live under the
 *   `/graphql` path because the HTTP front (`http-server.ts`) hands only that path to this handler; the `v` parameter
 *   is the asset's content hash, so the assets can be cached for a year (`immutable`) and a new version of a package
 *   gets a new URL.
 *
 * Each file is read once, on the first request for the IDE, and kept in memory (about 1.6 MB, plus a gzip copy made
 * the first time a browser accepts gzip).
 */

/** The query the editor shows the first time (GraphiQL keeps the user's own query in local storage afterwards). */
export const DEFAULT_QUERY = `# Accords GraphQL: security agreements, clause by clause.
# Run: Ctrl-Enter or the play button. Schema: Docs (top left).
{
  agreement(slug: "japan-ukraine-2024") {
    title
    signedOn
    signedPlace
    parties {
      role
      actor { code name }
    }
    commitments(first: 5) {
      totalCount
      nodes {
        summary
        modality
        quote
        source { title }
      }
    }
  }
}
`;

/** The browser script that mounts GraphiQL; a file of its own so the page's CSP can forbid inline scripts. */
const BOOTSTRAP_SCRIPT = `(function () {
  'use strict';
  var endpoint = window.location.pathname;
  function fetcher(params, options) {
    var headers = Object.assign({}, options && options.headers, {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
    });
    return fetch(endpoint, { method: 'POST', headers: headers, body: JSON.stringify(params), credentials: 'same-origin' })
      .then(function (response) { return response.text(); })
      .then(function (text) { try { return JSON.parse(text); } catch (error) { return text; } });
  }
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(React.createElement(GraphiQL, { fetcher: fetcher, defaultQuery: ${JSON.stringify(DEFAULT_QUERY)} }));
})();
`;

const JS = 'text/javascript; charset=utf-8';
const CSS = 'text/css; charset=utf-8';

/** Where each served asset comes from: a file of an installed package, or text of our own. */
type AssetSource = { name: string; type: string } & ({ package: string; file: string } | { text: string });

/** The page's assets, in the order the page loads them. Only these names are served: nothing is read from a URL. */
const ASSET_SOURCES: AssetSource[] = [
  { name: 'graphiql.min.css', type: CSS, package: 'graphiql', file: 'graphiql.min.css' },
  { name: 'react.production.min.js', type: JS, package: 'react', file: 'umd/react.production.min.js' },
  { name: 'react-dom.production.min.js', type: JS, package: 'react-dom', file: 'umd/react-dom.production.min.js' },
  { name: 'graphiql.min.js', type: JS, package: 'graphiql', file: 'graphiql.min.js' },
  { name: 'ide.js', type: JS, text: BOOTSTRAP_SCRIPT },
];

interface Asset {
  name: string;
  type: string;
  body: Buffer;
  gzipped?: Buffer;
  /** A short content hash: the `v` of the asset's URL and its ETag. */
  hash: string;
}

interface Ide {
  assets: Map<string, Asset>;
  page: Buffer;
}

/** The page may load only its own scripts and talk only to its own origin. Radix UI adds `<style>` elements. */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

function packageDirectory(name: string): string {
  return path.dirname(require.resolve(`${name}/package.json`));
}

function readAsset(source: AssetSource): Asset {
  let text = 'text' in source ? source.text : fs.readFileSync(path.join(packageDirectory(source.package), source.file), 'utf8');
  // The source maps are not served; without this a browser with developer tools open asks for them.
  text = text.replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n').replace(/\n\/\*# sourceMappingURL=\S+ \*\/\s*$/, '\n');
  const body = Buffer.from(text, 'utf8');
  return { name: source.name, type: source.type, body, hash: crypto.createHash('sha256').update(body).digest('hex').slice(0, 16) };
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function renderPage(assets: Asset[]): string {
  const href = (asset: Asset) => escapeHtml(`?ide=${encodeURIComponent(asset.name)}&v=${asset.hash}`);
  const styles = assets.filter((a) => a.type === CSS).map((a) => `<link rel="stylesheet" href="${href(a)}">`);
  const scripts = assets.filter((a) => a.type === JS).map((a) => `<script src="${href(a)}"></script>`);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Accords GraphQL</title>
<link rel="icon" href="data:,">
${styles.join('\n')}
<style>html, body, #graphiql { height: 100%; margin: 0; } #graphiql > p { font: 16px system-ui, sans-serif; padding: 1em; }</style>
</head>
<body>
<div id="graphiql"><p>Loading GraphiQL&hellip;</p></div>
<noscript><p>The GraphQL IDE needs JavaScript. The API itself answers POST requests to /graphql.</p></noscript>
${scripts.join('\n')}
</body>
</html>
`;
}

let ide: Ide | undefined;

/** Reads the assets on first use and keeps them, with the page that references them, in memory. */
function loadIde(): Ide {
  if (!ide) {
    const assets = ASSET_SOURCES.map(readAsset);
    ide = { assets: new Map(assets.map((asset) => [asset.name, asset])), page: Buffer.from(renderPage(assets), 'utf8') };
  }
  return ide;
}

function acceptsGzip(request: http.IncomingMessage): boolean {
  const header = request.headers['accept-encoding'];
  if (typeof header !== 'string') return false;
  return header.split(',').some((part) => {
    const [coding, ...parameters] = part.trim().toLowerCase().split(';');
    const q = parameters.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return coding.trim() === 'gzip' && (q === undefined || Number(q.slice(2)) > 0);
  });
}

function serveAsset(request: http.IncomingMessage, response: http.ServerResponse, name: string): void {
  const asset = loadIde().assets.get(name);
  if (!asset) {
    response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' });
    response.end('unknown IDE asset');
    return;
  }
  const etag = `"${asset.hash}"`;
  const headers: http.OutgoingHttpHeaders = {
    'content-type': asset.type,
    'cache-control': 'public, max-age=31536000, immutable',
    etag,
    vary: 'accept-encoding',
    'x-content-type-options': 'nosniff',
  };
  if (request.headers['if-none-match'] === etag) {
    response.writeHead(304, headers);
    response.end();
    return;
  }
  let body = asset.body;
  if (acceptsGzip(request)) {
    asset.gzipped ??= zlib.gzipSync(asset.body, { level: 9 });
    body = asset.gzipped;
    headers['content-encoding'] = 'gzip';
  }
  headers['content-length'] = body.length;
  response.writeHead(200, headers);
  response.end(body);
}

/**
 * Serves the in-browser IDE at GET /graphql to browsers (Accept: text/html), and its assets at
 * `GET /graphql?ide=<name>`. Returns false for other GET requests so they reach Apollo (GET queries).
 *
 * @example
 * // in the HTTP front, for GET /graphql:
 * if (serveGraphiql(request, response)) return;
 */
export function serveGraphiql(request: http.IncomingMessage, response: http.ServerResponse): boolean {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const assetName = url.searchParams.get('ide');
  if (assetName !== null) {
    serveAsset(request, response, assetName);
    return true;
  }
  const accept = request.headers.accept ?? '';
  if (!accept.includes('text/html') || url.searchParams.has('query')) return false;
  const { page } = loadIde();
  response.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': page.length,
    'cache-control': 'no-cache',
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  });
  response.end(page);
  return true;
}
