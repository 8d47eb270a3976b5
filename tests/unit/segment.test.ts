import fc from 'fast-check';
import { checkSegmentation, segmentText, SegmentedProvision } from '../../src/domain/provision/segment';
import { fuzzOptions } from '../support/fuzz';

/** Texts written for these tests in the styles of the agreements (never copies of the official texts). */
function document(...paragraphs: string[]): string {
  return `${paragraphs.join('\n\n')}\n`;
}

const PARTS = document(
  'AGREEMENT ON SECURITY COOPERATION',
  'BETWEEN ARCADIA AND UKRAINE',
  'Preamble',
  'Arcadia and Ukraine (hereinafter "the Participants"),',
  'recalling their long friendship,',
  'determined to keep the peace,',
  'Have agreed as follows:',
  'Part I. Defence and Security',
  '1. Arcadia will provide training to Ukraine.',
  '2. In 2023, Arcadia has provided ten ambulances.',
  'Defence Industry',
  '1. The Participants will work together to:',
  '(a) identify funding sources;',
  '(b) protect technologies, including:',
  '(i) patents;',
  '(ii) know-how;',
  '(c) share information.',
  '2. Arcadia will support joint ventures.',
  'Cyber Security',
  '1. The Participants recognise the value of cyber resilience.',
  '• Arcadia will train specialists;',
  '• Ukraine will share lessons learned.',
  'Part II. Final Provisions',
  '1. This Agreement will come into effect upon signature.',
  '2. This Agreement may be terminated by either Participant.',
  'Signed in Kyiv on 1 May 2024, in duplicate.',
  'For Arcadia: Prime Minister',
  'For Ukraine: President',
);

const ARTICLES = document(
  'Agreement between Arcadia and Ukraine',
  'Article 1. Purpose',
  '1. The Participants will cooperate in defence.',
  '1.1 Arcadia will deliver equipment.',
  '1.2 Ukraine will report on its use.',
  '2. The Participants will meet every year.',
  'Article 2 – Assistance',
  'Arcadia will provide:',
  'a) air defence;',
  'b) demining.',
  'Article 3',
  'This Agreement will come into effect upon signature.',
  'Annex A',
  '(a) A training centre.',
  '(b) A repair hub.',
  '(c) A demining school.',
);

const ITALIAN = document(
  'Accordo di cooperazione tra Arcadia e Ucraina',
  'Premessa',
  'Arcadia e Ucraina, di seguito denominate «i Partecipanti»,',
  'riaffermando il loro sostegno,',
  'hanno convenuto quanto segue:',
  'Parte I. Difesa',
  'Articolo 1. Cooperazione militare',
  '1. Arcadia continuerà a fornire assistenza.',
  '2. I Partecipanti si impegnano a scambiare informazioni.',
  'Articolo 2. Formazione',
  'Arcadia addestrerà il personale.',
  'Parte II. Disposizioni finali',
  'Articolo 3. Entrata in vigore',
  'Il presente Accordo entra in vigore alla firma.',
  'Fatto a Roma il 1 maggio 2024.',
  'Per Arcadia',
  'Per l’Ucraina',
);

const UKRAINIAN = document(
  'Угода між Аркадією та Україною',
  'Преамбула',
  'Учасники підтверджують свою дружбу.',
  'Частина І. Оборона',
  'Стаття 1. Співпраця',
  '1. Аркадія продовжуватиме підтримку.',
  '  а. Розвідка',
  'Учасники обмінюватимуться інформацією.',
  '  б. Кібербезпека',
  'Учасники співпрацюватимуть.',
);

const LISTS = document(
  'Part I. Support',
  '1. Arcadia will continue to support Ukraine through:',
  '- training;',
  '- equipment.',
  '2. Ukraine will:',
  '– report;',
  '– account.',
  '3. Arcadia will provide long-term support to Ukraine for the',
  'duration of this Agreement, in line with its',
  'budgetary rules.',
  '4. Ukraine will ensure transparency.',
  '5. Cyber:',
  '1. The Participants will cooperate.',
  '2. Arcadia will help.',
  '6. Arcadia will fund demining.',
);

const REPEATED = document('I. SCOPE', '1. Arcadia will help.', 'I. DEFENCE', '1. Ukraine will defend itself.', '[1] A note written for this test.');

function byPath(provisions: SegmentedProvision[], path: string): SegmentedProvision {
  const found = provisions.find((provision) => provision.path === path);
  if (!found) throw new Error(`no provision "${path}" among ${provisions.map((provision) => provision.path).join(' | ')}`);
  return found;
}

