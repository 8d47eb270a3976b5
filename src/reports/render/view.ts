// Format-neutral views of each report kind's data: what the Markdown, CSV and HTML renderers lay out. Pure
// functions from `ReportData.data` (the shape the operations in src/reports/operations define) to plain records.

import { ReportData } from '../report-data';
import { CONSTRAINT_KIND_ORDER, capitalize, formatDate, humanize, moneyText } from './text';

/** A source as an operation returns it (on a commitment, a constraint or an agreement). */
export interface SourceRef {
  key: string;
  title: string;
  publisher?: string | null;
  url?: string | null;
}

/** A label and its value, for the facts block of a brief. */
export interface Fact {
  label: string;
  value: string;
}

/** One commitment of a brief. */
export interface CommitmentView {
  key: string;
  summary: string;
  modality: string;
  kind: string;
  /** `lethal`, `non-lethal` or empty. */
  lethal: string;
  stage: string;
  parties: string;
  /** The amount in words (bound, currency, exact amount), or empty. */
  amountText: string;
  /** Basis and period of the amount in words (`total, period 2024`), or empty. */
  amountDetail: string;
  amount: string;
  currency: string;
  amountBound: string;
  amountBasis: string;
  period: string;
  quote: string;
  quoteOrigin: string;
  locator: string;
  /** The section it goes in: its first domain's parent (or the domain itself at the top). */
  section: string;
  sectionSlug: string;
  /** Its first domain. */
  domain: string;
  domains: string[];
  source: SourceRef | null;
  /** Keys of the constraints that restrict it. */
  constrainedBy: string[];
  /** The path of the provision its quote is in ("Part VIII › 2"), or empty when its text is not loaded. */
  provisionPath: string;
  /** The words around its quote, the quote marked `<mark>…</mark>` (`Commitment.context`), or empty. */
  context: string;
}

/** One constraint, in a brief or in the digest. */
export interface ConstraintView {
  key: string;
  kind: string;
  actor: string;
  actorCode: string;
  agreement: string;
  agreementSlug: string;
  summary: string;
  quote: string;
  quoteOrigin: string;
  locator: string;
  /** The commitments it restricts: key, and summary when the operation gives it. */
  restricts: { key: string; summary: string }[];
  source: SourceRef | null;
}

/** Constraints of one kind, by the party they limit. */
export interface ConstraintGroup {
  kind: string;
  parties: { party: string; constraints: ConstraintView[] }[];
}

/** The brief's comparison with its peers (`compareAgreements`). */
export interface ComparisonView {
  agreements: { slug: string; name: string }[];
  /** Domain × agreement: the strongest modality (and amounts) where covered, `—` where not. */
  rows: { domain: string; cells: string[] }[];
  shared: string[];
  distinctive: { agreement: string; domains: string[] }[];
  /** Constraint kind × agreement: the constraints' keys. */
  constraintRows: { kind: string; cells: string[][] }[];
}

/** An agreement brief, laid out as the founding brief is. */
export interface BriefView {
  slug: string;
  title: string;
  shortTitle: string;
  summary: string;
  facts: Fact[];
  peers: string[];
  commitmentCount: number;
  commitmentTotal: number;
  sections: { name: string; domains: { name: string; commitments: CommitmentView[] }[] }[];
  commitments: CommitmentView[];
  constraints: ConstraintView[];
  constraintGroups: ConstraintGroup[];
  comparison: ComparisonView | null;
}

/** Agreements (rows) by domains (columns), with the domains' groups (their parents), counts and modalities. */
export interface CoverageView {
  agreements: { slug: string; name: string; signedOn: string }[];
  domains: { slug: string; name: string; group: string }[];
  groups: { name: string; domainIndexes: number[] }[];
  /** counts[agreement][domain]: commitments of the agreement in the domain (0 where none). */
  counts: number[][];
  /** modalities[agreement][domain]: the strongest modality there, or null. */
  modalities: (string | null)[][];
  maxCount: number;
}

/** One line of the pledges table: a provider's sum in one currency and basis for one year. */
export interface PledgeRow {
  providerCode: string;
  provider: string;
  /** The year, or null when the amounts carry none. */
  year: number | null;
  currency: string;
  basis: string;
  /** The exact decimal string. */
  amount: string;
  bounds: string[];
  count: number;
}

/** One change of the history, with its fields. */
export interface ChangeView {
  id: string;
  entity: string;
  entityKey: string;
  action: string;
  at: string;
  actor: string;
  fields: { field: string; before: unknown; after: unknown }[];
}

