import { Column, Entity, JoinColumn, ManyToOne } from 'typeorm';
import { entityColumns } from '../../shared/fields/entity';
import { mechanismFields } from './mechanism.fields';

/** A forum or instrument that commitments run through (UDCG coalitions, NATO CAP, ...). */
@Entity({ name: 'mechanism' })
export class MechanismEntity {
  // The columns of mechanismFields are declared on this class below (entityColumns); here the soft-delete moment and
  // the parent relation.

  /** Set by a soft delete; such rows are hidden from every read (the `live` views) until restored. */
  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;

  @ManyToOne(() => MechanismEntity, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'parent_id' })
  parent?: MechanismEntity | null;
}
entityColumns(MechanismEntity, mechanismFields);
