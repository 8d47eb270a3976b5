import { Check, Column, Entity } from 'typeorm';
import { entityColumns } from '../../shared/fields/entity';
import { sourceFields } from './source.fields';

/** A document that facts are traced to. */
@Entity({ name: 'source' })
@Check('source_url_or_reason', `"url" IS NOT NULL OR "no_url_reason" IS NOT NULL`)
export class SourceEntity {
  // The columns of sourceFields are declared on this class below (entityColumns); here only the soft-delete moment.

  /** Set by a soft delete; such rows are hidden from every read (the `live` views) until restored. */
  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;
}
entityColumns(SourceEntity, sourceFields);
