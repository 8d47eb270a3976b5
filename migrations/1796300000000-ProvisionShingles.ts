import { MigrationInterface, QueryRunner } from 'typeorm';
import { textShingles } from '../src/domain/text-reuse/shingles';

/**
 * Text reuse (issue 15, part C): `provision.shingles`, the hashed five-word shingles of each leaf provision
 * (computed in Node by textShingles when a text is attached, one batch per text), and a GIN index on them. The
 * provisions already there get theirs here, from their words, in one statement.
 */
export class ProvisionShingles1796300000000 implements MigrationInterface {
  name = 'ProvisionShingles1796300000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "provision" ADD "shingles" integer array NOT NULL DEFAULT '{}'`);
    await queryRunner.query('CREATE INDEX "provision_shingles_idx" ON "provision" USING gin ("shingles") ');
    const leaves: { id: number; words: string }[] = await queryRunner.query(
      `SELECT p.id, substr(t.content, p.start_offset + 1, p.end_offset - p.start_offset) AS words
       FROM provision p JOIN agreement_text t ON t.id = p.text_id WHERE p.leaf AND t.content IS NOT NULL`,
    );
    if (leaves.length === 0) return;
    await queryRunner.query(
      `UPDATE provision p SET shingles = x.shingles FROM jsonb_to_recordset($1::jsonb) AS x(id int, shingles int[]) WHERE p.id = x.id`,
      [JSON.stringify(leaves.map((leaf) => ({ id: leaf.id, shingles: textShingles(leaf.words) })))],
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX "public"."provision_shingles_idx"');
    await queryRunner.query('ALTER TABLE "provision" DROP COLUMN "shingles"');
  }
}
