// HTML: one self-contained, printable page. Inline CSS (with print rules), charts as inline SVG drawn here, no
// scripts, nothing loaded from anywhere (no `src=`, `<link`, `@import` or `url(`), and no external link: source URLs
// are printed as text. Every value from the data is HTML-escaped.

import { ReportData } from '../report-data';
import { escapeHtml as e, markedContextHtml } from './escape';
import { countColor, heatMap, horizontalBars, inkOn } from './svg';
import {
  MODALITY_LETTER,
  MODALITY_ORDER,
  capitalize,
  formatDate,
  formatDecimal,
  formatMoment,
  humanize,
  paramsText,
  shortJson,
  shorten,
} from './text';
import {
  CommitmentView,
  ConstraintView,
  SourceRef,
  briefView,
  changeViews,
  constraintGroups,
  coverageView,
  pledgeCharts,
  pledgeRows,
  sourceIndex,
  yearText,
} from './view';

/** The page's style sheet: plain, readable on screen, and with print rules (no fonts or images to fetch). */
export const STYLE = `
:root { color-scheme: light; }
body { font: 14px/1.45 Georgia, "Times New Roman", serif; color: #1a1a1a; background: #ffffff; margin: 2rem auto; max-width: 76rem; padding: 0 1.25rem; }
h1 { font-size: 1.6rem; margin: 0 0 .4rem; }
h2 { font-size: 1.3rem; margin: 1.8rem 0 .6rem; border-bottom: 1px solid #cccccc; padding-bottom: .2rem; }
h3 { font-size: 1.1rem; margin: 1.3rem 0 .4rem; }
h4 { font-size: 1rem; margin: 1rem 0 .3rem; color: #333333; }
p, li { margin: .3rem 0; }
.meta { color: #444444; font-size: 13px; margin: .2rem 0; }
.lead { font-size: 15px; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: .6rem 0 1rem; }
dl.facts dt { font-weight: bold; }
dl.facts dd { margin: 0; }
ul.items { list-style: none; padding-left: 0; }
ul.items > li { margin: .5rem 0 .9rem; padding-left: .8rem; border-left: 3px solid #deebf7; }
.traits { color: #444444; font-size: 12px; }
.amount { font-variant-numeric: tabular-nums; }
blockquote { margin: .3rem 0 .2rem; padding: 0 0 0 .7rem; border-left: 3px solid #9ecae1; font-style: italic; }
.cite, .limits { color: #555555; font-size: 12px; }
.context { color: #333333; font-size: 12px; } .context mark { background: #fff3b0; }
code, .key { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 11px; color: #444444; }
.url { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 11px; word-break: break-all; color: #333333; }
.wide { overflow-x: auto; }
table { border-collapse: collapse; margin: .4rem 0 1rem; font-size: 12px; }
th, td { border: 1px solid #cccccc; padding: 2px 6px; vertical-align: top; text-align: left; }
thead th { background: #f0f0f0; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.none { color: #999999; text-align: center; }
table.matrix td { text-align: center; min-width: 1.6rem; }
table.matrix th.agreement { white-space: nowrap; }
figure { margin: 1rem 0; }
figcaption { font-weight: bold; margin-bottom: .3rem; }
svg.chart { max-width: 100%; height: auto; }
ol.sources li { margin: .35rem 0; }
footer { margin-top: 2rem; color: #666666; font-size: 12px; }
@page { margin: 14mm; }
@media print {
  body { margin: 0; max-width: none; padding: 0; font-size: 10pt; }
  .wide { overflow: visible; }
  h2, h3, h4 { break-after: avoid; }
  figure, tr, ul.items > li, ol.sources li { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  table { font-size: 8pt; }
}
`;

/**
 * An HTML table, every header and cell escaped. `numeric` marks the columns to align right.
 *
 * @example htmlTable(['a'], [['<b>']]) // contains '<td>&lt;b&gt;</td>'
 */
export function htmlTable(headers: string[], rows: string[][], options: { numeric?: number[]; className?: string } = {}): string {
  const numeric = new Set(options.numeric ?? []);
  const cls = (i: number) => (numeric.has(i) ? ' class="num"' : '');
  return [
    `<div class="wide"><table${options.className ? ` class="${e(options.className)}"` : ''}>`,
    `<thead><tr>${headers.map((h, i) => `<th${cls(i)}>${e(h)}</th>`).join('')}</tr></thead>`,
    '<tbody>',
    ...rows.map((row) => `<tr>${row.map((c, i) => `<td${cls(i)}>${e(c)}</td>`).join('')}</tr>`),
    '</tbody></table></div>',
  ].join('\n');
}

