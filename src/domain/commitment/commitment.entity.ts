import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { entityColumns } from '../../shared/fields/entity';
import { commitmentFields } from './commitment.fields';
import { ActorEntity } from '../actor/actor.entity';
import { AgreementEntity } from '../agreement/agreement.entity';
import { SourceEntity } from '../source/source.entity';
import { CooperationDomainEntity } from '../cooperation-domain/cooperation-domain.entity';
import { MechanismEntity } from '../mechanism/mechanism.entity';

export const COMMITMENT_SEARCH_EXPRESSION = `setweight(to_tsvector('english', "summary"), 'A') || setweight(to_tsvector('english', "quote"), 'B')`;

/** One pledge inside an agreement. */
@Entity({ name: 'commitment' })
@Check('commitment_amount_not_negative', `"amount" IS NULL OR "amount" >= 0`)
@Check('commitment_currency_format', `"currency" IS NULL OR "currency" ~ '^[A-Z]{3}$'`)
@Check('commitment_amount_has_currency', `("amount" IS NULL) = ("currency" IS NULL)`)
// Seed validation and mutations require a bound and a basis for every amount; the database only refuses the
// reverse, so that rows written before those columns existed stay valid.
@Check('commitment_amount_qualified', `"amount" IS NOT NULL OR ("amount_bound" IS NULL AND "amount_basis" IS NULL)`)
@Check('commitment_included_in_has_amount', `"included_in_id" IS NULL OR ("amount" IS NOT NULL AND "included_in_id" <> "id")`)
@Check('commitment_period_ordered', `"period_start" IS NULL OR "period_end" IS NULL OR "period_end" >= "period_start"`)
@Index(['agreementId', 'id'])
// Keyset pages by period walk this index from the cursor on.
@Index(['periodStart', 'id'])
export class CommitmentEntity {
  // The columns of commitmentFields are declared on this class below (entityColumns); here only what the registry
  // does not hold: the soft-delete moment, the relations and the search vector.

  /** Set by a soft delete; such rows are hidden from every read (the `live` views) until restored. */
  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;

  @ManyToOne(() => AgreementEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agreement_id' })
  agreement?: AgreementEntity;

  @ManyToOne(() => ActorEntity, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'provider_id' })
  provider?: ActorEntity | null;

  @ManyToOne(() => ActorEntity, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'beneficiary_id' })
  beneficiary?: ActorEntity | null;

  @ManyToOne(() => CommitmentEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'included_in_id' })
  includedIn?: CommitmentEntity | null;

  @ManyToOne(() => SourceEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'source_id' })
  source?: SourceEntity;

  @Index('commitment_search_idx', { type: 'gin' })
  @Column({
    name: 'search_vector',
    type: 'tsvector',
    generatedType: 'STORED',
    asExpression: COMMITMENT_SEARCH_EXPRESSION,
    select: false,
    insert: false,
    update: false,
  })
  searchVector!: string;
}
entityColumns(CommitmentEntity, commitmentFields);

/** A commitment serves a cooperation domain. */
@Entity({ name: 'commitment_domain' })
// Covering for the domain filters: from a domain subtree to its commitments without visiting the table.
@Index(['domainId', 'commitmentId'])
export class CommitmentDomainEntity {
  @PrimaryColumn({ name: 'commitment_id', type: 'integer' })
  commitmentId!: number;

  @PrimaryColumn({ name: 'domain_id', type: 'integer' })
  domainId!: number;

  @ManyToOne(() => CommitmentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'commitment_id' })
  commitment?: CommitmentEntity;

  @ManyToOne(() => CooperationDomainEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'domain_id' })
  domain?: CooperationDomainEntity;
}

/** A commitment works through a mechanism. */
@Entity({ name: 'commitment_mechanism' })
@Index(['mechanismId'])
export class CommitmentMechanismEntity {
  @PrimaryColumn({ name: 'commitment_id', type: 'integer' })
  commitmentId!: number;

  @PrimaryColumn({ name: 'mechanism_id', type: 'integer' })
  mechanismId!: number;

  @ManyToOne(() => CommitmentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'commitment_id' })
  commitment?: CommitmentEntity;

  @ManyToOne(() => MechanismEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'mechanism_id' })
  mechanism?: MechanismEntity;
}

/**
 * A source other than the quote's that reports the same undertaking (seeds/README.md, "corroboratedBy"): a fact
 * rests on its quote's source and on these.
 */
@Entity({ name: 'commitment_source' })
@Index(['sourceId'])
export class CommitmentSourceEntity {
  @PrimaryColumn({ name: 'commitment_id', type: 'integer' })
  commitmentId!: number;

  @PrimaryColumn({ name: 'source_id', type: 'integer' })
  sourceId!: number;

  @ManyToOne(() => CommitmentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'commitment_id' })
  commitment?: CommitmentEntity;

  @ManyToOne(() => SourceEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'source_id' })
  source?: SourceEntity;
}
