import fc from 'fast-check';
import { findAmounts, scaleFigure } from '../../src/domain/drafting/amounts';
import { findModalCues, governingCue } from '../../src/domain/drafting/modality';
import { AmountBasis, AmountBound, Modality } from '../../src/domain/enums';
import { fuzzOptions } from '../support/fuzz';

describe('drafting: modality words (codebook rules)', () => {
  it.each([
    ['Lorland will provide artillery training to Ukraine.', Modality.WILL, 'will'],
    ['The Participants shall meet within 24 hours.', Modality.WILL, 'shall'],
    ['Lorland is committed to a continued financial contribution.', Modality.WILL, 'committed'],
    ['Lorland intends to provide long-term training.', Modality.INTEND_TO, 'intends'],
    ['Lorland stands ready to consult with Ukraine.', Modality.INTEND_TO, 'stands ready'],
    ['It is the policy of Lorland to assist Ukraine.', Modality.INTEND_TO, 'It is the policy of'],
    ['Lorland would welcome a regular dialogue.', Modality.INTEND_TO, 'would'],
    ['Lorland will seek to deepen maritime ties.', Modality.SEEK_TO, 'seek'],
    ['The Participants will endeavour to ensure freedom of navigation.', Modality.SEEK_TO, 'endeavour'],
    ['The Participants will explore opportunities for cooperation.', Modality.CONSIDER, 'explore'],
    ['Lorland will consider the delivery of a squadron.', Modality.CONSIDER, 'consider'],
    ['The Participants intend to explore the possibility of joint production.', Modality.CONSIDER, 'explore'],
    ['The Participants may amend these provisions.', Modality.MAY, 'may'],
    ['Ukrainians abroad will be able to participate in the training.', Modality.MAY, 'will be able to'],
    ['Lorland undertakes that in those circumstances it would provide swift assistance.', Modality.WILL, 'undertakes'],
    ['Україна продовжуватиме реформи.', Modality.WILL, 'продовжуватиме'],
    ['Сторони мають намір співпрацювати.', Modality.INTEND_TO, 'мають намір'],
    ['Сторони розглянуть можливість співпраці.', Modality.CONSIDER, 'розглянуть'],
  ])('%s -> %s, decided by "%s"', (sentence, modality, words) => {
    const cue = governingCue(sentence);
    expect(cue?.modality).toBe(modality);
    expect(sentence.slice(cue!.start, cue!.end)).toBe(words);
  });

  it('"aimed" decides only as "is aimed at"; "pledges" as a noun is no pledge', () => {
    expect(governingCue('The Participants recognise the need to unite efforts aimed at protecting the population.')).toBeNull();
    expect(governingCue('The programme is aimed at rebuilding schools.')?.modality).toBe(Modality.SEEK_TO);
    expect(governingCue('At the conference, donors gathered half a billion euros of pledges.')).toBeNull();
    expect(governingCue('Lorland pledges its support to the coalition.')?.modality).toBe(Modality.WILL);
  });

  it('reads no cue in a statement, and "May" the month is not "may"', () => {
    expect(governingCue('The Participants recall the Declaration of 12 July 2023.')).toBeNull();
    expect(findModalCues('Signed in May 2024 in Kyiv.')).toEqual([]);
  });

  it('property: every cue found points at words of the text, in reading order and without overlap', () => {
    const words = fc.constantFrom('will', 'may', 'seek', 'Lorland', 'consider', 'intends', 'to', 'support', 'Ukraine', ',', 'would', 'shall');
    fc.assert(
      fc.property(fc.array(words, { maxLength: 30 }), (parts) => {
        const text = parts.join(' ');
        const cues = findModalCues(text);
        cues.forEach((cue, i) => {
          expect(cue.start).toBeGreaterThanOrEqual(0);
          expect(cue.end).toBeLessThanOrEqual(text.length);
          if (i > 0) expect(cue.start).toBeGreaterThanOrEqual(cues[i - 1].end);
        });
      }),
      fuzzOptions(100),
    );
  });
});

