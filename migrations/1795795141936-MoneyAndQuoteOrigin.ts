import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Money that sums honestly (bound, basis, included-in), whose words a quote is (quote origin), and sources that
 * give a URL or say why not. Rows written before this migration held facts-file notes, so their quotes default to
 * ANALYST_NOTE until the corpus is reloaded.
 */
export class MoneyAndQuoteOrigin1795795141936 implements MigrationInterface {
  name = 'MoneyAndQuoteOrigin1795795141936';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "source" ADD "no_url_reason" text');
    await queryRunner.query(
      "CREATE TYPE \"public\".\"quote_origin\" AS ENUM('AGREEMENT_TEXT', 'OFFICIAL_STATEMENT', 'PRESS_REPORT', 'ANALYST_NOTE')",
    );
    await queryRunner.query('ALTER TABLE "commitment" ADD "quote_origin" "public"."quote_origin" NOT NULL DEFAULT \'ANALYST_NOTE\'');
    await queryRunner.query('ALTER TABLE "commitment" ALTER COLUMN "quote_origin" DROP DEFAULT');
    await queryRunner.query("CREATE TYPE \"public\".\"amount_bound\" AS ENUM('EXACT', 'AT_LEAST', 'UP_TO', 'ABOUT')");
    await queryRunner.query('ALTER TABLE "commitment" ADD "amount_bound" "public"."amount_bound"');
    await queryRunner.query('CREATE TYPE "public"."amount_basis" AS ENUM(\'TOTAL\', \'PER_YEAR\')');
    await queryRunner.query('ALTER TABLE "commitment" ADD "amount_basis" "public"."amount_basis"');
    await queryRunner.query('ALTER TABLE "commitment" ADD "included_in_id" integer');
    await queryRunner.query('ALTER TABLE "agreement_constraint" ADD "quote_origin" "public"."quote_origin" NOT NULL DEFAULT \'ANALYST_NOTE\'');
    await queryRunner.query('ALTER TABLE "agreement_constraint" ALTER COLUMN "quote_origin" DROP DEFAULT');
    await queryRunner.query('ALTER TYPE "public"."source_kind" ADD VALUE \'SECONDARY_COPY\'');
    await queryRunner.query('CREATE INDEX "IDX_ed102ec5b3b9da1a614784202b" ON "commitment"  ("included_in_id") ');
    await queryRunner.query(
      'UPDATE "source" SET "no_url_reason" = \'no URL was recorded before sources had to give one; reload the seed corpus\' WHERE "url" IS NULL',
    );
    await queryRunner.query('ALTER TABLE "source" ADD CONSTRAINT "source_url_or_reason" CHECK ("url" IS NOT NULL OR "no_url_reason" IS NOT NULL)');
    await queryRunner.query(
      'ALTER TABLE "commitment" ADD CONSTRAINT "commitment_included_in_has_amount" CHECK ("included_in_id" IS NULL OR ("amount" IS NOT NULL AND "included_in_id" <> "id"))',
    );
    await queryRunner.query(
      'ALTER TABLE "commitment" ADD CONSTRAINT "commitment_amount_qualified" CHECK ("amount" IS NOT NULL OR ("amount_bound" IS NULL AND "amount_basis" IS NULL))',
    );
    await queryRunner.query(
      'ALTER TABLE "commitment" ADD CONSTRAINT "FK_ed102ec5b3b9da1a614784202b8" FOREIGN KEY ("included_in_id") REFERENCES "commitment"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "commitment" DROP CONSTRAINT "FK_ed102ec5b3b9da1a614784202b8"');
    await queryRunner.query('ALTER TABLE "commitment" DROP CONSTRAINT "commitment_amount_qualified"');
    await queryRunner.query('ALTER TABLE "commitment" DROP CONSTRAINT "commitment_included_in_has_amount"');
    await queryRunner.query('ALTER TABLE "source" DROP CONSTRAINT "source_url_or_reason"');
    await queryRunner.query('DROP INDEX "public"."IDX_ed102ec5b3b9da1a614784202b"');
    await queryRunner.query(
      "CREATE TYPE \"public\".\"source_kind_old\" AS ENUM('OFFICIAL_TEXT', 'GOVERNMENT_RELEASE', 'ANALYSIS', 'PRESS', 'COMPILATION')",
    );
    await queryRunner.query(
      'ALTER TABLE "source" ALTER COLUMN "kind" TYPE "public"."source_kind_old" USING "kind"::"text"::"public"."source_kind_old"',
    );
    await queryRunner.query('DROP TYPE "public"."source_kind"');
    await queryRunner.query('ALTER TYPE "public"."source_kind_old" RENAME TO "source_kind"');
    await queryRunner.query('ALTER TABLE "agreement_constraint" DROP COLUMN "quote_origin"');
    await queryRunner.query('DROP TYPE "public"."quote_origin"');
    await queryRunner.query('ALTER TABLE "commitment" DROP COLUMN "included_in_id"');
    await queryRunner.query('ALTER TABLE "commitment" DROP COLUMN "amount_basis"');
    await queryRunner.query('DROP TYPE "public"."amount_basis"');
    await queryRunner.query('ALTER TABLE "commitment" DROP COLUMN "amount_bound"');
    await queryRunner.query('DROP TYPE "public"."amount_bound"');
    await queryRunner.query('ALTER TABLE "commitment" DROP COLUMN "quote_origin"');
    await queryRunner.query('DROP TYPE "public"."quote_origin"');
    await queryRunner.query('ALTER TABLE "source" DROP COLUMN "no_url_reason"');
  }
}
