import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { ConstraintKind, QuoteOrigin } from '../enums';
import { ActorEntity } from '../actor/actor.entity';
import { AgreementEntity } from '../agreement/agreement.entity';
import { SourceEntity } from '../source/source.entity';
import { CommitmentEntity } from '../commitment/commitment.entity';

export const CONSTRAINT_SEARCH_EXPRESSION = `setweight(to_tsvector('english', "summary"), 'A') || setweight(to_tsvector('english', "quote"), 'B')`;

/** A limit on a party's commitments. (`constraint` is a reserved word in SQL, hence the table name.) */
@Entity({ name: 'agreement_constraint' })
@Index(['agreementId', 'id'])
export class ConstraintEntity {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' })
  id!: number;

  /** Bumped by PostgreSQL on every change (trigger `bump_version`); updates name the version they expect. */
  @Column({ type: 'integer', default: 1 })
  version!: number;

  /** Set by a soft delete; such rows are hidden from every read (the `live` views) until restored. */
  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;

  @Column({ type: 'text', unique: true })
  key!: string;

  @Column({ name: 'agreement_id', type: 'integer' })
  agreementId!: number;

  @ManyToOne(() => AgreementEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agreement_id' })
  agreement?: AgreementEntity;

  @Index()
  @Column({ name: 'actor_id', type: 'integer', nullable: true })
  actorId!: number | null;

  @ManyToOne(() => ActorEntity, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'actor_id' })
  actor?: ActorEntity | null;

  @Index()
  @Column({ type: 'enum', enum: ConstraintKind, enumName: 'constraint_kind' })
  kind!: ConstraintKind;

  @Column({ type: 'text' })
  summary!: string;

  @Column({ type: 'text' })
  quote!: string;

  /** Whose words the quote is. */
  @Column({ name: 'quote_origin', type: 'enum', enum: QuoteOrigin, enumName: 'quote_origin' })
  quoteOrigin!: QuoteOrigin;

  /** ISO 639-1 code of the language the quote is in (that of the agreement text its spans are in, for a text quote). */
  @Column({ name: 'quote_language', type: 'text', nullable: true })
  quoteLanguage!: string | null;

  /** Our own English rendering of a quote in another language: not the source's words. */
  @Column({ name: 'quote_translation', type: 'text', nullable: true })
  quoteTranslation!: string | null;

  @Column({ type: 'text', nullable: true })
  locator!: string | null;

  @Index()
  @Column({ name: 'source_id', type: 'integer' })
  sourceId!: number;

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
