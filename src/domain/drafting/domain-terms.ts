/**
 * Keyword priors from the domain taxonomy (seeds/domains.json): a proposal whose own words name a leaf domain
 * ("sanctions", "demining", "air defence") leans towards it. The words are the leaves' names, the taxonomy's own
 * wording, never learned from the coded commitments, so the leave-one-agreement-out evaluation stays strict.
 */
import { stems } from './precedents';

/** A leaf of the domain tree, as the drafter needs it. */
export interface DomainTerm {
  slug: string;
  name: string;
}

/** Words of names that say nothing about which domain is meant ("Military assistance funding" is about funding). */
const GENERIC = new Set(['military', 'milita', 'cooper', 'suppor', 'securi', 'sector', 'named', 'area', 'capabi', 'system', 'condit', 'living']);

/** A name's distinctive stems: "Weapons-stockpile control" → ['weapon', 'stockp', 'contro']; parentheses dropped. */
function nameStems(name: string): string[] {
  return [...new Set(stems(name.replace(/\([^)]*\)/gu, ' ')))].filter((stem) => !GENERIC.has(stem));
}

/** The leaves' name stems, for look-ups of the share of a leaf's name a proposal's words contain. */
export class DomainTerms {
  private readonly terms: { slug: string; stems: string[] }[];

  constructor(leaves: DomainTerm[]) {
    this.terms = leaves.map((leaf) => ({ slug: leaf.slug, stems: nameStems(leaf.name) })).filter((t) => t.stems.length > 0);
  }

  /**
   * For each leaf whose name the words contain in part, the share of its distinctive name stems they contain.
   *
   * @example new DomainTerms([{ slug: 'demining', name: 'Demining' }]).named('Support for demining') // Map { 'demining' => 1 }
   */
  named(words: string): Map<string, number> {
    const present = new Set(stems(words));
    const shares = new Map<string, number>();
    for (const term of this.terms) {
      const found = term.stems.filter((stem) => present.has(stem)).length;
      if (found > 0) shares.set(term.slug, found / term.stems.length);
    }
    return shares;
  }
}
