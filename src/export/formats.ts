// Pure encoders of exported rows: CSV (RFC 4180) and a JSON array, written a row at a time.

export type ExportFormat = 'csv' | 'json';

export const EXPORT_FORMATS: readonly ExportFormat[] = ['csv', 'json'];

/** The text of one CSV cell: empty for null, JSON for objects and arrays (a domain's `mappings`), ISO for moments. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** A plain number (`-12`, `4500000000.00`, `-0.5e3`): a spreadsheet reads it as a number, never as a formula. */
const PLAIN_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** The first characters that make a spreadsheet read a cell as a formula (OWASP, CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A cell's text made safe to open in a spreadsheet (OWASP's CSV injection guidance): text that starts with `=`, `+`,
 * `-`, `@`, tab or carriage return gets a leading `'`, so Excel, LibreOffice and Google Sheets show it as text instead
 * of running it as a formula. Plain numbers (`-12.5`) are left alone: they cannot be formulas.
 *
 * @example neutraliseFormula('=HYPERLINK("http://x")') // => "'=HYPERLINK(\"http://x\")"
 * @example neutraliseFormula('-12.5') // => '-12.5'
 */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/**
 * One CSV field, RFC 4180: quoted when it holds a comma, a double quote, CR or LF (or starts or ends with a space,
 * which some readers trim), with double quotes doubled; a cell a spreadsheet would run as a formula is neutralised
 * first ({@link neutraliseFormula}). Every CSV the API writes (exports and report CSVs) goes through here.
 *
 * @example csvField('say "no", twice') // => '"say ""no"", twice"'
 * @example csvField('=1+1') // => "'=1+1"
 */
export function csvField(value: unknown): string {
  const text = neutraliseFormula(cellText(value));
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One CSV record, ended by CRLF as RFC 4180 has it. */
export function csvRecord(values: readonly unknown[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/**
 * Writes rows in a format, a piece at a time: `start()`, then `row()` for each row (in `columns` order), then `end()`.
 * Concatenated, the pieces are a CSV file with a header row, or one JSON array of objects.
 */
export interface RowEncoder {
  start(): string;
  row(row: Record<string, unknown>): string;
  end(): string;
}

export function rowEncoder(format: ExportFormat, columns: readonly string[]): RowEncoder {
  if (format === 'csv') {
    return { start: () => csvRecord(columns), row: (row) => csvRecord(columns.map((c) => row[c])), end: () => '' };
  }
  let first = true;
  return {
    start: () => '[',
    row: (row) => {
      const object: Record<string, unknown> = {};
      for (const column of columns) object[column] = row[column] ?? null;
      const text = `${first ? '\n' : ',\n'}${JSON.stringify(object)}`;
      first = false;
      return text;
    },
    end: () => (first ? ']\n' : '\n]\n'),
  };
}
