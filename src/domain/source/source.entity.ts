import { Check, Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Reliability, SourceKind } from '../enums';

/** A document that facts are traced to. */
@Entity({ name: 'source' })
@Check('source_url_or_reason', `"url" IS NOT NULL OR "no_url_reason" IS NOT NULL`)
export class SourceEntity {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' })
  id!: number;

  /** Bumped by PostgreSQL on every change (trigger `bump_version`); updates name the version they expect. */
  @Column({ type: 'integer', default: 1 })
  version!: number;

  /** Set by a soft delete; such rows are hidden from every read (the `live` views) until restored. */
  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;

  /** Stable seed key, e.g. `japan-analysis-2024-08-07`. */
  @Column({ type: 'text', unique: true })
  key!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text', nullable: true })
  publisher!: string | null;

  @Column({ type: 'text', nullable: true })
  url!: string | null;

  /** Why there is no URL; a source has one or the other. */
  @Column({ name: 'no_url_reason', type: 'text', nullable: true })
  noUrlReason!: string | null;

  @Column({ name: 'published_on', type: 'date', nullable: true })
  publishedOn!: string | null;

  @Column({ type: 'enum', enum: SourceKind, enumName: 'source_kind' })
  kind!: SourceKind;

  @Column({ type: 'enum', enum: Reliability, enumName: 'reliability' })
  reliability!: Reliability;
}
