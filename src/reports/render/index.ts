// Renders a report's data to a format: the body, its content type and a file name. Pure: no I/O, no clock.

import { ReportData, ReportFormat } from '../report-data';
import { renderCsv } from './csv';
import { renderHtml } from './html';
import { renderJson } from './json';
import { renderMarkdown } from './markdown';
import { dateOf } from './text';

/** A rendered report: what to write or serve, as what, under which name. */
export interface RenderedReport {
  body: string;
  contentType: string;
  fileName: string;
}

/** The content type of each format (all UTF-8 text). */
export const CONTENT_TYPES: Record<ReportFormat, string> = {
  md: 'text/markdown; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
  html: 'text/html; charset=utf-8',
};

const RENDERERS: Record<ReportFormat, (report: ReportData) => string> = {
  md: renderMarkdown,
  csv: renderCsv,
  json: renderJson,
  html: renderHtml,
};

/**
 * A report's file name: the kind, the agreement when there is one, and the as-of date (UTC), with the format as
 * extension; only lower-case letters, digits, dots and hyphens.
 *
 * @example reportFileName({ kind: 'coverage-matrix', params: {}, asOf: '2026-11-27T16:42:06Z' }, 'html') // => 'coverage-matrix-2026-11-27.html'
 */
export function reportFileName(report: Pick<ReportData, 'kind' | 'params' | 'asOf'>, format: ReportFormat): string {
  const agreement = report.params?.agreement
    ? String(report.params.agreement)
        .toLowerCase()
        .replace(/[^a-z0-9.-]+/g, '-')
        .replace(/^[-.]+|-+$/g, '')
    : '';
  const date = dateOf(report.asOf).replace(/[^0-9-]/g, '');
  return `${[report.kind, agreement, date].filter(Boolean).join('-')}.${format}`;
}

/** Renders a report's data in a format. */
export function renderReport(report: ReportData, format: ReportFormat): RenderedReport {
  const render = RENDERERS[format];
  if (!render) throw new Error(`unknown report format "${format}"`);
  return { body: render(report), contentType: CONTENT_TYPES[format], fileName: reportFileName(report, format) };
}
