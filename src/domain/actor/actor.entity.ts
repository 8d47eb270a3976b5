import { Check, Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { ActorKind } from '../enums';

/** A state, an international organisation or a group. */
@Entity({ name: 'actor' })
@Check('actor_code_format', `"code" ~ '^[A-Z][A-Z0-9]{1,5}$'`)
export class ActorEntity {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' })
  id!: number;

  /** Bumped by PostgreSQL on every change (trigger `bump_version`); updates name the version they expect. */
  @Column({ type: 'integer', default: 1 })
  version!: number;

  /** Set by a soft delete; such rows are hidden from every read (the `live` views) until restored. */
  @Column({ name: 'deleted_at', type: 'timestamptz', nullable: true })
  deletedAt!: Date | null;

  /** ISO 3166-1 alpha-2 for states; `EU`, `G7`, `NATO` for the others. */
  @Column({ type: 'text', unique: true })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'enum', enum: ActorKind, enumName: 'actor_kind' })
  kind!: ActorKind;
}
