import { App, createLogger, startApp } from '../../src/app';
import { loadConfig } from '../../src/config/config';
import { createDataSource } from '../../src/db/data-source';
import { liveUpdatesOf } from '../../src/live/ws-server';
import { createApiToken } from '../../src/shared/auth/token-store';
import { liveClient, subscribe, subscribersRegistered } from '../support/live-client';
import { startTestApp, TestApp } from '../support/test-app';

// Subscriptions over WebSocket (graphql-ws) on the API's own server, fed by PostgreSQL LISTEN/NOTIFY: a change made
// through any instance, or straight in SQL, reaches the subscribers of every instance; filters are the list-query
// compiler's, evaluated in one statement per batch of notifications whatever the number of subscribers; report runs
// report their status; the token rules are HTTP's.

const CORPUS = `subscription($filter: ChangeFilter) {
  corpusChanged(filter: $filter) { id entity entityKey action actor changes { field before after } }
}`;
const RUN = `subscription($id: ID!) { reportRunUpdated(id: $id) { id kind status attempts downloadUrl } }`;
const RENAME_SOURCE = `mutation($id: ID!, $title: String!, $v: Int!) { updateSource(id: $id, input: { title: $title }, expectedVersion: $v) { version } }`;

describe('live updates', () => {
  let api: TestApp;
  const tokens = { reader: '', analyst: '' };
  const clients: ReturnType<typeof liveClient>[] = [];
  const client = (params?: Record<string, unknown>) => {
    const created = liveClient(api.app.url, params);
    clients.push(created);
    return created;
  };

  beforeAll(async () => {
    const defaults = loadConfig({ NODE_ENV: 'test' });
    // Runs are held a moment so that their RUNNING state can be seen.
    api = await startTestApp({ reports: { ...defaults.reports, holdRunMs: 1_000 } }, { reports: true });
    const sql = async <T>(text: string, params: unknown[] = []) => (await api.db.dataSource.query(text, params)) as T[];
    for (const role of ['reader', 'analyst'] as const) tokens[role] = (await createApiToken(sql as never, { name: `live-${role}`, role })).token;
  });
  afterEach(async () => {
    for (const created of clients.splice(0)) await created.dispose();
    // Subscriptions end when their socket closes; wait so that the next test counts only its own.
    const deadline = Date.now() + 5_000;
    while (liveUpdatesOf(api.app.server)!.hub.subscriberCount > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  });
  afterAll(() => api.close());

  /** A source of the seed corpus (tests take different ones). */
  async function source(offset = 0): Promise<{ id: string }> {
    const [row] = await api.db.dataSource.query(`SELECT id::text AS id FROM source ORDER BY id LIMIT 1 OFFSET $1`, [offset]);
    return row;
  }

  async function renameSource(id: string, title: string, token = tokens.analyst): Promise<void> {
    const [{ version }] = await api.db.dataSource.query(`SELECT version FROM source WHERE id = $1`, [id]);
    const response = await api.gql(RENAME_SOURCE, { id, title, v: version }, { token });
    expect(response.errors).toBeUndefined();
  }

  it("delivers a mutation's change, made with an analyst token, within a second", async () => {
    const { id } = await source();
    // Actors are shown to analysts and admins (issue 14, part D).
    const changes = subscribe(client({ token: tokens.analyst }), CORPUS, { filter: { entity: { eq: 'SOURCE' } } });
    await subscribersRegistered(api.app.server, 1);
    const started = Date.now();
    await renameSource(id, 'Renamed live');
    await changes.until((s) => s.results.length === 1, 1_000);
    expect(Date.now() - started).toBeLessThan(1_000);
    const [{ data }] = changes.results;
    expect(data.corpusChanged).toMatchObject({ entity: 'SOURCE', entityKey: id, action: 'UPDATE', actor: 'live-analyst' });
    expect(data.corpusChanged.changes).toContainEqual({ field: 'title', before: expect.any(String), after: 'Renamed live' });
  });

  it('applies each filter to created, updated, deleted and restored rows, in one statement per batch whatever the subscribers', async () => {
    const [actor] = await api.db.dataSource.query(`SELECT id::text AS id, version FROM actor ORDER BY id LIMIT 1`);
    const writes = { entity: { eq: 'SOURCE' }, action: { in: ['CREATE', 'UPDATE'] } };
    const sources1 = subscribe(client(), CORPUS, { filter: writes });
    const sources2 = subscribe(client(), CORPUS, { filter: writes });
    const actors = subscribe(client(), CORPUS, { filter: { or: [{ entity: { eq: 'ACTOR' } }, { action: { eq: 'RESTORE' } }] } });
    const deletions = subscribe(client(), CORPUS, { filter: { action: { in: ['DELETE', 'RESTORE'] }, entity: { eq: 'SOURCE' } } });
    await subscribersRegistered(api.app.server, 4);

    api.db.recorder.start();
    const created = await api.gql(
      `mutation($input: SourceInput!) { createSource(input: $input) { id } }`,
      { input: { key: 'live-test', title: 'Live test', url: 'https://example.org/live', kind: 'PRESS', reliability: 'MEDIUM' } },
      { token: tokens.analyst },
    );
    expect(created.errors).toBeUndefined();
    const id: string = created.data.createSource.id;
    await sources1.until((s) => s.results.length === 1);
    await renameSource(id, 'Filtered rename');
    await sources1.until((s) => s.results.length === 2);
    await sources2.until((s) => s.results.length === 2);
    const rename = await api.gql(
      `mutation($id: ID!, $v: Int!) { updateActor(id: $id, input: { name: "Renamed actor" }, expectedVersion: $v) { version } }`,
      { id: actor.id, v: actor.version },
      { token: tokens.analyst },
    );
    expect(rename.errors).toBeUndefined();
    await actors.until((s) => s.results.length === 1);
    const reads = api.db.recorder.stop().filter((statement) => statement.includes('h.id = ANY'));
    // Three changes (three transactions), four subscribers with three distinct filters: three statements.
    expect(reads).toHaveLength(3);

    for (const subscription of [sources1, sources2]) {
      expect(subscription.results.map((r) => [r.data.corpusChanged.action, r.data.corpusChanged.entityKey])).toEqual([
        ['CREATE', id],
        ['UPDATE', id],
      ]);
    }
    expect(actors.results[0].data.corpusChanged).toMatchObject({ entity: 'ACTOR', entityKey: actor.id, action: 'UPDATE' });
    expect(deletions.results).toEqual([]);

    const remove = await api.gql(`mutation($id: ID!) { deleteSource(id: $id) { key } }`, { id }, { token: tokens.analyst });
    expect(remove.errors).toBeUndefined();
    const restore = await api.gql(`mutation($id: ID!) { restoreSource(id: $id) { key } }`, { id }, { token: tokens.analyst });
    expect(restore.errors).toBeUndefined();
    await deletions.until((s) => s.results.length === 2);
    expect(deletions.results.map((r) => [r.data.corpusChanged.action, r.data.corpusChanged.entityKey])).toEqual([
      ['DELETE', id],
      ['RESTORE', id],
    ]);
    await actors.until((s) => s.results.length === 2);
    expect(actors.results[1].data.corpusChanged).toMatchObject({ entity: 'SOURCE', action: 'RESTORE' });
    expect(sources1.results).toHaveLength(2);
  });

  it('delivers changes made straight in SQL (any write path leaves a history row)', async () => {
    const { id } = await source(1);
    const changes = subscribe(client(), CORPUS, { filter: { entityKey: { eq: id }, entity: { eq: 'SOURCE' } } });
    await subscribersRegistered(api.app.server, 1);
    await api.db.dataSource.query(`UPDATE source SET title = 'Changed in psql' WHERE id = $1`, [id]);
    await changes.until((s) => s.results.length === 1);
    expect(changes.results[0].data.corpusChanged).toMatchObject({ action: 'UPDATE', actor: null });
  });

  it("reports a report run's status changes, from its current state to SUCCEEDED", async () => {
    const run = await api.gql(`mutation { runReport(kind: "coverage-matrix", format: "md") { id status } }`, {}, { token: tokens.reader });
    expect(run.errors).toBeUndefined();
    const id = run.data.runReport.id;
    // A run is seen by the token that asked for it (issue 14, part D), and downloaded by a random key.
    const updates = subscribe(client({ token: tokens.reader }), RUN, { id });
    await updates.until((s) => s.results.some((r) => r.data?.reportRunUpdated.status === 'SUCCEEDED'), 30_000);
    const states = updates.results.map((r) => r.data.reportRunUpdated);
    expect(states.map((s) => s.status)).toContain('RUNNING');
    expect(['QUEUED', 'RUNNING']).toContain(states[0].status);
    const [{ key }] = await api.db.dataSource.query(`SELECT download_key AS key FROM report_run WHERE id = $1`, [id]);
    expect(states.at(-1)).toMatchObject({ id, status: 'SUCCEEDED', attempts: 1, downloadUrl: `/reports/runs/${key}/download` });
  });

  it('refuses an unknown run, a bad filter, queries over WebSocket and subscriptions over HTTP, with codes', async () => {
    const unknown = subscribe(client(), RUN, { id: '999999' });
    const badFilter = subscribe(client(), CORPUS, { filter: { id: { eq: 'not-an-id' } } });
    const query = subscribe(client(), `{ agreement(slug: "japan-ukraine-2024") { slug } }`);
    const invalid = subscribe(client(), `subscription { corpusChanged { nope } }`);
    for (const subscription of [unknown, badFilter, query, invalid]) await subscription.until((s) => s.completed || s.failure !== undefined);
    expect(unknown.results[0].errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(badFilter.results[0].errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect((query.failure as { extensions?: { code?: string } }[])[0].extensions?.code).toBe('BAD_REQUEST');
    expect((invalid.failure as { extensions?: { code?: string } }[])[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');

    const overHttp = await api.gql(CORPUS);
    expect(overHttp.status).toBe(400);
    expect(overHttp.errors?.[0].message).toMatch(/WebSocket/);
  });

  it('refuses a forged token with 4401, and takes a valid one from connection_init or the upgrade header', async () => {
    const forged = client({ authorization: 'Bearer acc_forged' });
    const refused = subscribe(forged, CORPUS);
    await refused.until((s) => s.failure !== undefined);
    expect(forged.closes[0]).toMatchObject({ code: 4401, reason: expect.stringMatching(/^UNAUTHENTICATED/) });

    const good = subscribe(client({ token: tokens.reader }), CORPUS);
    await subscribersRegistered(api.app.server, 1);
    expect(good.failure).toBeUndefined();
  });

  describe('with REQUIRE_TOKEN_FOR_READS', () => {
    let closed: App;

    beforeAll(async () => {
      const config = { ...loadConfig({ NODE_ENV: 'test', DATABASE_URL: api.db.url, PORT: '0' }), requireTokenForReads: true };
      closed = await startApp(api.db.dataSource, config, createLogger(config), 0);
    });
    afterAll(() => closed.stop());

    it('refuses a connection without a token, and accepts a reader', async () => {
      const anonymous = liveClient(closed.url);
      clients.push(anonymous);
      const refused = subscribe(anonymous, CORPUS);
      await refused.until((s) => s.failure !== undefined);
      expect(anonymous.closes[0]).toMatchObject({ code: 4401, reason: expect.stringMatching(/token is required/) });

      const reader = liveClient(closed.url, { authorization: `Bearer ${tokens.reader}` });
      clients.push(reader);
      const accepted = subscribe(reader, CORPUS);
      await subscribersRegistered(closed.server, 1);
      expect(accepted.failure).toBeUndefined();
    });
  });

  describe('across instances', () => {
    let other: App;
    let otherSource: ReturnType<typeof createDataSource>;

    beforeAll(async () => {
      // A second API process in all but the process: its own pool, its own LISTEN connection, the same database.
      otherSource = createDataSource({ url: api.db.url, poolSize: 4 });
      await otherSource.initialize();
      const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: api.db.url, PORT: '0' });
      other = await startApp(otherSource, config, createLogger(config), 0);
    });
    afterAll(async () => {
      await other.stop();
      await otherSource.destroy();
    });

    it("delivers a change made through another instance to this instance's subscribers, and the other's", async () => {
      const { id } = await source(2);
      const here = subscribe(client({ token: tokens.analyst }), CORPUS, { filter: { entityKey: { eq: id }, entity: { eq: 'SOURCE' } } });
      const thereClient = liveClient(other.url);
      clients.push(thereClient);
      const there = subscribe(thereClient, CORPUS, { filter: { entityKey: { eq: id }, entity: { eq: 'SOURCE' } } });
      await subscribersRegistered(api.app.server, 1);
      await subscribersRegistered(other.server, 1);
      const [{ version }] = await api.db.dataSource.query(`SELECT version FROM source WHERE id = $1`, [id]);
      const response = await fetch(other.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.analyst}` },
        body: JSON.stringify({ query: RENAME_SOURCE, variables: { id, title: 'Renamed elsewhere', v: version } }),
      });
      expect(((await response.json()) as { errors?: unknown }).errors).toBeUndefined();
      await here.until((s) => s.results.length === 1, 1_000);
      await there.until((s) => s.results.length === 1, 1_000);
      expect(here.results[0].data.corpusChanged).toMatchObject({ entityKey: id, action: 'UPDATE', actor: 'live-analyst' });
    });
  });

  it('reconnects a lost LISTEN connection and replays what was written meanwhile', async () => {
    const { id } = await source(3);
    const changes = subscribe(client(), CORPUS, { filter: { entityKey: { eq: id }, entity: { eq: 'SOURCE' } } });
    await subscribersRegistered(api.app.server, 1);
    const [{ terminated }] = await api.db.dataSource.query(
      `SELECT count(pg_terminate_backend(pid))::int AS terminated FROM pg_stat_activity WHERE application_name = 'accords-live' AND datname = current_database()`,
    );
    expect(terminated).toBeGreaterThanOrEqual(1);
    // Written while no connection listens (the listener waits 100 ms before reconnecting).
    await api.db.dataSource.query(`UPDATE source SET title = 'Written while deaf' WHERE id = $1`, [id]);
    await changes.until((s) => s.results.length === 1);
    expect(changes.results[0].data.corpusChanged.changes).toContainEqual({ field: 'title', before: expect.any(String), after: 'Written while deaf' });
    expect(liveUpdatesOf(api.app.server)!.hub.listening).toBe(true);
  });
});