/** `Source [3]: Title, Publisher`, the number linked to the list at the end (within the page). */
function sourceRef(source: SourceRef | null, index: Map<string, number>): string {
  if (!source) return 'Source not recorded';
  const i = index.get(source.key);
  return `Source${i ? ` <a href="#source-${i}">[${i}]</a>` : ''}: <cite>${e(source.title)}</cite>${source.publisher ? `, ${e(source.publisher)}` : ''}`;
}

/** A quote as a blockquote in quotation marks, with its origin, locator and source underneath. */
function quoteBlock(quote: string, origin: string, locator: string, source: SourceRef | null, index: Map<string, number>): string {
  const from = [humanize(origin), locator].filter(Boolean).join(', ');
  const q = quote ? `<blockquote>“${e(quote)}”</blockquote>\n` : '';
  return `${q}<div class="cite">${from ? `${e(capitalize(from))}. ` : ''}${sourceRef(source, index)}</div>`;
}

function commitmentItem(c: CommitmentView, index: Map<string, number>): string {
  const traits = [humanize(c.modality), humanize(c.kind), c.lethal, humanize(c.stage), c.parties].filter(Boolean).map(e).join(' · ');
  return [
    `<li id="${e(`commitment-${c.key}`)}"><strong>${e(c.summary)}</strong>`,
    `<div class="traits">${traits} · <span class="key">${e(c.key)}</span></div>`,
    c.amountText ? `<div class="amount">Amount: <strong>${e(c.amountText)}</strong>${c.amountDetail ? ` (${e(c.amountDetail)})` : ''}</div>` : '',
    quoteBlock(c.quote, c.quoteOrigin, c.locator, c.source, index),
    c.provisionPath ? `<div class="cite">Provision: <span class="path">${e(c.provisionPath)}</span></div>` : '',
    c.context ? `<div class="context">In context: ${markedContextHtml(c.context)}</div>` : '',
    c.constrainedBy.length
      ? `<div class="limits">Limited by: ${c.constrainedBy.map((k) => `<span class="key">${e(k)}</span>`).join(', ')}</div>`
      : '',
    '</li>',
  ]
    .filter(Boolean)
    .join('\n');
}

function constraintItem(c: ConstraintView, index: Map<string, number>, withAgreement: boolean): string {
  const restricts = c.restricts.length
    ? `<div class="limits">Restricts: ${c.restricts.map((r) => (r.summary ? `${e(shorten(r.summary, 90))} (<span class="key">${e(r.key)}</span>)` : `<span class="key">${e(r.key)}</span>`)).join('; ')}</div>`
    : '';
  const what = [withAgreement && c.agreement ? e(c.agreement) : '', `<span class="key">${e(c.key)}</span>`].filter(Boolean).join(' · ');
  return [
    `<li><strong>${e(c.summary)}</strong>`,
    `<div class="traits">${what}</div>`,
    quoteBlock(c.quote, c.quoteOrigin, c.locator, c.source, index),
    restricts,
    '</li>',
  ]
    .filter(Boolean)
    .join('\n');
}

function briefBody(report: ReportData): string {
  const view = briefView(report);
  const index = sourceIndex(report);
  const out: string[] = [`<h2>At a glance: ${e(view.shortTitle || view.title)}</h2>`, '<dl class="facts">'];
  for (const f of view.facts) out.push(`<dt>${e(f.label)}</dt><dd>${e(f.value)}</dd>`);
  out.push('</dl>');
  if (view.summary) out.push(`<p class="lead">${e(view.summary)}</p>`);
  out.push(`<p><strong>Compared with:</strong> ${view.peers.length ? e(view.peers.join(', ')) : 'no peers'}</p>`);

  const shown = view.commitmentCount < view.commitmentTotal ? ` (the first ${view.commitmentCount} of ${view.commitmentTotal})` : '';
  out.push(`<h2>Commitments: ${view.commitmentTotal}${shown}</h2>`);
  for (const section of view.sections) {
    out.push(`<h3>${e(section.name)}</h3>`);
    for (const domain of section.domains) {
      out.push(`<h4>${e(domain.name)}</h4>`, '<ul class="items">', ...domain.commitments.map((c) => commitmentItem(c, index)), '</ul>');
    }
  }

  out.push(`<h2>Constraints: ${view.constraints.length}</h2>`);
  if (!view.constraints.length) out.push('<p>None recorded.</p>');
  for (const group of view.constraintGroups) {
    for (const party of group.parties) {
      out.push(
        `<h3>${e(capitalize(humanize(group.kind)))}: ${e(party.party)}</h3>`,
        '<ul class="items">',
        ...party.constraints.map((c) => constraintItem(c, index, false)),
        '</ul>',
      );
    }
  }

  out.push('<h2>Comparison with peers</h2>');
  const cmp = view.comparison;
  if (!cmp || !cmp.agreements.length) {
    out.push('<p>No comparison.</p>');
    return out.join('\n');
  }
  out.push(
    '<p>Strongest modality of the commitments in each domain (with amounts where stated); — where the agreement has none.</p>',
    htmlTable(
      ['Domain', ...cmp.agreements.map((a) => a.name)],
      cmp.rows.map((r) => [r.domain, ...r.cells]),
    ),
  );
  if (cmp.constraintRows.length) {
    out.push(
      '<p>Constraints by kind:</p>',
      htmlTable(
        ['Constraint kind', ...cmp.agreements.map((a) => a.name)],
        cmp.constraintRows.map((r) => [capitalize(humanize(r.kind)), ...r.cells.map((keys) => (keys.length ? keys.join(', ') : '—'))]),
      ),
    );
  }
  out.push(`<p><strong>Shared domains</strong> (in every agreement compared): ${cmp.shared.length ? e(cmp.shared.join(', ')) : 'none'}</p>`);
  out.push('<p><strong>Distinctive domains</strong> (in one agreement only, among those compared):</p>', '<ul>');
  for (const d of cmp.distinctive) out.push(`<li>${e(d.agreement)}: ${d.domains.length ? e(d.domains.join(', ')) : 'none'}</li>`);
  out.push('</ul>');
  return out.join('\n');
}

