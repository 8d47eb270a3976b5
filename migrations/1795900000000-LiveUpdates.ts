import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Live updates (src/live): PostgreSQL tells every API instance what changed, so that a change made through any
 * instance (or psql, the seed loader, an import) reaches the subscribers of all of them.
 *
 * - `corpus_changes`: the id of every new history row (one per created, updated, deleted or restored row or link);
 * - `report_run_changes`: the id of a report run whose status (or attempt) changed.
 *
 * The payloads are ids only: each listener reads the rows it needs, once per batch of notifications. NOTIFY is
 * delivered when the transaction commits, and not at all when it rolls back.
 */
export class LiveUpdates1795900000000 implements MigrationInterface {
  name = 'LiveUpdates1795900000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE FUNCTION notify_corpus_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('corpus_changes', NEW.id::text);
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE TRIGGER history_notify AFTER INSERT ON "history" FOR EACH ROW EXECUTE FUNCTION notify_corpus_change()`);
    await queryRunner.query(`CREATE FUNCTION notify_report_run_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('report_run_changes', NEW.id::text);
        RETURN NULL;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER report_run_notify AFTER UPDATE OF status, attempts ON "report_run" FOR EACH ROW
       WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.attempts IS DISTINCT FROM NEW.attempts)
       EXECUTE FUNCTION notify_report_run_change()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER IF EXISTS report_run_notify ON "report_run"`);
    await queryRunner.query(`DROP FUNCTION IF EXISTS notify_report_run_change()`);
    await queryRunner.query(`DROP TRIGGER IF EXISTS history_notify ON "history"`);
    await queryRunner.query(`DROP FUNCTION IF EXISTS notify_corpus_change()`);
  }
}
