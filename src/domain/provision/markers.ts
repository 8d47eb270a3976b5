/**
 * The numbering a block begins with, read the way the agreements print it: "Part II.", "Article 3:", "Стаття 4.",
 * "Paragraph 1:", "Annex A", "IV.", "B.", "12.", "4.1", "(c)", "a)", "b.", "(iii)", "•", "-", "–", "o".
 */
import { SPACE } from './blocks';

/** The container kinds a heading word names. */
export type KeywordKind = 'PART' | 'ARTICLE' | 'SECTION' | 'ANNEX';

/** One way to read a marker: its numbering style (siblings share it) and its place in the sequence (1 for "a"). */
export interface Reading {
  style: string;
  value: number | null;
}

export interface Marker {
  /** The number as printed, without a closing dot: "II", "3", "4.1", "(b)", "a)", "•". */
  printed: string;
  /** The possible readings, likeliest first ("i" may be a letter after "h" or a roman one). */
  readings: Reading[];
  /** What follows the marker on the block's first line, trimmed. */
  rest: string;
  /** Set when a heading word precedes the number ("Part", "Article", "Annex"...). */
  keyword: { word: string; kind: KeywordKind } | null;
  /** A lone roman or capital letter heading ("IV. Sanctions", "B. Review"). */
  family: 'keyword' | 'roman' | 'upper' | 'decimal' | 'paren' | 'lower' | 'bullet';
  /** "1 The ..." without a dot: taken as numbering only where the previous block ended a sentence. */
  weak: boolean;
}

const KEYWORDS: Record<string, KeywordKind> = {
  part: 'PART',
  parte: 'PART',
  частина: 'PART',
  article: 'ARTICLE',
  articolo: 'ARTICLE',
  стаття: 'ARTICLE',
  section: 'SECTION',
  sezione: 'SECTION',
  розділ: 'SECTION',
  chapter: 'SECTION',
  capitolo: 'SECTION',
  глава: 'SECTION',
  paragraph: 'SECTION',
  annex: 'ANNEX',
  appendix: 'ANNEX',
  allegato: 'ANNEX',
  додаток: 'ANNEX',
};
const KEYWORD_WORDS = Object.keys(KEYWORDS).join('|');
/** "І" (Cyrillic) appears in roman numerals typed on Ukrainian keyboards ("Частина VІ"). */
const ROMAN_UPPER = '[IVXLCDMІ]+';
const KEYWORD_HEADING = new RegExp(
  `^(${KEYWORD_WORDS})${SPACE}+(${ROMAN_UPPER}|\\d{1,3}(?:\\.\\d{1,3})*|[A-Z])(?=$|[.:)–—-]|${SPACE})\\.?${SPACE}*:?${SPACE}*(?:[–—-]${SPACE}+)?(.*)$`,
  'iu',
);
const BARE_ANNEX = /^(annex|appendix|allegato|додаток)[.:]?$/iu;
const ROMAN_HEADING = new RegExp(`^(${ROMAN_UPPER})(?:\\.|(?=${SPACE}))${SPACE}*(\\S.*)$`, 'u');
const UPPER_LETTER = new RegExp(`^([A-Z])[.)]${SPACE}+(\\S.*)$`, 'u');
const DECIMAL = new RegExp(`^(\\d{1,3}(?:\\.\\d{1,3})*)(\\.|\\))?(?!\\d)${SPACE}*(.*)$`, 'u');
const PAREN = new RegExp(`^\\((\\d{1,3}|[a-z]|[ivxlc]{2,6}|[A-Z]|[IVXLC]{2,6})\\)${SPACE}*(.*)$`, 'u');
const LOWER_LETTER = new RegExp(`^([a-zа-щьюяіїєґ])([.)])${SPACE}+(\\S.*)$`, 'u');
const LOWER_ROMAN = new RegExp(`^([ivxlc]{2,6})([.)])${SPACE}+(\\S.*)$`, 'u');
const BULLET = new RegExp(`^([•\\-–−·▪●◦○o])${SPACE}+(\\S.*)$`, 'u');

/** Cyrillic letters typed for Latin ones in lettered lists ("а.", "с.", "е." between "b." and "d."). */
const LOOKALIKES: Record<string, string> = { а: 'a', б: 'b', с: 'c', е: 'e', і: 'i', о: 'o', р: 'p', х: 'x' };

/** The value of a roman numeral ("XIV" is 14), or null when the letters do not form one. */
export function romanValue(numeral: string): number | null {
  const digits: Record<string, number> = { I: 1, V: 5, X: 10, L: 50, C: 100, D: 500, M: 1000 };
  const letters = numeral.toUpperCase().replace(/І/g, 'I');
  if (!/^[IVXLCDM]+$/.test(letters)) return null;
  let total = 0;
  for (let index = 0; index < letters.length; index += 1) {
    const value = digits[letters[index]];
    const next = index + 1 < letters.length ? digits[letters[index + 1]] : 0;
    total += value < next ? -value : value;
  }
  return total > 0 && total < 400 ? total : null;
}

/** The place of a letter in its alphabet ("c" is 3), Cyrillic look-alikes read as the Latin letter. */
export function letterValue(letter: string): number {
  const latin = (LOOKALIKES[letter.toLowerCase()] ?? letter).toLowerCase();
  if (/^[a-z]$/.test(latin)) return latin.charCodeAt(0) - 96;
  return 'абвгґдеєжзиіїйклмнопрстуфхцчшщьюя'.indexOf(latin) + 1;
}

