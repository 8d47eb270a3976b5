import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { markQuote, contextChars } from '../../src/domain/agreement-text/quote-context';
import { spanMismatches, QUOTE_GAP } from '../../src/domain/agreement-text/write-texts';
import { textProblem, textSha256 } from '../../src/domain/agreement-text/attach-text';
import { checkCorpusTexts, renderCorpusCheck } from '../../src/domain/agreement-text/corpus-check';
import { agreementSeed, commitmentSeed } from '../../src/seed/seed-schema';
import { checkExitCode, runCheckCommand } from '../../src/cli/texts-data';
import { fuzzOptions } from '../support/fuzz';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'texts');
const TEXT = fs.readFileSync(path.join(FIXTURES, 'testland-ukraine-2024.txt'), 'utf8');
const FIXTURE = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'testland-ukraine-2024.json'), 'utf8'));

/** The window the context statement would cut around `spans` (`chars` either side), as markQuote receives it. */
function windowOf(text: string, spans: [number, number][], chars: number) {
  const windowStart = Math.max(spans[0][0] - chars, 0);
  const end = spans[spans.length - 1][1] + chars;
  return { windowStart, window: text.slice(windowStart, end), textLength: text.length, spans };
}

describe('markQuote (the context of a quote)', () => {
  it('marks the quote and keeps whole words, with an ellipsis where the text goes on', () => {
    const text = 'Japan will continue its support to Ukraine.';
    expect(markQuote(windowOf(text, [[6, 19]], 100))).toBe('Japan <mark>will continue</mark> its support to Ukraine.');
    // A window cut inside "Japan" and inside "its" or "support" drops the broken words.
    expect(markQuote(windowOf(text, [[6, 19]], 3))).toBe('… <mark>will continue</mark> …');
    expect(markQuote(windowOf(text, [[6, 19]], 5))).toBe('… <mark>will continue</mark> its …');
  });

  it('marks every span of a quote that skips words', () => {
    const text = 'Testland will train deminers at its school and will fund their kit.';
    const spans: [number, number][] = [
      [0, 28],
      [47, 67],
    ];
    expect(markQuote(windowOf(text, spans, 0))).toBe('<mark>Testland will train deminers</mark> at its school and <mark>will fund their kit.</mark>');
  });

  it('property: the quote comes back whole and marked, whatever the text, the span and the width', () => {
    const words = fc.array(fc.stringMatching(/^[a-z]{1,8}$/), { minLength: 3, maxLength: 60 });
    fc.assert(
      fc.property(words, fc.nat(), fc.nat(), fc.integer({ min: 0, max: 300 }), (list, a, b, chars) => {
        const text = list.join(' ');
        const start = a % (text.length - 1);
        const end = start + 1 + (b % (text.length - start));
        const marked = markQuote(windowOf(text, [[start, end]], chars));
        expect(marked.match(/<mark>/g)).toHaveLength(1);
        const inside = /<mark>([^]*)<\/mark>/.exec(marked)![1];
        expect(inside).toBe(text.slice(start, end).replace(/\s+/g, ' '));
        // Never more of the text than the window, and the words around it are the text's own.
        expect(text.replace(/\s+/g, ' ')).toContain(
          marked
            .replace(/<\/?mark>/g, '')
            .replace(/^… |^…| …$/g, '')
            .trim(),
        );
      }),
      fuzzOptions(60),
    );
  });

  it('refuses a width below 0 or above 2000', () => {
    expect(contextChars(undefined)).toBe(200);
    expect(() => contextChars(-1)).toThrow(/between 0 and 2000/);
    expect(() => contextChars(2001)).toThrow(/between 0 and 2000/);
  });
});

describe('spanMismatches (a quote against the words at its spans)', () => {
  it('accepts the exact words, and spans joined by " … "', () => {
    expect(spanMismatches('will continue', [{ start: 6, end: 19 }], ['will continue'])).toEqual([]);
    expect(
      spanMismatches(
        `a b${QUOTE_GAP}c d`,
        [
          { start: 0, end: 3 },
          { start: 9, end: 12 },
        ],
        ['a b', 'c d'],
      ),
    ).toEqual([]);
  });

  it('names the span and both strings when they differ, down to one character', () => {
    expect(spanMismatches('will continue', [{ start: 7, end: 20 }], ['ill continue '])).toEqual([
      { index: 0, expected: 'will continue', found: 'ill continue ' },
    ]);
    expect(
      spanMismatches(
        `a b${QUOTE_GAP}c d`,
        [
          { start: 0, end: 3 },
          { start: 9, end: 12 },
        ],
        ['a b', 'c e'],
      ),
    ).toEqual([{ index: 1, expected: 'c d', found: 'c e' }]);
    // Another separator than " … " is a mismatch of the whole quote.
    expect(
      spanMismatches(
        'a b ... c d',
        [
          { start: 0, end: 3 },
          { start: 9, end: 12 },
        ],
        ['a b', 'c d'],
      ),
    ).toEqual([{ index: 0, expected: 'a b ... c d', found: `a b${QUOTE_GAP}c d` }]);
  });

  it('property: a quote cut from a text at any spans matches exactly those spans, and no shifted one', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 2, maxLength: 200 }), fc.nat(), fc.nat(), (text, a, b) => {
        const start = a % (text.length - 1);
        const end = start + 1 + (b % (text.length - start));
        const quote = text.slice(start, end);
        expect(spanMismatches(quote, [{ start, end }], [quote])).toEqual([]);
        const shifted = text.slice(start + 1, end + 1);
        expect(spanMismatches(quote, [{ start: start + 1, end: end + 1 }], [shifted]).length).toBe(shifted === quote ? 0 : 1);
      }),
      fuzzOptions(100),
    );
  });
});

