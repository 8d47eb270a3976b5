import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The `live.*` views (the rows not soft-deleted) generated from their table's columns (issue 17). They were created
 * with `SELECT *`, which PostgreSQL expands once, at creation: a column added to the table later was missing from the
 * view until someone recreated it. `refresh_live_views()` writes every view of the `live` schema again with its
 * table's current columns, by name, in the table's order; this migration runs it, and so does every migration that
 * adds a column to a soft-deleted table (`await queryRunner.query('SELECT refresh_live_views()')`, last).
 * tests/e2e/live-views.test.ts compares every view's columns with its table's, so a forgotten call fails the suite.
 */
export class LiveViewsFromColumns1796400000000 implements MigrationInterface {
  name = 'LiveViewsFromColumns1796400000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE FUNCTION refresh_live_views() RETURNS void LANGUAGE plpgsql AS $$
      DECLARE
        target record;
        columns text;
      BEGIN
        FOR target IN SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                      WHERE n.nspname = 'live' AND c.relkind = 'v' ORDER BY c.relname LOOP
          SELECT string_agg(format('%I', a.attname), ', ' ORDER BY a.attnum) INTO columns
            FROM pg_attribute a WHERE a.attrelid = format('public.%I', target.relname)::regclass AND a.attnum > 0 AND NOT a.attisdropped;
          -- CREATE OR REPLACE keeps what depends on the view; a table's new columns come last, as they do in the view.
          EXECUTE format('CREATE OR REPLACE VIEW live.%I AS SELECT %s FROM public.%I WHERE deleted_at IS NULL', target.relname, columns, target.relname);
        END LOOP;
      END $$`);
    await queryRunner.query(`SELECT refresh_live_views()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // The views keep their explicit column lists (the same columns as before); only the generator goes.
    await queryRunner.query(`DROP FUNCTION refresh_live_views()`);
  }
}
