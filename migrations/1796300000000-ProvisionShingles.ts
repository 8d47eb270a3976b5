import { MigrationInterface, QueryRunner } from 'typeorm';
import { textShingles } from '../src/domain/text-reuse/shingles';

/**
 * Text reuse (issue 15, part C): `provision_shingle`, a row per distinct shingle of each leaf provision (the hash of
 * a run of five normalised words, computed in Node by textShingles when a text is attached, one batch per text),
 * keyed by shingle; and `provision.shingle_count`. The provisions already there get theirs here, in one statement.
 */
export class ProvisionShingles1796300000000 implements MigrationInterface {
  name = 'ProvisionShingles1796300000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "provision_shingle" ("shingle" integer NOT NULL, "provision_id" integer NOT NULL, CONSTRAINT "PK_provision_shingle" PRIMARY KEY ("shingle", "provision_id"))',
    );
    await queryRunner.query('CREATE INDEX "provision_shingle_provision" ON "provision_shingle" ("provision_id") ');
    await queryRunner.query(
      'ALTER TABLE "provision_shingle" ADD CONSTRAINT "FK_f953e1a4c46ab9f77979df3cde4" FOREIGN KEY ("provision_id") REFERENCES "provision"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query('ALTER TABLE "provision" ADD "shingle_count" integer NOT NULL DEFAULT 0');
    const leaves: { id: number; words: string }[] = await queryRunner.query(
      `SELECT p.id, substr(t.content, p.start_offset + 1, p.end_offset - p.start_offset) AS words
       FROM provision p JOIN agreement_text t ON t.id = p.text_id WHERE p.leaf AND t.content IS NOT NULL`,
    );
    const rows = leaves.map((leaf) => ({ id: leaf.id, shingles: textShingles(leaf.words) })).filter((row) => row.shingles.length > 0);
    if (rows.length === 0) return;
    await queryRunner.query(
      `WITH x AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(id int, shingles int[])),
            counted AS (UPDATE provision p SET shingle_count = cardinality(x.shingles) FROM x WHERE p.id = x.id)
       INSERT INTO provision_shingle (shingle, provision_id) SELECT DISTINCT s, x.id FROM x, unnest(x.shingles) s`,
      [JSON.stringify(rows)],
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "provision" DROP COLUMN "shingle_count"');
    await queryRunner.query('DROP TABLE "provision_shingle"');
  }
}
