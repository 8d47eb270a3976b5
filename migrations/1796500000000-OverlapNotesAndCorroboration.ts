import { MigrationInterface, QueryRunner } from 'typeorm';

/** The new link tables: their history keys, and the table and column of the row that owns each link. */
const LINK_TABLES: Record<string, { keys: string[]; owner: [table: string, column: string] }> = {
  commitment_source: { keys: ['commitment_id', 'source_id'], owner: ['commitment', 'commitment_id'] },
  constraint_source: { keys: ['constraint_id', 'source_id'], owner: ['agreement_constraint', 'constraint_id'] },
};

/**
 * Issue 16:
 * - `commitment.overlap_note`: where the texts leave open whether one amount overlaps another, our sentence saying
 *   so (naming the other commitment), for analysts to query rather than guess (seeds/README.md, `overlapNote`).
 * - `commitment_source` / `constraint_source`: the sources that corroborate a fact besides the one its quote is
 *   copied from (seed field `corroboratedBy`); quality gate 4 counts a fact as resting only on LOW sources when its
 *   quote's source and every corroborating source are LOW. Links like the others: recorded in the history, and a
 *   change bumps the owner's version.
 * The commitment table gains a column, so the `live` views are written again last.
 */
export class OverlapNotesAndCorroboration1796500000000 implements MigrationInterface {
  name = 'OverlapNotesAndCorroboration1796500000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "commitment_source" ("commitment_id" integer NOT NULL, "source_id" integer NOT NULL, CONSTRAINT "PK_619f5339cc4a9851d97139ee08a" PRIMARY KEY ("commitment_id", "source_id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_3be9e816be78f259405596d106" ON "commitment_source"  ("source_id") ');
    await queryRunner.query(
      'CREATE TABLE "constraint_source" ("constraint_id" integer NOT NULL, "source_id" integer NOT NULL, CONSTRAINT "PK_5a53540399496c5dbe7772ff5a3" PRIMARY KEY ("constraint_id", "source_id"))',
    );
    await queryRunner.query('CREATE INDEX "IDX_c0f58b22b84b723e93bdbf6681" ON "constraint_source"  ("source_id") ');
    await queryRunner.query('ALTER TABLE "commitment" ADD "overlap_note" text');
    await queryRunner.query(
      'ALTER TABLE "commitment_source" ADD CONSTRAINT "FK_3688d9e0679b30cd3d2f41dfe30" FOREIGN KEY ("commitment_id") REFERENCES "commitment"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "commitment_source" ADD CONSTRAINT "FK_3be9e816be78f259405596d1066" FOREIGN KEY ("source_id") REFERENCES "source"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "constraint_source" ADD CONSTRAINT "FK_bc952796bab3246490b019bc0ff" FOREIGN KEY ("constraint_id") REFERENCES "agreement_constraint"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "constraint_source" ADD CONSTRAINT "FK_c0f58b22b84b723e93bdbf66813" FOREIGN KEY ("source_id") REFERENCES "source"("id") ON DELETE RESTRICT ON UPDATE NO ACTION',
    );
    for (const [table, { keys, owner }] of Object.entries(LINK_TABLES)) {
      await queryRunner.query(
        `CREATE TRIGGER ${table}_history AFTER INSERT OR UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION record_history(${keys.map((k) => `'${k}'`).join(', ')})`,
      );
      await queryRunner.query(
        `CREATE TRIGGER ${table}_touch_owner AFTER INSERT OR UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION touch_link_owner('${owner[0]}', '${owner[1]}')`,
      );
    }
    await queryRunner.query('SELECT refresh_live_views()');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of Object.keys(LINK_TABLES)) {
      await queryRunner.query(`DROP TRIGGER IF EXISTS ${table}_touch_owner ON "${table}"`);
      await queryRunner.query(`DROP TRIGGER IF EXISTS ${table}_history ON "${table}"`);
    }
    await queryRunner.query('ALTER TABLE "constraint_source" DROP CONSTRAINT "FK_c0f58b22b84b723e93bdbf66813"');
    await queryRunner.query('ALTER TABLE "constraint_source" DROP CONSTRAINT "FK_bc952796bab3246490b019bc0ff"');
    await queryRunner.query('ALTER TABLE "commitment_source" DROP CONSTRAINT "FK_3be9e816be78f259405596d1066"');
    await queryRunner.query('ALTER TABLE "commitment_source" DROP CONSTRAINT "FK_3688d9e0679b30cd3d2f41dfe30"');
    // The live view names the column: it goes, and comes back with the table's remaining columns.
    await queryRunner.query('DROP VIEW live."commitment"');
    await queryRunner.query('ALTER TABLE "commitment" DROP COLUMN "overlap_note"');
    await queryRunner.query('CREATE VIEW live."commitment" AS SELECT * FROM public."commitment" WHERE deleted_at IS NULL');
    await queryRunner.query('DROP INDEX "public"."IDX_c0f58b22b84b723e93bdbf6681"');
    await queryRunner.query('DROP TABLE "constraint_source"');
    await queryRunner.query('DROP INDEX "public"."IDX_3be9e816be78f259405596d106"');
    await queryRunner.query('DROP TABLE "commitment_source"');
  }
}
