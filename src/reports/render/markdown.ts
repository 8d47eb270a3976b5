// Markdown: a header line with the as-of time, the kind's body, and a final "Sources" section. Every value from the
// data is escaped (`escapeMarkdown`), so quotes and titles cannot break a table or start markup.

import { ReportData } from '../report-data';
import { escapeMarkdown as md } from './escape';
import { MODALITY_LETTER, MODALITY_ORDER, capitalize, formatDecimal, formatMoment, humanize, paramsText, shortJson, shorten } from './text';
import {
  CommitmentView,
  ConstraintView,
  SourceRef,
  briefView,
  changeViews,
  constraintGroups,
  coverageView,
  pledgeRows,
  sourceIndex,
  yearText,
} from './view';

/**
 * A Markdown table: a header row, a delimiter row and one row per item, every cell escaped (pipes included).
 *
 * @example mdTable(['a'], [['x|y']]) // => '| a |\n| --- |\n| x\\|y |'
 */
export function mdTable(headers: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.map((c) => md(c)).join(' | ')} |`;
  return [line(headers), `| ${headers.map(() => '---').join(' | ')} |`, ...rows.map(line)].join('\n');
}

/** The URL of a source as an autolink when it can be one, else as escaped text. */
function mdUrl(url: string): string {
  return /^https?:\/\/[^\s<>]+$/.test(url) ? `<${url}>` : md(url);
}

/** `Source [3]: _Title_, Publisher` for a source the report lists (else without the number). */
function sourceRef(source: SourceRef | null, index: Map<string, number>): string {
  if (!source) return 'Source not recorded';
  const i = index.get(source.key);
  return `Source${i ? ` [${i}]` : ''}: _${md(source.title)}_${source.publisher ? `, ${md(source.publisher)}` : ''}`;
}

/** The header: title, as-of time, parameters and how many sources it cites. */
function header(report: ReportData): string[] {
  const params = paramsText(report.params as Record<string, unknown>);
  const lines = [
    `# ${md(report.title)}`,
    '',
    `**As of** ${md(formatMoment(report.asOf))} · **Sources cited:** ${report.sources.length}${report.sources.length ? ' (listed at the end)' : ''}`,
  ];
  if (params) lines.push('', `**Parameters:** ${md(params)}`);
  return lines;
}

/** The final "Sources" section: each source numbered, with publisher, URL and key. */
function sourcesSection(report: ReportData): string[] {
  const lines = ['## Sources', ''];
  if (!report.sources.length) {
    lines.push('This report cites no source: it rests on the corpus itself.');
    return lines;
  }
  report.sources.forEach((s, i) => {
    const parts = [md(s.title), s.publisher ? md(s.publisher) : '', s.url ? mdUrl(s.url) : ''].filter(Boolean);
    lines.push(`${i + 1}. ${parts.join('. ')} (key \`${s.key.replace(/`/g, "'")}\`)`);
  });
  return lines;
}

/** A quote in quotation marks with where it comes from: origin, locator and source. */
function quoteLine(quote: string, origin: string, locator: string, source: SourceRef | null, index: Map<string, number>): string {
  const from = [humanize(origin), locator ? md(locator) : ''].filter(Boolean).join(', ');
  return `“${md(quote)}” — ${from ? `${capitalize(from)}. ` : ''}${sourceRef(source, index)}`;
}

function commitmentItem(c: CommitmentView, index: Map<string, number>): string[] {
  const traits = [humanize(c.modality), humanize(c.kind), c.lethal, humanize(c.stage), c.parties].filter(Boolean).map(md).join(' · ');
  const lines = [`- **${md(c.summary)}** (${traits}; \`${c.key}\`)`];
  if (c.amountText) lines.push(`  - Amount: ${md(c.amountText)}${c.amountDetail ? ` (${md(c.amountDetail)})` : ''}`);
  if (c.quote) lines.push(`  - ${quoteLine(c.quote, c.quoteOrigin, c.locator, c.source, index)}`);
  else lines.push(`  - ${sourceRef(c.source, index)}`);
  if (c.provisionPath) lines.push(`  - Provision: ${md(c.provisionPath)}`);
  if (c.constrainedBy.length) lines.push(`  - Limited by: ${c.constrainedBy.map((k) => `\`${k}\``).join(', ')}`);
  return lines;
}

function constraintItem(c: ConstraintView, index: Map<string, number>, withAgreement: boolean): string[] {
  const lines = [`- **${md(c.summary)}** (${[withAgreement ? md(c.agreement) : '', `\`${c.key}\``].filter(Boolean).join('; ')})`];
  if (c.quote) lines.push(`  - ${quoteLine(c.quote, c.quoteOrigin, c.locator, c.source, index)}`);
  else lines.push(`  - ${sourceRef(c.source, index)}`);
  if (c.restricts.length) {
    lines.push(`  - Restricts: ${c.restricts.map((r) => (r.summary ? `${md(shorten(r.summary, 90))} (\`${r.key}\`)` : `\`${r.key}\``)).join('; ')}`);
  }
  return lines;
}

function briefBody(report: ReportData): string[] {
  const view = briefView(report);
  const index = sourceIndex(report);
  const lines: string[] = [
    `## At a glance: ${md(view.shortTitle || view.title)}`,
    '',
    ...view.facts.map((f) => `- **${md(f.label)}:** ${md(f.value)}`),
  ];
  if (view.summary) lines.push('', md(view.summary));
  lines.push('', `**Compared with:** ${view.peers.length ? md(view.peers.join(', ')) : 'no peers'}`);

  const shown = view.commitmentCount < view.commitmentTotal ? ` (the first ${view.commitmentCount} of ${view.commitmentTotal})` : '';
  lines.push('', `## Commitments: ${view.commitmentTotal}${shown}`);
  for (const section of view.sections) {
    lines.push('', `### ${md(section.name)}`);
    for (const domain of section.domains) {
      lines.push('', `#### ${md(domain.name)}`, '');
      for (const c of domain.commitments) lines.push(...commitmentItem(c, index));
    }
  }

  lines.push('', `## Constraints: ${view.constraints.length}`);
  if (!view.constraints.length) lines.push('', 'None recorded.');
  for (const group of view.constraintGroups) {
    for (const party of group.parties) {
      lines.push('', `### ${md(capitalize(humanize(group.kind)))}: ${md(party.party)}`, '');
      for (const c of party.constraints) lines.push(...constraintItem(c, index, false));
    }
  }

  const cmp = view.comparison;
  lines.push('', '## Comparison with peers');
  if (!cmp || !cmp.agreements.length) {
    lines.push('', 'No comparison.');
    return lines;
  }
  lines.push(
    '',
    'Strongest modality of the commitments in each domain (with amounts where stated); — where the agreement has none.',
    '',
    mdTable(
      ['Domain', ...cmp.agreements.map((a) => a.name)],
      cmp.rows.map((r) => [r.domain, ...r.cells]),
    ),
  );
  if (cmp.constraintRows.length) {
    lines.push(
      '',
      'Constraints by kind:',
      '',
      mdTable(
        ['Constraint kind', ...cmp.agreements.map((a) => a.name)],
        cmp.constraintRows.map((r) => [capitalize(humanize(r.kind)), ...r.cells.map((keys) => (keys.length ? keys.join(', ') : '—'))]),
      ),
    );
  }
  lines.push('', `**Shared domains** (in every agreement compared): ${cmp.shared.length ? md(cmp.shared.join(', ')) : 'none'}`, '');
  lines.push('**Distinctive domains** (in one agreement only, among those compared):', '');
  for (const d of cmp.distinctive) lines.push(`- ${md(d.agreement)}: ${d.domains.length ? md(d.domains.join(', ')) : 'none'}`);
  return lines;
}

