import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { NonOperativeReason } from '../enums';
import { AgreementEntity } from '../agreement/agreement.entity';
import { AgreementTextEntity } from '../agreement-text/agreement-text.entity';

/**
 * A provision of an agreement text (a part, an article, a numbered paragraph, a point), computed by the segmenter
 * when the text's words are attached, in one batch per text. Its words are `text.content[start, end)`; they are
 * not stored twice. `operative` and `nonOperativeReason` are the segmenter's guess unless a provision note says
 * otherwise (kept as `segmented_*` so that a note removed brings the guess back).
 */
@Entity({ name: 'provision' })
@Unique('provision_text_ordinal', ['textId', 'ordinal'])
@Index(['textId', 'startOffset'])
@Index(['agreementId', 'id'])
@Check('provision_span_ordered', `"start_offset" >= 0 AND "end_offset" >= "start_offset"`)
@Check('provision_reason_when_not_operative', `"operative" OR "non_operative_reason" IS NOT NULL`)
export class ProvisionEntity {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' })
  id!: number;

  @Column({ name: 'text_id', type: 'integer' })
  textId!: number;

  @ManyToOne(() => AgreementTextEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'text_id' })
  text?: AgreementTextEntity;

  @Column({ name: 'agreement_id', type: 'integer' })
  agreementId!: number;

  @ManyToOne(() => AgreementEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agreement_id' })
  agreement?: AgreementEntity;

  /** Document order within the text, from 0. */
  @Column({ type: 'integer' })
  ordinal!: number;

  @Index()
  @Column({ name: 'parent_id', type: 'integer', nullable: true })
  parentId!: number | null;

  @ManyToOne(() => ProvisionEntity, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'parent_id' })
  parent?: ProvisionEntity | null;

  /** What the segmenter took it for (`PART`, `ARTICLE`, `PARAGRAPH`, ...). */
  @Column({ type: 'text' })
  kind!: string;

  /** Reads like a citation: "Part VIII › 2". */
  @Index()
  @Column({ type: 'text' })
  path!: string;

  @Column({ type: 'text', nullable: true })
  number!: string | null;

  @Column({ type: 'text', nullable: true })
  heading!: string | null;

  @Column({ name: 'start_offset', type: 'integer' })
  startOffset!: number;

  @Column({ name: 'end_offset', type: 'integer' })
  endOffset!: number;

  /** No provision under it. */
  @Column({ type: 'boolean' })
  leaf!: boolean;

  @Column({ type: 'boolean' })
  operative!: boolean;

  @Column({ name: 'non_operative_reason', type: 'enum', enum: NonOperativeReason, enumName: 'non_operative_reason', nullable: true })
  nonOperativeReason!: NonOperativeReason | null;

  /** A coder's note on the provision (from `provisionNotes`). */
  @Column({ type: 'text', nullable: true })
  note!: string | null;

  @Column({ name: 'segmented_operative', type: 'boolean' })
  segmentedOperative!: boolean;

  @Column({ name: 'segmented_reason', type: 'enum', enum: NonOperativeReason, enumName: 'non_operative_reason', nullable: true })
  segmentedReason!: NonOperativeReason | null;

  /** Full-text vector of the provision's words, in the text's language, written with the row. */
  @Index('provision_search_idx', { type: 'gin' })
  @Column({ name: 'search_vector', type: 'tsvector', select: false })
  searchVector!: string;

  /** Text reuse: how many distinct shingles the provision has (its rows in `provision_shingle`); 0 for containers. */
  @Column({ name: 'shingle_count', type: 'integer', default: 0 })
  shingleCount!: number;
}

/**
 * A coder's decision on a provision, by path, kept apart from the computed provisions so that it holds for every
 * text of the agreement, whenever the text is loaded (`provisionNotes` in the seed format).
 */
@Entity({ name: 'provision_note' })
@Check('provision_note_reason_when_not_operative', `"operative" OR "reason" IS NOT NULL`)
export class ProvisionNoteEntity {
  @PrimaryColumn({ name: 'agreement_id', type: 'integer' })
  agreementId!: number;

  @PrimaryColumn({ type: 'text' })
  path!: string;

  @ManyToOne(() => AgreementEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agreement_id' })
  agreement?: AgreementEntity;

  @Column({ type: 'boolean' })
  operative!: boolean;

  @Column({ type: 'enum', enum: NonOperativeReason, enumName: 'non_operative_reason', nullable: true })
  reason!: NonOperativeReason | null;

  @Column({ type: 'text', nullable: true })
  note!: string | null;
}

/**
 * Text reuse: one row per distinct shingle of a leaf provision (the 32-bit hash of a run of five normalised words,
 * see textShingles), written with the text's provisions. Keyed by shingle first, so that the provisions sharing a
 * shingle are one index probe away, and each pair of provisions' shared shingles one hash join.
 */
@Entity({ name: 'provision_shingle' })
@Index('provision_shingle_provision', ['provisionId'])
export class ProvisionShingleEntity {
  @PrimaryColumn({ type: 'integer' })
  shingle!: number;

  @PrimaryColumn({ name: 'provision_id', type: 'integer' })
  provisionId!: number;

  @ManyToOne(() => ProvisionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'provision_id' })
  provision?: ProvisionEntity;
}
