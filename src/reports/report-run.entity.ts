import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';

export enum ReportRunStatus {
  QUEUED = 'QUEUED',
  RUNNING = 'RUNNING',
  SUCCEEDED = 'SUCCEEDED',
  FAILED = 'FAILED',
}

/** A report to run on a schedule: kind, parameters, format, and when (cron in a time zone). */
@Entity({ name: 'report_schedule' })
export class ReportScheduleEntity {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' })
  id!: number;

  @Column({ type: 'text' })
  kind!: string;

  @Column({ type: 'text' })
  format!: string;

  @Column({ type: 'jsonb' })
  params!: Record<string, unknown>;

  /** Five-field cron (`0 8 * * 1`: Mondays at 08:00). */
  @Column({ type: 'text' })
  cron!: string;

  /** IANA time zone the cron is read in. */
  @Column({ name: 'time_zone', type: 'text', default: 'UTC' })
  timeZone!: string;

  @Column({ name: 'created_by', type: 'text', nullable: true })
  createdBy!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;

  /** Set when unscheduled: no more runs; its past runs stay. */
  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt!: Date | null;
}

/**
 * One run of a report, scheduled or asked for: its state and, once it succeeded, its output. A scheduled run is
 * unique per schedule and slot, which is what makes each scheduled run happen once however many workers tick.
 */
@Entity({ name: 'report_run' })
@Unique('report_run_once_per_slot', ['scheduleId', 'scheduledFor'])
@Index(['status', 'id'])
export class ReportRunEntity {
  @PrimaryGeneratedColumn('identity', { generatedIdentity: 'BY DEFAULT' })
  id!: number;

  @Column({ name: 'schedule_id', type: 'integer', nullable: true })
  scheduleId!: number | null;

  @ManyToOne(() => ReportScheduleEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'schedule_id' })
  schedule?: ReportScheduleEntity | null;

  @Column({ type: 'text' })
  kind!: string;

  @Column({ type: 'text' })
  format!: string;

  @Column({ type: 'jsonb' })
  params!: Record<string, unknown>;

  @Column({ type: 'enum', enum: ReportRunStatus, enumName: 'report_run_status', default: ReportRunStatus.QUEUED })
  status!: ReportRunStatus;

  /** The schedule's slot, or the moment it was asked for. */
  @Column({ name: 'scheduled_for', type: 'timestamptz' })
  scheduledFor!: Date;

  @Column({ name: 'requested_by', type: 'text', nullable: true })
  requestedBy!: string | null;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  /** The last attempt's error, kept when a retry succeeds later. */
  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ type: 'text', nullable: true })
  output!: string | null;

  @Column({ name: 'content_type', type: 'text', nullable: true })
  contentType!: string | null;

  @Column({ name: 'file_name', type: 'text', nullable: true })
  fileName!: string | null;

  /**
   * The random key of the run's download URL (never the sequential id, so runs cannot be enumerated): a v4 UUID from
   * `report_download_key()` (`gen_random_uuid()`; why a function of our own: migration 1796100000000).
   */
  @Index('report_run_download_key', { unique: true })
  @Column({ name: 'download_key', type: 'uuid', default: () => 'report_download_key()' })
  downloadKey!: string;
}
