import { Check, Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { ActorKind } from '../enums';

/** A state, an international organisation or a group. */
@Entity({ name: 'actor' })
@Check('actor_code_format', `"code" ~ '^[A-Z][A-Z0-9]{1,5}$'`)
export class ActorEntity {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' })
  id!: number;

  /** ISO 3166-1 alpha-2 for states; `EU`, `G7`, `NATO` for the others. */
  @Column({ type: 'text', unique: true })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'enum', enum: ActorKind, enumName: 'actor_kind' })
  kind!: ActorKind;
}
