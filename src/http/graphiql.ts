import http from 'node:http';

/**
 * Serves the in-browser IDE at GET /graphql to browsers (Accept: text/html). Returns false for other GET requests
 * so they reach Apollo (GET queries).
 */
export function serveGraphiql(request: http.IncomingMessage, response: http.ServerResponse): boolean {
  const accept = request.headers.accept ?? '';
  const url = new URL(request.url ?? '/', 'http://localhost');
  if (!accept.includes('text/html') || url.searchParams.has('query')) return false;
  response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  response.end(`<!doctype html><html><head><meta charset="utf-8"><title>Accords GraphQL</title></head>
<body><h1>Accords GraphQL API</h1><p>POST GraphQL queries to <code>/graphql</code>.</p></body></html>`);
  return true;
}
