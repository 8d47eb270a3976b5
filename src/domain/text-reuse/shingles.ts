/** How many consecutive words make one shingle. */
export const SHINGLE_WORDS = 5;

/**
 * The words of a passage as text reuse compares them: NFC, lower case, every run of characters that are neither
 * letters nor digits (punctuation, quotes, dashes, line breaks) folded into one separator.
 *
 * @example shingleWords('Will consult — within 24 hours!') // => ['will', 'consult', 'within', '24', 'hours']
 */
export function shingleWords(text: string): string[] {
  return text
    .normalize('NFC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0);
}

/**
 * 32-bit FNV-1a of a string's UTF-16 code units, as a signed integer (PostgreSQL's `integer`). Fixed and
 * platform-independent, so that the same words give the same shingles on every machine and in every version.
 *
 * @example fnv1a32('a') // => -468965076
 */
export function fnv1a32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}

/**
 * The shingles of a passage: the distinct hashes of its runs of {@link SHINGLE_WORDS} consecutive words (see
 * {@link shingleWords}), sorted. A passage of fewer words has none: it is too short to tell reuse from chance.
 *
 * @example textShingles('the participants will consult within 24 hours').length // => 3
 */
export function textShingles(text: string): number[] {
  const words = shingleWords(text);
  const hashes = new Set<number>();
  for (let i = 0; i + SHINGLE_WORDS <= words.length; i++) hashes.add(fnv1a32(words.slice(i, i + SHINGLE_WORDS).join(' ')));
  return [...hashes].sort((a, b) => a - b);
}

/**
 * The share of `mine` found in `theirs` (|A ∩ B| / |A|, 0 when A is empty): how `score` is defined, computed in
 * PostgreSQL; here for the unit tests and the benchmark's checks.
 *
 * @example containment([1, 2, 3, 4], [2, 4, 9]) // => 0.5
 */
export function containment(mine: readonly number[], theirs: readonly number[]): number {
  if (mine.length === 0) return 0;
  const other = new Set(theirs);
  return mine.filter((h) => other.has(h)).length / mine.length;
}