describe('drafting: amounts', () => {
  const read = (sentence: string, dollar = 'USD') =>
    findAmounts(sentence, 0, sentence.length, dollar).map((a) => [a.amount, a.currency, a.bound, a.basis, sentence.slice(a.start, a.end)]);

  it.each([
    ['In 2024, Lorland will provide $3.02B in support.', 'CAD', ['3020000000', 'CAD', AmountBound.EXACT, AmountBasis.TOTAL, '$3.02B']],
    [
      'Support will amount to at least NOK 13.5 billion (equal to approximately EUR 1.2 billion).',
      'USD',
      ['13500000000', 'NOK', AmountBound.AT_LEAST, AmountBasis.TOTAL, 'NOK 13.5 billion'],
    ],
    ['worth a total value of 7.1 billion euro', 'USD', ['7100000000', 'EUR', AmountBound.EXACT, AmountBasis.TOTAL, '7.1 billion euro']],
    ['Lorland will provide a further £2.5bn of support.', 'USD', ['2500000000', 'GBP', AmountBound.EXACT, AmountBasis.TOTAL, '£2.5bn']],
    ['Lorland will provide up to 3 billion euros.', 'USD', ['3000000000', 'EUR', AmountBound.UP_TO, AmountBasis.TOTAL, '3 billion euros']],
    ['Lorland will provide approximately 112 million EUR.', 'USD', ['112000000', 'EUR', AmountBound.ABOUT, AmountBasis.TOTAL, '112 million EUR']],
    ['contributions of EUR 2 million per year are planned', 'USD', ['2000000', 'EUR', AmountBound.EXACT, AmountBasis.PER_YEAR, 'EUR 2 million']],
    [
      'including 4.5 billion US dollars support for 2024',
      'USD',
      ['4500000000', 'USD', AmountBound.EXACT, AmountBasis.TOTAL, '4.5 billion US dollars'],
    ],
    ['a grant of USD 1,250,000 to the fund', 'USD', ['1250000', 'USD', AmountBound.EXACT, AmountBasis.TOTAL, 'USD 1,250,000']],
  ])('%s', (sentence, dollar, expected) => {
    expect(read(sentence as string, dollar as string)).toEqual([expected]);
  });

  it('a sum a text only tallies is no pledge: "amounts to" without a period from 2024 on, and the parts "of which"', () => {
    expect(
      read('Total contributions to the fund by Lorland amount to EUR 3.3 million, annual contributions of EUR 2 million are planned for 2024.'),
    ).toEqual([['2000000', 'EUR', AmountBound.EXACT, AmountBasis.TOTAL, 'EUR 2 million']]);
    expect(
      read('Assistance for the period 2022 – 2026 amounts to at least SEK 50 billion in total, of which military support SEK 40 billion.'),
    ).toEqual([]);
    expect(read('The budget for 2024 – 2028 amounts to 290 million EUR.')).toEqual([
      ['290000000', 'EUR', AmountBound.EXACT, AmountBasis.TOTAL, '290 million EUR'],
    ]);
    expect(read('In 2024, the support will amount to at least EUR 1.8 billion.')[0][0]).toBe('1800000000');
  });

  it('what a partner "has already committed" is a record, unless the sum is for 2024 or later', () => {
    expect(read('Lorland has already committed more than EUR 400 million in loans and grants.')).toEqual([]);
    expect(read('In 2024, Lorland’s aid has already reached nearly EUR 80 million.')).toEqual([
      ['80000000', 'EUR', AmountBound.ABOUT, AmountBasis.TOTAL, 'EUR 80 million'],
    ]);
  });

  it('a part of a running total for this year or later is a pledge of its own', () => {
    expect(read('Lorland has committed over 12 billion US dollars since March 2022, including 4.5 billion US dollars support for 2024.')).toEqual([
      ['4500000000', 'USD', AmountBound.EXACT, AmountBasis.TOTAL, '4.5 billion US dollars'],
    ]);
  });

  it('finds no amount in years, percentages or counts', () => {
    expect(read('In 2024 the Participants will train 2,000 soldiers and spend 0.25% of GDP.')).toEqual([]);
  });

  it('scales figures exactly', () => {
    expect(scaleFigure('13.5', 9)).toBe('13500000000');
    expect(scaleFigure('0.25', 6)).toBe('250000');
    expect(scaleFigure('1,000', 0)).toBe('1000');
    expect(scaleFigure('2,5', 9)).toBe('2500000000');
  });
});
