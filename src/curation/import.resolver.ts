import { Arg, Ctx, Field, Mutation, ObjectType, Resolver } from 'type-graphql';
import { requireRole } from '../shared/auth/require-role';
import { RequestContext } from '../shared/context/request-context';
import { importRecords } from './import-records';
import { RecordProblems, toUserInputError } from './problems';

@ObjectType({ simpleResolvers: true, description: 'What an import did (or, as a dry run, would do): records named `<kind> <natural key>`.' })
export class ImportReport {
  @Field() dryRun!: boolean;
  @Field(() => [String]) created!: string[];
  @Field(() => [String]) updated!: string[];
  @Field(() => [String], { description: 'Already as the file says: not written, no new version, no history.' }) unchanged!: string[];
}

@Resolver()
export class ImportResolver {
  @Mutation(() => ImportReport, {
    description:
      'Imports a file of the seed format (an agreement, a list of sources, actors, domains or mechanisms, or a bundle of them) all or nothing ' +
      '(admin). Records are upserted by slug, code or key; any invalid record means nothing is written and BAD_USER_INPUT lists every ' +
      'problem (`extensions.problems`: record, field, value, message).',
  })
  async importRecords(
    @Ctx() ctx: RequestContext,
    @Arg('json', { description: "The file's text." }) json: string,
    @Arg('file', () => String, { nullable: true, description: 'Its name, for the messages.' }) file?: string | null,
    @Arg('dryRun', () => Boolean, { nullable: true, defaultValue: false }) dryRun?: boolean,
  ): Promise<ImportReport> {
    const principal = requireRole(ctx, 'admin');
    if (!ctx.dataSource) throw new Error('no data source in this context: it cannot write');
    try {
      return await importRecords(ctx.dataSource, principal, json, file ?? 'import', dryRun ?? false);
    } catch (error) {
      if (error instanceof RecordProblems) {
        const problems = error.problems;
        const first = toUserInputError(problems, 'record');
        throw Object.assign(first, {
          extensions: {
            ...first.extensions,
            problems: problems.map((p) => ({ record: p.record, field: p.path.join('.'), value: p.value, message: p.message })),
          },
        });
      }
      throw error;
    }
  }
}