/** Where a source stands in the report's list (1-based), for references like `[3]`. */
export function sourceIndex(report: ReportData): Map<string, number> {
  return new Map(report.sources.map((s, i) => [s.key, i + 1]));
}

function toSource(source: any): SourceRef | null {
  return source ? { key: source.key, title: source.title, publisher: source.publisher ?? null, url: source.url ?? null } : null;
}

function lethalText(lethal: boolean | null | undefined): string {
  return lethal === true ? 'lethal' : lethal === false ? 'non-lethal' : '';
}

/** A constraint from an operation (brief or digest), with its restricted commitments' summaries when known. */
export function constraintView(node: any, summaries: Map<string, string> = new Map()): ConstraintView {
  return {
    key: node.key,
    kind: node.kind,
    actor: node.actor?.name ?? '',
    actorCode: node.actor?.code ?? '',
    agreement: node.agreement?.shortTitle ?? '',
    agreementSlug: node.agreement?.slug ?? '',
    summary: node.summary ?? '',
    quote: node.quote ?? '',
    quoteOrigin: node.quoteOrigin ?? '',
    locator: node.locator ?? '',
    restricts: (node.restricts ?? []).map((r: any) => ({ key: r.key, summary: r.summary ?? summaries.get(r.key) ?? '' })),
    source: toSource(node.source),
  };
}

function commitmentView(node: any, constrainedBy: string[]): CommitmentView {
  const domains: any[] = node.domains ?? [];
  const first = domains[0];
  const section = first ? (first.parent?.name ?? first.name) : 'Other';
  const sectionSlug = first ? (first.parent?.slug ?? first.slug) : '';
  const domain = first ? first.name : 'Unclassified';
  const amount = node.amount?.amount ?? '';
  const currency = node.amount?.currency ?? '';
  const detail = [humanize(node.amountBasis), node.period?.label ? `period ${node.period.label}` : ''].filter(Boolean).join(', ');
  return {
    key: node.key,
    summary: node.summary ?? '',
    modality: node.modality ?? '',
    kind: node.kind ?? '',
    lethal: lethalText(node.lethal),
    stage: node.stage ?? '',
    parties: [node.provider?.code, node.beneficiary?.code].filter(Boolean).join(' → '),
    amountText: amount ? moneyText(amount, currency, node.amountBound) : '',
    amountDetail: amount ? detail : '',
    amount,
    currency,
    amountBound: node.amountBound ?? '',
    amountBasis: node.amountBasis ?? '',
    period: node.period?.label ?? '',
    quote: node.quote ?? '',
    quoteOrigin: node.quoteOrigin ?? '',
    locator: node.locator ?? '',
    section,
    sectionSlug,
    domain,
    domains: domains.map((d) => d.slug),
    source: toSource(node.source),
    constrainedBy,
    provisionPath: node.provision?.path ?? '',
    context: node.context ?? '',
  };
}

