// CSV: one clean RFC 4180 table per kind (header row first, CRLF line ends, nothing after the table). Every row
// carries the report's as-of time in `as_of`; rows that rest on one source (commitments, constraints) carry its key
// and URL. Amounts are the exact decimal strings, without separators.

import { csvRecord } from '../../export/formats';
import { ReportData } from '../report-data';
import { briefView, changeViews, constraintGroups, coverageView, pledgeRows } from './view';

/** A table: its column names and its rows (cells in column order). */
export interface CsvTable {
  columns: string[];
  rows: unknown[][];
}

/** The table as CSV text: the header row, then the rows, each ended by CRLF. */
export function csvText(table: CsvTable): string {
  return [csvRecord(table.columns), ...table.rows.map((row) => csvRecord(row))].join('');
}

/** agreement-brief: one row per commitment, in its section and domain, with the constraints that limit it. */
export function briefTable(report: ReportData): CsvTable {
  const view = briefView(report);
  return {
    columns: [
      'agreement',
      'section',
      'domain',
      'commitment_key',
      'summary',
      'modality',
      'kind',
      'lethal',
      'stage',
      'parties',
      'amount',
      'currency',
      'amount_bound',
      'amount_basis',
      'period',
      'domains',
      'constrained_by',
      'quote',
      'quote_origin',
      'locator',
      'provision',
      'source_key',
      'source_url',
      'as_of',
    ],
    rows: view.sections.flatMap((section) =>
      section.domains.flatMap((domain) =>
        domain.commitments.map((c) => [
          view.slug,
          section.name,
          domain.name,
          c.key,
          c.summary,
          c.modality,
          c.kind,
          c.lethal,
          c.stage,
          c.parties,
          c.amount,
          c.currency,
          c.amountBound,
          c.amountBasis,
          c.period,
          c.domains.join('; '),
          c.constrainedBy.join('; '),
          c.quote,
          c.quoteOrigin,
          c.locator,
          c.provisionPath,
          c.source?.key ?? '',
          c.source?.url ?? '',
          report.asOf,
        ]),
      ),
    ),
  };
}

/** coverage-matrix: one row per agreement and domain (every pair, 0 where none), in matrix order. */
export function coverageTable(report: ReportData): CsvTable {
  const view = coverageView(report);
  return {
    columns: ['agreement_slug', 'agreement', 'signed_on', 'domain_group', 'domain_slug', 'domain', 'count', 'strongest_modality', 'as_of'],
    rows: view.agreements.flatMap((a, i) =>
      view.domains.map((d, j) => [a.slug, a.name, a.signedOn, d.group, d.slug, d.name, view.counts[i][j], view.modalities[i][j] ?? '', report.asOf]),
    ),
  };
}

/** pledges-by-provider: one row per provider, year, currency and basis; the amount exact. */
export function pledgesTable(report: ReportData): CsvTable {
  return {
    columns: ['provider_code', 'provider', 'year', 'currency', 'basis', 'amount', 'bounds', 'commitment_count', 'as_of'],
    rows: pledgeRows(report).map((r) => [
      r.providerCode,
      r.provider,
      r.year ?? '',
      r.currency,
      r.basis,
      r.amount,
      r.bounds.join('; '),
      r.count,
      report.asOf,
    ]),
  };
}

/** constraints-digest: one row per constraint, by kind and party. */
export function constraintsTable(report: ReportData): CsvTable {
  return {
    columns: [
      'kind',
      'actor_code',
      'actor',
      'agreement_slug',
      'agreement',
      'constraint_key',
      'summary',
      'quote',
      'quote_origin',
      'locator',
      'restricts',
      'source_key',
      'source_url',
      'as_of',
    ],
    rows: constraintGroups(report).flatMap((group) =>
      group.parties.flatMap((party) =>
        party.constraints.map((c) => [
          c.kind,
          c.actorCode,
          c.actor,
          c.agreementSlug,
          c.agreement,
          c.key,
          c.summary,
          c.quote,
          c.quoteOrigin,
          c.locator,
          c.restricts.map((r) => r.key).join('; '),
          c.source?.key ?? '',
          c.source?.url ?? '',
          report.asOf,
        ]),
      ),
    ),
  };
}

/** changes-since: one row per field changed (a change without fields gets one row), values in full JSON. */
export function changesTable(report: ReportData): CsvTable {
  return {
    columns: ['change_id', 'at', 'action', 'entity', 'entity_key', 'actor', 'field', 'before', 'after', 'as_of'],
    rows: changeViews(report).flatMap((c) => {
      const head = [c.id, c.at, c.action, c.entity, c.entityKey, c.actor];
      if (!c.fields.length) return [[...head, '', '', '', report.asOf]];
      return c.fields.map((f) => [...head, f.field, JSON.stringify(f.before ?? null), JSON.stringify(f.after ?? null), report.asOf]);
    }),
  };
}

/** A report's main table, by kind. */
export function reportTable(report: ReportData): CsvTable {
  switch (report.kind) {
    case 'agreement-brief':
      return briefTable(report);
    case 'coverage-matrix':
      return coverageTable(report);
    case 'pledges-by-provider':
      return pledgesTable(report);
    case 'constraints-digest':
      return constraintsTable(report);
    case 'changes-since':
      return changesTable(report);
  }
}

/** A report as CSV. */
export function renderCsv(report: ReportData): string {
  return csvText(reportTable(report));
}
