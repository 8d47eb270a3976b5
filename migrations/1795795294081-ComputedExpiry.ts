import { MigrationInterface, QueryRunner } from 'typeorm';

/** `Agreement.expiresOn` computed by PostgreSQL from entry into force (or signature) and duration, unless a source states it. */
export class ComputedExpiry1795795294081 implements MigrationInterface {
  name = 'ComputedExpiry1795795294081';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const database: string = (await queryRunner.query('SELECT current_database() AS db'))[0].db;
    await queryRunner.query(
      `CREATE TABLE IF NOT EXISTS "typeorm_metadata" ("type" varchar NOT NULL, "database" varchar, "schema" varchar, "table" varchar, "name" varchar, "value" text)`,
    );
    // A rename keeps the dates sources stated and the expiry check constraint, which follows the column.
    await queryRunner.query('ALTER TABLE "agreement" RENAME COLUMN "expires_on" TO "stated_expires_on"');
    await queryRunner.query(
      'ALTER TABLE "agreement" ADD "expires_on" date GENERATED ALWAYS AS (coalesce("stated_expires_on", (coalesce("entry_into_force", "signed_on") + "duration_years" * interval \'1 year\')::date)) STORED',
    );
    await queryRunner.query(
      'INSERT INTO "typeorm_metadata"("database", "schema", "table", "type", "name", "value") VALUES ($1, $2, $3, $4, $5, $6)',
      [
        database,
        'public',
        'agreement',
        'GENERATED_COLUMN',
        'expires_on',
        'coalesce("stated_expires_on", (coalesce("entry_into_force", "signed_on") + "duration_years" * interval \'1 year\')::date)',
      ],
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    const database: string = (await queryRunner.query('SELECT current_database() AS db'))[0].db;
    await queryRunner.query(
      `CREATE TABLE IF NOT EXISTS "typeorm_metadata" ("type" varchar NOT NULL, "database" varchar, "schema" varchar, "table" varchar, "name" varchar, "value" text)`,
    );
    await queryRunner.query(
      'DELETE FROM "typeorm_metadata" WHERE "type" = $1 AND "name" = $2 AND "database" = $3 AND "schema" = $4 AND "table" = $5',
      ['GENERATED_COLUMN', 'expires_on', database, 'public', 'agreement'],
    );
    await queryRunner.query('ALTER TABLE "agreement" DROP COLUMN "expires_on"');
    await queryRunner.query('ALTER TABLE "agreement" RENAME COLUMN "stated_expires_on" TO "expires_on"');
  }
}
