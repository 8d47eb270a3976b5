import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { AgreementKind, AgreementStatus, LegalNature, PartyRole } from '../enums';
import { ActorEntity } from '../actor/actor.entity';
import { SourceEntity } from '../source/source.entity';

/** Full-text vector of an agreement; kept by PostgreSQL as a generated column. */
export const AGREEMENT_EXPIRY_EXPRESSION = `coalesce("stated_expires_on", (coalesce("entry_into_force", "signed_on") + "duration_years" * interval '1 year')::date)`;

export const AGREEMENT_SEARCH_EXPRESSION =
  `setweight(to_tsvector('english', coalesce("title", '') || ' ' || "short_title"), 'A') || ` +
  `setweight(to_tsvector('english', coalesce("summary", '') || ' ' || coalesce("signed_place", '')), 'B')`;

/** An agreement, declaration or compact. */
@Entity({ name: 'agreement' })
@Check('agreement_duration_positive', `"duration_years" IS NULL OR "duration_years" > 0`)
@Check('agreement_notice_not_negative', `"termination_notice_months" IS NULL OR "termination_notice_months" >= 0`)
@Check('agreement_expiry_after_signing', `"stated_expires_on" IS NULL OR "signed_on" IS NULL OR "stated_expires_on" > "signed_on"`)
@Check('agreement_force_after_signing', `"entry_into_force" IS NULL OR "signed_on" IS NULL OR "entry_into_force" >= "signed_on"`)
@Check('agreement_slug_format', `"slug" ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`)
// The default order of agreement lists, with its id tie-breaker.
@Index(['signedOn', 'id'])
export class AgreementEntity {
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

  /** The formal title as found; null where no source gives it. */
  @Column({ type: 'text', nullable: true })
  title!: string | null;

  @Column({ name: 'short_title', type: 'text' })
  shortTitle!: string;

  @Column({ type: 'enum', enum: AgreementKind, enumName: 'agreement_kind' })
  kind!: AgreementKind;

  @Column({ name: 'legal_nature', type: 'enum', enum: LegalNature, enumName: 'legal_nature' })
  legalNature!: LegalNature;

  @Column({ type: 'enum', enum: AgreementStatus, enumName: 'agreement_status' })
  status!: AgreementStatus;

  @Column({ name: 'signed_on', type: 'date', nullable: true })
  signedOn!: string | null;

  @Column({ name: 'signed_place', type: 'text', nullable: true })
  signedPlace!: string | null;

  @Column({ name: 'entry_into_force', type: 'date', nullable: true })
  entryIntoForce!: string | null;

  @Column({ name: 'duration_years', type: 'integer', nullable: true })
  durationYears!: number | null;

  /** The expiry date where a source states one. */
  @Column({ name: 'stated_expires_on', type: 'date', nullable: true })
  statedExpiresOn!: string | null;

  /**
   * The stated expiry, or else entry into force (signature where that is unknown) plus the duration: computed by
   * PostgreSQL so that filters, orders and the timeline all read the same date.
   */
  @Column({
    name: 'expires_on',
    type: 'date',
    nullable: true,
    generatedType: 'STORED',
    asExpression: AGREEMENT_EXPIRY_EXPRESSION,
    insert: false,
    update: false,
  })
  expiresOn!: string | null;

  @Column({ name: 'termination_notice_months', type: 'integer', nullable: true })
  terminationNoticeMonths!: number | null;

  @Index()
  @Column({ name: 'framework_id', type: 'integer', nullable: true })
  frameworkId!: number | null;

  @ManyToOne(() => AgreementEntity, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'framework_id' })
  framework?: AgreementEntity | null;

  @Column({ type: 'text', nullable: true })
  summary!: string | null;

  @Index('agreement_search_idx', { type: 'gin' })
  @Column({
    name: 'search_vector',
    type: 'tsvector',
    generatedType: 'STORED',
    asExpression: AGREEMENT_SEARCH_EXPRESSION,
    select: false,
    insert: false,
    update: false,
  })
  searchVector!: string;
}

/** A party to an agreement in one role. */
@Entity({ name: 'agreement_party' })
@Index(['actorId'])
export class AgreementPartyEntity {
  @PrimaryColumn({ name: 'agreement_id', type: 'integer' })
  agreementId!: number;

  @PrimaryColumn({ name: 'actor_id', type: 'integer' })
  actorId!: number;

  @PrimaryColumn({ type: 'enum', enum: PartyRole, enumName: 'party_role' })
  role!: PartyRole;

  @ManyToOne(() => AgreementEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agreement_id' })
  agreement?: AgreementEntity;

  @ManyToOne(() => ActorEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'actor_id' })
  actor?: ActorEntity;
}

/** A source that backs facts of an agreement (dates, places, titles, legal nature). */
@Entity({ name: 'agreement_source' })
@Index(['sourceId'])
export class AgreementSourceEntity {
  @PrimaryColumn({ name: 'agreement_id', type: 'integer' })
  agreementId!: number;

  @PrimaryColumn({ name: 'source_id', type: 'integer' })
  sourceId!: number;

  /** Which facts of the agreement this source backs. */
  @Column({ type: 'text', nullable: true })
  supports!: string | null;

  @ManyToOne(() => AgreementEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agreement_id' })
  agreement?: AgreementEntity;

  @ManyToOne(() => SourceEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'source_id' })
  source?: SourceEntity;
}