function coverageBody(report: ReportData): string[] {
  const view = coverageView(report);
  const legend = MODALITY_ORDER.map((m) => `${MODALITY_LETTER[m]} = ${humanize(m)}`).join(', ');
  const lines = [
    `${view.agreements.length} agreements by ${view.domains.length} cooperation domains. Each cell gives the number of commitments in the domain and the letter of their strongest modality (${legend}); an empty cell means none.`,
  ];
  for (const group of view.groups) {
    lines.push('', `## ${md(group.name)}`, '');
    lines.push(
      mdTable(
        ['Agreement', 'Signed', ...group.domainIndexes.map((j) => view.domains[j].name)],
        view.agreements.map((a, i) => [
          a.name,
          a.signedOn,
          ...group.domainIndexes.map((j) =>
            view.counts[i][j] ? `${view.counts[i][j]} ${MODALITY_LETTER[view.modalities[i][j] ?? ''] ?? ''}`.trim() : '',
          ),
        ]),
      ),
    );
  }
  return lines;
}

function pledgesBody(report: ReportData): string[] {
  const rows = pledgeRows(report);
  return [
    'Amounts by provider, year, currency and basis, summed by the analysis rules: never across currencies or bases, and an amount included in another counted once. Amounts are exact; rows in different currencies are never added.',
    '',
    rows.length
      ? mdTable(
          ['Provider', 'Year', 'Currency', 'Basis', 'Amount', 'Bounds', 'Commitments'],
          rows.map((r) => [
            `${r.provider} (${r.providerCode})`,
            yearText(r.year),
            r.currency,
            humanize(r.basis),
            formatDecimal(r.amount),
            r.bounds.map(humanize).join(', '),
            String(r.count),
          ]),
        )
      : 'No amounts.',
  ];
}

function constraintsBody(report: ReportData): string[] {
  const index = sourceIndex(report);
  const groups = constraintGroups(report);
  const total = groups.reduce((n, g) => n + g.parties.reduce((m, p) => m + p.constraints.length, 0), 0);
  const lines = [`${total} constraints, by kind and by the party they limit.`];
  for (const group of groups) {
    lines.push('', `## ${md(capitalize(humanize(group.kind)))}`);
    for (const party of group.parties) {
      lines.push('', `### ${md(party.party)}`, '');
      for (const c of party.constraints) lines.push(...constraintItem(c, index, true));
    }
  }
  return lines;
}

function changesBody(report: ReportData): string[] {
  const changes = changeViews(report);
  const since = report.params.since ? ` since ${md(formatMoment(report.params.since))}` : '';
  return [
    `${changes.length} changes${since}, oldest first. Values are JSON, shortened to about 80 characters.`,
    '',
    changes.length
      ? mdTable(
          ['#', 'Time', 'Action', 'Entity', 'Key', 'Actor', 'Fields changed'],
          changes.map((c) => [
            c.id,
            c.at,
            c.action,
            c.entity,
            c.entityKey,
            c.actor,
            c.fields.map((f) => `${f.field}: ${shortJson(f.before)} → ${shortJson(f.after)}`).join('; '),
          ]),
        )
      : 'No changes.',
  ];
}

/** A report as Markdown. */
export function renderMarkdown(report: ReportData): string {
  const body = {
    'agreement-brief': briefBody,
    'coverage-matrix': coverageBody,
    'pledges-by-provider': pledgesBody,
    'constraints-digest': constraintsBody,
    'changes-since': changesBody,
  }[report.kind](report);
  return `${[...header(report), '', ...body, '', ...sourcesSection(report)].join('\n')}\n`;
}
