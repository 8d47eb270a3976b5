import { pendingSchemaChanges } from '../../src/db/schema-diff';
import { ENTITIES } from '../../src/schema/entities';
import { createTestDatabase, TestDatabase } from '../support/test-database';

describe('migrations', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase({ empty: true, migrate: true, entities: ENTITIES });
  });
  afterAll(() => db.drop());

  it('agree with the entities: generating a migration yields nothing', async () => {
    const { up } = await pendingSchemaChanges(db.dataSource);
    expect(up.map((change) => change.query)).toEqual([]);
  });

  it('create the full-text indexes as GIN', async () => {
    const rows = await db.dataSource.query(`SELECT indexname, indexdef FROM pg_indexes WHERE indexname LIKE '%search_idx'`);
    expect(rows.map((r: { indexname: string }) => r.indexname).sort()).toEqual([
      'agreement_search_idx',
      'commitment_search_idx',
      'constraint_search_idx',
      'provision_search_idx',
    ]);
    for (const row of rows) expect(row.indexdef).toContain('USING gin');
  });

  describe('check constraints', () => {
    beforeAll(async () => {
      await db.dataSource.query(`INSERT INTO source (key, title, kind, reliability, url) VALUES ('s', 'S', 'PRESS', 'LOW', 'https://example.org/s')`);
      await db.dataSource.query(
        `INSERT INTO agreement (slug, short_title, kind, legal_nature, status, signed_on) VALUES ('a-ukraine-2024', 'A', 'JOINT_DECLARATION', 'POLITICAL', 'SIGNED', '2024-06-13')`,
      );
    });

    const insertCommitment = (columns: string, values: string) =>
      db.dataSource.query(
        `INSERT INTO commitment (key, agreement_id, summary, quote, quote_origin, kind, modality, stage, source_id${columns})
         SELECT 'a-ukraine-2024/x' || floor(random() * 1e9), a.id, 's', 'q', 'ANALYST_NOTE', 'FINANCIAL', 'WILL', 'PLEDGED', s.id${values}
         FROM agreement a, source s LIMIT 1`,
      );

    it('reject a source with neither a URL nor a reason', async () => {
      await expect(db.dataSource.query(`INSERT INTO source (key, title, kind, reliability) VALUES ('s2', 'S', 'PRESS', 'LOW')`)).rejects.toThrow(
        'source_url_or_reason',
      );
    });

    it('accept a valid amount', async () => {
      await expect(insertCommitment(', amount, currency', `, 10.5, 'EUR'`)).resolves.toBeDefined();
    });

    it.each([
      ['a negative amount', ', amount, currency', `, -1, 'EUR'`, 'commitment_amount_not_negative'],
      ['a currency that is not three upper-case letters', ', amount, currency', `, 1, 'eu'`, 'commitment_currency_format'],
      ['an amount without currency', ', amount', ', 5', 'commitment_amount_has_currency'],
      ['a bound without an amount', ', amount_bound', `, 'EXACT'`, 'commitment_amount_qualified'],
      ['an included-in link without an amount', ', included_in_id', ', 1', 'commitment_included_in_has_amount'],
      ['a period ending before it starts', ', period_start, period_end', `, '2024-12-31', '2024-01-01'`, 'commitment_period_ordered'],
    ])('reject %s', async (_what, columns, values, constraint) => {
      await expect(insertCommitment(columns, values)).rejects.toThrow(constraint);
    });

    it.each([
      ['a duration of zero years', `duration_years = 0`, 'agreement_duration_positive'],
      ['an expiry before signing', `stated_expires_on = '2020-01-01'`, 'agreement_expiry_after_signing'],
      ['entry into force before signing', `entry_into_force = '2020-01-01'`, 'agreement_force_after_signing'],
      ['a negative termination notice', `termination_notice_months = -1`, 'agreement_notice_not_negative'],
    ])('reject an agreement with %s', async (_what, assignment, constraint) => {
      await expect(db.dataSource.query(`UPDATE agreement SET ${assignment}`)).rejects.toThrow(constraint);
    });
  });
});
