import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { ROLES, Role } from './principal';

/**
 * An API token: its name, role and lifetime. The token itself is never stored, only its SHA-256 (`token_hash`), so a
 * copy of the database gives no usable token; a request's token is found by its hash (a unique index).
 */
@Entity({ name: 'api_token' })
export class ApiTokenEntity {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' })
  id!: number;

  /** Who or what holds it (`report-job`, `alice`); recorded as the author of the changes made with it. */
  @Column({ type: 'text', unique: true })
  name!: string;

  @Column({ type: 'enum', enum: ROLES, enumName: 'api_token_role' })
  role!: Role;

  /** Lower-case hex SHA-256 of the token. */
  @Column({ name: 'token_hash', type: 'text', unique: true })
  tokenHash!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  /** After this moment the token is refused; null: it does not expire. */
  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt!: Date | null;

  /** Set when the token is revoked; a revoked token is refused for good. */
  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt!: Date | null;

  /** The last request made with it, to the minute (updated at most once a minute). */
  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt!: Date | null;
}
