import { ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { createLogger, startApp } from '../../src/app';
import { tokenCli } from '../../src/cli/token';
import { loadConfig, PROJECT_ROOT } from '../../src/config/config';
import { openCliDatabase, runningEmbeddedServer } from '../../src/db/connect-cli';
import { openDatabase } from '../../src/db/database';

const run = promisify(execFile);

// The command-line tools reach the embedded server whether or not `npm start` runs. These tests build the project as
// `npm run token` does, start an embedded server on a data folder of their own in a separate process (as `npm start`
// would hold it), run the token command against it, in this process and as `node dist/src/cli/token.js`, then run it
// again with the server stopped. (The embedded server is an ES module, which jest's sandbox cannot import: whatever
// starts one runs in a child process.)

/** Compiles the project as `npm run token` does (incremental: about 2 s when dist is recent, 5 s from nothing). */
async function build(): Promise<void> {
  try {
    await run(process.execPath, [path.join(PROJECT_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], {
      cwd: PROJECT_ROOT,
    });
  } catch (error) {
    // tsc still writes its output on type errors; only a missing CLI is fatal here.
    if (!fs.existsSync(path.join(PROJECT_ROOT, 'dist', 'src', 'cli', 'token.js'))) throw error;
  }
}

/** Holds an embedded server on `dataDir` until SIGTERM, like `npm start`; prints its URL and port once it runs. */
const HOLDER = `
const { startEmbeddedPostgres } = require('./dist/src/db/embedded-postgres.js');
startEmbeddedPostgres(process.argv[1]).then((server) => {
  process.stdout.write(JSON.stringify({ url: server.url, port: server.port }) + '\\n');
  process.on('SIGTERM', () => server.stop().then(() => process.exit(0)));
}, (error) => { console.error(error); process.exit(1); });
`;

interface Holder {
  url: string;
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

function holdEmbeddedServer(dataDir: string): Promise<Holder> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', HOLDER, dataDir], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let errors = '';
    child.stderr!.on('data', (chunk) => (errors += chunk));
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      if (!output.includes('\n')) return;
      const { url, port } = JSON.parse(output);
      const exited = new Promise<void>((done) => child.once('exit', () => done()));
      resolve({
        url,
        port,
        process: child,
        stop: async () => {
          if (child.exitCode === null) child.kill('SIGTERM');
          await exited;
        },
      });
    });
    child.once('exit', (code) => reject(new Error(`the embedded server did not start (exit ${code}): ${errors}`)));
  });
}

const tokenCommand = (dataDir: string, ...argv: string[]) =>
  run(process.execPath, ['dist/src/cli/token.js', ...argv], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, EMBEDDED_PG_DIR: dataDir, DATABASE_URL: '' },
  });

describe('command-line tools on the embedded server', () => {
  const dataDir = path.join(PROJECT_ROOT, '.data', 'test-postgres', `cli-${process.pid}-${randomBytes(3).toString('hex')}`);
  const config = () => loadConfig({ NODE_ENV: 'test', EMBEDDED_PG_DIR: dataDir });
  let server: Holder | undefined;

  beforeAll(async () => {
    await build();
    server = await holdEmbeddedServer(dataDir);
  });
  afterAll(async () => {
    await server?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('find the running server from its postmaster.pid', () => {
    expect(runningEmbeddedServer(dataDir)).toEqual({ pid: expect.any(Number), port: server!.port });
  });

  it('ignore a postmaster.pid whose process is gone, or that is not there', () => {
    const stale = fs.mkdtempSync(path.join(PROJECT_ROOT, '.data', 'stale-pid-'));
    try {
      expect(runningEmbeddedServer(stale)).toBeUndefined();
      fs.writeFileSync(path.join(stale, 'postmaster.pid'), `${2 ** 22 + 12345}\n${stale}\n1700000000\n5999\n/tmp\n127.0.0.1\n`);
      expect(runningEmbeddedServer(stale)).toBeUndefined();
    } finally {
      fs.rmSync(stale, { recursive: true, force: true });
    }
  });

  it('npm run token, while the server runs, writes to it; the token then works there', async () => {
    const { stdout, stderr } = await tokenCommand(dataDir, 'create', '--role', 'admin', '--name', 'spawned');
    expect(stderr).toContain(`using the embedded PostgreSQL already running on 127.0.0.1:${server!.port}`);
    const token = stdout.trimEnd().split('\n').pop()!;
    expect(token).toMatch(/^acc_[A-Za-z0-9_-]{43}$/);

    // The API over the same server accepts it.
    const appConfig = { ...config(), databaseUrl: server!.url, port: 0 };
    const database = await openDatabase(appConfig);
    const app = await startApp(database.dataSource, appConfig, createLogger(appConfig), 0);
    try {
      const response = await fetch(app.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ apiTokens { name role active } }' }),
      });
      expect(await response.json()).toEqual({ data: { apiTokens: [{ name: 'spawned', role: 'ADMIN', active: true }] } });
    } finally {
      await app.stop();
      await database.close();
    }
  });

  it('in process too, on the running server, which it leaves running', async () => {
    const database = await openCliDatabase(config());
    try {
      expect(database.connection).toBe('running-embedded');
      expect(database.url).toBe(server!.url);
    } finally {
      await database.close();
    }
    const out: string[] = [];
    expect(await tokenCli(['list'], { config: config(), io: { out: (line) => out.push(line), err: () => {} } })).toBe(0);
    expect(out[1]).toMatch(/^spawned +admin +active/);
    expect(runningEmbeddedServer(dataDir)).toEqual({ pid: expect.any(Number), port: server!.port });
  });

  it('start the embedded server for their own duration when none runs, on the same data', async () => {
    await server!.stop();
    server = undefined;
    expect(runningEmbeddedServer(dataDir)).toBeUndefined();
    const { stdout, stderr } = await tokenCommand(dataDir, 'list');
    expect(stderr).toMatch(/embedded PostgreSQL listening on 127\.0\.0\.1:\d+/);
    expect(stdout.split('\n')[1]).toMatch(/^spawned +admin +active/);
    expect(runningEmbeddedServer(dataDir)).toBeUndefined();
  });
});
