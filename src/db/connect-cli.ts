import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { AppConfig, loadConfig } from '../config/config';
import { connectionConfig } from './connection-config';
import { Database, openDatabase, OpenDatabaseOptions } from './database';
import { EMBEDDED_PASSWORD, EMBEDDED_USER } from './embedded-postgres';

/** How a command-line tool reached its database. */
export type CliConnection = 'database-url' | 'running-embedded' | 'started-embedded';

/** An open, migrated database for a command-line tool, and how it was reached. */
export interface CliDatabase extends Database {
  connection: CliConnection;
}

/**
 * The embedded server that owns `dataDir`, if one is running: PostgreSQL's `postmaster.pid` names its process (line
 * 1) and port (line 4). A file left by a server that died (no such process) does not count.
 */
export function runningEmbeddedServer(dataDir: string): { pid: number; port: number } | undefined {
  let lines: string[];
  try {
    lines = fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n');
  } catch {
    return undefined;
  }
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !Number.isInteger(port) || port <= 0) return undefined;
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to another user (the server runs as `postgres` under root).
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return undefined;
  }
  return { pid, port };
}

/** The URL of the `postgres` database on an embedded server listening on `port`. */
export function embeddedUrl(port: number): string {
  return `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/postgres`;
}

async function reachable(url: string): Promise<boolean> {
  const client = new Client({ ...connectionConfig(url, 'accords-cli'), connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Opens the database a command-line tool (`npm run token`, `npm run export`, ...) works on, with migrations run:
 * - `DATABASE_URL` when it is set;
 * - else the embedded server that `npm start` (or another tool) is running on the embedded data folder, so the tool
 *   sees the same data while the API runs (only one server can own the folder);
 * - else the embedded server, started for the tool's duration and stopped by `close()`.
 */
export async function openCliDatabase(config: AppConfig = loadConfig(), options: OpenDatabaseOptions = {}): Promise<CliDatabase> {
  const cliConfig: AppConfig = { ...config, poolSize: Math.min(config.poolSize, 2) };
  if (config.databaseUrl) return { ...(await openDatabase(cliConfig, options)), connection: 'database-url' };
  const running = runningEmbeddedServer(config.embeddedDataDir);
  if (running) {
    const url = embeddedUrl(running.port);
    if (await reachable(url)) {
      options.log?.(`using the embedded PostgreSQL already running on 127.0.0.1:${running.port} (pid ${running.pid})`);
      return { ...(await openDatabase({ ...cliConfig, databaseUrl: url }, options)), connection: 'running-embedded' };
    }
  }
  return { ...(await openDatabase(cliConfig, options)), connection: 'started-embedded' };
}
