import { Arg, Ctx, Info, Int, Query, Resolver } from 'type-graphql';
import { RequestContext } from '../../shared/context/request-context';
import { BadUserInputError } from '../../shared/errors/errors';
import { CollectionSpec } from '../../shared/list-query/collection-spec';
import { rowsByIdJson } from '../../shared/list-query/embed';
import { viewOf } from '../../shared/list-query/list-query';
import { Fragment, RenderedSql } from '../../shared/sql/sql';
import { DateTimeScalar } from '../../shared/scalars/scalars';
import { AS_OF_DESCRIPTION } from '../../shared/read-view/read-view';
import { mergeSelections, ResolveInfo, Selection, selectionAt, selectionOf } from '../../shared/list-query/selection';
import { MAX_PAGE_SIZE } from '../../shared/list-query/pagination';
import { checkDepth, checkSimilarCount, COMPARE_MAX_AGREEMENTS, COMPARE_MIN_AGREEMENTS, DEFAULT_SIMILAR, refuseRepeats } from './analysis.args';
import { ConstraintKind, Modality } from '../enums';
import { actorCollection } from '../actor/actor.collection';
import { agreementCollection } from '../agreement/agreement.collection';
import { AgreementFilter } from '../agreement/agreement.type';
import { commitmentCollection } from '../commitment/commitment.collection';
import { CommitmentFilter } from '../commitment/commitment.type';
import { constraintCollection } from '../constraint/constraint.collection';
import { domainCollection } from '../cooperation-domain/cooperation-domain.collection';
import {
  AgreementComparison,
  CommitmentDimension,
  CommitmentGroup,
  DomainCoverage,
  MoneySum,
  SimilarAgreement,
  TimelineEvent,
  TimelineEventKind,
} from './analysis.type';
import { commitmentStatsSql, compareAgreementsSql, domainCoverageSql, ObjectsSql, similarAgreementsSql, timelineSql } from './analysis.sql';
import { dictionary, Dictionary, lookup, sharedAndDistinctive } from './analysis.stitch';

/** Where in a result each kind of object is selected: the paths of field names below the query's own field. */
export type ObjectPaths = Record<string, [CollectionSpec<any>, string[][]]>;

/**
 * The `objects` a result must carry for this selection: one dictionary per kind the client selected somewhere,
 * with every place's selection merged, so that each row is fetched once with all the columns any place needs.
 */
export function objectsFor(selection: Selection, paths: ObjectPaths): ObjectsSql {
  const wanted = Object.entries(paths).flatMap(([kind, [spec, places]]) => {
    const found = places.map((path) => selectionAt(selection, ...path)).filter((s): s is Selection => s !== undefined);
    return found.length > 0 ? [{ kind, spec, selection: mergeSelections(...found) }] : [];
  });
  return (from) =>
    Object.fromEntries(wanted.map(({ kind, spec, selection: merged }) => [kind, (ids: Fragment) => rowsByIdJson(spec, ids, merged, from)]));
}

/** Runs an analysis statement and returns its one JSON value. */
export async function runJson<T>(ctx: RequestContext, query: RenderedSql): Promise<T> {
  const [row] = await ctx.sql<{ result: T }>(query.text, query.values, query.planWithValues);
  return row.result;
}

interface RawSum {
  currency: string;
  basis: MoneySum['basis'];
  amount: string;
  bounds: MoneySum['bounds'];
  commitmentCount: number;
}
interface Objects {
  agreements?: Record<string, unknown>[];
  domains?: Record<string, unknown>[];
  commitments?: Record<string, unknown>[];
  constraints?: Record<string, unknown>[];
  actors?: Record<string, unknown>[];
}

