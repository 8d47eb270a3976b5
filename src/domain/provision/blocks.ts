/**
 * A text cut into blocks: the runs of non-blank lines that the shared texts separate with a blank line. Each block
 * owns the blank lines after it (and the first block whatever precedes it), so the blocks tile the text exactly.
 */
export interface Block {
  /** Where the block's range begins: its first line, or 0 for the first block. */
  start: number;
  /** Where the next block begins (or the end of the text): the blank lines after the block are included. */
  end: number;
  /** The block's own characters without the blank lines after it and without surrounding whitespace. */
  text: string;
  /** The block has more than one line. */
  multiline: boolean;
}

/** Spaces that the converted texts use around their words: plain, tab and the no-break ones (a RegExp class). */
export const SPACE = '[ \\t\\u00a0\\u2007\\u202f]';
/** A line of nothing but spaces (a stray carriage return included) separates paragraphs. */
const BLANK_LINE = new RegExp(`^(?:${SPACE}|\\r)*$`);

/** Trims the spaces the texts use (including no-break spaces), not line breaks inside. */
export function trimSpaces(text: string): string {
  return text.replace(/^[\s\u00a0\u2007\u202f]+|[\s\u00a0\u2007\u202f]+$/g, '');
}

/**
 * Splits a text into blocks (see {@link Block}). A text with no non-blank line gives one block covering it all
 * (unless it is empty).
 *
 * @example splitBlocks('Title\n\n1. One\n').map((b) => [b.start, b.end]) // [[0, 7], [7, 14]]
 */
export function splitBlocks(text: string): Block[] {
  const starts: number[] = [];
  const ends: number[] = [];
  let position = 0;
  let inBlock = false;
  while (position <= text.length) {
    const newline = text.indexOf('\n', position);
    const lineEnd = newline === -1 ? text.length : newline;
    const line = text.slice(position, lineEnd);
    const blank = BLANK_LINE.test(line);
    if (!blank && !inBlock) {
      starts.push(position);
      inBlock = true;
    } else if (blank && inBlock) {
      ends.push(position);
      inBlock = false;
    }
    if (newline === -1) break;
    position = newline + 1;
  }
  if (inBlock) ends.push(text.length);
  if (starts.length === 0) return text.length === 0 ? [] : [{ start: 0, end: text.length, text: '', multiline: false }];
  return starts.map((start, index) => {
    const own = text.slice(start, ends[index]);
    return {
      start: index === 0 ? 0 : start,
      end: index + 1 < starts.length ? starts[index + 1] : text.length,
      text: trimSpaces(own),
      multiline: trimSpaces(own).includes('\n'),
    };
  });
}
