import fc from 'fast-check';
import { DomainTerms } from '../../src/domain/drafting/domain-terms';
import { draftCoding, sentenceSpans, withNamedDomains } from '../../src/domain/drafting/draft';
import { glossUkrainian } from '../../src/domain/drafting/glossary';
import { corpusPrecedents } from '../../src/domain/drafting/evaluate';
import { PrecedentIndex, rankLabels } from '../../src/domain/drafting/precedents';
import { detectPartner, providerAndBeneficiary } from '../../src/domain/drafting/parties';
import { segmentText } from '../../src/domain/provision/segment';
import { readCorpus } from '../../src/seed/read-corpus';
import { fuzzOptions } from '../support/fuzz';

const TEXT =
  [
    'Agreement between Lorland and Ukraine',
    'Part I. Defence Industry',
    '1. Norway will seek to establish joint production of ammunition with Ukraine. Norway may also consider licensing.',
    '2. The Participants will:',
    '(a) exchange information on hybrid threats;',
    '(b) cooperate on demining.',
    '3. In 2022, Norway provided Ukraine with NOK 7 billion.',
  ].join('\n\n') + '\n';

describe('drafting: the draft', () => {
  const precedents = new PrecedentIndex(corpusPrecedents(readCorpus()));

  it('reuses the segmenter of attached texts: the same paths and offsets', () => {
    const draft = draftCoding(TEXT, { precedents });
    expect(draft.provisions.map((p) => [p.path, p.start, p.end])).toEqual(segmentText(TEXT).map((p) => [p.path, p.start, p.end]));
  });

  it('proposes one commitment per sentence with a modal verb, items take the chapeau, past aid is not proposed', () => {
    const draft = draftCoding(TEXT, { precedents });
    const byPath = new Map(draft.provisions.map((p) => [p.path, p]));
    expect(byPath.get('Part I › 1')!.proposals.map((p) => p.modality)).toEqual(['SEEK_TO', 'CONSIDER']);
    expect(byPath.get('Part I › 2 › (b)')!.proposals.map((p) => p.modality)).toEqual(['WILL']);
    expect(byPath.get('Part I › 3')!.proposals).toEqual([]);
    expect(draft.partner).toBe('NO');
  });

  it('ranks precedents and domains deterministically, with the other agreements as neighbours', () => {
    const [first] = draftCoding(TEXT, { precedents }).provisions.flatMap((p) => p.proposals);
    expect(first.precedents.length).toBeGreaterThan(0);
    expect(first.precedents.map((p) => p.score)).toEqual([...first.precedents.map((p) => p.score)].sort((a, b) => b - a));
    expect(first.domains[0].score).toBeGreaterThan(0);
  });

  it('ranks labels by squared similarity', () => {
    expect(
      rankLabels([
        { labels: ['a'], score: 2 },
        { labels: ['b'], score: 1 },
      ]),
    ).toEqual([
      { label: 'a', score: 0.8 },
      { label: 'b', score: 0.2 },
    ]);
  });

  it('reads provider and beneficiary from the subject', () => {
    expect(providerAndBeneficiary('Ukraine ', 'NO')).toEqual({ provider: 'UA', beneficiary: 'NO' });
    expect(providerAndBeneficiary('The Participants ', 'NO')).toEqual({ provider: 'NO', beneficiary: 'UA' });
    expect(providerAndBeneficiary('Norway and Ukraine ', 'NO')).toEqual({ provider: 'NO', beneficiary: 'UA' });
    expect(detectPartner('Ukraine and Japan. Japan will help Ukraine. Ukraine will reform.')).toBe('JP');
  });

  it('splits sentences without losing offsets and drops list markers', () => {
    const text = '1. One is here. Two is here; (b) three.';
    expect(sentenceSpans(text, 0, text.length).map((s) => text.slice(s.start, s.end))).toEqual(['One is here.', 'Two is here;', 'three.']);
    const item = '    a.  Providing modern equipment. Training pilots.';
    expect(sentenceSpans(item, 0, item.length).map((s) => item.slice(s.start, s.end))).toEqual(['Providing modern equipment.', 'Training pilots.']);
  });

  it('a leaf the segmenter calls a statement is operative when a codebook wording governs it; a sentence about the agreement is not', () => {
    const text = [
      'Part I. Accountability',
      '1. The Participants reaffirm their commitment to holding the aggressor accountable.',
      '2. This Agreement is intended to further the Joint Declaration.',
      '3. The Participants recall the Declaration of 12 July 2023.',
    ].join('\n\n');
    const byPath = new Map(draftCoding(`${text}\n`, { precedents }).provisions.map((p) => [p.path, p]));
    expect(segmentText(`${text}\n`).find((p) => p.path === 'Part I › 1')!.operative).toBe(false);
    expect(byPath.get('Part I › 1')!.operative).toBe(true);
    expect(byPath.get('Part I › 1')!.proposals.map((p) => p.modality)).toEqual(['WILL']);
    expect(byPath.get('Part I › 2')!.operative).toBe(false);
    expect(byPath.get('Part I › 3')!.operative).toBe(false);
  });

  it('a domain the proposal names leans the ranking towards it', () => {
    const terms = new DomainTerms([
      { slug: 'demining', name: 'Demining' },
      { slug: 'air-defence', name: 'Air defence' },
      { slug: 'military-it', name: 'Military IT' },
    ]);
    expect(terms.named('Lorland will fund demining and air patrols.')).toEqual(
      new Map([
        ['demining', 1],
        ['air-defence', 0.5],
      ]),
    );
    const ranked = withNamedDomains(
      [
        { label: 'energy', score: 0.6 },
        { label: 'demining', score: 0.45 },
      ],
      new Map([['demining', 1]]),
    );
    expect(ranked.map((d) => d.domain)).toEqual(['demining', 'energy']);
    expect(withNamedDomains([{ label: 'energy', score: 1 }], undefined)).toEqual([{ domain: 'energy', score: 1 }]);
  });

  it('a Ukrainian proposal meets English precedents through the glossary of domain terms', () => {
    expect(glossUkrainian('Учасники посилять співпрацю у сфері розмінування та протиповітряної оборони')).toBe(
      'demining mine clearance air defence defence',
    );
    expect(glossUkrainian('Lorland will help.')).toBe('');
    const index = new PrecedentIndex([
      { key: 'a/demining', agreement: 'a', quote: 'Lorland will support demining', context: '', kind: 'MILITARY_ASSISTANCE', domains: ['demining'] },
      { key: 'a/energy', agreement: 'a', quote: 'Lorland will support the energy grid', context: '', kind: 'ECONOMIC', domains: ['energy'] },
    ]);
    const ukrainian = '1. Сторони співпрацюватимуть у сфері розмінування.\n';
    const [proposal] = draftCoding(ukrainian, { precedents: index, language: 'uk' }).provisions.flatMap((p) => p.proposals);
    expect(proposal.precedents[0].commitment).toBe('a/demining');
    expect(proposal.domains[0].domain).toBe('demining');
  });

  it('property: every quote is the exact substring at its offsets, inside its provision, and two runs give the same draft', () => {
    const sentence = fc.constantFrom(
      'Norway will provide EUR 2 million per year.',
      'The Participants may explore cooperation.',
      'Ukraine shall continue reforms.',
      'The Participants recall the Declaration.',
      '(a) training of pilots;',
      'In 2024 Denmark intends to give up to £3bn (about €3.5bn).',
      'Сторони шукатимуть можливості.',
    );
    const numbered = fc.array(fc.array(sentence, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 6 });
    fc.assert(
      fc.property(numbered, fc.boolean(), (paragraphs, numbers) => {
        const text = `${paragraphs.map((p, i) => `${numbers ? `${i + 1}. ` : ''}${p.join(' ')}`).join('\n\n')}\n`;
        const draft = draftCoding(text, { precedents });
        expect(JSON.stringify(draftCoding(text, { precedents }))).toBe(JSON.stringify(draft));
        for (const provision of draft.provisions) {
          for (const proposal of provision.proposals) {
            expect(proposal.quote).toBe(proposal.quoteSpans.map((s) => text.slice(s.start, s.end)).join(' '));
            for (const span of proposal.quoteSpans) {
              expect(span.start).toBeGreaterThanOrEqual(provision.start);
              expect(span.end).toBeLessThanOrEqual(provision.end);
            }
            for (const amount of proposal.amounts) expect(amount.start).toBeGreaterThanOrEqual(proposal.quoteSpans[0].start);
            if (proposal.modalityWords) expect(proposal.modalityWords.end).toBeLessThanOrEqual(text.length);
          }
        }
      }),
      fuzzOptions(40),
    );
  });
});
