import { Column, Entity, JoinColumn, ManyToOne } from 'typeorm';
import { entityColumns } from '../../shared/fields/entity';
import { domainFields } from './cooperation-domain.fields';

/** One taxonomy term a domain node maps onto (e.g. `{ taxonomy: "EU nine priorities", term: "demining" }`). */
export interface DomainMapping {
  taxonomy: string;
  term: string;
}

/** A node of the cooperation-domain tree. */
@Entity({ name: 'cooperation_domain' })
export class CooperationDomainEntity {
  // The scalar columns of domainFields are declared on this class below (entityColumns); here the soft-delete moment,
  // the parent relation and the mappings (JSON, no scalar of the registry).

  /** Set by a soft delete; such rows are hidden from every read (the `live` views) until restored. */
  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;

  @ManyToOne(() => CooperationDomainEntity, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'parent_id' })
  parent?: CooperationDomainEntity | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  mappings!: DomainMapping[];
}
entityColumns(CooperationDomainEntity, domainFields);
