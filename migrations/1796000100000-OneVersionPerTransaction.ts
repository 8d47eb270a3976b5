import { MigrationInterface, QueryRunner } from 'typeorm';

/** Columns whose change is not a change of the row's content (as in CurationHistory). */
const IGNORED = "ARRAY['version', 'search_vector', 'expires_on']";
/** Each link table, the table of the row that owns its links, and the column naming that row. */
const LINK_OWNERS: Record<string, [ownerTable: string, ownerColumn: string]> = {
  agreement_party: ['agreement', 'agreement_id'],
  agreement_source: ['agreement', 'agreement_id'],
  commitment_domain: ['commitment', 'commitment_id'],
  commitment_mechanism: ['commitment', 'commitment_id'],
  constraint_restriction: ['agreement_constraint', 'constraint_id'],
};

/**
 * One transaction = one version and one history entry per row (issue 14, part C).
 *
 * Before, every statement that changed a row bumped its version and wrote a history entry, so a write path that
 * touched a row twice in one transaction (a rename then the upsert; an insert then its `included_in_id`; an
 * agreement then its `framework_id`) counted two versions and two entries for one mutation. Now the triggers merge
 * the changes of one transaction: the first change bumps the version and writes the entry, later ones of the same
 * transaction keep the version and update that entry's `after` (a change undone within the transaction, like a
 * link removed and added again, leaves no entry). "This transaction's entry" is the row's latest history entry
 * whose `xmin` is the current transaction id: no new column, and no path around it.
 *
 * A link that changes (a constraint's `restricts`, a commitment's domains, an agreement's parties) now also bumps
 * the version of the row that owns it, once per transaction: the link is part of that row's record, so an
 * optimistic update of it must see a new version (before, two editors of `restricts` could both win).
 */
