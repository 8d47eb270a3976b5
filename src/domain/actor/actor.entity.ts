import { Check, Column, Entity } from 'typeorm';
import { entityColumns } from '../../shared/fields/entity';
import { actorFields } from './actor.fields';

/** A state, an international organisation or a group. */
@Entity({ name: 'actor' })
@Check('actor_code_format', `"code" ~ '^[A-Z][A-Z0-9]{1,5}$'`)
export class ActorEntity {
  // The columns of actorFields are declared on this class below (entityColumns); here only the soft-delete moment.

  /** Set by a soft delete; such rows are hidden from every read (the `live` views) until restored. */
  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;
}
entityColumns(ActorEntity, actorFields);