describe('texts as data', () => {
  it('names a text by the sha256 of its UTF-8 bytes', () => {
    expect(textSha256(TEXT)).toBe(FIXTURE.agreement.texts[0].sha256);
  });

  it('refuses empty texts, NUL characters and characters outside the BMP', () => {
    expect(textProblem(TEXT)).toBeNull();
    expect(textProblem('')).toMatch(/empty/);
    expect(textProblem('a\u0000b')).toMatch(/NUL/);
    expect(textProblem('flag 🇺🇦')).toMatch(/Basic Multilingual Plane at offset 5/);
  });

  it('validates the seed format of texts, notes and spans', () => {
    expect(agreementSeed.safeParse(FIXTURE.agreement).success).toBe(true);
    const twoReferences = {
      ...FIXTURE.agreement,
      texts: [...FIXTURE.agreement.texts, { ...FIXTURE.agreement.texts[0], language: 'fr', sha256: 'a'.repeat(64) }],
    };
    expect(agreementSeed.safeParse(twoReferences).error?.issues[0].message).toBe('at most one reference text');
    const noReason = { ...FIXTURE.agreement, provisionNotes: [{ path: 'Part I › 2', operative: false }] };
    expect(agreementSeed.safeParse(noReason).error?.issues[0].message).toBe('a non-operative provision needs a reason');
    const commitment = FIXTURE.agreement.commitments[0];
    expect(commitmentSeed.safeParse({ ...commitment, quoteOrigin: 'ANALYST_NOTE' }).success).toBe(false);
    expect(commitmentSeed.safeParse({ ...commitment, quoteLanguage: null }).success).toBe(false);
    expect(commitmentSeed.safeParse({ ...commitment, quoteSpans: [{ start: 5, end: 5 }] }).success).toBe(false);
    expect(
      commitmentSeed.safeParse({
        ...commitment,
        quoteSpans: [
          { start: 10, end: 20 },
          { start: 15, end: 30 },
        ],
      }).success,
    ).toBe(false);
  });

  it('checks a corpus against a folder of texts without a database: verified, mismatched, unverified, coded, uncoded', () => {
    const agreement = agreementSeed.parse(FIXTURE.agreement);
    const corpus = { sources: [], actors: [], domains: [], mechanisms: [], agreements: [agreement] };
    const file = { agreement: agreement.slug, content: TEXT, language: 'en' };
    const [loaded] = checkCorpusTexts(corpus, [file]);
    expect(loaded).toMatchObject({ spansVerified: 4, spansMismatched: 0, spansUnverified: 0, operativeCoded: 2, operativeUncoded: 1 });
    const [missing] = checkCorpusTexts(corpus, []);
    expect(missing).toMatchObject({ spansVerified: 0, spansUnverified: 4, operativeCoded: 0, operativeUncoded: 0 });
    const broken = agreementSeed.parse({
      ...FIXTURE.agreement,
      commitments: [{ ...FIXTURE.agreement.commitments[0], quoteSpans: [{ start: 570, end: 639 }] }],
    });
    const [mismatched] = checkCorpusTexts({ ...corpus, agreements: [broken] }, [file]);
    expect(mismatched.spansMismatched).toBe(1);
    expect(checkExitCode([mismatched], false)).toBe(1);
    expect(mismatched.mismatches[0]).toContain('commitment testland-ukraine-2024/air-defence span 0 [570, 639)');
    expect(renderCorpusCheck([mismatched]).at(-1)).toMatch(
      /^total: spans 1 verified, 1 mismatched, 0 unverified; operative provisions \d+ coded, \d+ uncoded \(1 agreements\)$/,
    );
  });

  it('texts check --require-coded fails on an operative provision left uncoded, and only then', () => {
    const agreement = agreementSeed.parse(FIXTURE.agreement);
    const corpus = { sources: [], actors: [], domains: [], mechanisms: [], agreements: [agreement] };
    const [checked] = checkCorpusTexts(corpus, [{ agreement: agreement.slug, content: TEXT, language: 'en' }]);
    expect(checked.spansMismatched).toBe(0);
    expect(checked.operativeUncoded).toBeGreaterThan(0);
    expect(checkExitCode([checked], false)).toBe(0);
    expect(checkExitCode([checked], true)).toBe(1);
    expect(checkExitCode([{ ...checked, operativeUncoded: 0 }], true)).toBe(0);
  });

  it('texts check: prints the totals for a folder, exits 0 without mismatches and 2 without the folder', () => {
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (line: string) => out.push(line), err: (line: string) => err.push(line) };
    // The fixture folder holds a text of no agreement of the corpus: nothing to check, nothing wrong.
    expect(runCheckCommand(['--dir', FIXTURES], io)).toBe(0);
    expect(out.at(-1)).toMatch(/^total: spans \d+ verified, 0 mismatched, \d+ unverified;/);
    expect(runCheckCommand(['--dir', path.join(FIXTURES, 'no-such-folder')], io)).toBe(2);
    expect(err.at(-1)).toContain('no folder');
  });
});