function coverageBody(report: ReportData): string {
  const view = coverageView(report);
  const out: string[] = [
    `<p>${view.agreements.length} agreements by ${view.domains.length} cooperation domains: the number of commitments of each agreement in each domain.</p>`,
  ];
  // The heat map's columns in group order, with the groups named under the grid.
  const order = view.groups.flatMap((g) => g.domainIndexes);
  let start = 0;
  const columnGroups = view.groups.map((g) => {
    const group = { label: g.name, start, end: start + g.domainIndexes.length };
    start = group.end;
    return group;
  });
  out.push(
    '<figure>',
    '<figcaption>Commitments by agreement and domain</figcaption>',
    '<div class="wide">',
    heatMap({
      title: 'Coverage matrix: commitments by agreement (rows) and cooperation domain (columns)',
      rowLabels: view.agreements.map((a) => a.name),
      columnLabels: order.map((j) => view.domains[j].name),
      values: view.counts.map((row) => order.map((j) => row[j])),
      columnGroups,
      valueName: 'commitments',
    }),
    '</div>',
    '</figure>',
  );
  const legend = MODALITY_ORDER.map((m) => `${MODALITY_LETTER[m]} = ${humanize(m)}`).join(', ');
  out.push(`<p>In the tables, each cell gives the number of commitments and the letter of their strongest modality (${e(legend)}).</p>`);
  for (const group of view.groups) {
    out.push(`<h2>${e(group.name)}</h2>`, '<div class="wide"><table class="matrix">');
    out.push(
      `<thead><tr><th>Agreement</th>${group.domainIndexes.map((j) => `<th>${e(view.domains[j].name)}</th>`).join('')}</tr></thead>`,
      '<tbody>',
    );
    view.agreements.forEach((a, i) => {
      const cells = group.domainIndexes.map((j) => {
        const count = view.counts[i][j];
        if (!count) return '<td></td>';
        const fill = countColor(count, view.maxCount);
        const modality = view.modalities[i][j];
        return `<td style="background:${fill};color:${inkOn(fill)}" title="${e(`${count}, ${humanize(modality)}`)}">${count} ${e(MODALITY_LETTER[modality ?? ''] ?? '')}</td>`;
      });
      out.push(`<tr><th class="agreement">${e(a.name)}</th>${cells.join('')}</tr>`);
    });
    out.push('</tbody></table></div>');
  }
  return out.join('\n');
}

/** The text of a pledge amount on a bar: exact, with its currency and bounds. */
function barLabel(amount: string, currency: string, bounds: string[]): string {
  const bounded = bounds.filter((b) => b !== 'EXACT');
  return `${currency} ${formatDecimal(amount)}${bounded.length ? ` (${bounds.map(humanize).join(', ')})` : ''}`;
}

