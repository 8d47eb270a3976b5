import { Arg, Ctx, FieldResolver, Float, Info, Int, Query, Resolver, Root } from 'type-graphql';
import { RequestContext } from '../../shared/context/request-context';
import { BadUserInputError } from '../../shared/errors/errors';
import { checkMinScore, DEFAULT_MIN_SCORE, DEFAULT_SIMILAR_PROVISIONS } from './text-reuse.args';
import { embedKey } from '../../shared/list-query/embed';
import { MAX_PAGE_SIZE } from '../../shared/list-query/pagination';
import { ResolveInfo, selectionOf } from '../../shared/list-query/selection';
import { agreementCollection } from '../agreement/agreement.collection';
import { dictionary, lookup } from '../analysis/analysis.stitch';
import { objectsFor, runJson } from '../analysis/analysis.resolver';
import { provisionCollection } from '../provision/provision.collection';
import { ProvisionNode } from '../provision/provision.type';
import { similarProvisionsSql, textReuseSql } from './text-reuse.sql';
import { ProvisionSimilarity, SCORE_MEANING, TextReuse } from './text-reuse.type';

type RawRows = Record<string, unknown>[];

@Resolver(() => ProvisionNode)
export class TextReuseResolver {
  @FieldResolver(() => [ProvisionSimilarity], {
    description:
      'The leaf provisions of other agreements (any text) that reuse most of its words, best first (ties: more shingles shared, then id), ' +
      `each scoring at least \`minScore\` (default ${DEFAULT_MIN_SCORE}). Batched: one statement for all the provisions of a list. ${SCORE_MEANING}`,
  })
  similar(
    @Root() provision: ProvisionNode,
    @Ctx() ctx: RequestContext,
    @Info() info: ResolveInfo,
    @Arg('first', () => Int, { nullable: true, description: `How many (default ${DEFAULT_SIMILAR_PROVISIONS}, at most ${MAX_PAGE_SIZE}).` })
    first?: number | null,
    @Arg('minScore', () => Float, { nullable: true }) minScore?: number | null,
  ): Promise<ProvisionSimilarity[]> {
    const count = first ?? DEFAULT_SIMILAR_PROVISIONS;
    if (count < 1 || count > MAX_PAGE_SIZE)
      throw new BadUserInputError(`first must be between 1 and ${MAX_PAGE_SIZE}; got ${count}`, { argument: 'first' });
    const threshold = checkMinScore(minScore);
    const selection = selectionOf(info);
    const below = selection.fields.get('provision');
    const key = `Provision.similar:${count}:${threshold}:${[...(below?.fields.keys() ?? [])].sort().join()}:${below ? embedKey(provisionCollection, below) : ''}`;
    const loader = ctx.loaders.get<number, ProvisionSimilarity[]>(key, async (ids) => {
      const objects = objectsFor(selection, { provisions: [provisionCollection, [['provision']]] });
      const result = await runJson<{ results: [number, number, number, number][]; objects: { provisions?: RawRows } }>(
        ctx,
        similarProvisionsSql(ids, count, threshold, objects),
      );
      const provisions = dictionary(provisionCollection, result.objects.provisions);
      const byProvision = new Map<number, ProvisionSimilarity[]>();
      for (const [id, match, score, shared] of result.results) {
        const list = byProvision.get(id) ?? [];
        list.push({ provision: lookup(provisions, match), score, sharedShingles: shared });
        byProvision.set(id, list);
      }
      return ids.map((id) => byProvision.get(id) ?? []);
    });
    return loader.load(provision.id);
  }

  @Query(() => TextReuse, {
    description:
      'Which earlier agreements this one borrowed its words from, and how much: each leaf provision of its reference text with its closest ' +
      'match in the reference text of an agreement signed strictly earlier, and per earlier agreement the provisions borrowed and the share ' +
      `of the text. \`minScore\` (default ${DEFAULT_MIN_SCORE}) is the score a closest match needs to count as reuse. One SQL statement. ${SCORE_MEANING}`,
  })
  async textReuse(
    @Ctx() ctx: RequestContext,
    @Info() info: ResolveInfo,
    @Arg('slug', () => String) slug: string,
    @Arg('minScore', () => Float, { nullable: true }) minScore?: number | null,
  ): Promise<TextReuse> {
    const threshold = checkMinScore(minScore);
    const objects = objectsFor(selectionOf(info), {
      agreements: [agreementCollection, [['agreement'], ['from', 'agreement']]],
      provisions: [
        provisionCollection,
        [
          ['provisions', 'provision'],
          ['provisions', 'match'],
        ],
      ],
    });
    const result = await runJson<{
      found: boolean;
      agreement: number;
      provisions: [number, number | null, number, number, number, number][];
      from: [number, number, number, number][];
      chars: number;
      objects: { agreements?: RawRows; provisions?: RawRows };
    }>(ctx, textReuseSql(slug, threshold, objects));
    if (!result.found) throw new BadUserInputError(`no agreement has the slug "${slug}"`, { argument: 'slug', unknown: [slug] });
    const agreements = dictionary(agreementCollection, result.objects.agreements);
    const provisions = dictionary(provisionCollection, result.objects.provisions);
    const from = result.from.map(([agreement, count, share, chars]) => ({
      agreement: lookup(agreements, agreement),
      provisions: count,
      share,
      chars,
    }));
    return {
      agreement: lookup(agreements, result.agreement),
      minScore: threshold,
      provisions: result.provisions.map(([id, match, score, reused, chars, shingles]) => ({
        provision: lookup(provisions, id),
        match: match === null ? null : lookup(provisions, match),
        score,
        reusedShare: reused,
        chars,
        shingles,
      })),
      from,
      share: from.reduce((sum, source) => sum + source.share, 0),
      chars: Number(result.chars),
    };
  }
}
