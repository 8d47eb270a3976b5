// Charts as inline SVG, drawn on the server: a heat map (rows × columns of counts, with a legend) and horizontal bars
// (labelled values). Pure functions returning an `<svg>` element for an HTML page: no scripts, no gradients or
// patterns (which would need `url(#…)`), no external fonts or images; every text HTML-escaped.

import { escapeHtml } from './escape';

/** What a heat map shows. */
export interface HeatMapInput {
  /** The chart's accessible name (its `<title>`). */
  title: string;
  rowLabels: string[];
  columnLabels: string[];
  /** values[row][column], counts (0 for none). */
  values: number[][];
  /** Optional bands of columns named under the grid (`end` exclusive), such as the domains' parents. */
  columnGroups?: { label: string; start: number; end: number }[];
  /** What a value counts, for the legend (`commitments`). */
  valueName?: string;
}

/** One bar of a bar chart. */
export interface Bar {
  label: string;
  /** The bar's length (geometry only; the text shown is `valueLabel`). */
  value: number;
  valueLabel: string;
}

/** What a bar chart shows. */
export interface BarChartInput {
  /** The chart's accessible name (its `<title>`). */
  title: string;
  bars: Bar[];
  /** Characters to leave for the labels (so that several charts line up); by default the longest label's. */
  labelChars?: number;
}

const FONT = 'font-family="Helvetica, Arial, sans-serif"';
/** Blues, light to dark: the stops of the heat map's scale. */
const SCALE = ['#deebf7', '#9ecae1', '#6baed6', '#3182bd', '#08519c', '#08306b'];
const EMPTY = '#ffffff';
const CHAR = 6.2; // average width of a character at 11px, for laying out labels

/** A number for SVG attributes: at most one decimal. */
function n(value: number): string {
  return String(Math.round(value * 10) / 10);
}

