/**
 * Reads a sentence's modality from its verbs, following the codebook's word rules (seeds/README.md, "modality"),
 * including the wordings the coders added while recoding the official texts (issue 16).
 */
import { Modality } from '../enums';

/** A modal cue found in a text: the modality it signals and where its words stand. */
export interface ModalCue {
  modality: Modality;
  start: number;
  end: number;
}

interface CuePattern {
  modality: Modality;
  pattern: RegExp;
}

// Longer, more specific wordings are listed as patterns of their own: overlapping shorter matches are dropped.
const CUE_PATTERNS: CuePattern[] = [
  // MAY: a possibility rather than an undertaking.
  { modality: Modality.MAY, pattern: /\b(?:will )?(?:be|remains?|remain) open to (?:the possibility|considering)\b/giu },
  { modality: Modality.MAY, pattern: /\bwill be able to\b|\bmay include\b|\bwhich may include\b|\bpotentially\b|\bmight\b|\bcan\b|\bmay(?! \d)\b/gu },
  { modality: Modality.MAY, pattern: /(?<!\p{L})(?:можуть|може|можливо)(?!\p{L})/giu },
  // CONSIDER: consider, explore, study.
  {
    modality: Modality.CONSIDER,
    pattern:
      /\b(?:consider(?:s|ing|ation)?|explor(?:e|es|ing)|study the feasibility|propose[sd]?|examin(?:e|es|ing)|evaluat(?:e|es|ing)|reflect on|work on options|look into possibilities|will be assessed)\b/giu,
  },
  { modality: Modality.CONSIDER, pattern: /(?<!\p{L})(?:розглян\p{L}*|вивчат\p{L}*|вивчит\p{L}*)(?!\p{L})/giu },
  // SEEK_TO: seek, strive, aim, endeavour, best efforts.
  {
    modality: Modality.SEEK_TO,
    pattern:
      /\b(?:seek(?:s|ing)?|striv(?:e|es|ing)|aims?|(?:is|are) aimed|endeavou?r(?:s|ing)?|make (?:every|all) efforts?|exert all possible efforts|make efforts|continue (?:its|their) efforts|do (?:its|their) utmost|set (?:a|the) (?:goal|target)|has set the target|(?:the|a) goal|objective of|with a goal)\b/giu,
  },
  { modality: Modality.SEEK_TO, pattern: /(?<!\p{L})(?:прагн\p{L}*|шукат\p{L}*|докладат\p{L}*\s+зусил\p{L}*)(?!\p{L})/giu },
  // INTEND_TO: intend, stand ready, would, policy, should.
  {
    modality: Modality.INTEND_TO,
    pattern:
      /\b(?:intends?|intended|intention|stands? ready|(?:is|are|remains?|remain) ready|is willing|are willing|willingness|it is the policy of|plans? to|expects?|should|would|express(?:es)? (?:their|its) (?:will|mutual intention))\b/giu,
  },
  { modality: Modality.INTEND_TO, pattern: /(?<!\p{L})(?:мають намір|має намір|готов\p{L}*)(?!\p{L})/giu },
  // WILL: will, shall, commit, undertake, determined, agree, decide, operative "continues to".
  {
    modality: Modality.WILL,
    pattern:
      /\b(?:will|shall|undertakes?|undertake|commits?|committed|commitment to|is determined|are determined|dedicated to|pledged?|(?<!\b(?:of|the|its|their|these|new|with) )pledges|resolved to|decided?|decides|agrees?|continues? to|has allocated|earmarks|is assigned|are reserved)\b/giu,
  },
  {
    modality: Modality.WILL,
    pattern: /(?<!\p{L})(?:\p{L}+тиме|\p{L}+тимуть|зобов[’'ʼ]язу\p{L}*|надасть|нададуть|буде|будуть|забезпечить|сприятиме)(?!\p{L})/giu,
  },
];

/** Modalities that only mark the frame ("will", "would") and never override a more specific verb in the chain. */
const FRAME = new Set<Modality>([Modality.WILL]);
const FRAME_WORD = /^(?:would|should)$/i;
/** Cues closer than this (characters between one's end and the next's start) are one stacked verb phrase. */
const CHAIN_GAP = 45;

/**
 * Every modal cue in `text[from, to)`, in reading order, with absolute offsets; where two wordings overlap the
 * longer one wins ("will be able to" over "will"), and at equal length the more specific modality.
 *
 * @example findModalCues('Japan will seek to help.').map((c) => c.modality) // ['WILL', 'SEEK_TO']
 */
export function findModalCues(text: string, from = 0, to = text.length): ModalCue[] {
  const slice = text.slice(from, to);
  const found: (ModalCue & { rank: number })[] = [];
  CUE_PATTERNS.forEach((cue, rank) => {
    for (const match of slice.matchAll(cue.pattern)) {
      found.push({ modality: cue.modality, start: from + match.index, end: from + match.index + match[0].length, rank });
    }
  });
  found.sort((a, b) => a.start - b.start || b.end - b.start - (a.end - a.start) || a.rank - b.rank);
  const kept: ModalCue[] = [];
  for (const cue of found) {
    const last = kept[kept.length - 1];
    if (last && cue.start < last.end) continue;
    kept.push({ modality: cue.modality, start: cue.start, end: cue.end });
  }
  return kept;
}

/**
 * The cue that governs a sentence: the first cue, followed along the stacked verb phrase it starts ("will seek to",
 * "intend to explore"), where a later, more specific verb governs the action; a "will" or a "would" later in the
 * phrase never overrides ("undertakes that ... it would" stays WILL). Null when the sentence has no cue.
 *
 * @example governingCue('The UK will seek to deepen ties.')?.modality // 'SEEK_TO'
 */
export function governingCue(text: string, from = 0, to = text.length): ModalCue | null {
  const cues = findModalCues(text, from, to);
  if (cues.length === 0) return null;
  let governing = cues[0];
  for (let i = 1; i < cues.length; i += 1) {
    const cue = cues[i];
    if (cue.start - cues[i - 1].end > CHAIN_GAP) break;
    if (FRAME.has(cue.modality) || FRAME_WORD.test(text.slice(cue.start, cue.end))) continue;
    governing = cue;
  }
  return governing;
}
