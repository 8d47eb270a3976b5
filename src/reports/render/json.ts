// JSON: the report's description (kind, title, parameters, as-of time, sources cited) and its data in full, as the
// operation returned it (amounts stay exact decimal strings).

import { ReportData } from '../report-data';

/** The JSON document of a report. */
export interface ReportJson {
  report: Pick<ReportData, 'kind' | 'title' | 'params' | 'asOf' | 'sources'>;
  data: unknown;
}

/** The JSON document of a report, as an object. */
export function reportJson(report: ReportData): ReportJson {
  const { kind, title, params, asOf, sources, data } = report;
  return { report: { kind, title, params, asOf, sources }, data };
}

/** A report as JSON text (indented by two spaces, ended by a newline). */
export function renderJson(report: ReportData): string {
  return `${JSON.stringify(reportJson(report), null, 2)}\n`;
}
