/**
 * Writes a draft in the import format (a bundle of the seed format: the text's source and the agreement), marked as
 * a draft where the format has room for it: the agreement's and every commitment's `summary` start with "DRAFT",
 * every `locator` ends with "(draft)", and the source's `noUrlReason` says the file was drafted by machine. A
 * reviewer rewrites the summaries and removes the marks; `npm run import -- draft.json --dry-run` validates it.
 */
import { textSha256 } from '../agreement-text/attach-text';
import type { Draft } from './draft';

/** What the draft file needs beyond the draft itself. */
export interface DraftFileOptions {
  agreement: string;
  text: string;
  fileName: string;
  /** A leaf domain to fall back on when no precedent carried one (`domains` needs at least one). */
  fallbackDomain: string;
}

/** The words every drafted summary starts with, so nobody mistakes a draft for reviewed coding. */
export const DRAFT_MARK = 'DRAFT';

/**
 * The draft as a bundle `{ sources, agreements }` of the seed format.
 *
 * @example draftToImport(draft, { agreement: 'lorland-ukraine-2025', text, fileName: 'lorland.txt', fallbackDomain: 'general-materiel' }).agreements[0].slug // 'lorland-ukraine-2025'
 */
export function draftToImport(draft: Draft, options: DraftFileOptions) {
  const sourceKey = `${options.agreement}-draft-text`;
  const language = draft.language ?? 'en';
  const partner = draft.partner;
  const proposals = draft.provisions.flatMap((p) => p.proposals.map((proposal) => ({ provision: p, proposal })));
  const usedKeys = new Map<string, number>();
  const commitments = proposals.map(({ provision, proposal }) => {
    const base = `${options.agreement}/${
      provision.path
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '') || 'text'
    }`;
    const n = (usedKeys.get(base) ?? 0) + 1;
    usedKeys.set(base, n);
    const amount = proposal.amounts[0];
    return {
      key: n === 1 ? base : `${base}-${n}`,
      provider: proposal.provider,
      beneficiary: proposal.beneficiary,
      summary: `${DRAFT_MARK}: proposed ${proposal.kind} commitment (${proposal.modality}), confidence ${proposal.confidence}; to be summarised by the reviewer.`,
      quote: proposal.quote,
      quoteOrigin: 'AGREEMENT_TEXT',
      quoteLanguage: language,
      quoteSpans: proposal.quoteSpans,
      locator: `${provision.path} (draft)`,
      kind: proposal.kind,
      modality: proposal.modality,
      amount: amount ? { amount: amount.amount, currency: amount.currency } : null,
      amountBound: amount ? amount.bound : null,
      amountBasis: amount ? amount.basis : null,
      stage: 'PLEDGED',
      domains: proposal.domains.length > 0 ? proposal.domains.slice(0, 1).map((d) => d.domain) : [options.fallbackDomain],
      mechanisms: [],
      source: sourceKey,
    };
  });
  return {
    sources: [
      {
        key: sourceKey,
        title: draft.title ?? `Text of ${options.agreement}`,
        publisher: null,
        url: null,
        kind: 'OFFICIAL_TEXT',
        reliability: 'HIGH',
        noUrlReason: `${DRAFT_MARK}: machine-drafted from ${options.fileName}; give the publisher's URL when reviewing`,
      },
    ],
    agreements: [
      {
        slug: options.agreement,
        title: draft.title,
        shortTitle: draft.title ?? options.agreement,
        kind: 'BILATERAL_SECURITY_AGREEMENT',
        legalNature: 'NOT_STATED',
        status: 'SIGNED',
        summary: `${DRAFT_MARK}: machine-proposed coding (npm run draft), not reviewed.`,
        parties: [...(partner ? [{ actor: partner, role: 'SUPPORTING_PARTY' }] : []), { actor: 'UA', role: 'RECIPIENT' }],
        sources: [{ source: sourceKey, supports: `${DRAFT_MARK}: the text every proposed commitment quotes` }],
        texts: [{ language, sha256: textSha256(options.text), chars: options.text.length, source: sourceKey, reference: true }],
        commitments,
        constraints: [],
      },
    ],
  };
}
