import fc from 'fast-check';
import { containment, fnv1a32, SHINGLE_WORDS, shingleWords, textShingles } from '../../src/domain/text-reuse/shingles';
import { checkMinScore, DEFAULT_MIN_SCORE } from '../../src/domain/text-reuse/text-reuse.args';
import { fuzzOptions } from '../support/fuzz';

describe('shingles (text reuse)', () => {
  it('folds case, punctuation, spacing and Unicode composition before cutting words', () => {
    expect(shingleWords('Will consult — within 24 hours!')).toEqual(['will', 'consult', 'within', '24', 'hours']);
    expect(shingleWords('  "Participants",\n\nwill\tconsult ')).toEqual(['participants', 'will', 'consult']);
    // "é" precomposed and as e + combining acute are the same word.
    expect(shingleWords('Caf\u00e9 ')).toEqual(shingleWords('Cafe\u0301'));
    expect(shingleWords('Україна та Італія')).toEqual(['україна', 'та', 'італія']);
  });

  it('hashes with 32-bit FNV-1a, signed like an SQL integer', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5 | 0);
    expect(fnv1a32('a')).toBe(-468965076);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968 | 0);
  });

  it('cuts one shingle per run of five words, distinct and sorted; none below five words', () => {
    expect(textShingles('the participants will consult within 24 hours')).toHaveLength(3);
    expect(textShingles('four words only here')).toEqual([]);
    // A repeated run counts once.
    expect(textShingles('a b c d e a b c d e')).toHaveLength(5);
    const shingles = textShingles('In the event of future Russian armed attack against Ukraine');
    expect(shingles).toEqual([...shingles].sort((a, b) => a - b));
    expect(shingles.every((h) => Number.isInteger(h) && h >= -(2 ** 31) && h < 2 ** 31)).toBe(true);
  });

  it('scores containment: the share of the first set found in the second', () => {
    expect(containment([1, 2, 3, 4], [2, 4, 9])).toBe(0.5);
    expect(containment([], [1])).toBe(0);
    expect(containment([1, 2], [1, 2, 3])).toBe(1);
  });

  it('property: a passage and a copy differing only in case, punctuation and spacing have the same shingles, scoring 1', () => {
    const word = fc.stringMatching(/^[a-zA-Z0-9]{1,8}$/);
    const separator = fc.constantFrom(' ', ', ', ' — ', '\n', '; ', '" ', ' (', ') ');
    fc.assert(
      fc.property(fc.array(fc.tuple(word, separator, separator), { minLength: 0, maxLength: 30 }), (parts) => {
        const plain = parts.map(([w]) => w).join(' ');
        const dressed = parts.map(([w, before, after], i) => `${i % 2 ? before : ''}${i % 3 ? w.toUpperCase() : w}${after}`).join('');
        expect(textShingles(dressed)).toEqual(textShingles(plain));
        const words = shingleWords(plain).length;
        expect(textShingles(plain).length).toBeLessThanOrEqual(Math.max(words - SHINGLE_WORDS + 1, 0));
        if (textShingles(plain).length > 0) expect(containment(textShingles(plain), textShingles(dressed))).toBe(1);
      }),
      fuzzOptions(60),
    );
  });

  it('property: containment is in [0, 1], and 1 against any passage that contains the words', () => {
    const words = fc.array(fc.stringMatching(/^[a-z]{1,6}$/), { minLength: 0, maxLength: 25 });
    fc.assert(
      fc.property(words, words, words, (before, middle, after) => {
        const inner = textShingles(middle.join(' '));
        const outer = textShingles([...before, ...middle, ...after].join(' '));
        const score = containment(inner, outer);
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(1);
        if (inner.length > 0) expect(score).toBe(1);
        expect(containment(outer, inner)).toBeLessThanOrEqual(1);
      }),
      fuzzOptions(60),
    );
  });
});

describe('checkMinScore', () => {
  it('takes the default when absent and refuses what is outside [0, 1]', () => {
    expect(checkMinScore(undefined)).toBe(DEFAULT_MIN_SCORE);
    expect(checkMinScore(null)).toBe(DEFAULT_MIN_SCORE);
    expect(checkMinScore(0)).toBe(0);
    expect(checkMinScore(1)).toBe(1);
    expect(() => checkMinScore(-0.1)).toThrow('minScore must be between 0 and 1; got -0.1');
    expect(() => checkMinScore(Number.NaN)).toThrow('minScore must be between 0 and 1');
  });
});