function hexToRgb(hex: string): [number, number, number] {
  const v = parseInt(hex.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

/**
 * The colour at `t` (0 to 1) on the heat map's scale, interpolated between its stops.
 *
 * @example scaleColor(0) // => '#deebf7'
 */
export function scaleColor(t: number): string {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (SCALE.length - 1);
  const i = Math.min(SCALE.length - 2, Math.floor(x));
  const a = hexToRgb(SCALE[i]);
  const b = hexToRgb(SCALE[i + 1]);
  const f = x - i;
  return `#${a
    .map((c, k) =>
      Math.round(c + (b[k] - c) * f)
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
}

/**
 * The legend's steps for counts up to `max`: each count its own step up to 8, else six ranges of about equal width.
 *
 * @example legendSteps(3) // => [{ from: 1, to: 1 }, { from: 2, to: 2 }, { from: 3, to: 3 }]
 */
export function legendSteps(max: number): { from: number; to: number }[] {
  if (max <= 0) return [];
  if (max <= 8) return Array.from({ length: max }, (_, i) => ({ from: i + 1, to: i + 1 }));
  const steps: { from: number; to: number }[] = [];
  const width = Math.ceil(max / 6);
  for (let from = 1; from <= max; from += width) steps.push({ from, to: Math.min(max, from + width - 1) });
  return steps;
}

/** The fill of a count on a scale up to `max` (white for 0). */
export function countColor(count: number, max: number): string {
  if (count <= 0 || max <= 0) return EMPTY;
  const steps = legendSteps(max);
  const i = steps.findIndex((s) => count >= s.from && count <= s.to);
  return scaleColor(steps.length <= 1 ? 1 : Math.max(0, i) / (steps.length - 1));
}

/**
 * The colour of text on a fill: white on dark fills, near-black on light ones.
 *
 * @example inkOn('#08306b') // => '#ffffff'
 */
export function inkOn(fill: string): string {
  const [r, g, b] = hexToRgb(fill);
  return 0.299 * r + 0.587 * g + 0.114 * b < 140 ? '#ffffff' : '#1a1a1a';
}

function cut(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max
    ? text
    : `${chars
        .slice(0, max - 1)
        .join('')
        .trimEnd()}…`;
}

/**
 * Words in lines of at most `width` characters, at most `lines` lines (the last cut with an ellipsis if need be).
 *
 * @example wrap('Governance and reforms', 12, 2) // => ['Governance', 'and reforms']
 */
export function wrap(text: string, width: number, lines: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (!line) line = word;
    else if ([...`${line} ${word}`].length <= width) line = `${line} ${word}`;
    else {
      out.push(line);
      line = word;
    }
  }
  if (line) out.push(line);
  if (out.length <= lines) return out.map((l) => cut(l, width));
  return [...out.slice(0, lines - 1).map((l) => cut(l, width)), cut(out.slice(lines - 1).join(' '), width)];
}

/**
 * A heat map: one row per row label, one column per column label (names slanted above the grid), each cell filled
 * by its count on a blue scale and labelled with it; column groups named under the grid; a legend of the scale.
 */
export function heatMap(input: HeatMapInput): string {
  const { rowLabels, columnLabels, values } = input;
  const cell = 18;
  const rowLabelMax = 38;
  const columnLabelMax = 34;
  const left = Math.ceil(Math.min(rowLabelMax, Math.max(4, ...rowLabels.map((l) => [...l].length))) * CHAR) + 10;
  // Column names slant up and to the right at 55°: sin 55° ≈ 0.82 of their length above the grid, cos ≈ 0.58 across.
  const columnLabelLength = Math.min(columnLabelMax, Math.max(4, ...columnLabels.map((l) => [...l].length))) * CHAR;
  const top = Math.ceil(columnLabelLength * 0.82) + 14;
  const gridWidth = columnLabels.length * cell;
  const gridHeight = rowLabels.length * cell;
  const groups = input.columnGroups ?? [];
  const groupBand = groups.length ? 44 : 0;
  const max = Math.max(0, ...values.flat().map((v) => (Number.isFinite(v) ? v : 0)));
  const steps = legendSteps(max);
  const legendTop = top + gridHeight + groupBand + 16;
  const legendHeight = 40;
  const right = Math.ceil(columnLabelLength * 0.58) + 10; // room for the last slanted column names
  const width = Math.max(left + gridWidth + right, 120 + (steps.length + 1) * 64);
  const height = legendTop + legendHeight;
  const parts: string[] = [];
  parts.push(
    `<svg class="chart heatmap" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(input.title)}" ${FONT} font-size="11">`,
    `<title>${escapeHtml(input.title)}</title>`,
  );
  rowLabels.forEach((label, i) => {
    const y = top + i * cell + cell / 2 + 4;
    parts.push(`<text x="${left - 6}" y="${n(y)}" text-anchor="end">${escapeHtml(cut(label, rowLabelMax))}</text>`);
  });
  columnLabels.forEach((label, j) => {
    const x = left + j * cell + cell / 2 + 3;
    const y = top - 6;
    parts.push(`<text x="${n(x)}" y="${y}" transform="rotate(-55 ${n(x)} ${y})">${escapeHtml(cut(label, columnLabelMax))}</text>`);
  });
  rowLabels.forEach((rowLabel, i) => {
    columnLabels.forEach((columnLabel, j) => {
      const value = values[i]?.[j] ?? 0;
      const fill = countColor(value, max);
      const x = left + j * cell;
      const y = top + i * cell;
      const tip = `${rowLabel} × ${columnLabel}: ${value}${input.valueName ? ` ${input.valueName}` : ''}`;
      parts.push(
        `<rect x="${x}" y="${y}" width="${cell}" height="${cell}" fill="${fill}" stroke="#c8c8c8" stroke-width="0.5"><title>${escapeHtml(tip)}</title></rect>`,
      );
      if (value > 0) {
        parts.push(
          `<text x="${n(x + cell / 2)}" y="${n(y + cell / 2 + 3.5)}" text-anchor="middle" font-size="9" fill="${inkOn(fill)}">${value}</text>`,
        );
      }
    });
  });
  for (const group of groups) {
    const x1 = left + group.start * cell;
    const x2 = left + group.end * cell;
    const y = top + gridHeight + 6;
    if (group.start > 0) parts.push(`<line x1="${x1}" y1="${top}" x2="${x1}" y2="${top + gridHeight}" stroke="#333333" stroke-width="1.2"/>`);
    parts.push(`<path d="M${x1 + 1} ${y} V${y + 5} H${x2 - 1} V${y}" fill="none" stroke="#555555" stroke-width="1"/>`);
    wrap(group.label, Math.max(3, Math.floor((x2 - x1) / 5.6)), 2).forEach((line, k) => {
      parts.push(`<text x="${n((x1 + x2) / 2)}" y="${y + 18 + k * 12}" text-anchor="middle" font-size="10">${escapeHtml(line)}</text>`);
    });
  }
  parts.push(`<rect x="${left}" y="${top}" width="${gridWidth}" height="${gridHeight}" fill="none" stroke="#333333" stroke-width="1"/>`);
  // The legend: none, then each step of the scale.
  const legendLabel = input.valueName ? `${input.valueName[0].toUpperCase()}${input.valueName.slice(1)} per cell:` : 'Count per cell:';
  parts.push(`<text x="10" y="${legendTop + 13}" font-weight="bold">${escapeHtml(legendLabel)}</text>`);
  const legendSwatches = [{ from: 0, to: 0 }, ...steps];
  legendSwatches.forEach((step, k) => {
    const x = 130 + k * 64;
    const fill = countColor(step.to, max);
    const text = step.from === step.to ? String(step.from) : `${step.from}–${step.to}`;
    parts.push(
      `<rect x="${x}" y="${legendTop + 2}" width="16" height="14" fill="${fill}" stroke="#888888" stroke-width="0.5"/>`,
      `<text x="${x + 21}" y="${legendTop + 13}">${escapeHtml(text)}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('\n');
}

/**
 * Horizontal bars: a label on the left, a bar as long as its value on a scale from zero to the largest value, and
 * the value's text (exact, as given) after the bar.
 */
export function horizontalBars(input: BarChartInput): string {
  const { bars } = input;
  const rowHeight = 22;
  const barHeight = 14;
  const labelMax = 40;
  const labelChars = input.labelChars ?? Math.max(4, ...bars.map((b) => [...b.label].length));
  const left = Math.ceil(Math.min(labelMax, labelChars) * CHAR) + 12;
  const area = 420;
  const valueWidth = Math.ceil(Math.max(4, ...bars.map((b) => [...b.valueLabel].length)) * CHAR) + 12;
  const top = 8;
  const width = left + area + valueWidth;
  const height = top + bars.length * rowHeight + 8;
  const lengths = bars.map((b) => (Number.isFinite(b.value) && b.value > 0 ? b.value : 0));
  const max = Math.max(0, ...lengths);
  const parts: string[] = [
    `<svg class="chart bars" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(input.title)}" ${FONT} font-size="11">`,
    `<title>${escapeHtml(input.title)}</title>`,
  ];
  bars.forEach((bar, i) => {
    const y = top + i * rowHeight;
    const length = max > 0 ? (lengths[i] / max) * area : 0;
    const barLength = lengths[i] > 0 ? Math.max(1, length) : 0;
    parts.push(
      `<text x="${left - 8}" y="${n(y + rowHeight / 2 + 4)}" text-anchor="end">${escapeHtml(cut(bar.label, labelMax))}</text>`,
      `<rect x="${left}" y="${n(y + (rowHeight - barHeight) / 2)}" width="${n(barLength)}" height="${barHeight}" fill="#3182bd"><title>${escapeHtml(`${bar.label}: ${bar.valueLabel}`)}</title></rect>`,
      `<text x="${n(left + barLength + 5)}" y="${n(y + rowHeight / 2 + 4)}">${escapeHtml(bar.valueLabel)}</text>`,
    );
  });
  parts.push(`<line x1="${left}" y1="${top - 2}" x2="${left}" y2="${height - 6}" stroke="#333333" stroke-width="1"/>`, '</svg>');
  return parts.join('\n');
}