function pledgesBody(report: ReportData): string {
  const rows = pledgeRows(report);
  const out: string[] = [
    '<p>Amounts by provider, year, currency and basis, summed by the analysis rules: never across currencies or bases, and an amount included in another counted once. Amounts are exact; rows in different currencies are never added.</p>',
  ];
  if (!rows.length) return `${out.join('\n')}\n<p>No amounts.</p>`;
  out.push(
    htmlTable(
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
      { numeric: [4, 6] },
    ),
    '<h2>Charts by currency and basis</h2>',
    '<p>One chart per currency and basis, one bar per provider and year; lengths compare amounts within a chart only.</p>',
  );
  const label = (r: (typeof rows)[number]) => `${r.provider} ${r.year ?? '(no year)'}`;
  const labelChars = Math.max(...rows.map((r) => [...label(r)].length));
  for (const chart of pledgeCharts(rows)) {
    const caption = `${chart.currency}, ${humanize(chart.basis)}`;
    out.push(
      '<figure>',
      `<figcaption>${e(caption)}</figcaption>`,
      '<div class="wide">',
      horizontalBars({
        title: `Pledges in ${caption}, by provider and year`,
        labelChars,
        bars: chart.rows.map((r) => ({
          label: label(r),
          value: Number(r.amount),
          valueLabel: barLabel(r.amount, r.currency, r.bounds),
        })),
      }),
      '</div>',
      '</figure>',
    );
  }
  return out.join('\n');
}

function constraintsBody(report: ReportData): string {
  const index = sourceIndex(report);
  const groups = constraintGroups(report);
  const total = groups.reduce((n, g) => n + g.parties.reduce((m, p) => m + p.constraints.length, 0), 0);
  const out = [`<p>${total} constraints, by kind and by the party they limit.</p>`];
  for (const group of groups) {
    out.push(`<h2>${e(capitalize(humanize(group.kind)))}</h2>`);
    for (const party of group.parties) {
      out.push(`<h3>${e(party.party)}</h3>`, '<ul class="items">', ...party.constraints.map((c) => constraintItem(c, index, true)), '</ul>');
    }
  }
  return out.join('\n');
}

function changesBody(report: ReportData): string {
  const changes = changeViews(report);
  const since = report.params.since ? ` since ${e(formatMoment(report.params.since))}` : '';
  const out = [`<p>${changes.length} changes${since}, oldest first. Values are JSON, shortened to about 80 characters.</p>`];
  if (!changes.length) return `${out.join('\n')}\n<p>No changes.</p>`;
  out.push(
    '<div class="wide"><table>',
    '<thead><tr><th>#</th><th>Time</th><th>Action</th><th>Entity</th><th>Key</th><th>Actor</th><th>Fields changed</th></tr></thead>',
    '<tbody>',
  );
  for (const c of changes) {
    const fields = c.fields.length
      ? c.fields.map((f) => `<div><span class="key">${e(f.field)}</span>: ${e(shortJson(f.before))} → ${e(shortJson(f.after))}</div>`).join('')
      : '';
    out.push(
      `<tr><td class="num">${e(c.id)}</td><td>${e(c.at)}</td><td>${e(c.action)}</td><td>${e(c.entity)}</td><td>${e(c.entityKey)}</td><td>${e(c.actor)}</td><td>${fields}</td></tr>`,
    );
  }
  out.push('</tbody></table></div>');
  return out.join('\n');
}

/** The final "Sources" section: each source numbered (the target of `[n]`), with publisher, URL (as text) and key. */
function sourcesSection(report: ReportData): string {
  if (!report.sources.length)
    return '<section class="sources"><h2>Sources</h2>\n<p>This report cites no source: it rests on the corpus itself.</p></section>';
  const items = report.sources.map(
    (s, i) =>
      `<li id="source-${i + 1}"><span class="title">${e(s.title)}</span>${s.publisher ? `. <span class="publisher">${e(s.publisher)}</span>` : ''}${s.url ? `. <span class="url">${e(s.url)}</span>` : ''} <span class="key">(${e(s.key)})</span></li>`,
  );
  return ['<section class="sources"><h2>Sources</h2>', '<ol class="sources">', ...items, '</ol></section>'].join('\n');
}

/** A report as one self-contained HTML page. */
export function renderHtml(report: ReportData): string {
  const body = {
    'agreement-brief': briefBody,
    'coverage-matrix': coverageBody,
    'pledges-by-provider': pledgesBody,
    'constraints-digest': constraintsBody,
    'changes-since': changesBody,
  }[report.kind](report);
  const params = paramsText(report.params as Record<string, unknown>);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(report.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>${e(report.title)}</h1>
<p class="meta"><strong>As of</strong> <time datetime="${e(report.asOf)}">${e(formatMoment(report.asOf))}</time> · <strong>Sources cited:</strong> ${report.sources.length}${report.sources.length ? ' (listed at the end)' : ''}</p>
${params ? `<p class="meta"><strong>Parameters:</strong> ${e(params)}</p>\n` : ''}</header>
<main>
${body}
</main>
${sourcesSection(report)}
<footer>Report “${e(report.kind)}”, data as of ${e(report.asOf)} (${e(formatDate(report.asOf.slice(0, 10)))}).</footer>
</body>
</html>
`;
}
