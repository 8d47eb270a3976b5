import { MigrationInterface, QueryRunner } from 'typeorm';

/** The curated tables: each row has a version and can be soft-deleted and restored. */
const ENTITY_TABLES = ['source', 'actor', 'cooperation_domain', 'mechanism', 'agreement', 'commitment', 'agreement_constraint'];
/** The link tables and their key columns (their rows are added and removed, never soft-deleted). */
const LINK_TABLES: Record<string, string[]> = {
  agreement_party: ['agreement_id', 'actor_id', 'role'],
  agreement_source: ['agreement_id', 'source_id'],
  commitment_domain: ['commitment_id', 'domain_id'],
  commitment_mechanism: ['commitment_id', 'mechanism_id'],
  constraint_restriction: ['constraint_id', 'commitment_id'],
};
/** Columns whose change is not a change of the row's content: the version itself and what PostgreSQL computes. */
const IGNORED = "ARRAY['version', 'search_vector', 'expires_on']";

/**
 * Curation: a version on every curated row (bumped by a trigger), soft deletes, and a history of every change
 * written by triggers in the same transaction, with the reads built on them: the `live` views (rows not deleted)
 * and `as_of(NULL::<table>, moment)` (a table as it stood then). Triggers rather than application code, so that no
 * write path (mutations, import, the seed loader, psql) can change a row without leaving its trace.
 */
export class CurationHistory1795796420980 implements MigrationInterface {
  name = 'CurationHistory1795796420980';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "history" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "table_name" text NOT NULL, "row_key" text NOT NULL, "action" text NOT NULL, "actor" text, "changed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "before" jsonb, "after" jsonb, CONSTRAINT "PK_9384942edf4804b38ca0ee51416" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_7fedae1b5ea0921d69c433dd1e" ON "history"  ("changed_at") ');
    await queryRunner.query('CREATE INDEX "IDX_8df89d92ebd1abb7d1457d7e2d" ON "history"  ("table_name", "row_key", "id") ');
    await queryRunner.query('ALTER TABLE "actor" ADD "version" integer NOT NULL DEFAULT \'1\'');
    await queryRunner.query('ALTER TABLE "actor" ADD "deleted_at" TIMESTAMP WITH TIME ZONE');
    await queryRunner.query('ALTER TABLE "source" ADD "version" integer NOT NULL DEFAULT \'1\'');
    await queryRunner.query('ALTER TABLE "source" ADD "deleted_at" TIMESTAMP WITH TIME ZONE');
    await queryRunner.query('ALTER TABLE "agreement" ADD "version" integer NOT NULL DEFAULT \'1\'');
    await queryRunner.query('ALTER TABLE "agreement" ADD "deleted_at" TIMESTAMP WITH TIME ZONE');
    await queryRunner.query('ALTER TABLE "cooperation_domain" ADD "version" integer NOT NULL DEFAULT \'1\'');
    await queryRunner.query('ALTER TABLE "cooperation_domain" ADD "deleted_at" TIMESTAMP WITH TIME ZONE');
    await queryRunner.query('ALTER TABLE "mechanism" ADD "version" integer NOT NULL DEFAULT \'1\'');
    await queryRunner.query('ALTER TABLE "mechanism" ADD "deleted_at" TIMESTAMP WITH TIME ZONE');
    await queryRunner.query('ALTER TABLE "commitment" ADD "version" integer NOT NULL DEFAULT \'1\'');
    await queryRunner.query('ALTER TABLE "commitment" ADD "deleted_at" TIMESTAMP WITH TIME ZONE');
    await queryRunner.query('ALTER TABLE "agreement_constraint" ADD "version" integer NOT NULL DEFAULT \'1\'');
    await queryRunner.query('ALTER TABLE "agreement_constraint" ADD "deleted_at" TIMESTAMP WITH TIME ZONE');

