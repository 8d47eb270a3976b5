import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Unguessable download links for report runs (issue 14, part D): each run gets a random UUID, and its download URL
 * is `/reports/runs/<download_key>/download`, never the sequential id, so runs cannot be fetched by counting. Runs
 * already there get one too (the column's default).
 */
export class ReportDownloadKeys1796100000000 implements MigrationInterface {
  name = 'ReportDownloadKeys1796100000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "report_run" ADD "download_key" uuid NOT NULL DEFAULT gen_random_uuid()`);
    await queryRunner.query(`CREATE UNIQUE INDEX "report_run_download_key" ON "report_run" ("download_key")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."report_run_download_key"`);
    await queryRunner.query(`ALTER TABLE "report_run" DROP COLUMN "download_key"`);
  }
}