/** Groups items by a key, keeping the first appearance's order of the keys and the items' order within each. */
function groupBy<T>(items: T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

function comparisonView(compare: any): ComparisonView | null {
  if (!compare) return null;
  const agreements = (compare.agreements ?? []).map((a: any) => ({ slug: a.slug, name: a.shortTitle ?? a.slug }));
  const names = new Map<string, string>(agreements.map((a: { slug: string; name: string }) => [a.slug, a.name]));
  const cellText = (cell: any): string => {
    if (!cell?.covered) return '—';
    const amounts = (cell.amounts ?? []).map(
      (m: any) =>
        `${moneyText(m.amount, m.currency, (m.bounds ?? []).length === 1 ? m.bounds[0] : null)}${m.basis === 'PER_YEAR' ? ' per year' : ''}`,
    );
    return [humanize(cell.strongestModality) || 'covered', ...amounts].join('; ');
  };
  return {
    agreements,
    rows: (compare.rows ?? []).map((row: any) => ({ domain: row.domain?.name ?? row.domain?.slug ?? '', cells: (row.cells ?? []).map(cellText) })),
    shared: (compare.shared ?? []).map((d: any) => d.name ?? d.slug),
    distinctive: (compare.distinctive ?? []).map((d: any) => ({
      agreement: names.get(d.agreement?.slug) ?? d.agreement?.slug ?? '',
      domains: (d.domains ?? []).map((x: any) => x.name ?? x.slug),
    })),
    constraintRows: (compare.constraintRows ?? []).map((row: any) => ({
      kind: row.kind,
      cells: (row.cells ?? []).map((cell: any) => (cell.constraints ?? []).map((c: any) => String(c.key).replace(/^[^/]*\//, ''))),
    })),
  };
}

/** The order of a brief's sections, as the founding brief has them: security and defence first; others after. */
const SECTION_ORDER = ['security-defence', 'equipment', 'humanitarian', 'economic', 'governance', 'political'];

function sectionRank(slug: string): number {
  const i = SECTION_ORDER.indexOf(slug);
  return i < 0 ? SECTION_ORDER.length : i;
}

/** The view of an `agreement-brief` report. */
export function briefView(report: ReportData): BriefView {
  const agreement = report.data?.agreement ?? {};
  const commitmentNodes: any[] = agreement.commitments?.nodes ?? [];
  const constraintNodes: any[] = agreement.constraints?.nodes ?? [];
  const summaries = new Map<string, string>(commitmentNodes.map((c) => [c.key, c.summary]));
  const restrictedBy = new Map<string, string[]>();
  for (const constraint of constraintNodes) {
    for (const r of constraint.restricts ?? []) restrictedBy.set(r.key, [...(restrictedBy.get(r.key) ?? []), constraint.key]);
  }
  const commitments = commitmentNodes.map((c) => commitmentView(c, restrictedBy.get(c.key) ?? []));
  const constraints = constraintNodes.map((c) =>
    constraintView({ ...c, agreement: c.agreement ?? { slug: agreement.slug, shortTitle: agreement.shortTitle } }, summaries),
  );
  const sections = [...groupBy(commitments, (c) => c.section)]
    .sort(([a, x], [b, y]) => sectionRank(x[0].sectionSlug) - sectionRank(y[0].sectionSlug) || a.localeCompare(b))
    .map(([name, items]) => ({
      name,
      domains: [...groupBy(items, (c) => c.domain)]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([domain, list]) => ({ name: domain, commitments: list })),
    }));
  const comparison = comparisonView(report.data?.compareAgreements);
  const peers = comparison
    ? comparison.agreements.filter((a) => a.slug !== agreement.slug).map((a) => a.name)
    : (report.params.peers ?? []).filter((p) => p !== agreement.slug);

  const parties = (agreement.parties ?? []).map((p: any) => `${p.actor?.name ?? p.actor?.code} (${p.actor?.code}), ${humanize(p.role)}`).join('; ');
  const duration = agreement.durationYears
    ? `${agreement.durationYears} years${agreement.expiresOn ? `, to ${formatDate(agreement.expiresOn)}` : ''}`
    : agreement.expiresOn
      ? `to ${formatDate(agreement.expiresOn)}`
      : 'not stated';
  const framework = agreement.framework
    ? `${agreement.framework.shortTitle ?? agreement.framework.slug}${agreement.framework.signedOn ? `, signed ${formatDate(agreement.framework.signedOn)}` : ''}`
    : 'none recorded';
  const facts: Fact[] = [
    { label: 'Parties', value: parties || 'not recorded' },
    { label: 'Signed', value: agreement.signedOn ? formatDate(agreement.signedOn) : 'not recorded' },
    { label: 'Place', value: agreement.signedPlace || 'not recorded' },
    { label: 'Entry into force', value: agreement.entryIntoForce ? formatDate(agreement.entryIntoForce) : 'not recorded' },
    { label: 'Duration', value: duration },
    { label: 'Expires', value: agreement.expiresOn ? formatDate(agreement.expiresOn) : 'not stated' },
    ...(agreement.terminationNoticeMonths ? [{ label: 'Termination notice', value: `${agreement.terminationNoticeMonths} months` }] : []),
    { label: 'Legal nature', value: capitalize(humanize(agreement.legalNature)) || 'not recorded' },
    { label: 'Kind', value: capitalize(humanize(agreement.kind)) || 'not recorded' },
    { label: 'Status', value: capitalize(humanize(agreement.status)) || 'not recorded' },
    { label: 'Framework', value: framework },
  ];
  return {
    slug: agreement.slug ?? report.params.agreement ?? '',
    title: agreement.title ?? agreement.shortTitle ?? report.title,
    shortTitle: agreement.shortTitle ?? agreement.title ?? '',
    summary: agreement.summary ?? '',
    facts,
    peers,
    commitmentCount: commitments.length,
    commitmentTotal: agreement.commitments?.totalCount ?? commitments.length,
    sections,
    commitments,
    constraints,
    constraintGroups: groupConstraints(constraints),
    comparison,
  };
}

/** The view of a `coverage-matrix` report. */
export function coverageView(report: ReportData): CoverageView {
  const coverage = report.data?.domainCoverage ?? {};
  const agreements = (coverage.agreements ?? []).map((a: any) => ({ slug: a.slug, name: a.shortTitle ?? a.slug, signedOn: a.signedOn ?? '' }));
  const domains = (coverage.domains ?? []).map((d: any) => ({ slug: d.slug, name: d.name ?? d.slug, group: d.parent?.name ?? d.name ?? d.slug }));
  const row = new Map<string, number>(agreements.map((a: { slug: string }, i: number) => [a.slug, i]));
  const column = new Map<string, number>(domains.map((d: { slug: string }, i: number) => [d.slug, i]));
  const counts: number[][] = agreements.map(() => domains.map(() => 0));
  const modalities: (string | null)[][] = agreements.map(() => domains.map(() => null));
  for (const cell of coverage.cells ?? []) {
    const i = row.get(cell.agreement?.slug);
    const j = column.get(cell.domain?.slug);
    if (i === undefined || j === undefined) continue;
    counts[i][j] = cell.count ?? 0;
    modalities[i][j] = cell.strongestModality ?? null;
  }
  const groups = [
    ...groupBy<number>(
      domains.map((_: unknown, j: number) => j),
      (j) => domains[j].group,
    ),
  ].map(([name, domainIndexes]) => ({ name, domainIndexes }));
  return { agreements, domains, groups, counts, modalities, maxCount: Math.max(0, ...counts.flat()) };
}

/** The rows of a `pledges-by-provider` report: one per provider, year, currency and basis, in the API's order. */
export function pledgeRows(report: ReportData): PledgeRow[] {
  const rows: PledgeRow[] = [];
  for (const stat of report.data?.commitmentStats ?? []) {
    for (const sum of stat.sums ?? []) {
      rows.push({
        providerCode: stat.key?.provider?.code ?? '',
        provider: stat.key?.provider?.name ?? stat.key?.provider?.code ?? 'unknown',
        year: stat.key?.year ?? null,
        currency: sum.currency,
        basis: sum.basis,
        amount: String(sum.amount),
        bounds: sum.bounds ?? [],
        count: sum.commitmentCount ?? stat.count ?? 0,
      });
    }
  }
  return rows;
}

/** The pledge rows by currency and basis (amounts in different currencies or bases are never put together). */
export function pledgeCharts(rows: PledgeRow[]): { currency: string; basis: string; rows: PledgeRow[] }[] {
  return [...groupBy(rows, (r) => `${r.currency} ${r.basis}`)]
    .map(([, list]) => ({ currency: list[0].currency, basis: list[0].basis, rows: list }))
    .sort((a, b) => a.currency.localeCompare(b.currency) || a.basis.localeCompare(b.basis));
}

/** A pledge row's year in words. */
export function yearText(year: number | null): string {
  return year === null ? 'no year' : String(year);
}

/** Constraints by kind (the schema's order), then by the party they limit (by name; those of no single party last). */
export function groupConstraints(constraints: ConstraintView[]): ConstraintGroup[] {
  const rank = (kind: string) => {
    const i = CONSTRAINT_KIND_ORDER.indexOf(kind);
    return i < 0 ? CONSTRAINT_KIND_ORDER.length : i;
  };
  return [...groupBy<ConstraintView>(constraints, (c) => c.kind)]
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([kind, list]) => ({
      kind,
      parties: [...groupBy(list, (c) => partyName(c))]
        .sort(([a], [b]) => (a === NO_PARTY ? 1 : 0) - (b === NO_PARTY ? 1 : 0) || a.localeCompare(b))
        .map(([party, items]) => ({ party, constraints: items })),
    }));
}

/** The constraints of a `constraints-digest` report by kind, then by party. */
export function constraintGroups(report: ReportData): ConstraintGroup[] {
  return groupConstraints((report.data?.constraints ?? []).map((c: any) => constraintView(c)));
}

/** The group of constraints that limit no single party. */
export const NO_PARTY = 'No single party (the parties together)';

function partyName(c: ConstraintView): string {
  return c.actor ? `${c.actor} (${c.actorCode})` : NO_PARTY;
}

/** The changes of a `changes-since` report, in the order the API gave them. */
export function changeViews(report: ReportData): ChangeView[] {
  return (report.data?.changes ?? []).map((c: any) => ({
    id: String(c.id ?? ''),
    entity: c.entity ?? '',
    entityKey: String(c.entityKey ?? ''),
    action: c.action ?? '',
    at: c.at ?? '',
    actor: c.actor ?? '',
    fields: (c.changes ?? []).map((f: any) => ({ field: f.field, before: f.before, after: f.after })),
  }));
}