@Resolver()
export class AnalysisResolver {
  @Query(() => AgreementComparison, {
    description:
      'Two to ten agreements side by side: a row per domain any of them covers (in tree order; with `depth`, coded ' +
      'domains rolled up to their ancestor at that depth, roots being 1), a cell per agreement in the order of `slugs` ' +
      'with its commitments, firmest modality and money; the domains all share and those only one covers; and their ' +
      'constraints kind by kind. One SQL statement.',
  })
  async compareAgreements(
    @Ctx() ctx: RequestContext,
    @Info() info: ResolveInfo,
    @Arg('slugs', () => [String]) slugs: string[],
    @Arg('depth', () => Int, { nullable: true }) depth?: number | null,
    @Arg('asOf', () => DateTimeScalar, { nullable: true, description: AS_OF_DESCRIPTION }) asOf?: Date | null,
  ): Promise<AgreementComparison> {
    if (slugs.length < COMPARE_MIN_AGREEMENTS || slugs.length > COMPARE_MAX_AGREEMENTS) {
      throw new BadUserInputError(`compareAgreements takes ${COMPARE_MIN_AGREEMENTS} to ${COMPARE_MAX_AGREEMENTS} slugs; got ${slugs.length}`, {
        argument: 'slugs',
      });
    }
    refuseRepeats(slugs, 'slugs');
    const rolledTo = checkDepth(depth);
    const objects = objectsFor(selectionOf(info), {
      agreements: [
        agreementCollection,
        [['agreements'], ['rows', 'cells', 'agreement'], ['distinctive', 'agreement'], ['constraintRows', 'cells', 'agreement']],
      ],
      domains: [domainCollection, [['rows', 'domain'], ['shared'], ['distinctive', 'domains']]],
      commitments: [commitmentCollection, [['rows', 'cells', 'commitments']]],
      constraints: [constraintCollection, [['constraintRows', 'cells', 'constraints']]],
    });
    const result = await runJson<{
      missing: string[];
      agreements: number[];
      rows: { domain: number; cells: { agreement: number; commitments: number[]; strongestModality: Modality | null; amounts: RawSum[] }[] }[];
      constraintRows: { kind: ConstraintKind; cells: { agreement: number; constraints: number[] }[] }[];
      objects: Objects;
    }>(ctx, compareAgreementsSql(slugs, rolledTo, objects, viewOf({ asOf })));
    if (result.missing.length > 0) {
      throw new BadUserInputError(`no agreement has the slug ${result.missing.map((s) => `"${s}"`).join(', ')}`, {
        argument: 'slugs',
        unknown: result.missing,
      });
    }
    const agreements = dictionary(agreementCollection, result.objects.agreements);
    const domains = dictionary(domainCollection, result.objects.domains);
    const commitments = dictionary(commitmentCollection, result.objects.commitments);
    const constraints = dictionary(constraintCollection, result.objects.constraints);
    const rows = result.rows.map((row) => ({
      domain: lookup(domains, row.domain),
      cells: row.cells.map((cell) => ({
        agreement: lookup(agreements, cell.agreement),
        covered: cell.commitments.length > 0,
        commitments: cell.commitments.map((id) => lookup(commitments, id)),
        strongestModality: cell.strongestModality,
        amounts: cell.amounts,
      })),
    }));
    const { shared, distinctive } = sharedAndDistinctive(
      rows.map((row) => ({ domain: row.domain, covered: row.cells.map((c) => c.covered) })),
      result.agreements.length,
    );
    return {
      agreements: result.agreements.map((id) => lookup(agreements, id)),
      depth: rolledTo,
      rows,
      shared,
      distinctive: result.agreements.map((id, i) => ({ agreement: lookup(agreements, id), domains: distinctive[i] })),
      constraintRows: result.constraintRows.map((row) => ({
        kind: row.kind,
        cells: row.cells.map((cell) => ({
          agreement: lookup(agreements, cell.agreement),
          constraints: cell.constraints.map((id) => lookup(constraints, id)),
        })),
      })),
    };
  }

