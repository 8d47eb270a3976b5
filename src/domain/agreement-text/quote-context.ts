import { RequestContext } from '../../shared/context/request-context';
import { BadUserInputError } from '../../shared/errors/errors';
import { queryRows, sql } from '../../shared/sql/sql';

/** The default and the largest `chars` of `context(chars:)`: words on each side of a quote. */
export const DEFAULT_CONTEXT_CHARS = 200;
export const MAX_CONTEXT_CHARS = 2000;

/** What the quote-context statement returns per record: a window of the text and the quote's spans in it. */
export interface QuoteWindow {
  /** Offset of `window`'s first character in the text. */
  windowStart: number;
  window: string;
  textLength: number;
  /** The spans, in order, as `[start, end)` offsets in the text. */
  spans: [number, number][];
}

const MARK_OPEN = '<mark>';
const MARK_CLOSE = '</mark>';
const ELLIPSIS = '…';

/**
 * The words around a quote with its spans marked `<mark>…</mark>` (as search highlights are): the window is cut
 * back to whole words on both sides, and an ellipsis stands where the text goes on.
 *
 * @example markQuote({ windowStart: 0, window: 'Japan will continue its support.', textLength: 32, spans: [[6, 19]] })
 * // => 'Japan <mark>will continue</mark> its support.'
 * @example markQuote({ windowStart: 1, window: 'apan will continue its ', textLength: 32, spans: [[6, 19]] })
 * // => '… <mark>will continue</mark> its …'
 */
export function markQuote({ windowStart, window, textLength, spans }: QuoteWindow): string {
  const firstStart = spans[0][0] - windowStart;
  const lastEnd = spans[spans.length - 1][1] - windowStart;
  // Cut a partial word at either edge (never into the quote itself).
  let from = 0;
  if (windowStart > 0) {
    const space = window.slice(0, firstStart).search(/\s/);
    from = space < 0 ? firstStart : space + 1;
  }
  let to = window.length;
  if (windowStart + window.length < textLength) {
    const tail = window.slice(lastEnd);
    const lastSpace = tail.search(/\s\S*$/);
    to = lastSpace < 0 ? lastEnd : lastEnd + lastSpace;
  }
  let out = from > 0 || windowStart > 0 ? `${ELLIPSIS} ` : '';
  let at = from;
  for (const [start, end] of spans) {
    const s = start - windowStart;
    const e = end - windowStart;
    out += window.slice(at, s) + MARK_OPEN + window.slice(s, e) + MARK_CLOSE;
    at = e;
  }
  out += window.slice(at, to);
  if (windowStart + to < textLength) out += ` ${ELLIPSIS}`;
  return out.replace(/\s+/g, ' ').trim();
}

/** Checks `chars` of `context(chars:)`. */
export function contextChars(chars: number | null | undefined): number {
  const value = chars ?? DEFAULT_CONTEXT_CHARS;
  if (!Number.isInteger(value) || value < 0 || value > MAX_CONTEXT_CHARS)
    throw new BadUserInputError(`chars must be between 0 and ${MAX_CONTEXT_CHARS}`);
  return value;
}

const SPAN_TABLES = { commitment: ['commitment_quote_span', 'commitment_id'], constraint: ['constraint_quote_span', 'constraint_id'] } as const;

/**
 * `Commitment.context(chars)` / `Constraint.context(chars)`: the words around the quote, marked; null when the quote
 * has no span or its text is not loaded. One statement per request, owner kind and `chars`, for all records.
 */
export function loadQuoteContext(
  ctx: RequestContext,
  owner: 'commitment' | 'constraint',
  id: number,
  chars: number | null | undefined,
): Promise<string | null> {
  const around = contextChars(chars);
  const table = sql.identifier(SPAN_TABLES[owner][0]);
  const column = sql.identifier(SPAN_TABLES[owner][1]);
  const loader = ctx.loaders.get<number, string | null>(`${owner}.context:${around}`, async (ids) => {
    const chars = sql.value(around);
    const rows = await queryRows<{ owner: number; windowStart: number; window: string; textLength: number; spans: [number, number][] }>(
      ctx.sql,
      sql`WITH w AS (SELECT s.${column} AS owner, s.text_id, greatest(min(s.start_offset) - ${chars}, 0) AS wstart, max(s.end_offset) + ${chars} AS wend,\
 json_agg(json_build_array(s.start_offset, s.end_offset) ORDER BY s.ordinal) AS spans\
 FROM ${table} s WHERE s.${column} = ANY(${sql.value(ids, 'int[]')}) GROUP BY s.${column}, s.text_id)\
 SELECT w.owner, w.wstart AS "windowStart", substr(x.content, w.wstart + 1, w.wend - w.wstart) AS window, x.chars AS "textLength", w.spans\
 FROM w JOIN agreement_text x ON x.id = w.text_id WHERE x.content IS NOT NULL`,
    );
    const byOwner = new Map(rows.map((row) => [row.owner, markQuote(row)]));
    return ids.map((key) => byOwner.get(key) ?? null);
  });
  return loader.load(id);
}
