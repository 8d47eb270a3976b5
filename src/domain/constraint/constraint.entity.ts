import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { entityColumns } from '../../shared/fields/entity';
import { constraintFields } from './constraint.fields';
import { ActorEntity } from '../actor/actor.entity';
import { AgreementEntity } from '../agreement/agreement.entity';
import { SourceEntity } from '../source/source.entity';
import { CommitmentEntity } from '../commitment/commitment.entity';

export const CONSTRAINT_SEARCH_EXPRESSION = `setweight(to_tsvector('english', "summary"), 'A') || setweight(to_tsvector('english', "quote"), 'B')`;

/** A limit on a party's commitments. (`constraint` is a reserved word in SQL, hence the table name.) */
@Entity({ name: 'agreement_constraint' })
@Index(['agreementId', 'id'])
export class ConstraintEntity {
  // The columns of constraintFields are declared on this class below (entityColumns); here only what the registry
  // does not hold: the soft-delete moment, the relations and the search vector.

  /** Set by a soft delete; such rows are hidden from every read (the `live` views) until restored. */
  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;

  @ManyToOne(() => AgreementEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agreement_id' })
  agreement?: AgreementEntity;

  @ManyToOne(() => ActorEntity, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'actor_id' })
  actor?: ActorEntity | null;

  @ManyToOne(() => SourceEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'source_id' })
  source?: SourceEntity;

  @Index('constraint_search_idx', { type: 'gin' })
  @Column({
    name: 'search_vector',
    type: 'tsvector',
    generatedType: 'STORED',
    asExpression: CONSTRAINT_SEARCH_EXPRESSION,
    select: false,
    insert: false,
    update: false,
  })
  searchVector!: string;
}
entityColumns(ConstraintEntity, constraintFields);

/** A constraint restricts a commitment. */
@Entity({ name: 'constraint_restriction' })
@Index(['commitmentId'])
export class ConstraintRestrictionEntity {
  @PrimaryColumn({ name: 'constraint_id', type: 'integer' })
  constraintId!: number;

  @PrimaryColumn({ name: 'commitment_id', type: 'integer' })
  commitmentId!: number;

  @ManyToOne(() => ConstraintEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'constraint_id' })
  constraint?: ConstraintEntity;

  @ManyToOne(() => CommitmentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'commitment_id' })
  commitment?: CommitmentEntity;
}

/** A source other than the quote's that reports the same limit (seeds/README.md, "corroboratedBy"). */
@Entity({ name: 'constraint_source' })
@Index(['sourceId'])
export class ConstraintSourceEntity {
  @PrimaryColumn({ name: 'constraint_id', type: 'integer' })
  constraintId!: number;

  @PrimaryColumn({ name: 'source_id', type: 'integer' })
  sourceId!: number;

  @ManyToOne(() => ConstraintEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'constraint_id' })
  constraint?: ConstraintEntity;

  @ManyToOne(() => SourceEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'source_id' })
  source?: SourceEntity;
}
