/**
 * Finds sums of money in a text: a currency (symbol, ISO code or name, before or after), a figure and a scale
 * ("bn", "million", "billion"), with the bound the words put on it ("at least", "up to", "about") and whether it
 * is for each year. Figures in parentheses are equivalents in another currency ("(equal to approximately EUR 1.2
 * billion)") and are not amounts of their own (the codebook never converts currencies).
 */
import { AmountBasis, AmountBound } from '../enums';

/** A sum of money found in a text, with absolute offsets of its words. */
export interface FoundAmount {
  /** A decimal string of the whole amount ("13500000000"). */
  amount: string;
  currency: string;
  bound: AmountBound;
  basis: AmountBasis;
  start: number;
  end: number;
}

const CODES = 'EUR|USD|GBP|NOK|SEK|DKK|CAD|JPY|PLN|CZK|ISK|UAH|CHF|HUF|RON|BGN|AUD';
const SYMBOLS: Record<string, string> = { '€': 'EUR', '£': 'GBP', '¥': 'JPY', '₴': 'UAH' };
const NAMES: [RegExp, string][] = [
  [/^(?:euros?|євро)$/iu, 'EUR'],
  [/^(?:us dollars?|u\.s\. dollars?|доларів сша)$/iu, 'USD'],
  [/^(?:pounds?(?: sterling)?)$/iu, 'GBP'],
  [/^(?:canadian dollars?)$/iu, 'CAD'],
  [/^(?:hryvnias?|гривень)$/iu, 'UAH'],
];
const SCALE_WORDS = '(?:bn|billion|B|b|million|mln|m|thousand|млрд|мільярд\\p{L}*|млн|мільйон\\p{L}*|тис\\.?)';
const FIGURE = '\\d{1,3}(?:[,\\u00a0 ]\\d{3})+(?:\\.\\d+)?|\\d{1,3}(?:\\.\\d{3}){2,}|\\d+(?:[.,]\\d+)?';
const PREFIX = `(?:US\\$|C\\$|CA\\$|${CODES}|[€£¥₴$])`;
const SUFFIX = `(?:${CODES}|euros?|євро|US dollars?|U\\.S\\. dollars?|доларів США|pounds?(?: sterling)?|Canadian dollars?|hryvnias?|гривень)`;
const MONEY = new RegExp(
  `(?<![\\p{L}\\d])(?:(?<prefix>${PREFIX})\\s?(?<figure1>${FIGURE})(?:\\s?(?<scale1>${SCALE_WORDS}))?(?![\\p{L}\\d])` +
    `|(?<figure2>${FIGURE})\\s?(?:(?<scale2>${SCALE_WORDS})\\s)?(?<suffix>${SUFFIX})(?![\\p{L}]))`,
  'gu',
);
const AT_LEAST = /(?:at least|more than|over|in excess of|exceed(?:s|ed)?|no less than|не менше(?: ніж)?|щонайменше|понад)\s*$/iu;
const UP_TO = /(?:up to(?: the value of| a total of| an amount of| a)?|as much as|до)\s*$/iu;
const ABOUT = /(?:about|around|approximately|nearly|almost|some|близько|приблизно|майже)\s*$/iu;
/** Sentences that tally aid given so far ("Since the start of the invasion, X has committed more than $2.4B"). */
const RUNNING_TOTAL_OPENING = /^\W*(?:since|as of|to date|so far|in (?:19|20)(?:[01]\d|2[0-3])\b(?![-–]))/iu;
const RUNNING_TOTAL = /\b(?:since|to date|so far)\b/iu;
/**
 * "has already committed": what a partner already gave or committed elsewhere or in earlier years is a record, not a
 * pledge; a sum already reached in 2024 or later is this year's (codebook, "A current-year amount ...").
 */
const ALREADY = /\balready\b/iu;
/**
 * A sum stated as what something "amounts to" (present tense, not "will amount to") is a tally ("Total
 * contributions ... amount to EUR 3.3 million"), unless its subject is a period that starts in 2024 or later (a
 * budget stated as a fact: "The budget ... for 2024 – 2028 amounts to 290 million EUR").
 */
const AMOUNTS_TO = /(?<!\b(?:will|would|shall|could|may|to|should) )\b(?:amounts? to|totall?ed|reach(?:ed|es)) (?:[^,;]{0,40})$/iu;
const PERIOD_START = /\b(?:19|20)\d\d\b/u;
const FROM_2024 = /^20(?:2[4-9]|3\d)$/u;
/** The part of a total just tallied ("..., of which military support SEK 98 billion"). */
const PART_OF = /\b(?:of which|of this|thereof)\b[^,;]*$/iu;
/** A year from 2024 on in the sum's own clause ("including 4.5 billion US dollars support for 2024"). */
const CURRENT_YEAR = /\b20(?:2[4-9]|3\d)\b/u;
const PER_YEAR = /^[^.;]{0,60}?\b(?:per year|a year|each year|every year|per annum|annually|yearly)\b|^\s*(?:per year|annually|щороку|на рік)/iu;

const SCALES: [RegExp, number][] = [
  [/^(?:bn|billion|B|b|млрд|мільярд\p{L}*)$/iu, 9],
  [/^(?:million|mln|m|млн|мільйон\p{L}*)$/iu, 6],
  [/^(?:thousand|тис\.?)$/iu, 3],
];