  @Query(() => DomainCoverage, {
    description:
      'Which of the agreements the filter matches cover which domains: a cell for every covered pair, with the number ' +
      "of the agreement's commitments coded with the domain (or under it, with `depth`) and their firmest modality.",
  })
  async domainCoverage(
    @Ctx() ctx: RequestContext,
    @Info() info: ResolveInfo,
    @Arg('filter', () => AgreementFilter, { nullable: true }) filter?: AgreementFilter | null,
    @Arg('depth', () => Int, { nullable: true }) depth?: number | null,
    @Arg('asOf', () => DateTimeScalar, { nullable: true, description: AS_OF_DESCRIPTION }) asOf?: Date | null,
  ): Promise<DomainCoverage> {
    const objects = objectsFor(selectionOf(info), {
      agreements: [agreementCollection, [['agreements'], ['cells', 'agreement']]],
      domains: [domainCollection, [['domains'], ['cells', 'domain']]],
    });
    const result = await runJson<{ agreements: number[]; domains: number[]; cells: [number, number, number, Modality][]; objects: Objects }>(
      ctx,
      domainCoverageSql(filter ?? undefined, checkDepth(depth), objects, viewOf({ asOf })),
    );
    const agreements = dictionary(agreementCollection, result.objects.agreements);
    const domains = dictionary(domainCollection, result.objects.domains);
    return {
      agreements: result.agreements.map((id) => lookup(agreements, id)),
      domains: result.domains.map((id) => lookup(domains, id)),
      cells: result.cells.map(([agreement, domain, count, strongestModality]) => ({
        agreement: lookup(agreements, agreement),
        domain: lookup(domains, domain),
        count,
        strongestModality,
      })),
    };
  }

  @Query(() => [CommitmentGroup], {
    description:
      'The commitments the filter matches, grouped by the dimensions of `groupBy` (in that order of sorting), each ' +
      'group with its count and its money: one sum per currency and basis, never added across them, and counting a ' +
      'commitment once when another one of the same group already contains its amount (`includedIn`). With DOMAIN, ' +
      'a commitment counts in each of its domains (rolled up with `depth`).',
  })
  async commitmentStats(
    @Ctx() ctx: RequestContext,
    @Info() info: ResolveInfo,
    @Arg('groupBy', () => [CommitmentDimension]) groupBy: CommitmentDimension[],
    @Arg('filter', () => CommitmentFilter, { nullable: true }) filter?: CommitmentFilter | null,
    @Arg('depth', () => Int, { nullable: true, description: 'Roll DOMAIN keys up to their ancestor at this depth (roots are 1).' })
    depth?: number | null,
    @Arg('asOf', () => DateTimeScalar, { nullable: true, description: AS_OF_DESCRIPTION }) asOf?: Date | null,
  ): Promise<CommitmentGroup[]> {
    if (groupBy.length === 0) throw new BadUserInputError('groupBy needs at least one dimension', { argument: 'groupBy' });
    refuseRepeats(groupBy, 'groupBy');
    const objects = objectsFor(selectionOf(info), {
      actors: [
        actorCollection,
        [
          ['key', 'provider'],
          ['key', 'beneficiary'],
        ],
      ],
      domains: [domainCollection, [['key', 'domain']]],
      agreements: [agreementCollection, [['key', 'agreement']]],
    });
    type RawKey = Record<'provider' | 'beneficiary' | 'domain' | 'agreement' | 'year', number | null> &
      Record<'kind' | 'modality' | 'stage', string | null>;
    const result = await runJson<{ groups: { key: RawKey; count: number; sums: RawSum[] }[]; objects: Objects }>(
      ctx,
      commitmentStatsSql(filter ?? undefined, groupBy, checkDepth(depth), objects, viewOf({ asOf })),
    );
    const actors = dictionary(actorCollection, result.objects.actors);
    const domains = dictionary(domainCollection, result.objects.domains);
    const agreements = dictionary(agreementCollection, result.objects.agreements);
    const maybe = <T>(objectsById: Dictionary<T>, id: number | null) => (id === null ? null : lookup(objectsById, id));
    return result.groups.map((group) => ({
      key: {
        ...(group.key as Pick<CommitmentGroup['key'], 'kind' | 'modality' | 'stage'> & { year: number | null }),
        provider: maybe(actors, group.key.provider),
        beneficiary: maybe(actors, group.key.beneficiary),
        domain: maybe(domains, group.key.domain),
        agreement: maybe(agreements, group.key.agreement),
      },
      count: group.count,
      sums: group.sums,
    }));
  }