/** Letters that are also roman numerals: "i" after "h" is a letter, at the start of a list a roman one. */
function letterReadings(letter: string, letterStyle: string, romanStyle: string): Reading[] {
  const roman = romanValue(letter);
  const asLetter: Reading = { style: letterStyle, value: letterValue(letter) };
  if (roman === null) return [asLetter];
  const asRoman: Reading = { style: romanStyle, value: roman };
  return letter.toLowerCase() === 'i' ? [asRoman, asLetter] : [asLetter, asRoman];
}

function parenMarker(match: RegExpMatchArray): Marker {
  const label = match[1];
  const printed = `(${label})`;
  let readings: Reading[];
  if (/^\d+$/.test(label)) readings = [{ style: '(1)', value: Number(label) }];
  else if (/^[a-z]$/.test(label)) readings = letterReadings(label, '(a)', '(i)');
  else if (/^[A-Z]$/.test(label)) readings = letterReadings(label, '(A)', '(I)');
  else if (/^[a-z]+$/.test(label)) readings = [{ style: '(i)', value: romanValue(label) }];
  else readings = [{ style: '(I)', value: romanValue(label) }];
  return { printed, readings, rest: match[2], keyword: null, family: 'paren', weak: false };
}

/** A marker after a bullet or a number ("-   (i) increase", "1.  (A) providing"): the inner one names the item. */
function innerMarker(rest: string): Marker | null {
  const paren = rest.match(PAREN);
  if (paren && paren[2] !== '') return parenMarker(paren);
  return null;
}

/**
 * Reads the marker a block's first line begins with, or null for an unnumbered block.
 *
 * @example readMarker('Part VIII. Final Provisions')?.keyword // { word: 'Part', kind: 'PART' }
 * @example readMarker('(b) Maritime order')?.printed // '(b)'
 */
export function readMarker(firstLine: string): Marker | null {
  const keyword = firstLine.match(KEYWORD_HEADING);
  if (keyword && !/^\p{Ll}/u.test(keyword[3]) && firstLine.length <= 250) {
    const word = keyword[1];
    const label = keyword[2];
    const roman = romanValue(label);
    const value = /^\d/.test(label) ? Number(label.split('.').pop()) : roman !== null && label.length > 0 ? roman : letterValue(label);
    return {
      printed: label,
      readings: [{ style: `keyword:${word.toLowerCase()}`, value }],
      rest: keyword[3].trim(),
      keyword: { word, kind: KEYWORDS[word.toLowerCase()] },
      family: 'keyword',
      weak: false,
    };
  }
  const annex = firstLine.match(BARE_ANNEX);
  if (annex) {
    return {
      printed: '',
      readings: [{ style: `keyword:${annex[1].toLowerCase()}`, value: null }],
      rest: '',
      keyword: { word: annex[1], kind: 'ANNEX' },
      family: 'keyword',
      weak: false,
    };
  }
  const roman = firstLine.match(ROMAN_HEADING);
  if (roman && romanValue(roman[1]) !== null && /^[\p{Lu}\d]/u.test(roman[2])) {
    const readings: Reading[] = [{ style: 'I.', value: romanValue(roman[1]) }];
    if (roman[1].length === 1 && roman[1] !== 'І') readings.push({ style: 'A.', value: letterValue(roman[1]) });
    return { printed: roman[1], readings, rest: roman[2].trim(), keyword: null, family: 'roman', weak: false };
  }
  const upper = firstLine.match(UPPER_LETTER);
  if (upper) {
    return {
      printed: upper[1],
      readings: [{ style: 'A.', value: letterValue(upper[1]) }],
      rest: upper[2].trim(),
      keyword: null,
      family: 'upper',
      weak: false,
    };
  }
  const paren = firstLine.match(PAREN);
  if (paren) return parenMarker(paren);
  const decimal = firstLine.match(DECIMAL);
  if (decimal) {
    const [, label, closer, rest] = decimal;
    const weak = closer === undefined;
    if (!weak || /^\p{Lu}/u.test(rest)) {
      const inner = innerMarker(rest);
      if (inner) return inner;
      const depth = label.split('.').length;
      const style = `${closer === ')' ? '1)' : '1.'}${depth > 1 ? `:${depth}` : ''}`;
      const printed = closer === ')' ? `${label})` : label;
      return { printed, readings: [{ style, value: Number(label.split('.').pop()) }], rest: rest.trim(), keyword: null, family: 'decimal', weak };
    }
  }
  const lowerRoman = firstLine.match(LOWER_ROMAN);
  if (lowerRoman && romanValue(lowerRoman[1]) !== null) {
    const printed = lowerRoman[2] === ')' ? `${lowerRoman[1]})` : lowerRoman[1];
    return {
      printed,
      readings: [{ style: `i${lowerRoman[2]}`, value: romanValue(lowerRoman[1]) }],
      rest: lowerRoman[3].trim(),
      keyword: null,
      family: 'lower',
      weak: false,
    };
  }
  const lower = firstLine.match(LOWER_LETTER);
  if (lower) {
    const printed = lower[2] === ')' ? `${lower[1]})` : lower[1];
    return {
      printed,
      readings: letterReadings(lower[1], `a${lower[2]}`, `i${lower[2]}`),
      rest: lower[3].trim(),
      keyword: null,
      family: 'lower',
      weak: false,
    };
  }
  const bullet = firstLine.match(BULLET);
  if (bullet) {
    const inner = innerMarker(bullet[2]);
    if (inner) return inner;
    return {
      printed: bullet[1],
      readings: [{ style: `bullet:${bullet[1]}`, value: null }],
      rest: bullet[2].trim(),
      keyword: null,
      family: 'bullet',
      weak: false,
    };
  }
  return null;
}
