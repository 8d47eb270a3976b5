import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One change to one row of a curated table, written by the trigger `record_history` in the same transaction as
 * the change: who (the token's name, from the `app.actor` setting), when, what, and the row before and after.
 * As-of reads rebuild a table at a moment from it (`as_of`).
 */
@Entity({ name: 'history' })
@Index(['tableName', 'rowKey', 'id'])
@Index(['changedAt'])
export class HistoryEntity {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'ALWAYS', type: 'bigint' })
  id!: string;

  @Column({ name: 'table_name', type: 'text' })
  tableName!: string;

  /** The row's key: its id, or for a link table its key columns joined by `/`. */
  @Column({ name: 'row_key', type: 'text' })
  rowKey!: string;

  /** CREATE, UPDATE, DELETE (soft, or a link removed) or RESTORE. */
  @Column({ type: 'text' })
  action!: string;

  /** The token name (or `seed`, `import`, `migration`) the change was made under; null when none was set. */
  @Column({ type: 'text', nullable: true })
  actor!: string | null;

  /** The transaction's start: every change of one transaction shares it, so an as-of read sees all or none. */
  @Column({ name: 'changed_at', type: 'timestamptz', default: () => 'now()' })
  changedAt!: Date;

  @Column({ type: 'jsonb', nullable: true })
  before!: Record<string, unknown> | null;

  @Column({ type: 'jsonb', nullable: true })
  after!: Record<string, unknown> | null;
}
