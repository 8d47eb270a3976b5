import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { findFreePort } from '../../src/db/embedded-postgres';
import { createApiToken } from '../../src/shared/auth/token-store';
import { baseBackup, Cluster, findPostgresBinaries, initCluster, makeClusterRoot, startCluster } from '../support/pg-cluster';
import { buildDist, clientRunner, graphql, killAll, startApi, until, withClient } from '../support/processes';

// Reads on a replica, for real: a primary made with initdb, a streaming standby cloned from it with pg_basebackup,
// and an API process with DATABASE_URL on the primary and DATABASE_REPLICA_URLS on the standby. With the standby's
// replay paused, a mutation's answer has the new value (it ran on the primary, which has it), while a query right
// after still reads the old one: it was served by the replica. Once replay resumes, the query reads the new value.

const AGREEMENT = 'query { agreement(slug: "japan-ukraine-2024") { id version shortTitle } }';
const UPDATE = `mutation ($id: ID!, $version: Int!, $shortTitle: String!) {
  updateAgreement(id: $id, expectedVersion: $version, input: { shortTitle: $shortTitle }) { id version shortTitle }
}`;

describe('read replicas (a real streaming standby from pg_basebackup)', () => {
  const bin = findPostgresBinaries();
  let root: string;
  let primary: Cluster;
  let replica: Cluster;
  let base: string;
  let analyst: string;
  let replicaClient: Client;

  /** Waits until the replica has replayed everything the primary has written so far. */
  async function caughtUp(): Promise<void> {
    const lsn = await withClient(primary.url('accords'), async (c) => (await c.query('SELECT pg_current_wal_lsn()::text AS lsn')).rows[0].lsn);
    await until(
      'the replica to catch up',
      async () => ((await replicaClient.query('SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS done', [lsn])).rows[0].done ? true : undefined),
      30_000,
    );
  }

  beforeAll(async () => {
    buildDist();
    root = makeClusterRoot();
    initCluster(bin, path.join(root, 'primary'));
    primary = await startCluster(bin, path.join(root, 'primary'), await findFreePort(), { wal_level: 'replica', max_wal_senders: '4' });
    await withClient(primary.url(), (client) => client.query('CREATE DATABASE accords'));
    baseBackup(bin, primary, path.join(root, 'replica'));
    replica = await startCluster(bin, path.join(root, 'replica'), await findFreePort(), { hot_standby: 'on' });
    replicaClient = new Client({ connectionString: replica.url('accords') });
    await replicaClient.connect();
    expect((await replicaClient.query('SELECT pg_is_in_recovery() AS standby')).rows[0].standby).toBe(true);

    ({ base } = await startApi({
      DATABASE_URL: primary.url('accords'),
      DATABASE_REPLICA_URLS: replica.url('accords'),
      REPORT_WORKER_IN_PROCESS: 'false',
    }));
    analyst = await withClient(
      primary.url('accords'),
      async (client) => (await createApiToken(clientRunner(client), { name: 'replica-analyst', role: 'analyst' })).token,
    );
    await caughtUp();
  }, 240_000);

  afterAll(async () => {
    killAll();
    await replicaClient?.end().catch(() => {});
    await replica?.stop();
    await primary?.stop();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  it('connects to both: the primary as accords-graphql, the standby as accords-graphql:replica', async () => {
    await graphql(base, AGREEMENT);
    const onReplica = (
      await replicaClient.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'accords-graphql:replica'`)
    ).rows[0].n;
    const onPrimary = await withClient(
      primary.url(),
      async (c) =>
        (await c.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'accords-graphql' AND datname = 'accords'`)).rows[0]
          .n,
    );
    expect(onReplica).toBeGreaterThanOrEqual(1);
    expect(onPrimary).toBeGreaterThanOrEqual(1);
  });

  it('serves queries from the replica and sends writes to the primary', async () => {
    const before = (await graphql(base, AGREEMENT, { token: analyst })).body.data.agreement;
    await caughtUp();

    await replicaClient.query('SELECT pg_wal_replay_pause()');
    try {
      // The write, on the primary: its answer has the new value and the next version.
      const written = await graphql(base, UPDATE, {
        token: analyst,
        variables: { id: before.id, version: before.version, shortTitle: 'Japan-Ukraine (edited)' },
      });
      expect(written.body.errors).toBeUndefined();
      expect(written.body.data.updateAgreement).toEqual({ id: before.id, version: before.version + 1, shortTitle: 'Japan-Ukraine (edited)' });
      const onPrimary = await withClient(
        primary.url('accords'),
        async (c) => (await c.query(`SELECT short_title FROM agreement WHERE slug = 'japan-ukraine-2024'`)).rows[0].short_title,
      );
      expect(onPrimary).toBe('Japan-Ukraine (edited)');

      // The read, on the paused replica: still the old value, anonymous or with a token (whose look-up reads
      // there too, and whose last-used time is written on the primary).
      for (const token of [undefined, analyst]) {
        const read = await graphql(base, AGREEMENT, { token });
        expect(read.status).toBe(200);
        expect(read.body.data.agreement).toEqual(before);
      }
    } finally {
      await replicaClient.query('SELECT pg_wal_replay_resume()');
    }

    // Replay resumed: the replica, and so the API's reads, catch up.
    const after = await until(
      'the replica to show the edit',
      async () => {
        const read = (await graphql(base, AGREEMENT)).body.data.agreement;
        return read.shortTitle === 'Japan-Ukraine (edited)' ? read : undefined;
      },
      15_000,
    );
    expect(after.version).toBe(before.version + 1);
  });

  it('leaves the reads of a replica that went away to the primary', async () => {
    await replicaClient.end();
    await replica.stop();
    for (let i = 0; i < 5; i++) {
      const read = await graphql(base, AGREEMENT, { token: analyst });
      expect(read.status).toBe(200);
      expect(read.body.data.agreement.shortTitle).toBe('Japan-Ukraine (edited)');
      expect(read.ms).toBeLessThan(1000);
    }
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
  });
});
