/**
 * The segmenter's first guess at whether a provision's words commit anyone to anything. Coders correct it; the
 * guess only saves them from starting every recital, heading and signature block at "operative".
 */
export type NonOperativeReason = 'RECITAL' | 'DEFINITION' | 'FINAL_CLAUSE' | 'PAST_AID' | 'STATEMENT' | 'HEADING';

export interface OperativeGuess {
  operative: boolean;
  nonOperativeReason: NonOperativeReason | null;
}

/** Where a provision stands, as far as the guess cares. */
export type Setting = 'PREAMBLE' | 'FINAL' | 'SIGNATURES' | 'NOTES' | 'BODY';

/** Words that carry a commitment, an intention or an obligation, in English, Ukrainian and Italian. */
export const COMMITMENT = [
  /\b(it is the policy of|will|shall|commits?|committed|undertakes?|undertaken|intends?|intend|agrees?|decided?|decides|seeks?|strives?|aims?|plans?|pledges?|resolved?|determined|ready|must|should|continues? to|remains? (?:firmly )?(?:committed|engaged|ready))\b/i,
  /(тиме|тимуть|зобов|має намір|мають намір|будуть|буде |прагн|повинн|готов)/iu,
  /(?<!\p{L})(si impegna(?:no)?|intende|intendono|continuer[àa]|dovr[àa]|s[iì] adopereranno|\p{L}+er[àa]nno|\p{L}+ir[àa]nno|\p{L}+er[àa]|\p{L}+ir[àa])(?!\p{L})/iu,
];
const DEFINITION = /\b(hereinafter|hereafter|referred to (?:jointly |individually |together )?as)\b|далі\s*[–-]|di seguito/iu;
const PAST_AID =
  /\b(has|have|had) (?:already |also |so far |comprehensively |steadfastly )?(provided|delivered|committed|allocated|supported|made|contributed|donated|transferred|supplied|trained|granted|disbursed|pledged|mobilised|mobilized|accepted|hosted|spent)\b|^(Since|From the (?:very )?beginning|As of|Prior to|In 20(?:1\d|2[0-3]))\b/i;
const FUTURE = /\b(will|shall|intends?|commits? to|continues? to)\b/i;

/**
 * Guesses whether a leaf's text is operative.
 *
 * @example guessOperative('The Participants recall the G7 Declaration.', 'BODY') // { operative: false, nonOperativeReason: 'STATEMENT' }
 */
export function guessOperative(text: string, setting: Setting): OperativeGuess {
  if (setting === 'PREAMBLE') return { operative: false, nonOperativeReason: 'RECITAL' };
  if (setting === 'FINAL' || setting === 'SIGNATURES') return { operative: false, nonOperativeReason: 'FINAL_CLAUSE' };
  if (setting === 'NOTES') return { operative: false, nonOperativeReason: 'STATEMENT' };
  if (DEFINITION.test(text) && !FUTURE.test(text)) return { operative: false, nonOperativeReason: 'DEFINITION' };
  if (PAST_AID.test(text) && !FUTURE.test(text)) return { operative: false, nonOperativeReason: 'PAST_AID' };
  if (!COMMITMENT.some((pattern) => pattern.test(text))) return { operative: false, nonOperativeReason: 'STATEMENT' };
  return { operative: true, nonOperativeReason: null };
}

/** Headings of the parts that hold the final clauses (entry into effect, term, amendment, termination). */
export const FINAL_HEADING =
  /final (provisions|clauses|dispositions)|timeframe|time frame|entry into (effect|force)|termination|amendments?|прикінцеві|строк дії|припинення|зміни|disposizioni finali|entrata in vigore/iu;