/**
 * Multiplies a printed figure by ten to the power of its scale, exactly, as a decimal string.
 *
 * @example scaleFigure('13.5', 9) // '13500000000'
 */
export function scaleFigure(figure: string, power: number): string {
  // "1,000,000" and "100 000" group thousands; a single "," followed by one or two digits is a decimal comma.
  // "250.000 EUR" with no scale word groups thousands with dots (continental style).
  const grouped =
    (/^\d{1,3}(?:[,\u00a0 ]\d{3})+(?:\.\d+)?$/.test(figure) && !/^\d+,\d{1,2}$/.test(figure)) ||
    (power === 0 && /^\d{1,3}(?:\.\d{3})+$/.test(figure));
  const plain = grouped ? figure.replace(/[,.\u00a0 ]/g, '') : figure.replace(',', '.');
  const [whole, fraction = ''] = plain.split('.');
  const digits = (whole + fraction.padEnd(power, '0').slice(0, Math.max(power, fraction.length))).replace(/^0+(?=\d)/, '');
  const shift = Math.max(power, fraction.length) - power;
  const integer = shift > 0 ? digits.slice(0, digits.length - shift) : digits;
  return integer === '' ? '0' : integer;
}

function currencyOf(prefix: string | undefined, suffix: string | undefined, dollar: string): string {
  const word = (prefix ?? suffix ?? '').trim();
  if (word === '$') return dollar;
  if (word === 'US$') return 'USD';
  if (word === 'C$' || word === 'CA$') return 'CAD';
  if (SYMBOLS[word]) return SYMBOLS[word];
  if (new RegExp(`^(?:${CODES})$`).test(word)) return word;
  return NAMES.find(([pattern]) => pattern.test(word))?.[1] ?? word.toUpperCase();
}

/** Whether `offset` is inside parentheses opened earlier in `text[from, offset)`. */
function insideParentheses(text: string, from: number, offset: number): boolean {
  let depth = 0;
  for (let i = from; i < offset; i += 1) {
    if (text[i] === '(') depth += 1;
    else if (text[i] === ')') depth = Math.max(0, depth - 1);
  }
  return depth > 0;
}

/**
 * The sums of money in `text[from, to)` (a sentence), in reading order, offsets absolute; none in a sentence that
 * opens by tallying aid given so far ("Since", "As of", "To date"), nor one in a clause that does, which the codebook does not code as a pledge. `dollar` is the currency a bare "$"
 * stands for (the partner's: CAD in a Canadian text; USD otherwise).
 *
 * @example findAmounts('Norway will give at least NOK 13.5 billion.')[0] // { amount: '13500000000', currency: 'NOK', bound: 'AT_LEAST', ... }
 */
export function findAmounts(text: string, from = 0, to = text.length, dollar = 'USD'): FoundAmount[] {
  const slice = text.slice(from, to);
  const amounts: FoundAmount[] = [];
  if (RUNNING_TOTAL_OPENING.test(slice)) return amounts;
  let tallied = false;
  for (const match of slice.matchAll(MONEY)) {
    const groups = match.groups ?? {};
    const start = from + match.index;
    const end = start + match[0].length;
    if (insideParentheses(text, from, start)) continue;
    const clauseEnd = text.indexOf(',', end);
    const clauseStart = Math.max(from, text.lastIndexOf(',', start - 1) + 1);
    const ownClause = text.slice(clauseStart, clauseEnd === -1 || clauseEnd > to ? to : clauseEnd);
    const ownYear = CURRENT_YEAR.test(ownClause) && !RUNNING_TOTAL.test(ownClause);
    // A running total is marked before the sum ("Ever since, ... has been EUR 500 million") or in its clause after it
    // ("over 12 billion US dollars since March 2022"); a part of it for this year or later is a pledge of its own
    // ("..., including 4.5 billion US dollars support for 2024").
    if (!ownYear && RUNNING_TOTAL.test(text.slice(from, clauseEnd === -1 || clauseEnd > to ? to : clauseEnd))) continue;
    if (ALREADY.test(text.slice(clauseStart, start)) && !CURRENT_YEAR.test(slice)) continue;
    const before = text.slice(from, start);
    const amountsTo = AMOUNTS_TO.exec(before);
    if (amountsTo) {
      const firstYear = PERIOD_START.exec(before.slice(0, amountsTo.index))?.[0];
      if (firstYear === undefined || !FROM_2024.test(firstYear)) {
        tallied = true;
        continue;
      }
    }
    if (tallied && !ownYear && PART_OF.test(before)) continue;
    const figure = groups.figure1 ?? groups.figure2;
    const scaleWord = groups.scale1 ?? groups.scale2;
    const power = scaleWord ? (SCALES.find(([pattern]) => pattern.test(scaleWord))?.[1] ?? 0) : 0;
    const lead = text.slice(Math.max(from, start - 30), start);
    const bound = AT_LEAST.test(lead)
      ? AmountBound.AT_LEAST
      : UP_TO.test(lead)
        ? AmountBound.UP_TO
        : ABOUT.test(lead)
          ? AmountBound.ABOUT
          : AmountBound.EXACT;
    const basis = PER_YEAR.test(text.slice(end, to)) ? AmountBasis.PER_YEAR : AmountBasis.TOTAL;
    amounts.push({ amount: scaleFigure(figure, power), currency: currencyOf(groups.prefix, groups.suffix, dollar), bound, basis, start, end });
  }
  return amounts;
}
