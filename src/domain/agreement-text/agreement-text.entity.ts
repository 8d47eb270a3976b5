import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { AgreementEntity } from '../agreement/agreement.entity';
import { SourceEntity } from '../source/source.entity';
import { CommitmentEntity } from '../commitment/commitment.entity';
import { ConstraintEntity } from '../constraint/constraint.entity';

/**
 * One language version of an agreement's own text, identified by the sha256 of its UTF-8 words. A text is declared
 * (by the seed, with its sha256 and length) before or when its words are attached; once attached, the words never
 * change (trigger `agreement_text_immutable`), and PostgreSQL itself checks that they hash to `sha256`. A new
 * version is a new row.
 */
@Entity({ name: 'agreement_text' })
@Unique('agreement_text_agreement_sha256', ['agreementId', 'sha256'])
// At most one reference text per agreement.
@Index('agreement_text_one_reference', ['agreementId'], { unique: true, where: '"reference"' })
@Check('agreement_text_sha256_format', `"sha256" ~ '^[0-9a-f]{64}$'`)
@Check('agreement_text_language_format', `"language" ~ '^[a-z]{2,3}$'`)
@Check('agreement_text_chars_not_negative', `"chars" >= 0`)
@Check(
  'agreement_text_content_matches',
  `"content" IS NULL OR ("chars" = char_length("content") AND "sha256" = encode(sha256(convert_to("content", 'UTF8')), 'hex'))`,
)
export class AgreementTextEntity {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' })
  id!: number;

  @Column({ name: 'agreement_id', type: 'integer' })
  agreementId!: number;

  @ManyToOne(() => AgreementEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agreement_id' })
  agreement?: AgreementEntity;

  /** ISO 639-1 code of the language version (`en`, `it`). */
  @Column({ type: 'text' })
  language!: string;

  /** Hex sha256 of the text's UTF-8 bytes: what spans and the seed name the text by. */
  @Column({ type: 'text' })
  sha256!: string;

  /** Length in characters (JavaScript string indices = PostgreSQL character positions: no text leaves the BMP). */
  @Column({ type: 'integer' })
  chars!: number;

  /** The words; null while the text is declared but not loaded (its spans are then unverified). */
  @Column({ type: 'text', nullable: true })
  content!: string | null;

  /** The official publisher of the words. */
  @Index()
  @Column({ name: 'source_id', type: 'integer', nullable: true })
  sourceId!: number | null;

  @ManyToOne(() => SourceEntity, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'source_id' })
  source?: SourceEntity | null;

  /** The version `Agreement.text` returns. */
  @Column({ type: 'boolean', default: false })
  reference!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  /** When the words were attached (null while not loaded). */
  @Column({ name: 'attached_at', type: 'timestamptz', nullable: true })
  attachedAt!: Date | null;
}

/**
 * What every quote span has: `[start, end)` in one agreement text, and its place among the quote's spans. The
 * commitment and constraint span tables below add their owner (concrete-table inheritance: one table each).
 */
abstract class QuoteSpanColumns {
  /** Its own id, so that a span's provision and text load in one batch like any relation. */
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' })
  id!: number;

  /** 0 for the first span of the quote. */
  @Column({ type: 'integer' })
  ordinal!: number;

  @Column({ name: 'text_id', type: 'integer' })
  textId!: number;

  @ManyToOne(() => AgreementTextEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'text_id' })
  text?: AgreementTextEntity;

  @Column({ name: 'start_offset', type: 'integer' })
  startOffset!: number;

  @Column({ name: 'end_offset', type: 'integer' })
  endOffset!: number;
}

/** One span `[start, end)` of a commitment's quote in an agreement text; several when the quote skips words. */
@Entity({ name: 'commitment_quote_span' })
@Unique('commitment_quote_span_owner_ordinal', ['commitmentId', 'ordinal'])
@Index(['textId', 'startOffset'])
@Check('commitment_quote_span_ordered', `"start_offset" >= 0 AND "end_offset" > "start_offset"`)
export class CommitmentQuoteSpanEntity extends QuoteSpanColumns {
  @Column({ name: 'commitment_id', type: 'integer' })
  commitmentId!: number;

  @ManyToOne(() => CommitmentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'commitment_id' })
  commitment?: CommitmentEntity;
}

/** One span `[start, end)` of a constraint's quote in an agreement text. */
@Entity({ name: 'constraint_quote_span' })
@Unique('constraint_quote_span_owner_ordinal', ['constraintId', 'ordinal'])
@Index(['textId', 'startOffset'])
@Check('constraint_quote_span_ordered', `"start_offset" >= 0 AND "end_offset" > "start_offset"`)
export class ConstraintQuoteSpanEntity extends QuoteSpanColumns {
  @Column({ name: 'constraint_id', type: 'integer' })
  constraintId!: number;

  @ManyToOne(() => ConstraintEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'constraint_id' })
  constraint?: ConstraintEntity;
}
