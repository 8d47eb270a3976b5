/**
 * Who undertakes and for whom, read from a sentence's subject: "The UK will", "Ukraine will", "The Participants
 * will" (the codebook: mutual wording is the partner's undertaking for Ukraine).
 */

/** Names a text may call an actor by, with its code. Longer names first, so "the United Kingdom" wins over "Kingdom". */
const NAMES: [RegExp, string][] = [
  [/\b(?:the )?United Kingdom\b|\bthe UK\b|\bUK\b|\bBritish\b/u, 'GB'],
  [/\b(?:the )?United States\b|\bthe US\b|\bU\.S\.|\bAmerican\b/u, 'US'],
  [/\bEuropean Union\b|\bthe EU\b/u, 'EU'],
  [/\bJapan(?:ese)?\b/u, 'JP'],
  [/\bGerman(?:y)?\b/u, 'DE'],
  [/\bFrance\b|\bFrench\b/u, 'FR'],
  [/\bDenmark\b|\bDanish\b/u, 'DK'],
  [/\bItal(?:y|ian)\b|Італі\p{L}*/u, 'IT'],
  [/\bCanad(?:a|ian)\b/u, 'CA'],
  [/\b(?:the )?Netherlands\b|\bDutch\b/u, 'NL'],
  [/\bFin(?:land|nish)\b/u, 'FI'],
  [/\bLatvi(?:a|an)\b/u, 'LV'],
  [/\bLithuani(?:a|an)\b/u, 'LT'],
  [/\bEstoni(?:a|an)\b/u, 'EE'],
  [/\bSpa(?:in|nish)\b/u, 'ES'],
  [/\bBelgi(?:um|an)\b/u, 'BE'],
  [/\bPortug(?:al|uese)\b/u, 'PT'],
  [/\bSwe(?:den|dish)\b/u, 'SE'],
  [/\bNorw(?:ay|egian)\b/u, 'NO'],
  [/\bIceland(?:ic)?\b/u, 'IS'],
  [/\bPol(?:and|ish)\b/u, 'PL'],
  [/\bLuxembourg\b/u, 'LU'],
  [/\bRomani(?:a|an)\b/u, 'RO'],
  [/\bCzech(?:ia)?\b/u, 'CZ'],
  [/\bSloveni(?:a|an)\b/u, 'SI'],
  [/\bIrish\b|\bIreland\b/u, 'IE'],
  [/\bCroati(?:a|an)\b/u, 'HR'],
  [/\bGreece\b|\bGreek\b/u, 'GR'],
  [/\bAlbani(?:a|an)\b/u, 'AL'],
];
const UKRAINE = /\bUkrain(?:e|ian)\b|Україн\p{L}*/u;

/**
 * The partner of Ukraine a text is about: the actor other than Ukraine it names most often (ties: the first in the
 * list above); null when it names none.
 *
 * @example detectPartner('Norway and Ukraine ... Norway will ...') // 'NO'
 */
export function detectPartner(text: string): string | null {
  let best: { code: string; count: number } | null = null;
  for (const [pattern, code] of NAMES) {
    const count = (text.match(new RegExp(pattern.source, 'gu')) ?? []).length;
    if (count > 0 && (!best || count > best.count)) best = { code, count };
  }
  return best?.code ?? null;
}

/**
 * Provider and beneficiary of an undertaking, from the words before its modal verb (its subject): Ukraine alone
 * undertakes for the partner; otherwise (the partner, "the Participants", "the Sides") the partner for Ukraine.
 *
 * @example providerAndBeneficiary('Ukraine', 'NO') // { provider: 'UA', beneficiary: 'NO' }
 */
export function providerAndBeneficiary(subject: string, partner: string | null): { provider: string | null; beneficiary: string | null } {
  const namesPartner = NAMES.some(([pattern, code]) => code === partner && pattern.test(subject));
  if (UKRAINE.test(subject) && !namesPartner && !/\b(?:and|both|jointly)\b|\bта\b|\bі\b/iu.test(subject)) {
    return { provider: 'UA', beneficiary: partner };
  }
  return { provider: partner, beneficiary: 'UA' };
}
