import { Arg, Ctx, Query, Resolver } from 'type-graphql';
import { RequestContext } from '../../shared/context/request-context';
import { BadUserInputError } from '../../shared/errors/errors';
import { refuseAstralCharacters } from '../agreement-text/read-document';
import { DomainTerm, DomainTerms } from './domain-terms';
import { Draft, draftCoding, Span } from './draft';
import { DraftNode } from './draft.type';
import { Precedent, PrecedentIndex } from './precedents';

/** Every live hand-coded commitment with its agreement, kind and domains: the precedents a draft learns from. */
const PRECEDENTS_SQL = `SELECT c.key, a.slug AS agreement, c.quote, concat_ws(' ', c.summary, c.locator) AS context, c.kind::text AS kind,
  coalesce(array_agg(d.slug ORDER BY d.slug) FILTER (WHERE d.slug IS NOT NULL), '{}') AS domains
FROM commitment c
JOIN agreement a ON a.id = c.agreement_id
LEFT JOIN commitment_domain cd ON cd.commitment_id = c.id
LEFT JOIN cooperation_domain d ON d.id = cd.domain_id
WHERE c.deleted_at IS NULL AND a.deleted_at IS NULL
GROUP BY c.id, a.slug
ORDER BY c.key`;

/** The leaves of the domain tree (domains no other domain has as parent), by name. */
const DOMAIN_LEAVES_SQL = `SELECT d.slug, d.name FROM cooperation_domain d
WHERE NOT EXISTS (SELECT 1 FROM cooperation_domain child WHERE child.parent_id = d.id)
ORDER BY d.slug`;

/** Puts the characters at each span on it, so a client sees the exact words. */
export function presentDraft(text: string, draft: Draft): DraftNode {
  const words = (span: Span) => ({ ...span, text: text.slice(span.start, span.end) });
  return {
    ...draft,
    provisions: draft.provisions.map((p) => ({
      ...p,
      proposals: p.proposals.map((proposal) => ({
        ...proposal,
        modalityWords: proposal.modalityWords ? words(proposal.modalityWords) : null,
        quoteSpans: proposal.quoteSpans.map(words),
      })),
    })),
  };
}

@Resolver()
export class DraftResolver {
  @Query(() => DraftNode, {
    description:
      "Drafts the coding of an agreement's text from the hand-coded corpus, writing nothing: its provisions (the segmenter of attached texts), which are operative, and for each operative provision the proposed commitments with the words that decide their modality, ranked domains, amounts, provider, beneficiary and the most similar hand-coded commitments. Every offset points into `text` as given.",
  })
  async draftCoding(
    @Ctx() ctx: RequestContext,
    @Arg('text', () => String, { description: 'The whole text as plain UTF-8 (paragraphs separated by blank lines).' }) text: string,
    @Arg('language', () => String, { nullable: true, description: 'ISO 639-1 code of the text’s language.' }) language?: string | null,
    @Arg('title', () => String, { nullable: true }) title?: string | null,
  ): Promise<DraftNode> {
    if (text.trim() === '') throw new BadUserInputError('text is empty: give the words of the agreement to draft', { argument: 'text' });
    refuseAstralCharacters(text, 'the text');
    const rows = await ctx.sql<Precedent>(PRECEDENTS_SQL, []);
    const leaves = await ctx.sql<DomainTerm>(DOMAIN_LEAVES_SQL, []);
    const draft = draftCoding(text, {
      title: title ?? null,
      language: language ?? null,
      precedents: new PrecedentIndex(rows),
      domainTerms: new DomainTerms(leaves),
    });
    return presentDraft(text, draft);
  }
}
