import { Arg, Args, Ctx, Field, ID, InputType, Info, Int, Mutation, ObjectType, Query, Resolver, registerEnumType } from 'type-graphql';
import { JSONObjectResolver } from 'graphql-scalars';
import { Connection, connectionType } from '../shared/connection/connection';
import { fetchRows, loadConnection, ResolveInfo } from '../shared/connection/load-list';
import { parseId } from '../shared/connection/ids';
import { RequestContext } from '../shared/context/request-context';
import { requireRole } from '../shared/auth/require-role';
import { CollectionSpec } from '../shared/list-query/collection-spec';
import { DateTimeFilter, enumFilter, IdFilter, IntFilter, listArgs, StringFilter } from '../shared/list-query/filter-inputs';
import { ListArgs } from '../shared/list-query/list-query';
import { orderSpecs } from '../shared/list-query/order-specs';
import { dateTime, enumColumn, idColumn, int, text } from '../shared/list-query/spec-helpers';
import { DateTimeScalar } from '../shared/scalars/scalars';
import { NotFoundError } from '../shared/errors/errors';
import { checkKindAndFormat, checkParams, ReportParams } from './report-data';
import { checkSchedule } from './report-jobs';
import { ReportRunStatus } from './report-run.entity';
import { reportRunOwnerCondition } from './report-visibility';
import { Principal } from '../shared/auth/principal';
import { queryRows, sql } from '../shared/sql/sql';

registerEnumType(ReportRunStatus, { name: 'ReportRunStatus' });
const ReportRunStatusFilter = enumFilter(ReportRunStatus, 'ReportRunStatus');

@ObjectType('ReportRun', { simpleResolvers: true, description: 'One run of a report: its state and, once it succeeded, where to download it.' })
export class ReportRunNode {
  @Field(() => ID) id!: number;
  @Field({ description: 'The report kind, as in the CLI (`coverage-matrix`).' }) kind!: string;
  @Field({ description: '`md`, `csv`, `json` or `html`.' }) format!: string;
  @Field(() => JSONObjectResolver) params!: Record<string, unknown>;
  @Field(() => ReportRunStatus) status!: ReportRunStatus;
  @Field(() => DateTimeScalar, { description: "The schedule's slot, or when it was asked for." }) scheduledFor!: Date;
  @Field(() => DateTimeScalar, { nullable: true }) startedAt!: Date | null;
  @Field(() => DateTimeScalar, { nullable: true }) finishedAt!: Date | null;
  @Field(() => Int) attempts!: number;
  @Field(() => String, { nullable: true, description: "The last failed attempt's error (kept when a retry then succeeded)." }) error!: string | null;
  @Field(() => ID, { nullable: true }) scheduleId!: number | null;
  @Field(() => String, { nullable: true }) requestedBy!: string | null;
  @Field(() => String, { nullable: true }) fileName!: string | null;
  @Field(() => String, { nullable: true, description: 'GET it (with the read permissions) for the output; null until the run succeeded.' })
  downloadUrl!: string | null;
}

@ObjectType('ReportSchedule', { simpleResolvers: true })
export class ReportScheduleNode {
  @Field(() => ID) id!: number;
  @Field() kind!: string;
  @Field() format!: string;
  @Field(() => JSONObjectResolver) params!: Record<string, unknown>;
  @Field({ description: 'Five-field cron, read in `timeZone`.' }) cron!: string;
  @Field() timeZone!: string;
  @Field(() => String, { nullable: true }) createdBy!: string | null;
  @Field(() => DateTimeScalar) createdAt!: Date;
  @Field({ description: 'False once unscheduled.' }) active!: boolean;
}

export const reportRunCollection: CollectionSpec<ReportRunNode> = {
  name: 'ReportRun',
  table: 'report_run',
  columns: {
    id: 'id',
    kind: 'kind',
    format: 'format',
    params: 'params',
    status: 'status',
    scheduledFor: 'scheduled_for',
    startedAt: 'started_at',
    finishedAt: 'finished_at',
    attempts: 'attempts',
    error: 'error',
    scheduleId: 'schedule_id',
    requestedBy: 'requested_by',
    fileName: 'file_name',
    downloadKey: 'download_key',
  },
  fieldColumns: { downloadUrl: ['status', 'downloadKey'] },
  fields: {
    // Not a client filter (ReportRunFilter has no such field): the resolvers add it, so each caller sees only the
    // runs it may see (report-visibility.ts).
    visibleTo: {
      kind: 'custom',
      build: (value, alias) => reportRunOwnerCondition((value as { principal: Principal | null }).principal, alias),
    },
    id: idColumn(),
    kind: text('kind'),
    format: text('format'),
    status: enumColumn('status', 'report_run_status'),
    scheduledFor: dateTime('scheduled_for'),
    scheduleId: int('schedule_id'),
  },
  orders: orderSpecs({ id: idColumn() }),
  defaultOrder: ['ID_DESC'],
  mapRow: (row) => ({
    ...(row as unknown as ReportRunNode),
    downloadUrl: row.status === ReportRunStatus.SUCCEEDED ? `/reports/runs/${row.downloadKey}/download` : null,
  }),
};

@InputType({ description: 'Filter on report runs. Fields are ANDed; combine with and/or/not.' })
export class ReportRunFilter {
  @Field(() => [ReportRunFilter], { nullable: true }) and?: ReportRunFilter[];
  @Field(() => [ReportRunFilter], { nullable: true }) or?: ReportRunFilter[];
  @Field(() => ReportRunFilter, { nullable: true }) not?: ReportRunFilter;
  @Field(() => IdFilter, { nullable: true }) id?: object;
  @Field(() => StringFilter, { nullable: true }) kind?: StringFilter;
  @Field(() => StringFilter, { nullable: true }) format?: StringFilter;
  @Field(() => ReportRunStatusFilter, { nullable: true }) status?: object;
  @Field(() => DateTimeFilter, { nullable: true }) scheduledFor?: object;
  @Field(() => IntFilter, { nullable: true }) scheduleId?: object;
}