export class OneVersionPerTransaction1796000100000 implements MigrationInterface {
  name = 'OneVersionPerTransaction1796000100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // The row's latest entry, if this transaction wrote it (a savepoint's writes carry a subtransaction id and are
    // not merged: no write path here uses savepoints).
    // plpgsql rather than SQL: it runs for every changed row, and plpgsql keeps the statement's plan.
    await queryRunner.query(`CREATE FUNCTION history_entry_of_this_transaction(entity text, entity_key text) RETURNS bigint
      LANGUAGE plpgsql VOLATILE AS $$
        DECLARE
          latest_id bigint;
          latest_xmin xid;
        BEGIN
          SELECT h.id, h.xmin INTO latest_id, latest_xmin FROM history h
            WHERE h.table_name = entity AND h.row_key = entity_key ORDER BY h.id DESC LIMIT 1;
          RETURN CASE WHEN latest_xmin = pg_current_xact_id()::xid THEN latest_id END;
        END $$`);
    await queryRunner.query(`CREATE OR REPLACE FUNCTION bump_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF history_entry_of_this_transaction(TG_TABLE_NAME, OLD.id::text) IS NOT NULL THEN
          -- This transaction already counted its version of the row.
          NEW.version := OLD.version;
        ELSIF (to_jsonb(NEW) - ${IGNORED}) IS DISTINCT FROM (to_jsonb(OLD) - ${IGNORED}) OR NEW.version IS DISTINCT FROM OLD.version THEN
          -- A content change, or a touch (version = version + 1) because one of the row's links changed.
          NEW.version := OLD.version + 1;
        ELSE
          NEW.version := OLD.version;
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`CREATE OR REPLACE FUNCTION record_history() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        old_row jsonb := CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END;
        new_row jsonb := CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END;
        change text;
        row_key text;
        earlier bigint;
      BEGIN
        IF TG_OP = 'UPDATE' AND old_row = new_row THEN RETURN NULL; END IF;
        SELECT string_agg(coalesce(new_row, old_row)->>key_column, '/' ORDER BY ordinal) INTO row_key
          FROM unnest(TG_ARGV) WITH ORDINALITY AS k(key_column, ordinal);
        earlier := history_entry_of_this_transaction(TG_TABLE_NAME, row_key);
        IF earlier IS NOT NULL THEN
          -- Merge with this transaction's entry: the change runs from its "before" to this "after".
          SELECT before INTO old_row FROM history WHERE id = earlier;
          IF old_row IS NOT DISTINCT FROM new_row THEN
            DELETE FROM history WHERE id = earlier;
            RETURN NULL;
          END IF;
        END IF;
        change := CASE
          WHEN old_row IS NULL THEN 'CREATE'
          WHEN new_row IS NULL THEN 'DELETE'
          WHEN old_row->>'deleted_at' IS NULL AND new_row->>'deleted_at' IS NOT NULL THEN 'DELETE'
          WHEN old_row->>'deleted_at' IS NOT NULL AND new_row->>'deleted_at' IS NULL THEN 'RESTORE'
          ELSE 'UPDATE' END;
        IF earlier IS NOT NULL THEN
          UPDATE history SET action = change, after = new_row WHERE id = earlier;
        ELSE
          INSERT INTO history (table_name, row_key, action, actor, before, after)
            VALUES (TG_TABLE_NAME, row_key, change, nullif(current_setting('app.actor', true), ''), old_row, new_row);
        END IF;
        RETURN NULL;
      END $$`);
    await queryRunner.query(`CREATE FUNCTION touch_link_owner() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        owner_id int := (coalesce(to_jsonb(NEW), to_jsonb(OLD))->>TG_ARGV[1])::int;
      BEGIN
        IF TG_OP = 'UPDATE' AND to_jsonb(OLD) = to_jsonb(NEW) THEN RETURN NULL; END IF;
        -- An owner this transaction already counted (created with its links, or edited) is left alone: no second
        -- version, and no new row version of it per link (a seed writes thousands of links).
        IF history_entry_of_this_transaction(TG_ARGV[0], owner_id::text) IS NOT NULL THEN RETURN NULL; END IF;
        EXECUTE format('UPDATE %I SET version = version + 1 WHERE id = $1', TG_ARGV[0]) USING owner_id;
        RETURN NULL;
      END $$`);
    for (const [table, [ownerTable, ownerColumn]] of Object.entries(LINK_OWNERS)) {
      await queryRunner.query(
        `CREATE TRIGGER ${table}_touch_owner AFTER INSERT OR UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION touch_link_owner('${ownerTable}', '${ownerColumn}')`,
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of Object.keys(LINK_OWNERS)) await queryRunner.query(`DROP TRIGGER IF EXISTS ${table}_touch_owner ON "${table}"`);
    await queryRunner.query(`DROP FUNCTION touch_link_owner()`);
    // The per-statement versions and entries of CurationHistory.
    await queryRunner.query(`CREATE OR REPLACE FUNCTION bump_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF (to_jsonb(NEW) - ${IGNORED}) IS DISTINCT FROM (to_jsonb(OLD) - ${IGNORED}) THEN
          NEW.version := OLD.version + 1;
        ELSE
          NEW.version := OLD.version;
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`CREATE OR REPLACE FUNCTION record_history() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        old_row jsonb := CASE WHEN TG_OP <> 'INSERT' THEN to_jsonb(OLD) END;
        new_row jsonb := CASE WHEN TG_OP <> 'DELETE' THEN to_jsonb(NEW) END;
        change text;
        row_key text;
      BEGIN
        IF TG_OP = 'UPDATE' AND old_row = new_row THEN RETURN NULL; END IF;
        change := CASE
          WHEN TG_OP = 'INSERT' THEN 'CREATE'
          WHEN TG_OP = 'DELETE' THEN 'DELETE'
          WHEN old_row->>'deleted_at' IS NULL AND new_row->>'deleted_at' IS NOT NULL THEN 'DELETE'
          WHEN old_row->>'deleted_at' IS NOT NULL AND new_row->>'deleted_at' IS NULL THEN 'RESTORE'
          ELSE 'UPDATE' END;
        SELECT string_agg(coalesce(new_row, old_row)->>key_column, '/' ORDER BY ordinal) INTO row_key
          FROM unnest(TG_ARGV) WITH ORDINALITY AS k(key_column, ordinal);
        INSERT INTO history (table_name, row_key, action, actor, before, after)
          VALUES (TG_TABLE_NAME, row_key, change, nullif(current_setting('app.actor', true), ''), old_row, new_row);
        RETURN NULL;
      END $$`);
    await queryRunner.query(`DROP FUNCTION history_entry_of_this_transaction(text, text)`);
  }
}