    // --- versions: bumped by PostgreSQL whenever a curated row really changes -------------------------------
    await queryRunner.query(`CREATE FUNCTION bump_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF (to_jsonb(NEW) - ${IGNORED}) IS DISTINCT FROM (to_jsonb(OLD) - ${IGNORED}) THEN
          NEW.version := OLD.version + 1;
        ELSE
          NEW.version := OLD.version;
        END IF;
        RETURN NEW;
      END $$`);
    // --- history: every change of a curated row or link, in the same transaction ----------------------------
    await queryRunner.query(`CREATE FUNCTION record_history() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        old_row jsonb := CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END;
        new_row jsonb := CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END;
        change text;
        row_key text;
      BEGIN
        IF TG_OP = 'UPDATE' AND old_row = new_row THEN RETURN NULL; END IF;
        change := CASE
          WHEN TG_OP = 'INSERT' THEN 'CREATE'
          WHEN TG_OP = 'DELETE' THEN 'DELETE'
          WHEN old_row->>'deleted_at' IS NULL AND new_row->>'deleted_at' IS NOT NULL THEN 'DELETE'
          WHEN old_row->>'deleted_at' IS NOT NULL AND new_row->>'deleted_at' IS NULL THEN 'RESTORE'
          ELSE 'UPDATE' END;
        SELECT string_agg(coalesce(new_row, old_row)->>key_column, '/' ORDER BY ordinal) INTO row_key
          FROM unnest(TG_ARGV) WITH ORDINALITY AS k(key_column, ordinal);
        INSERT INTO history (table_name, row_key, action, actor, before, after)
          VALUES (TG_TABLE_NAME, row_key, change, nullif(current_setting('app.actor', true), ''), old_row, new_row);
        RETURN NULL;
      END $$`);
    for (const table of ENTITY_TABLES) {
      await queryRunner.query(`CREATE TRIGGER ${table}_version BEFORE UPDATE ON "${table}" FOR EACH ROW EXECUTE FUNCTION bump_version()`);
      await queryRunner.query(
        `CREATE TRIGGER ${table}_history AFTER INSERT OR UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION record_history('id')`,
      );
    }
    for (const [table, keys] of Object.entries(LINK_TABLES)) {
      await queryRunner.query(
        `CREATE TRIGGER ${table}_history AFTER INSERT OR UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION record_history(${keys.map((k) => `'${k}'`).join(', ')})`,
      );
    }
    // What was there before history began: one CREATE per existing row, so as-of reads have a starting point.
    for (const table of ENTITY_TABLES) {
      await queryRunner.query(
        `INSERT INTO history (table_name, row_key, action, actor, after) SELECT '${table}', t.id::text, 'CREATE', 'migration', to_jsonb(t) FROM "${table}" t`,
      );
    }
    for (const [table, keys] of Object.entries(LINK_TABLES)) {
      await queryRunner.query(
        `INSERT INTO history (table_name, row_key, action, actor, after) SELECT '${table}', ${keys.map((k) => `t.${k}::text`).join(` || '/' || `)}, 'CREATE', 'migration', to_jsonb(t) FROM "${table}" t`,
      );
    }
    // --- reads: the live rows, and any table as it stood at a moment ---------------------------------------
    await queryRunner.query(`CREATE SCHEMA live`);
    for (const table of ENTITY_TABLES) {
      await queryRunner.query(`CREATE VIEW live."${table}" AS SELECT * FROM public."${table}" WHERE deleted_at IS NULL`);
    }
    // as_of(NULL::commitment, t): the rows of commitment as they stood at t, rebuilt from their last change up to t.
    await queryRunner.query(`CREATE FUNCTION as_of(template anyelement, moment timestamptz) RETURNS SETOF anyelement LANGUAGE sql STABLE AS $$
      SELECT jsonb_populate_record(template, h.after) FROM (
        SELECT DISTINCT ON (row_key) after FROM history
        WHERE table_name = pg_typeof(template)::text AND changed_at <= moment
        ORDER BY row_key, id DESC) h
      WHERE h.after IS NOT NULL AND h.after->>'deleted_at' IS NULL $$`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION as_of(anyelement, timestamptz)`);
    await queryRunner.query(`DROP SCHEMA live CASCADE`);
    for (const table of [...ENTITY_TABLES, ...Object.keys(LINK_TABLES)]) {
      await queryRunner.query(`DROP TRIGGER IF EXISTS ${table}_history ON "${table}"`);
      await queryRunner.query(`DROP TRIGGER IF EXISTS ${table}_version ON "${table}"`);
    }
    await queryRunner.query(`DROP FUNCTION record_history()`);
    await queryRunner.query(`DROP FUNCTION bump_version()`);
    await queryRunner.query('ALTER TABLE "agreement_constraint" DROP COLUMN "deleted_at"');
    await queryRunner.query('ALTER TABLE "agreement_constraint" DROP COLUMN "version"');
    await queryRunner.query('ALTER TABLE "commitment" DROP COLUMN "deleted_at"');
    await queryRunner.query('ALTER TABLE "commitment" DROP COLUMN "version"');
    await queryRunner.query('ALTER TABLE "mechanism" DROP COLUMN "deleted_at"');
    await queryRunner.query('ALTER TABLE "mechanism" DROP COLUMN "version"');
    await queryRunner.query('ALTER TABLE "cooperation_domain" DROP COLUMN "deleted_at"');
    await queryRunner.query('ALTER TABLE "cooperation_domain" DROP COLUMN "version"');
    await queryRunner.query('ALTER TABLE "agreement" DROP COLUMN "deleted_at"');
    await queryRunner.query('ALTER TABLE "agreement" DROP COLUMN "version"');
    await queryRunner.query('ALTER TABLE "source" DROP COLUMN "deleted_at"');
    await queryRunner.query('ALTER TABLE "source" DROP COLUMN "version"');
    await queryRunner.query('ALTER TABLE "actor" DROP COLUMN "deleted_at"');
    await queryRunner.query('ALTER TABLE "actor" DROP COLUMN "version"');
    await queryRunner.query('DROP INDEX "public"."IDX_8df89d92ebd1abb7d1457d7e2d"');
    await queryRunner.query('DROP INDEX "public"."IDX_7fedae1b5ea0921d69c433dd1e"');
    await queryRunner.query('DROP TABLE "history"');
  }
}
