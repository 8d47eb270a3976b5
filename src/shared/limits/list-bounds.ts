/**
 * The most agreements compareAgreements takes, and how many similarAgreements returns by default: sizes of lists the
 * node limit counts, so they are declared here, below the analysis resolver that enforces them (analysis.args.ts).
 */
export const COMPARE_MAX_AGREEMENTS = 10;
export const DEFAULT_SIMILAR = 5;
/** How many similar provisions `Provision.similar` returns by default (text-reuse.args.ts re-exports it). */
export const DEFAULT_SIMILAR_PROVISIONS = 5;

/**
 * A fixed bound, or the length of a list argument of the nearest field above that takes it (capped at `max`, which
 * also stands when the length is unknown).
 */
export type ListBound = number | { argument: string; max: number };

/** One per agreement that compareAgreements compares. */
const PER_SLUG: ListBound = { argument: 'slugs', max: COMPARE_MAX_AGREEMENTS };

/**
 * How many objects a list field that is not a connection is counted for, per parent object, when the node limit
 * (node-count.ts) sizes a query. A connection is sized by its `first`/`last`; these lists take no page arguments, so
 * each has a bound of its own: the size its data model makes reasonable, with room above the seed corpus (whose largest
 * value is given in brackets). A list that grows past its bound is still returned whole: the bound sizes the query,
 * it does not cut the answer. Lists of scalars and enums are not nodes and count nothing.
 *
 * Every such list of the schema is listed here (a unit test checks it), so a new one gets a deliberate bound.
 */
export const LIST_BOUNDS: Readonly<Record<string, ListBound>> = {
  // The roots of the domain tree (5), or the children of `under`.
  'Query.domains': 20,
  // One group per key: at most about one per commitment and domain (groups of the corpus: up to about 400).
  'Query.commitmentStats': 1_000,
  // Up to three events (signed, in force, expires) per agreement, for up to 100 agreements.
  'Query.timeline': 300,
  // Sized by its `first` when given; this is its default.
  'Query.similarAgreements': DEFAULT_SIMILAR,
  'Query.reportSchedules': 100,
  'Query.apiTokens': 100,
  // Rows of the reference collections and per-row associations.
  'Agreement.parties': 30, // [24]
  'Agreement.domains': 100, // the domains its commitments serve [31]
  'Agreement.sources': 30, // [19]
  'Commitment.domains': 10, // [7]
  'Commitment.mechanisms': 10, // [7]
  'Commitment.restrictedBy': 10, // [3]
  'Commitment.corroboratedBy': 5, // [2]: sources reporting the same undertaking besides the quote's
  'Constraint.restricts': 20, // [12]
  'Constraint.corroboratedBy': 5, // [0]
  'CooperationDomain.children': 20, // [17]
  'CooperationDomain.mappings': 10,
  'Mechanism.children': 30, // [21]
  // A row's versions grow with its edits: longer histories read through the `history` connection.
  'Actor.history': 20,
  'Agreement.history': 20,
  'Commitment.history': 20,
  'Source.history': 20,
  'Constraint.history': 20,
  'CooperationDomain.history': 20,
  'Mechanism.history': 20,
  'AgreementText.history': 20,
  'HistoryEntry.changes': 30, // one per column
  // Texts and provisions (issue 15): language versions and their revisions; a provision's children (the most
  // under one provision in the 26 official texts: 30); the spans of one quote (one, or a few where it skips words).
  'Agreement.texts': 10,
  'Provision.children': 50,
  // draftCoding: the provisions of one text [295], the sentences proposed per provision, and per proposal what the
  // drafter caps (5 domains, 5 precedents) or a sentence holds (quote spans, sums). A whole draft counts about 28,000.
  'Draft.provisions': 400,
  'DraftProvision.proposals': 5,
  'DraftProposal.domains': 5,
  'DraftProposal.precedents': 5,
  'DraftProposal.amounts': 2,
  'DraftProposal.quoteSpans': 1,
  'Commitment.quoteSpans': 5,
  'Constraint.quoteSpans': 5,
  // compareAgreements: one per agreement compared (its `slugs`, 2 to 10); a row per domain; a constraint row per
  // constraint kind (9).
  'AgreementComparison.agreements': PER_SLUG,
  'AgreementComparison.rows': 100,
  'AgreementComparison.shared': 100,
  'AgreementComparison.distinctive': PER_SLUG,
  'AgreementComparison.constraintRows': 10,
  'ComparisonRow.cells': PER_SLUG,
  'ComparisonCell.commitments': 20, // an agreement's commitments in one domain
  'ComparisonCell.amounts': 5, // one per currency and basis
  'DistinctiveDomains.domains': 100,
  'ConstraintComparisonRow.cells': PER_SLUG,
  'ConstraintComparisonCell.constraints': 5, // an agreement's constraints of one kind [agreements have at most 5]
  // domainCoverage: a cell per covered (agreement, domain) pair.
  'DomainCoverage.agreements': 100,
  'DomainCoverage.domains': 100,
  'DomainCoverage.cells': 10_000,
  'CommitmentGroup.sums': 10, // one per currency and basis, across agreements
  // The domain lists of each similar agreement: bounded by the domain tree.
  'SimilarAgreement.sharedDomains': 100,
  'SimilarAgreement.onlyHere': 100,
  'SimilarAgreement.onlyThere': 100,
  // Text reuse: the similar provisions of one provision, sized by its `first` when given (this is its default); the
  // leaf provisions of one reference text [254, Poland], and the earlier agreements it borrowed from [24].
  'Provision.similar': DEFAULT_SIMILAR_PROVISIONS,
  'TextReuse.provisions': 400,
  'TextReuse.from': 50,
};

/**
 * The reference collections: small, curated trees (63 domains and 29 mechanisms in the corpus). Lists of them nested
 * in one another (`domains { children { children } }`) count, at each level, no more than this for each object above
 * the first of them (node-count.ts): a tree does not repeat its nodes.
 */
export const COLLECTION_SIZES: Readonly<Record<string, number>> = {
  CooperationDomain: 100,
  Mechanism: 100,
};

/** The bound of a list the table does not name (none in the schema today: the unit test keeps it so). */
export const DEFAULT_LIST_BOUND = 20;

/** The bound of `typeName.fieldName`, given the lengths of the list arguments of the fields above it. */
export function listBound(typeName: string, fieldName: string, listLengths: Readonly<Record<string, number>> = {}): number {
  const bound = LIST_BOUNDS[`${typeName}.${fieldName}`] ?? DEFAULT_LIST_BOUND;
  if (typeof bound === 'number') return bound;
  const length = listLengths[bound.argument];
  return length === undefined ? bound.max : Math.min(length, bound.max);
}
