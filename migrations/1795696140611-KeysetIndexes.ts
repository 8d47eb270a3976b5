import { MigrationInterface, QueryRunner } from 'typeorm';

/** Composite indexes for keyset pages by signing date and by period, and a covering one for domain filters. */
export class KeysetIndexes1795696140611 implements MigrationInterface {
  name = 'KeysetIndexes1795696140611';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."IDX_84b1ff1cfeded8a3e259d39613"');
    await queryRunner.query('DROP INDEX "public"."IDX_b278f15f4b1263255d53d51969"');
    await queryRunner.query('DROP INDEX "public"."IDX_655ba7681f2bef9b1fd6daaac6"');
    await queryRunner.query('CREATE INDEX "IDX_1d9a448115292d7a3cb1ba6615" ON "agreement"  ("signed_on", "id") ');
    await queryRunner.query('CREATE INDEX "IDX_22ebb3f0d2cab7d2141d58875c" ON "commitment"  ("period_start", "id") ');
    await queryRunner.query('CREATE INDEX "IDX_20caa934f4641a037fca490261" ON "commitment_domain"  ("domain_id", "commitment_id") ');
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."IDX_20caa934f4641a037fca490261"');
    await queryRunner.query('DROP INDEX "public"."IDX_22ebb3f0d2cab7d2141d58875c"');
    await queryRunner.query('DROP INDEX "public"."IDX_1d9a448115292d7a3cb1ba6615"');
    await queryRunner.query('CREATE INDEX "IDX_655ba7681f2bef9b1fd6daaac6" ON "commitment_domain" USING btree ("domain_id") ');
    await queryRunner.query('CREATE INDEX "IDX_b278f15f4b1263255d53d51969" ON "commitment" USING btree ("period_start") ');
    await queryRunner.query('CREATE INDEX "IDX_84b1ff1cfeded8a3e259d39613" ON "agreement" USING btree ("signed_on") ');
  }
}
