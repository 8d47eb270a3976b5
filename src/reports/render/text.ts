// Small pure formatters shared by the renderers: exact amounts, dates, enum values, shortened JSON.

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * An exact decimal string with thousands separators, by string manipulation only (never through a float, so
 * `12345678901234567.89` stays exact). Anything that is not a plain decimal is returned as it is.
 *
 * @example formatDecimal('4500000000.00') // => '4,500,000,000.00'
 * @example formatDecimal('-1234.5') // => '-1,234.5'
 */
export function formatDecimal(amount: string | null | undefined): string {
  if (amount === null || amount === undefined) return '';
  const match = /^([+-]?)(\d+)(\.\d+)?$/.exec(amount.trim());
  if (!match) return amount;
  const [, sign, whole, fraction = ''] = match;
  return `${sign}${whole.replace(/\B(?=(\d{3})+$)/g, ',')}${fraction}`;
}

/**
 * A `YYYY-MM-DD` date as analysts write it. Anything else is returned as it is.
 *
 * @example formatDate('2024-06-13') // => '13 June 2024'
 */
export function formatDate(date: string | null | undefined): string {
  if (!date) return '';
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  if (!match) return date;
  const month = MONTHS[Number(match[2]) - 1];
  return month ? `${Number(match[3])} ${month} ${match[1]}` : date;
}

/**
 * An RFC 3339 moment as a date and a UTC time to the minute, followed by the exact value.
 *
 * @example formatMoment('2026-11-27T16:42:06.221Z') // => '27 November 2026, 16:42 UTC (2026-11-27T16:42:06.221Z)'
 */
export function formatMoment(moment: string): string {
  const time = Date.parse(moment);
  if (Number.isNaN(time)) return moment;
  const iso = new Date(time).toISOString();
  return `${formatDate(iso.slice(0, 10))}, ${iso.slice(11, 16)} UTC (${moment})`;
}

/** The UTC date (`YYYY-MM-DD`) of an RFC 3339 moment, or its first ten characters when it does not parse. */
export function dateOf(moment: string): string {
  const time = Date.parse(moment);
  return Number.isNaN(time) ? moment.slice(0, 10) : new Date(time).toISOString().slice(0, 10);
}

/**
 * An enum value in words.
 *
 * @example humanize('INTEND_TO') // => 'intend to'
 */
export function humanize(value: string | null | undefined): string {
  return value ? value.toLowerCase().replace(/_/g, ' ') : '';
}

/**
 * The first letter in upper case.
 *
 * @example capitalize('intend to') // => 'Intend to'
 */
export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Text cut to at most `max` characters, with an ellipsis when cut.
 *
 * @example shorten('abcdef', 4) // => 'abc…'
 */
export function shorten(text: string, max = 80): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/**
 * A JSON value as short text: `null` for null or absent, strings as JSON, cut to about 80 characters.
 *
 * @example shortJson({ a: 1 }) // => '{"a":1}'
 */
export function shortJson(value: unknown, max = 80): string {
  if (value === undefined) return 'null';
  return shorten(JSON.stringify(value) ?? 'null', max);
}

/** The modalities, strongest first (as the analysis ranks them). */
export const MODALITY_ORDER = ['WILL', 'INTEND_TO', 'SEEK_TO', 'CONSIDER', 'MAY', 'NOT_STATED'] as const;

/** One-letter codes of the modalities, for dense tables. */
export const MODALITY_LETTER: Record<string, string> = { WILL: 'W', INTEND_TO: 'I', SEEK_TO: 'S', CONSIDER: 'C', MAY: 'M', NOT_STATED: 'N' };

/** The constraint kinds in the schema's order (which is also the order of the digest). */
export const CONSTRAINT_KIND_ORDER = [
  'CONSTITUTIONAL',
  'LEGAL',
  'EXPORT_CONTROL',
  'BUDGET_APPROVAL',
  'PARLIAMENTARY_APPROVAL',
  'NON_BINDING',
  'THIRD_PARTY_APPROVAL',
  'CONDITION',
  'SCOPE_LIMIT',
];

/**
 * A money amount with its bound, in words: `at least EUR 977,000,000.00`.
 *
 * @example moneyText('977000000.00', 'EUR', 'AT_LEAST') // => 'at least EUR 977,000,000.00'
 */
export function moneyText(amount: string, currency: string, bound?: string | null): string {
  const bounded = bound && bound !== 'EXACT' ? `${humanize(bound)} ` : '';
  return `${bounded}${currency} ${formatDecimal(amount)}`;
}

/**
 * A report's parameters on one line: arrays as lists, objects (filters) as JSON; empty ones left out.
 *
 * @example paramsText({ agreement: 'japan-ukraine-2024', peers: ['a', 'b'] }) // => 'agreement: japan-ukraine-2024; peers: a, b'
 */
export function paramsText(params: Record<string, unknown> | null | undefined): string {
  return Object.entries(params ?? {})
    .filter(([, v]) => v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0))
    .map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(', ') : typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join('; ');
}
