import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

/** One taxonomy term a domain node maps onto (e.g. `{ taxonomy: "EU nine priorities", term: "demining" }`). */
export interface DomainMapping {
  taxonomy: string;
  term: string;
}

/** A node of the cooperation-domain tree. */
@Entity({ name: 'cooperation_domain' })
export class CooperationDomainEntity {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' })
  id!: number;

  /** Bumped by PostgreSQL on every change (trigger `bump_version`); updates name the version they expect. */
  @Column({ type: 'integer', default: 1 })
  version!: number;

  /** Set by a soft delete; such rows are hidden from every read (the `live` views) until restored. */
  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;

  @Column({ type: 'text', unique: true })
  slug!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Index()
  @Column({ name: 'parent_id', type: 'integer', nullable: true })
  parentId!: number | null;

  @ManyToOne(() => CooperationDomainEntity, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'parent_id' })
  parent?: CooperationDomainEntity | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  mappings!: DomainMapping[];
}