function words(text: string, provision: SegmentedProvision): string {
  return text.slice(provision.start, provision.end).trim();
}

describe('segmentText on texts in the agreements styles', () => {
  it('reads Parts, unnumbered sub-headings whose numbering restarts, nested lettered items and bullets', () => {
    const provisions = segmentText(PARTS);
    expect(provisions.map((provision) => provision.path)).toEqual([
      'Title',
      'Preamble',
      'Preamble › heading',
      'Preamble › 1',
      'Preamble › 2',
      'Preamble › 3',
      'Preamble › 4',
      'Part I',
      'Part I › heading',
      'Part I › 1',
      'Part I › 2',
      'Part I › Defence Industry',
      'Part I › Defence Industry › heading',
      'Part I › Defence Industry › 1',
      'Part I › Defence Industry › 1 › lead-in',
      'Part I › Defence Industry › 1 › (a)',
      'Part I › Defence Industry › 1 › (b)',
      'Part I › Defence Industry › 1 › (b) › lead-in',
      'Part I › Defence Industry › 1 › (b) › (i)',
      'Part I › Defence Industry › 1 › (b) › (ii)',
      'Part I › Defence Industry › 1 › (c)',
      'Part I › Defence Industry › 2',
      'Part I › Cyber Security',
      'Part I › Cyber Security › heading',
      'Part I › Cyber Security › 1',
      'Part I › Cyber Security › 1 › lead-in',
      'Part I › Cyber Security › 1 › • 1',
      'Part I › Cyber Security › 1 › • 2',
      'Part II',
      'Part II › heading',
      'Part II › 1',
      'Part II › 2',
      'Signatures',
      'Signatures › ¶1',
      'Signatures › ¶2',
      'Signatures › ¶3',
    ]);
    expect(checkSegmentation(PARTS, provisions)).toEqual([]);
    expect(words(PARTS, byPath(provisions, 'Title'))).toBe('AGREEMENT ON SECURITY COOPERATION\n\nBETWEEN ARCADIA AND UKRAINE');
    expect(byPath(provisions, 'Part I')).toMatchObject({ kind: 'PART', number: 'I', heading: 'Defence and Security', leaf: false });
    expect(byPath(provisions, 'Part I › Defence Industry')).toMatchObject({ kind: 'SECTION', number: null, heading: 'Defence Industry' });
    expect(byPath(provisions, 'Part I › Defence Industry › 1 › (b) › (ii)')).toMatchObject({ kind: 'ITEM', number: '(ii)', leaf: true });
    expect(byPath(provisions, 'Part I › Cyber Security › 1 › • 2')).toMatchObject({ kind: 'ITEM', number: '•' });
    expect(words(PARTS, byPath(provisions, 'Part I › Defence Industry › 1 › (c)'))).toBe('(c) share information.');
  });

  it('guesses which provisions are operative: not the title, headings, recitals, past aid, final clauses or signatures', () => {
    const provisions = segmentText(PARTS);
    const guess = (path: string) => byPath(provisions, path).nonOperativeReason;
    expect(guess('Title')).toBe('HEADING');
    expect(guess('Preamble › 2')).toBe('RECITAL');
    expect(guess('Part I › heading')).toBe('HEADING');
    expect(guess('Part I › 1')).toBeNull();
    expect(guess('Part I › 2')).toBe('PAST_AID');
    expect(guess('Part I › Cyber Security › 1 › lead-in')).toBe('STATEMENT');
    expect(guess('Part I › Cyber Security › 1 › • 1')).toBeNull();
    expect(guess('Part II › 1')).toBe('FINAL_CLAUSE');
    expect(guess('Signatures › ¶2')).toBe('FINAL_CLAUSE');
    expect(byPath(provisions, 'Signatures › ¶1').kind).toBe('FINAL');
    expect(byPath(provisions, 'Part I').operative).toBe(true);
    expect(byPath(provisions, 'Part II').operative).toBe(false);
  });

  it('reads Articles, decimal sub-paragraphs, "a)" items under an unnumbered lead-in and a lettered Annex', () => {
    const provisions = segmentText(ARTICLES);
    expect(provisions.map((provision) => provision.path)).toEqual([
      'Title',
      'Article 1',
      'Article 1 › heading',
      'Article 1 › 1',
      'Article 1 › 1 › lead-in',
      'Article 1 › 1 › 1.1',
      'Article 1 › 1 › 1.2',
      'Article 1 › 2',
      'Article 2',
      'Article 2 › heading',
      'Article 2 › ¶1',
      'Article 2 › ¶1 › lead-in',
      'Article 2 › ¶1 › a)',
      'Article 2 › ¶1 › b)',
      'Article 3',
      'Article 3 › heading',
      'Article 3 › ¶1',
      'Annex A',
      'Annex A › heading',
      'Annex A › (a)',
      'Annex A › (b)',
      'Annex A › (c)',
    ]);
    expect(checkSegmentation(ARTICLES, provisions)).toEqual([]);
    expect(byPath(provisions, 'Article 2')).toMatchObject({ kind: 'ARTICLE', number: '2', heading: 'Assistance' });
    expect(byPath(provisions, 'Article 3')).toMatchObject({ kind: 'ARTICLE', number: '3', heading: null });
    expect(byPath(provisions, 'Annex A')).toMatchObject({ kind: 'ANNEX', number: 'A' });
    expect(byPath(provisions, 'Article 1 › 1 › 1.2')).toMatchObject({ kind: 'PARAGRAPH', number: '1.2' });
  });

  it('reads the Italian headings (Premessa, Parte, Articolo) and the Italian commitments', () => {
    const provisions = segmentText(ITALIAN, { language: 'it' });
    expect(provisions.map((provision) => provision.path)).toEqual([
      'Title',
      'Premessa',
      'Premessa › heading',
      'Premessa › 1',
      'Premessa › 2',
      'Premessa › 3',
      'Parte I',
      'Parte I › heading',
      'Parte I › Articolo 1',
      'Parte I › Articolo 1 › heading',
      'Parte I › Articolo 1 › 1',
      'Parte I › Articolo 1 › 2',
      'Parte I › Articolo 2',
      'Parte I › Articolo 2 › heading',
      'Parte I › Articolo 2 › ¶1',
      'Parte II',
      'Parte II › heading',
      'Parte II › Articolo 3',
      'Parte II › Articolo 3 › heading',
      'Parte II › Articolo 3 › ¶1',
      'Signatures',
      'Signatures › ¶1',
      'Signatures › ¶2',
      'Signatures › ¶3',
    ]);
    expect(checkSegmentation(ITALIAN, provisions)).toEqual([]);
    expect(byPath(provisions, 'Premessa')).toMatchObject({ kind: 'PREAMBLE' });
    expect(byPath(provisions, 'Parte I › Articolo 1')).toMatchObject({ kind: 'ARTICLE', number: '1', heading: 'Cooperazione militare' });
    expect(byPath(provisions, 'Parte I › Articolo 1 › 1').operative).toBe(true);
    expect(byPath(provisions, 'Parte I › Articolo 1 › 2').operative).toBe(true);
    expect(byPath(provisions, 'Parte II › Articolo 3 › ¶1').nonOperativeReason).toBe('FINAL_CLAUSE');
  });

  it('reads the Ukrainian headings, a Cyrillic roman numeral and Cyrillic lettered sub-headings', () => {
    const provisions = segmentText(UKRAINIAN);
    expect(provisions.map((provision) => provision.path)).toEqual([
      'Title',
      'Преамбула',
      'Преамбула › heading',
      'Преамбула › 1',
      'Частина І',
      'Частина І › heading',
      'Частина І › Стаття 1',
      'Частина І › Стаття 1 › heading',
      'Частина І › Стаття 1 › 1',
      'Частина І › Стаття 1 › а',
      'Частина І › Стаття 1 › а › heading',
      'Частина І › Стаття 1 › а › ¶1',
      'Частина І › Стаття 1 › б',
      'Частина І › Стаття 1 › б › heading',
      'Частина І › Стаття 1 › б › ¶1',
    ]);
    expect(checkSegmentation(UKRAINIAN, provisions)).toEqual([]);
    expect(byPath(provisions, 'Частина І › Стаття 1 › 1').operative).toBe(true);
  });

  it('reads dash bullets, lines broken inside a paragraph and a list restarting after a lead-in', () => {
    const provisions = segmentText(LISTS);
    expect(provisions.map((provision) => provision.path)).toEqual([
      'Part I',
      'Part I › heading',
      'Part I › 1',
      'Part I › 1 › lead-in',
      'Part I › 1 › - 1',
      'Part I › 1 › - 2',
      'Part I › 2',
      'Part I › 2 › lead-in',
      'Part I › 2 › – 1',
      'Part I › 2 › – 2',
      'Part I › 3',
      'Part I › 4',
      'Part I › 5',
      'Part I › 5 › lead-in',
      'Part I › 5 › 1',
      'Part I › 5 › 2',
      'Part I › 6',
    ]);
    expect(checkSegmentation(LISTS, provisions)).toEqual([]);
    expect(words(LISTS, byPath(provisions, 'Part I › 3'))).toBe(
      '3. Arcadia will provide long-term support to Ukraine for the\n\nduration of this Agreement, in line with its\n\nbudgetary rules.',
    );
  });

  it('keeps numbered paragraphs out of the unnumbered paragraph before them, unless it leads into them', () => {
    const text = document(
      'Part I. Scope',
      'The future lies in Europe.',
      '11. Arcadia will help.',
      '12. Ukraine will reform.',
      'The Participants will:',
      '1. meet;',
      '2. report.',
    );
    const provisions = segmentText(text);
    expect(provisions.map((provision) => provision.path)).toEqual([
      'Part I',
      'Part I › heading',
      'Part I › ¶1',
      'Part I › 11',
      'Part I › 12',
      'Part I › ¶2',
      'Part I › ¶2 › lead-in',
      'Part I › ¶2 › 1',
      'Part I › ¶2 › 2',
    ]);
    expect(checkSegmentation(text, provisions)).toEqual([]);
  });

  it('tells apart numbers printed twice among siblings and keeps notes apart', () => {
    const provisions = segmentText(REPEATED);
    expect(provisions.map((provision) => provision.path)).toEqual([
      'I',
      'I › heading',
      'I › 1',
      'I [2]',
      'I [2] › heading',
      'I [2] › 1',
      'Notes',
      'Notes › [1]',
    ]);
    expect(checkSegmentation(REPEATED, provisions)).toEqual([]);
    expect(byPath(provisions, 'I [2]')).toMatchObject({ kind: 'PART', number: 'I', heading: 'DEFENCE' });
    expect(byPath(provisions, 'Notes › [1]')).toMatchObject({ kind: 'NOTE', number: '[1]', operative: false });
  });

  it('gives every character to exactly one leaf, the blank lines included, and covers children with their parent', () => {
    for (const text of [PARTS, ARTICLES, ITALIAN, UKRAINIAN, LISTS, REPEATED, `\n\n  ${PARTS}\n\n\n`]) {
      const provisions = segmentText(text);
      const leaves = provisions.filter((provision) => provision.leaf);
      expect(leaves.map((leaf) => text.slice(leaf.start, leaf.end)).join('')).toBe(text);
      expect(checkSegmentation(text, provisions)).toEqual([]);
    }
  });

  it('is deterministic: the same text gives the same provisions', () => {
    for (const text of [PARTS, ARTICLES, ITALIAN, UKRAINIAN, LISTS, REPEATED]) expect(segmentText(text)).toEqual(segmentText(text));
  });

  it('reads a text with CR LF line ends into the same paths', () => {
    const crlf = ARTICLES.replace(/\n/g, '\r\n');
    const provisions = segmentText(crlf);
    expect(provisions.map((provision) => provision.path)).toEqual(segmentText(ARTICLES).map((provision) => provision.path));
    expect(checkSegmentation(crlf, provisions)).toEqual([]);
  });

  it('gives nothing for an empty text and one leaf for a text of blank lines', () => {
    expect(segmentText('')).toEqual([]);
    expect(segmentText(' \n\n\t\n')).toEqual([expect.objectContaining({ path: 'Text', start: 0, end: 5, leaf: true })]);
    expect(checkSegmentation(' \n\n\t\n', segmentText(' \n\n\t\n'))).toEqual([]);
  });
});