  @Query(() => [SimilarAgreement], {
    description:
      'The agreements most like this one. `score` is the Jaccard similarity of the leaf domains their commitments ' +
      'cover: the domains both cover divided by the domains either covers (1 = the same domains, 0 = none in common). ' +
      'Ties break on the Jaccard similarity of their constraint kinds (`constraintOverlap`), then on slug.',
  })
  async similarAgreements(
    @Ctx() ctx: RequestContext,
    @Info() info: ResolveInfo,
    @Arg('slug', () => String) slug: string,
    @Arg('first', () => Int, { nullable: true, description: `How many (default ${DEFAULT_SIMILAR}, at most ${MAX_PAGE_SIZE}).` })
    first?: number | null,
    @Arg('asOf', () => DateTimeScalar, { nullable: true, description: AS_OF_DESCRIPTION }) asOf?: Date | null,
  ): Promise<SimilarAgreement[]> {
    const count = checkSimilarCount(first);
    const objects = objectsFor(selectionOf(info), {
      agreements: [agreementCollection, [['agreement']]],
      domains: [domainCollection, [['sharedDomains'], ['onlyHere'], ['onlyThere']]],
    });
    const result = await runJson<{
      found: boolean;
      results: { agreement: number; score: number; constraintOverlap: number; sharedDomains: number[]; onlyHere: number[]; onlyThere: number[] }[];
      objects: Objects;
    }>(ctx, similarAgreementsSql(slug, count, objects, viewOf({ asOf })));
    if (!result.found) throw new BadUserInputError(`no agreement has the slug "${slug}"`, { argument: 'slug', unknown: [slug] });
    const agreements = dictionary(agreementCollection, result.objects.agreements);
    const domains = dictionary(domainCollection, result.objects.domains);
    const byId = (ids: number[]) => ids.sort((a, b) => a - b).map((id) => lookup(domains, id));
    return result.results.map((r) => ({
      agreement: lookup(agreements, r.agreement),
      score: r.score,
      constraintOverlap: r.constraintOverlap,
      sharedDomains: byId(r.sharedDomains),
      onlyHere: byId(r.onlyHere),
      onlyThere: byId(r.onlyThere),
    }));
  }

  @Query(() => [TimelineEvent], {
    description:
      'Signature, entry into force and expiry of the agreements the filter matches, by date (then in that order). ' +
      'Expiry is the date a source states, or else entry into force (or signature) plus the duration.',
  })
  async timeline(
    @Ctx() ctx: RequestContext,
    @Info() info: ResolveInfo,
    @Arg('filter', () => AgreementFilter, { nullable: true }) filter?: AgreementFilter | null,
    @Arg('asOf', () => DateTimeScalar, { nullable: true, description: AS_OF_DESCRIPTION }) asOf?: Date | null,
  ): Promise<TimelineEvent[]> {
    const objects = objectsFor(selectionOf(info), { agreements: [agreementCollection, [['agreement']]] });
    const result = await runJson<{ events: [string, TimelineEventKind, number][]; objects: Objects }>(
      ctx,
      timelineSql(filter ?? undefined, objects, viewOf({ asOf })),
    );
    const agreements = dictionary(agreementCollection, result.objects.agreements);
    return result.events.map(([on, kind, agreement]) => ({ on, kind, agreement: lookup(agreements, agreement) }));
  }
}
