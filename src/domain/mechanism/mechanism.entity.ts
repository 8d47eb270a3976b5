import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { MechanismKind } from '../enums';

/** A forum or instrument that commitments run through (UDCG coalitions, NATO CAP, ...). */
@Entity({ name: 'mechanism' })
export class MechanismEntity {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' })
  id!: number;

  @Column({ type: 'text', unique: true })
  slug!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'enum', enum: MechanismKind, enumName: 'mechanism_kind' })
  kind!: MechanismKind;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  @Index()
  @Column({ name: 'parent_id', type: 'integer', nullable: true })
  parentId!: number | null;

  @ManyToOne(() => MechanismEntity, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'parent_id' })
  parent?: MechanismEntity | null;
}
