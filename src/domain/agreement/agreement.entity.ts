import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { PartyRole } from '../enums';
import { entityColumns } from '../../shared/fields/entity';
import { agreementFields } from './agreement.fields';
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
  // The columns of agreementFields are declared on this class below (entityColumns); here only what the registry
  // does not hold: the soft-delete moment, the computed expiry, the framework relation and the search vector.

  /** Set by a soft delete; such rows are hidden from every read (the `live` views) until restored. */
  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;

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

  @ManyToOne(() => AgreementEntity, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'framework_id' })
  framework?: AgreementEntity | null;

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
entityColumns(AgreementEntity, agreementFields);

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
