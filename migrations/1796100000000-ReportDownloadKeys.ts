import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Unguessable download links for report runs (issue 14, part D): each run gets a random UUID, and its download URL
 * is `/reports/runs/<download_key>/download`, never the sequential id, so runs cannot be fetched by counting. Runs
 * already there get one too (the column's default).
 *
 * The default is a function of our own around `gen_random_uuid()` (PostgreSQL 13 and later): TypeORM reads a column
 * defaulting to `gen_random_uuid()` itself as a "generated uuid" column, which the entity would then have to declare
 * with `@Generated('uuid')`, and that makes TypeORM install an extension on every connection.
 */
export class ReportDownloadKeys1796100000000 implements MigrationInterface {
  name = 'ReportDownloadKeys1796100000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE FUNCTION report_download_key() RETURNS uuid LANGUAGE sql VOLATILE AS 'SELECT gen_random_uuid()'`);
    await queryRunner.query(`ALTER TABLE "report_run" ADD "download_key" uuid NOT NULL DEFAULT report_download_key()`);
    await queryRunner.query(`CREATE UNIQUE INDEX "report_run_download_key" ON "report_run" ("download_key")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."report_run_download_key"`);
    await queryRunner.query(`ALTER TABLE "report_run" DROP COLUMN "download_key"`);
    await queryRunner.query(`DROP FUNCTION report_download_key()`);
  }
}
