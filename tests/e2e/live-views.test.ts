import { startTestApp, TestApp } from '../support/test-app';

// Issue 17: the live.* views list their table's columns, generated from the table (refresh_live_views(), migration
// LiveViewsFromColumns), never a `SELECT *` PostgreSQL froze when the view was created.
describe('live views', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await startTestApp();
  });
  afterAll(() => api.close());

  const COLUMNS = `SELECT table_name AS name, string_agg(column_name::text, ',' ORDER BY ordinal_position) AS columns
    FROM information_schema.columns WHERE table_schema = $1 GROUP BY table_name ORDER BY table_name`;

  it('every live view has exactly its table’s columns, in its order', async () => {
    const views: { name: string; columns: string }[] = await api.db.dataSource.query(COLUMNS, ['live']);
    const tables = new Map(
      ((await api.db.dataSource.query(COLUMNS, ['public'])) as { name: string; columns: string }[]).map((t) => [t.name, t.columns]),
    );
    expect(views.map((v) => v.name)).toEqual(
      expect.arrayContaining(['actor', 'agreement', 'agreement_constraint', 'commitment', 'cooperation_domain', 'mechanism', 'source']),
    );
    for (const view of views) expect({ view: view.name, columns: view.columns }).toEqual({ view: view.name, columns: tables.get(view.name) });
  });

  it('a column added to a table reaches its view through refresh_live_views(), and only then', async () => {
    const runner = api.db.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      await runner.query(`ALTER TABLE commitment ADD COLUMN probe_note text DEFAULT 'probe'`);
      const columnsOfView = async () =>
        (
          (await runner.query(`SELECT column_name FROM information_schema.columns WHERE table_schema = 'live' AND table_name = 'commitment'`)) as {
            column_name: string;
          }[]
        ).map((c) => c.column_name);
      expect(await columnsOfView()).not.toContain('probe_note');
      await runner.query(`SELECT refresh_live_views()`);
      expect(await columnsOfView()).toContain('probe_note');
      const [row] = await runner.query(`SELECT probe_note FROM live.commitment LIMIT 1`);
      expect(row.probe_note).toBe('probe');
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });
});
