import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { Kind, parse, TypeNode } from 'graphql';
import { PROJECT_ROOT } from '../config/config';
import { requestUrl } from '../shared/http/request-url';

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
 *
 * The IDE offers the operations of `docs/examples` (and `docs/examples/subscriptions`), read when the server starts:
 * an "Examples" panel, open on the first visit, lists them with their descriptions, and a click opens one in a tab
 * of its own. Subscriptions run over WebSocket (graphql-ws's browser client, served like the rest).
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

/** An operation of docs/examples as the IDE offers it. */
export interface IdeExample {
  /** The operation's name (`JapanAccord`), the tab's title. */
  title: string;
  /** Its file, relative to docs/examples. */
  file: string;
  /** The comment lines at the top of the file. */
  description: string;
  query: string;
  /** A skeleton of its required variables, as JSON text ('' when it has none). */
  variables: string;
}

/** Where the examples are read from, relative to the project root. */
const EXAMPLE_FOLDERS = ['docs/examples', 'docs/examples/subscriptions'];

/** A placeholder value for a required variable of this type, to fill in. */
function placeholder(type: TypeNode): unknown {
  if (type.kind === Kind.NON_NULL_TYPE) return placeholder(type.type);
  if (type.kind === Kind.LIST_TYPE) return [];
  return ({ ID: '1', String: '', Int: 0, Float: 0, Boolean: false } as Record<string, unknown>)[type.name.value] ?? null;
}

/**
 * The example operations, in folder and file order; an absent folder gives none (an image built without docs/).
 *
 * @example readExamples()[0] // => { title: 'CompareJapanWithPeers', file: 'compare-japan-with-peers.graphql', description: "The founding brief's comparison: ...", ... }
 */
export function readExamples(root = PROJECT_ROOT): IdeExample[] {
  return EXAMPLE_FOLDERS.flatMap((folder) => {
    const directory = path.join(root, folder);
    if (!fs.existsSync(directory)) return [];
    return fs
      .readdirSync(directory)
      .filter((file) => file.endsWith('.graphql'))
      .sort()
      .map((file) => {
        const query = fs.readFileSync(path.join(directory, file), 'utf8');
        const operations = parse(query).definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
        const required = operations.flatMap((operation) => operation.variableDefinitions ?? []).filter((v) => !v.defaultValue);
        const variables = Object.fromEntries(required.map((v) => [v.variable.name.value, placeholder(v.type)]));
        return {
          title: operations.map((operation) => operation.name?.value ?? 'anonymous').join(', ') || file,
          file: path.posix.join(path.relative(path.join(root, 'docs/examples'), directory).split(path.sep).join('/'), file),
          description: [...query.matchAll(/^# ?(.*)$/gm)].map((m) => m[1]).join(' '),
          query,
          variables: required.length > 0 ? JSON.stringify(variables, null, 2) : '',
        };
      });
  });
}

/** The examples, read once when the server starts (this module is loaded then). */
export const IDE_EXAMPLES: IdeExample[] = readExamples();

/**
 * The browser script that mounts GraphiQL; a file of its own so the page's CSP can forbid inline scripts. Queries and
 * mutations are POSTed; subscriptions go over WebSocket with graphql-ws (the Authorization header of the headers tab
 * is sent in `connection_init`). The "Examples" plugin lists the examples; a click opens one in a new tab, or goes
 * back to the tab already holding it.
 */
const BOOTSTRAP_SCRIPT = `(function () {
  'use strict';
  var endpoint = window.location.pathname;
  var EXAMPLES = ${JSON.stringify(IDE_EXAMPLES).replace(/</g, '\\u003c')};
  var h = React.createElement;
  var socketClients = {};
  function socketClient(headers) {
    var authorization = headers && (headers.authorization || headers.Authorization);
    var key = authorization || '';
    if (!socketClients[key]) {
      var url = (window.location.protocol === 'https:' ? 'wss://' : 'ws://') + window.location.host + endpoint;
      socketClients[key] = graphqlWs.createClient({ url: url, connectionParams: authorization ? { authorization: authorization } : undefined });
    }
    return socketClients[key];
  }
  function isSubscription(params, options) {
    var document = options && options.documentAST;
    if (!document) return /^\\s*subscription\\b/m.test(params.query.replace(/^#.*$/gm, ''));
    var operations = document.definitions.filter(function (d) { return d.kind === 'OperationDefinition'; });
    var operation = operations.filter(function (d) { return d.name && d.name.value === params.operationName; })[0] || operations[0];
    return Boolean(operation) && operation.operation === 'subscription';
  }
  function fetcher(params, options) {
    if (isSubscription(params, options)) return socketClient(options && options.headers).iterate(params);
    var headers = Object.assign({}, options && options.headers, {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
    });
    return fetch(endpoint, { method: 'POST', headers: headers, body: JSON.stringify(params), credentials: 'same-origin' })
      .then(function (response) { return response.text(); })
      .then(function (text) { try { return JSON.parse(text); } catch (error) { return text; } });
  }
  function ExamplesPanel() {
    var editor = GraphiQL.React.useEditorContext({ nonNull: true });
    function open(example) {
      var index = editor.tabs.findIndex(function (tab) { return tab.query === example.query; });
      if (index >= 0) return editor.changeTab(index);
      editor.addTab();
      // The new tab is made on React's next render; fill it then.
      setTimeout(function () {
        if (editor.queryEditor) editor.queryEditor.setValue(example.query);
        if (editor.variableEditor) editor.variableEditor.setValue(example.variables);
      }, 0);
    }
    return h('div', { className: 'accords-examples' },
      h('div', { className: 'graphiql-doc-explorer-title' }, 'Examples'),
      h('p', null, 'The operations of docs/examples: click one to open it in a new tab, then run it.'),
      h('ul', null, EXAMPLES.map(function (example) {
        return h('li', { key: example.file },
          h('button', { type: 'button', className: 'graphiql-un-styled accords-example', title: example.file, onClick: function () { open(example); } },
            h('strong', null, example.title),
            h('span', null, example.description)));
      })));
  }
  function ExamplesIcon() {
    return h('svg', { viewBox: '0 0 24 24', fill: 'none', stroke: 'currentColor', strokeWidth: 1.5, 'aria-hidden': 'true' },
      h('path', { d: 'M4 5h16M4 10h16M4 15h10M4 20h7' }));
  }
  var examples = { title: 'Examples', icon: ExamplesIcon, content: ExamplesPanel };
  var firstVisit = !window.localStorage.getItem('graphiql:tabState');
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(h(GraphiQL, { fetcher: fetcher, defaultQuery: ${JSON.stringify(DEFAULT_QUERY)}, plugins: [examples] }));
  // On a first visit the Examples panel is open. GraphiQL shows a plugin's pane only from its sidebar button (its
  // visiblePlugin prop leaves the pane hidden), so the button is pressed once it is there.
  if (firstVisit && EXAMPLES.length > 0) {
    var tries = 0;
    (function openExamples() {
      var button = document.querySelector('.graphiql-sidebar button[aria-label="Show Examples"]');
      if (button) return button.click();
      if (++tries < 100) window.setTimeout(openExamples, 50);
    })();
  }
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
  { name: 'graphql-ws.js', type: JS, package: 'graphql-ws', file: 'umd/graphql-ws.js' },
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

/**
 * The page may load only its own scripts and talk only to its own origin (and its WebSocket twin, for
 * subscriptions: older browsers do not count ws: as 'self'). Radix UI adds `<style>` elements.
 */
function contentSecurityPolicy(request: http.IncomingMessage): string {
  const host = request.headers.host;
  const sockets = host && /^[a-z0-9.-]+(:\d+)?$|^\[[0-9a-f:]+\](:\d+)?$/i.test(host) ? ` ws://${host} wss://${host}` : '';
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src 'self'${sockets}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

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
<style>html, body, #graphiql { height: 100%; margin: 0; } #graphiql > p { font: 16px system-ui, sans-serif; padding: 1em; }
.accords-examples ul { list-style: none; margin: 0; padding: 0; }
.accords-examples p { margin: 0 0 var(--px-12, 12px); color: hsla(var(--color-neutral), var(--alpha-secondary, 0.6)); }
.accords-example { display: block; width: 100%; text-align: left; padding: var(--px-8, 8px) 0; border-bottom: 1px solid hsla(var(--color-neutral), var(--alpha-background-heavy, 0.15)); }
.accords-example:hover strong { color: hsl(var(--color-primary)); }
.accords-example strong { display: block; }
.accords-example span { display: block; font-size: var(--font-size-hint, 0.875rem); color: hsla(var(--color-neutral), var(--alpha-secondary, 0.6)); }</style>
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
  const url = requestUrl(request.url);
  if (!url) return false;
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
    'content-security-policy': contentSecurityPolicy(request),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  });
  response.end(page);
  return true;
}
