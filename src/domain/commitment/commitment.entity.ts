import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { AmountBasis, AmountBound, CommitmentKind, CommitmentStage, Modality, QuoteOrigin } from '../enums';
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
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' })
  id!: number;

  /** Bumped by PostgreSQL on every change (trigger `bump_version`); updates name the version they expect. */
  @Column({ type: 'integer', default: 1 })
  version!: number;

  /** Set by a soft delete; such rows are hidden from every read (the `live` views) until restored. */
  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;

  /** Stable seed key, `<agreement slug>/<short name>`. */
  @Column({ type: 'text', unique: true })
  key!: string;

  @Column({ name: 'agreement_id', type: 'integer' })
  agreementId!: number;

  @ManyToOne(() => AgreementEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agreement_id' })
  agreement?: AgreementEntity;

  @Index()
  @Column({ name: 'provider_id', type: 'integer', nullable: true })
  providerId!: number | null;

  @ManyToOne(() => ActorEntity, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'provider_id' })
  provider?: ActorEntity | null;

  @Index()
  @Column({ name: 'beneficiary_id', type: 'integer', nullable: true })
  beneficiaryId!: number | null;

  @ManyToOne(() => ActorEntity, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'beneficiary_id' })
  beneficiary?: ActorEntity | null;

  @Column({ type: 'text' })
  summary!: string;

  /** The source's own words. */
  @Column({ type: 'text' })
  quote!: string;

  /** Whose words the quote is: the agreement's, an official's, a reporter's or an analyst's. */
  @Column({ name: 'quote_origin', type: 'enum', enum: QuoteOrigin, enumName: 'quote_origin' })
  quoteOrigin!: QuoteOrigin;

  /** ISO 639-1 code of the language the quote is in (that of the agreement text its spans are in, for a text quote). */
  @Column({ name: 'quote_language', type: 'text', nullable: true })
  quoteLanguage!: string | null;

  /** Our own English rendering of a quote in another language: not the source's words. */
  @Column({ name: 'quote_translation', type: 'text', nullable: true })
  quoteTranslation!: string | null;

  /** Where in the source the quote stands. */
  @Column({ type: 'text', nullable: true })
  locator!: string | null;

  @Index()
  @Column({ type: 'enum', enum: CommitmentKind, enumName: 'commitment_kind' })
  kind!: CommitmentKind;

  @Column({ type: 'enum', enum: Modality, enumName: 'modality' })
  modality!: Modality;

  @Column({ type: 'numeric', precision: 20, scale: 2, nullable: true })
  amount!: string | null;

  @Column({ type: 'character', length: 3, nullable: true })
  currency!: string | null;

  @Column({ name: 'amount_bound', type: 'enum', enum: AmountBound, enumName: 'amount_bound', nullable: true })
  amountBound!: AmountBound | null;

  @Column({ name: 'amount_basis', type: 'enum', enum: AmountBasis, enumName: 'amount_basis', nullable: true })
  amountBasis!: AmountBasis | null;

  /** The commitment whose amount already contains this one's: sums count the money once. */
  @Index()
  @Column({ name: 'included_in_id', type: 'integer', nullable: true })
  includedInId!: number | null;

  @ManyToOne(() => CommitmentEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'included_in_id' })
  includedIn?: CommitmentEntity | null;

  /**
   * Where the texts leave open whether this amount overlaps another commitment's (neither says one is within the
   * other): our words, naming the other commitment's key. Null where no overlap is open.
   */
  @Column({ name: 'overlap_note', type: 'text', nullable: true })
  overlapNote!: string | null;

  @Column({ name: 'period_start', type: 'date', nullable: true })
  periodStart!: string | null;

  @Column({ name: 'period_end', type: 'date', nullable: true })
  periodEnd!: string | null;

  /** The period as the source words it ("2024/25"). */
  @Column({ name: 'period_label', type: 'text', nullable: true })
  periodLabel!: string | null;

  @Column({ type: 'boolean', nullable: true })
  lethal!: boolean | null;

  @Column({ type: 'enum', enum: CommitmentStage, enumName: 'commitment_stage' })
  stage!: CommitmentStage;

  @Index()
  @Column({ name: 'source_id', type: 'integer' })
  sourceId!: number;

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