describe('checkSegmentation', () => {
  const provisions = segmentText(ARTICLES);
  const broken = (change: (copy: SegmentedProvision[]) => void) => {
    const copy = provisions.map((provision) => ({ ...provision }));
    change(copy);
    return checkSegmentation(ARTICLES, copy);
  };

  it('reports a gap or an overlap between leaves and a parent that does not cover its children', () => {
    expect(broken((copy) => (copy[copy.length - 1].start += 1))).toEqual(
      expect.arrayContaining([expect.stringMatching(/"Annex A › \(c\)": leaf starts at \d+, expected \d+/)]),
    );
    const annex = provisions.findIndex((provision) => provision.path === 'Annex A');
    expect(broken((copy) => (copy[annex].end -= 1))).toEqual([expect.stringMatching(/"Annex A": .* is not its children's/)]);
  });

  it('reports a path used twice, one that does not extend its parent, and out-of-order ordinals', () => {
    expect(broken((copy) => (copy[5].path = copy[4].path))).toEqual(expect.arrayContaining([expect.stringMatching(/path used twice/)]));
    expect(broken((copy) => (copy[5].path = 'Article 9 › 1.1'))).toEqual(
      expect.arrayContaining([expect.stringMatching(/does not extend its parent/)]),
    );
    expect(broken((copy) => (copy[3].ordinal = 7))).toEqual(expect.arrayContaining([expect.stringMatching(/ordinal 7 at position 3/)]));
  });

  it('reports a number that is not printed where the provision starts, and a reason that contradicts operative', () => {
    const index = provisions.findIndex((provision) => provision.path === 'Article 1 › 2');
    expect(broken((copy) => (copy[index].number = '3'))).toEqual([expect.stringMatching(/number "3" is not printed at its start/)]);
    expect(broken((copy) => (copy[index].nonOperativeReason = 'RECITAL'))).toEqual([expect.stringMatching(/operative and its reason disagree/)]);
  });

  it('reports leaves that stop before the end of the text', () => {
    expect(checkSegmentation(`${ARTICLES}more`, provisions)).toEqual([expect.stringMatching(/the leaves end at \d+, the text at \d+/)]);
  });
});

/** A paragraph beginning with one of the markers the agreements print, or with none. */
const MARKERS = [
  '',
  '',
  '',
  'Preamble',
  'Part I. ',
  'Part II: ',
  'PART 3. ',
  'Article 1. ',
  'Article\u00a0II:\u00a0',
  'Section 2 ',
  'Paragraph 4: ',
  'Annex',
  'Annex B',
  'Parte I. ',
  'Articolo 2. ',
  'Premessa',
  'Частина VІ. ',
  'Стаття 3. ',
  'I. ',
  'II\u00a0\u00a0 ',
  'A. ',
  'B.\u00a0\u00a0',
  '1. ',
  '2. ',
  '10.',
  '1 ',
  '1.1 ',
  '(1) ',
  '(a) ',
  '(b) ',
  '(i) ',
  '(ii) ',
  'a) ',
  'b. ',
  '  а. ',
  'iii. ',
  '• ',
  '- ',
  '– ',
  '− ',
  'o ',
  '    -   (iv) ',
  '1.  (A) ',
  '[1] ',
  'Signed in ',
  'For Arcadia: ',
];
const WORD_CHARACTERS = 'aAbBzZ   ,.;:()›-–"’«»\u00a0\t1234567890IVXабвгІєїÉé';

const paragraph = fc
  .record({
    marker: fc.constantFrom(...MARKERS),
    body: fc.string({ unit: fc.constantFrom(...WORD_CHARACTERS.split('')), maxLength: 60 }),
    secondLine: fc.option(fc.string({ unit: fc.constantFrom(...WORD_CHARACTERS.split('')), maxLength: 20 }), { nil: undefined }),
  })
  .map(({ marker, body, secondLine }) => `${marker}${body}${secondLine === undefined ? '' : `\n${secondLine}`}`);
const separator = fc.constantFrom('\n\n', '\n\n', '\n\n', '\n', '\n\n\n', ' \n\u00a0\n', '\n\t\n');
const generatedDocument = fc
  .record({
    lead: fc.constantFrom('', '\n', '\n\n  '),
    paragraphs: fc.array(fc.tuple(paragraph, separator), { maxLength: 30 }),
    tail: fc.constantFrom('', '\n', '\n\n'),
  })
  .map(({ lead, paragraphs, tail }) => `${lead}${paragraphs.map(([text, after]) => `${text}${after}`).join('')}${tail}`);

describe('segmentText property', () => {
  it('property: for generated documents the segmentation has no violation and is the same twice', () => {
    fc.assert(
      fc.property(generatedDocument, (text) => {
        const provisions = segmentText(text);
        expect(checkSegmentation(text, provisions)).toEqual([]);
        expect(segmentText(text)).toEqual(provisions);
      }),
      fuzzOptions(300),
    );
  });

  it('property: for arbitrary strings the leaves still tile the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        expect(checkSegmentation(text, segmentText(text))).toEqual([]);
      }),
      fuzzOptions(300),
    );
  });
});