const ReportRunOrder = { ID_ASC: 'ID_ASC', ID_DESC: 'ID_DESC' };
registerEnumType(ReportRunOrder, { name: 'ReportRunOrder' });
const ReportRunConnection = connectionType(ReportRunNode, 'ReportRun');
const ReportRunListArgs = listArgs(ReportRunFilter, ReportRunOrder, 'ReportRun');

const SCHEDULE_COLUMNS = sql.raw(
  `id, kind, format, params, cron, time_zone AS "timeZone", created_by AS "createdBy", created_at AS "createdAt", ended_at IS NULL AS active`,
);

function reports(ctx: RequestContext) {
  if (!ctx.reports) throw new Error('report jobs are not running in this process');
  return ctx.reports;
}

@Resolver()
export class ReportResolver {
  @Query(() => ReportRunConnection, {
    description: 'Report runs, newest first by default: those asked for with your token (all of them with an admin token; none anonymously).',
  })
  reportRuns(
    @Ctx() ctx: RequestContext,
    @Info() info: ResolveInfo,
    @Args(() => ReportRunListArgs) args: ListArgs,
  ): Promise<Connection<ReportRunNode>> {
    const filter = { and: [args.filter ?? {}, { visibleTo: { principal: ctx.principal } }] };
    return loadConnection(ctx, reportRunCollection, { ...args, filter }, info);
  }

  @Query(() => ReportRunNode, { nullable: true, description: 'A report run asked for with your token (any with an admin token); null otherwise.' })
  async reportRun(@Ctx() ctx: RequestContext, @Info() info: ResolveInfo, @Arg('id', () => ID) id: string): Promise<ReportRunNode | null> {
    const [row] = await fetchRows(
      ctx,
      reportRunCollection,
      (t) => sql`${t}.id = ${sql.value(parseId(id), 'int')} AND ${reportRunOwnerCondition(ctx.principal, t)}`,
      info,
    );
    return row ?? null;
  }

  @Mutation(() => ReportRunNode, {
    description:
      'Runs a report now (any valid token): `kind` and `format` as in the CLI (`coverage-matrix`, `csv`), `params` such as ' +
      '`{ "agreement": "japan-ukraine-2024" }` or `{ "filter": {...} }`. Returns the QUEUED run; poll `reportRun(id)` for its `downloadUrl`.',
  })
  async runReport(
    @Ctx() ctx: RequestContext,
    @Info() info: ResolveInfo,
    @Arg('kind') kind: string,
    @Arg('format') format: string,
    @Arg('params', () => JSONObjectResolver, { nullable: true }) params?: ReportParams | null,
  ): Promise<ReportRunNode> {
    const principal = requireRole(ctx, 'reader');
    const id = await reports(ctx).requestRun(kind, format, params ?? {}, principal.tokenName);
    const [row] = await fetchRows(ctx, reportRunCollection, (t) => sql`${t}.id = ${sql.value(id, 'int')}`, info);
    return row;
  }

  @Mutation(() => ReportScheduleNode, {
    description: 'Runs a report on a schedule (admin): every slot of `cron` in `timeZone`, once, whatever the number of workers.',
  })
  async scheduleReport(
    @Ctx() ctx: RequestContext,
    @Info() info: ResolveInfo,
    @Arg('kind') kind: string,
    @Arg('format') format: string,
    @Arg('cron') cron: string,
    @Arg('params', () => JSONObjectResolver, { nullable: true }) params?: ReportParams | null,
    @Arg('timeZone', () => String, { nullable: true, defaultValue: 'UTC' }) timeZone?: string,
  ): Promise<ReportScheduleNode> {
    const principal = requireRole(ctx, 'admin');
    const checked = checkKindAndFormat(kind, format);
    checkParams(info.schema, checked.kind, params ?? {});
    checkSchedule(cron, timeZone ?? 'UTC');
    const values = [
      sql.value(kind),
      sql.value(format),
      sql.value(JSON.stringify(params ?? {}), 'jsonb'),
      sql.value(cron.trim()),
      sql.value(timeZone ?? 'UTC'),
      sql.value(principal.tokenName),
    ];
    const [row] = await queryRows<ReportScheduleNode>(
      ctx.sql,
      sql`INSERT INTO report_schedule (kind, format, params, cron, time_zone, created_by) VALUES (${sql.join(values)}) RETURNING ${SCHEDULE_COLUMNS}`,
    );
    return row;
  }

  @Mutation(() => ReportScheduleNode, { description: 'Stops a schedule (admin); its past runs stay.' })
  async unscheduleReport(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<ReportScheduleNode> {
    requireRole(ctx, 'admin');
    const [row] = await queryRows<ReportScheduleNode>(
      ctx.sql,
      sql`UPDATE report_schedule SET ended_at = coalesce(ended_at, now()) WHERE id = ${sql.value(parseId(id))} RETURNING ${SCHEDULE_COLUMNS}`,
    );
    if (!row) throw new NotFoundError(`no report schedule has id ${id}`);
    return row;
  }

  @Query(() => [ReportScheduleNode], { description: 'Every report schedule (admin), active ones first.' })
  reportSchedules(@Ctx() ctx: RequestContext): Promise<ReportScheduleNode[]> {
    requireRole(ctx, 'admin');
    return queryRows<ReportScheduleNode>(ctx.sql, sql`SELECT ${SCHEDULE_COLUMNS} FROM report_schedule ORDER BY ended_at IS NOT NULL, id`);
  }
}
