/**
 * Segments an agreement's text into the tree of provisions the document prints: title, preamble and recitals,
 * parts, articles, sections and unnumbered sub-headings, numbered paragraphs, lettered and bulleted items, annexes,
 * signature blocks and notes. Pure and deterministic: no I/O, the same text always gives the same provisions.
 *
 * How it reads a text (the shared texts put one paragraph per block, blocks separated by a blank line):
 * - Each block is one unit; it owns the blank lines after it, so the leaves tile the text with no gap.
 * - A container's own heading line ("Part II. Political Cooperation") is a leaf of its own, kind HEADING, path
 *   "<container> › heading", non-operative. A paragraph or item that has items under it keeps its own words as a
 *   leaf of kind TEXT, path "<paragraph> › lead-in" ("3. The Participants will:" before "(a)", "(b)").
 * - Numbering nests by style: a number continues the open sibling it follows ("4" after "3"); a new style
 *   ("(a)" under "3.") or a list that restarts after a lead-in ending in ":" goes one level down; a heading closes
 *   the open paragraphs and items; "Part"/"Article"/"Annex" headings close what is below their rank.
 * - Paths: "Part II › Defence Industry Cooperation › 13", "Article 4 › 2 › (b)", "Preamble › 3" (recitals by
 *   position), "¶2" for the second unnumbered paragraph of a container, "• 3" for the third bullet; a number
 *   printed twice among siblings gets a bracketed occurrence ("I [2]").
 * - A block that does not end a sentence (no final punctuation) and is followed by an unnumbered block is one
 *   paragraph broken across lines (texts converted from PDF): the next block continues it.
 */
import { Block, splitBlocks } from './blocks';
import { checkSegmentation } from './check-segmentation';
import { KeywordKind, Marker, Reading, readMarker } from './markers';
import { COMMITMENT, FINAL_HEADING, NonOperativeReason, Setting, guessOperative } from './operative';

export type { NonOperativeReason } from './operative';
export { checkSegmentation };

export type ProvisionKind =
  | 'TITLE'
  | 'PREAMBLE'
  | 'RECITAL'
  | 'PART'
  | 'SECTION'
  | 'ARTICLE'
  | 'ANNEX'
  | 'PARAGRAPH'
  | 'ITEM'
  | 'HEADING'
  | 'FINAL'
  | 'SIGNATURES'
  | 'NOTE'
  | 'TEXT';

export interface SegmentedProvision {
  /** 0-based, in document pre-order (a parent before its children). */
  ordinal: number;
  parentOrdinal: number | null;
  kind: ProvisionKind;
  /** Citation-like, unique within a text: "Part II › Defence Industry › 3", "Article 4 › 2 › (b)", "Preamble › 3". */
  path: string;
  /** The number as printed ("II", "3", "(b)", "4.1"); a bullet's glyph ("•"); null when unnumbered. */
  number: string | null;
  /** A container's heading as printed ("Defence and Security"). */
  heading: string | null;
  /** [start, end) character offsets in the text. */
  start: number;
  end: number;
  leaf: boolean;
  /** The segmenter's default guess: false for title, headings, recitals, final clauses and signature blocks. */
  operative: boolean;
  nonOperativeReason: NonOperativeReason | null;
}

/** heading: a container whose own block is its heading line; group: a container without a block of its own. */
type Role = 'title' | 'heading' | 'item' | 'prose' | 'group' | 'closing';

interface Node {
  role: Role;
  kind: ProvisionKind;
  /** The numbering style siblings share ("1.", "(a)", "I.", "bullet:•", "sub" for unnumbered sub-headings). */
  style: string | null;
  value: number | null;
  number: string | null;
  /** The path segment before siblings are told apart; null: numbered by position when the tree is written out. */
  segment: string | null;
  heading: string | null;
  start: number;
  ownEnd: number;
  text: string;
  children: Node[];
  parent: Node | null;
  setting: Setting;
}

const KEYWORD_RANK: Record<KeywordKind, number> = { ANNEX: 0, PART: 1, ARTICLE: 2, SECTION: 2 };
const PREAMBLE_WORD = /^(preamble|premessa|преамбула)[.:]?$/iu;
const INTRODUCTION_WORD = /^(introduction|introduzione|вступ)$/iu;
const TITLE_STOP = /^(preamble|premessa|преамбула|introduction|introduzione|вступ|scope)[.:]?$/iu;
const FOOTNOTE = /^\[(\d{1,3})\]/;
const ATTESTATION = /^(signed|done|fatto|firmato|підписано|вчинено)(?!\p{L})/iu;
const SIGNATORY = /^(?:[-•]\s+)?(For|FOR|За|ЗА|Per|PER)\s+(the\s+|THE\s+)?\p{Lu}[^:\n]{0,80}:/u;
/** A list item's end ("...; and"): the next block is the next item, not the rest of this one. */
const LIST_ITEM_END = /[;,]\s*(and|or|та|і|й|e|o)$/iu;
const SENTENCE_END = /[.,;:!?)”"'’»…\]]$/u;

/** Whether a block's last character leaves its sentence open (a line broken off inside a paragraph). */
function endsOpen(text: string): boolean {
  return !SENTENCE_END.test(text) && /[\p{L}\p{N}\-–]$/u.test(text) && !LIST_ITEM_END.test(text);
}

/** Words a heading does not end on, or contain: a sentence broken off mid-way ("... support to Ukraine for the"). */
const DANGLING_END = /\b(the|a|an|of|to|and|or|for|in|with|its|their|by|on|at|as|that|from|this|these|which|who|be|not|than)$/i;
const SENTENCE_VERB = [
  /\b(will|shall|must|should|may|is|are|was|were|has|have|had|recogni[sz]es?|reaffirms?|reiterates?|welcomes?|underlines?|acknowledges?|stands|supports|agrees?|believes?|provides?|remains?|recalls?|intends?)\b/i,
  ...COMMITMENT,
];

/**
 * A short single line that starts with a capital and ends without punctuation, with no verb of a sentence: a
 * heading as the texts print them (numbered headings run longer: "6. Continued readiness to maintain ...").
 */
function looksLikeHeading(text: string, maxLength = 150): boolean {
  return (
    text.length > 0 &&
    text.length <= maxLength &&
    !text.includes('\n') &&
    /^[\p{Lu}\d]/u.test(text) &&
    !/[.,;:!?]$/.test(text) &&
    !DANGLING_END.test(text) &&
    !SENTENCE_VERB.some((verb) => verb.test(text))
  );
}

/** A node a new one continues or repeats, the parent they share, and how much of the open path stays open. */
interface Match {
  node: Node;
  parent: Node | null;
  keep: number;
  reading: Reading;
}

/** The builder's state while it reads the blocks in order. */
class TreeBuilder {
  readonly roots: Node[] = [];
  private stack: Node[] = [];
  private last: Node | null = null;
  private mode: 'title' | 'annex-title' | 'body' | 'signatures' | 'notes' = 'body';
  private structureSeen = false;
  private implicitPreamble: Node | null = null;
  private group: Node | null = null;

  constructor(private readonly blocks: Block[]) {}

  build(): Node[] {
    this.blocks.forEach((block, index) => this.read(block, index));
    return this.roots;
  }

  private node(block: Block, role: Role, kind: ProvisionKind, fields: Partial<Node> = {}): Node {
    return {
      role,
      kind,
      style: null,
      value: null,
      number: null,
      segment: null,
      heading: null,
      start: block.start,
      ownEnd: block.end,
      text: block.text,
      children: [],
      parent: null,
      setting: 'BODY',
      ...fields,
    };
  }

  private attach(node: Node, parent: Node | null): Node {
    node.parent = parent;
    if (parent) {
      parent.children.push(node);
      if (node.setting === 'BODY') node.setting = parent.setting;
    } else this.roots.push(node);
    this.last = node;
    return node;
  }

  private extendLast(block: Block): void {
    const last = this.last as Node;
    last.ownEnd = block.end;
    last.text = `${last.text}\n${block.text}`;
  }

  private read(block: Block, index: number): void {
    const firstLine = block.text.split('\n')[0];
    const marker = block.text === '' ? null : readMarker(firstLine);
    if (index === 0 && marker === null && this.startsTitle(block)) {
      this.attach(this.node(block, 'title', 'TITLE', { segment: 'Title' }), null);
      this.mode = 'title';
      return;
    }
    if (this.mode === 'title') {
      if (marker === null && this.continuesTitle(block)) return this.extendLast(block);
      this.mode = 'body';
    }
    if (this.mode === 'annex-title') {
      // "Annex" / "to the Bilateral Security Agreement" / "Between A and B": the annex's title, one heading.
      this.mode = 'body';
      if (marker === null && this.continuesTitle(block)) {
        const annex = this.last as Node;
        annex.heading = annex.heading === null ? block.text : `${annex.heading} ${block.text}`;
        this.mode = 'annex-title';
        return this.extendLast(block);
      }
    }
    if (this.mode === 'signatures' || this.mode === 'notes') {
      if (marker?.keyword?.kind === 'ANNEX') {
        this.mode = 'body';
        this.group = null;
      } else if (FOOTNOTE.test(firstLine) && this.mode === 'signatures') {
        return this.openNotes(block, firstLine);
      } else if (this.mode === 'notes') {
        if (FOOTNOTE.test(firstLine)) return this.addNote(block, firstLine);
        return this.extendLast(block);
      } else if (/^\p{Ll}/u.test(block.text) && !/[.:]$/.test((this.last as Node).text)) {
        return this.extendLast(block);
      } else {
        const kind: ProvisionKind = ATTESTATION.test(firstLine) ? 'FINAL' : 'SIGNATURES';
        this.attach(this.node(block, 'closing', kind, { setting: 'SIGNATURES' }), this.group);
        return;
      }
    }
    if (FOOTNOTE.test(firstLine)) return this.openNotes(block, firstLine);
    if (ATTESTATION.test(firstLine) || (this.structureSeen && SIGNATORY.test(firstLine))) return this.openSignatures(block, firstLine);
    // A heading is followed by a new sentence or a number; a block followed by one going on in lower case is a
    // line of a paragraph broken across blocks.
    const next = this.blocks[index + 1];
    const nextContinues = next !== undefined && /^\p{Ll}/u.test(next.text) && readMarker(next.text.split('\n')[0]) === null;
    const headingLike = marker === null && looksLikeHeading(block.text) && !nextContinues;
    const last = this.last;
    // Outside a preamble (whose recitals end in commas), a line in lower case goes on with the paragraph before it
    // unless that one ended a sentence, a list item or a lead-in.
    const afterComma = /[^.;:!?]$/u.test(last?.text ?? '') && /^\p{Ll}/u.test(block.text) && last?.setting !== 'PREAMBLE';
    if (last && (last.role === 'item' || last.role === 'prose') && (endsOpen(last.text) || afterComma) && (marker === null || marker.weak)) {
      // After a paragraph left open, only a heading followed by a numbered paragraph is taken for one.
      const nextNumbered = next !== undefined && (readMarker(next.text.split('\n')[0])?.weak ?? true) === false;
      if (!(headingLike && nextNumbered)) return this.extendLast(block);
    }
    if (marker === null && PREAMBLE_WORD.test(block.text)) return this.openPreamble(block);
    if (marker) {
      if ((marker.family === 'keyword' || !nextContinues) && this.isHeading(marker, block)) return this.placeHeading(block, marker);
      return this.placeItem(block, marker);
    }
    if (headingLike) {
      // An "Introduction" before any part, followed by unnumbered paragraphs, holds the recitals.
      const recitals =
        !this.structureSeen && INTRODUCTION_WORD.test(block.text) && next !== undefined && readMarker(next.text.split('\n')[0]) === null;
      return recitals ? this.openPreamble(block) : this.placeHeading(block, null);
    }
    return this.placeProse(block);
  }

  /** The first block is the title when short and not a sentence ("Agreement on ... between A and B."). */
  private startsTitle(block: Block): boolean {
    const text = block.text;
    const sentence = /[;:,]$/.test(text) || (/\.$/.test(text) && (text.length > 200 || SENTENCE_VERB.some((verb) => verb.test(text))));
    return text !== '' && text.length <= 300 && !sentence && !PREAMBLE_WORD.test(text) && !ATTESTATION.test(text);
  }

  private continuesTitle(block: Block): boolean {
    const text = block.text;
    return !block.multiline && text.length > 0 && text.length <= 120 && !/[.;:,!?]$/.test(text) && !TITLE_STOP.test(text) && !FOOTNOTE.test(text);
  }

  private openSignatures(block: Block, firstLine: string): void {
    this.stack = [];
    this.implicitPreamble = null;
    this.group = this.attach(
      this.node(block, 'group', 'SIGNATURES', { segment: 'Signatures', ownEnd: block.start, text: '', setting: 'SIGNATURES' }),
      null,
    );
    this.mode = 'signatures';
    const kind: ProvisionKind = ATTESTATION.test(firstLine) ? 'FINAL' : 'SIGNATURES';
    this.attach(this.node(block, 'closing', kind, { setting: 'SIGNATURES' }), this.group);
  }

  private openNotes(block: Block, firstLine: string): void {
    this.stack = [];
    this.implicitPreamble = null;
    this.group = this.attach(this.node(block, 'group', 'NOTE', { segment: 'Notes', ownEnd: block.start, text: '', setting: 'NOTES' }), null);
    this.mode = 'notes';
    this.addNote(block, firstLine);
  }

  private addNote(block: Block, firstLine: string): void {
    const label = `[${(firstLine.match(FOOTNOTE) as RegExpMatchArray)[1]}]`;
    this.attach(this.node(block, 'closing', 'NOTE', { number: label, segment: label, setting: 'NOTES' }), this.group);
  }

  private openPreamble(block: Block): void {
    this.stack = [];
    this.implicitPreamble = null;
    const word = block.text.replace(/[.:]$/, '');
    const segment = `${word[0].toUpperCase()}${word.slice(1).toLowerCase()}`;
    const preamble = this.node(block, 'heading', 'PREAMBLE', { segment, heading: block.text, setting: 'PREAMBLE', style: 'preamble' });
    this.stack = [this.attach(preamble, null)];
  }

  private isHeading(marker: Marker, block: Block): boolean {
    if (marker.family === 'keyword') return true;
    if (marker.family === 'bullet' || block.multiline) return false;
    if (marker.family === 'roman') return block.text.length <= 250;
    if (!looksLikeHeading(marker.rest, 200)) return false;
    if (marker.family === 'decimal') return true;
    // "(h) Basic government functions" after "(g) ...;" is the list's last item, not a heading.
    const predecessor = this.findPredecessor(marker.readings);
    return !(predecessor && predecessor.node.role === 'item');
  }

  /**
   * The node a reading continues or repeats, searched from the innermost open node outwards; at each level the
   * closed children of the open node count too (a "40." after "39." and an unnumbered paragraph between them).
   */
  private findMatch(readings: Reading[], accept: (node: Node, reading: Reading) => boolean): Match | null {
    // Closed children count only within the innermost heading: "9." under a new sub-heading does not go back to
    // the "8." before it.
    let innermostHeading = 0;
    this.stack.forEach((open, index) => {
      if (open.role === 'heading' || open.role === 'group') innermostHeading = index;
    });
    for (let index = this.stack.length - 1; index >= 0; index -= 1) {
      const open = this.stack[index];
      for (let child = open.children.length - 1; child >= 0 && index >= innermostHeading; child -= 1) {
        const reading = readings.find((candidate) => accept(open.children[child], candidate));
        if (reading) return { node: open.children[child], parent: open, keep: index + 1, reading };
      }
      const reading = readings.find((candidate) => accept(open, candidate));
      if (reading) return { node: open, parent: open.parent, keep: index, reading };
    }
    return null;
  }

  /** The node this reading continues ("4" after "3", "c" after "b"). */
  private findPredecessor(readings: Reading[]): Match | null {
    return this.findMatch(
      readings,
      (node, reading) => node.style === reading.style && node.value !== null && reading.value !== null && reading.value === node.value + 1,
    );
  }

  /** The innermost node numbered in one of these styles. */
  private findSameStyle(readings: Reading[]): Match | null {
    return this.findMatch(readings, (node, reading) => node.style === reading.style);
  }

  /** Closes the open nodes below a match: the next node becomes the matched node's sibling. */
  private siblingOf(match: Match): Node | null {
    this.stack = this.stack.slice(0, match.keep);
    return match.parent;
  }

  private top(): Node | null {
    return this.stack.length > 0 ? this.stack[this.stack.length - 1] : null;
  }

  private closePreamble(): void {
    if (this.stack.length > 0 && this.stack[0].setting === 'PREAMBLE' && this.stack[0].role !== 'heading') this.stack = [];
    if (this.stack.length > 0 && this.stack[0].kind === 'PREAMBLE' && this.stack[0].style === 'preamble') this.stack = [];
    this.implicitPreamble = null;
  }

  private placeHeading(block: Block, marker: Marker | null): void {
    while (this.stack.length > 0 && (this.top() as Node).role !== 'heading') this.stack.pop();
    this.closePreamble();
    // A roman heading ("II. Security and Defence") outranks the unnumbered and lettered sub-headings before it,
    // unless it is a letter going on from the one before ("C." after "B.", "I." after "H.").
    if (marker?.family === 'roman' && this.findPredecessor(marker.readings.filter((reading) => reading.style === 'A.')) === null) {
      marker = { ...marker, readings: marker.readings.filter((reading) => reading.style === 'I.') };
      while (this.stack.length > 0 && !/^(keyword:|I\.$)/.test((this.top() as Node).style ?? '')) this.stack.pop();
    }
    const headingText = marker ? marker.rest : block.text;
    let parent: Node | null;
    let reading: Reading;
    let kind: ProvisionKind;
    let segment: string;
    if (marker?.keyword) {
      const rank = KEYWORD_RANK[marker.keyword.kind];
      let keep = 0;
      this.stack.forEach((open, index) => {
        if (open.kind !== 'PREAMBLE' && open.style?.startsWith('keyword:') && KEYWORD_RANK[open.kind as KeywordKind] < rank) keep = index + 1;
      });
      this.stack = this.stack.slice(0, keep);
      parent = this.top();
      reading = marker.readings[0];
      kind = marker.keyword.kind;
      const word = marker.keyword.word;
      const label = `${word[0].toUpperCase()}${word.slice(1).toLowerCase()}`;
      segment = marker.printed ? `${label} ${marker.printed}` : label;
    } else {
      const readings = marker ? marker.readings : [{ style: 'sub', value: null }];
      const found = this.findPredecessor(readings) ?? this.findSameStyle(readings);
      if (found) {
        parent = this.siblingOf(found);
        reading = found.reading;
      } else {
        parent = this.top();
        reading = readings[0];
      }
      kind = marker?.family === 'roman' && parent === null ? 'PART' : 'SECTION';
      segment = marker ? marker.printed : headingText.replace(/\s+/g, ' ');
    }
    let setting: Setting = 'BODY';
    if (PREAMBLE_WORD.test(headingText)) {
      kind = 'PREAMBLE';
      setting = 'PREAMBLE';
    } else if (FINAL_HEADING.test(headingText)) setting = 'FINAL';
    const node = this.node(block, 'heading', kind, {
      style: reading.style,
      value: reading.value,
      number: marker ? marker.printed || null : null,
      segment,
      heading: headingText === '' ? null : headingText,
      setting,
    });
    this.stack.push(this.attach(node, parent));
    this.structureSeen = true;
    if (kind === 'ANNEX') this.mode = 'annex-title';
  }

  private placeItem(block: Block, marker: Marker): void {
    let parent: Node | null;
    let reading: Reading;
    const predecessor = this.findPredecessor(marker.readings);
    // Without a predecessor only the likeliest reading counts: "(i)" after "(b)" starts a roman list.
    const sameStyle = predecessor ?? this.findSameStyle(marker.readings.slice(0, 1));
    // A numbered paragraph is not part of the unnumbered paragraph before it unless that one leads into it.
    if (predecessor === null && marker.family === 'decimal') {
      while (this.stack.length > 0 && (this.top() as Node).role === 'prose' && !/:$/.test((this.top() as Node).text)) this.stack.pop();
    }
    const top = this.top();
    if (predecessor) {
      parent = this.siblingOf(predecessor);
      reading = predecessor.reading;
    } else if (sameStyle === null || (top !== null && /:$/.test(top.text))) {
      parent = top;
      reading = marker.readings[0];
    } else {
      parent = this.siblingOf(sameStyle);
      reading = sameStyle.reading;
    }
    // A numbered paragraph after unheaded recitals starts the operative text, unless a recital leads into it.
    if (
      this.implicitPreamble &&
      marker.family === 'decimal' &&
      (parent === this.implicitPreamble || (parent !== null && parent.setting === 'PREAMBLE' && !/:$/.test(parent.text)))
    ) {
      this.stack = [];
      this.implicitPreamble = null;
      parent = null;
    }
    const inPreamble = parent !== null && parent.setting === 'PREAMBLE';
    const kind: ProvisionKind = marker.family === 'decimal' ? (inPreamble ? 'RECITAL' : 'PARAGRAPH') : 'ITEM';
    const node = this.node(block, 'item', kind, {
      style: reading.style,
      value: reading.value,
      number: marker.printed,
      segment: marker.family === 'bullet' ? null : marker.printed,
    });
    this.stack.push(this.attach(node, parent));
    if (!inPreamble) this.structureSeen = true;
  }

  private placeProse(block: Block): void {
    // "... the Participants will:" then "secure its future, ...": an unmarked item of the lead-in.
    const last = this.last;
    const leadIn = last !== null && last.setting !== 'PREAMBLE' && /:$/.test(last.text) && /^\p{Ll}/u.test(block.text) ? last : null;
    while (this.stack.length > 0 && this.top() !== leadIn && ((this.top() as Node).role === 'item' || (this.top() as Node).role === 'prose')) {
      this.stack.pop();
    }
    let parent = this.top();
    if (parent === null && !this.structureSeen) {
      if (this.implicitPreamble === null) {
        const group = this.node(block, 'group', 'PREAMBLE', { segment: 'Preamble', ownEnd: block.start, text: '', setting: 'PREAMBLE' });
        this.implicitPreamble = this.attach(group, null);
      }
      this.stack = [this.implicitPreamble];
      parent = this.implicitPreamble;
    }
    const inPreamble = parent !== null && parent.setting === 'PREAMBLE';
    const node = this.node(block, 'prose', inPreamble ? 'RECITAL' : 'PARAGRAPH', { style: 'prose' });
    this.stack.push(this.attach(node, parent));
  }
}

/** Where a node ends: its own block, or its last descendant's. */
function endOf(node: Node): number {
  return node.children.length > 0 ? endOf(node.children[node.children.length - 1]) : node.ownEnd;
}

/** Writes the tree out in pre-order with paths, ranges and the operative guess. */
class TreeWriter {
  readonly provisions: SegmentedProvision[] = [];

  /**
   * Writes siblings. `ledIn`: their parent's own words commit ("The Participants will:"), so items that carry no
   * commitment word of their own ("(a) training;") are operative through it.
   */
  write(nodes: Node[], parentPath: string | null, parentOrdinal: number | null, parentKind: ProvisionKind | null, ledIn = false): void {
    // The own-words leaves of the parent take these two names.
    const used = new Set<string>(['heading', 'lead-in']);
    let prose = 0;
    let bullets = 0;
    for (const node of nodes) {
      let segment: string;
      if (node.segment !== null) segment = node.segment;
      else if (node.role === 'prose') segment = parentKind === 'PREAMBLE' ? String(++prose) : `¶${++prose}`;
      else if (node.role === 'closing') segment = `¶${++prose}`;
      else segment = `${node.number ?? '•'} ${++bullets}`;
      segment = this.distinct(segment.replace(/›/g, '>') || node.kind.toLowerCase(), used);
      const path = parentPath === null ? segment : `${parentPath} › ${segment}`;
      this.writeNode(node, path, parentOrdinal, ledIn);
    }
  }

  private distinct(segment: string, used: Set<string>): string {
    let candidate = segment;
    for (let occurrence = 2; used.has(candidate); occurrence += 1) candidate = `${segment} [${occurrence}]`;
    used.add(candidate);
    return candidate;
  }

  private writeNode(node: Node, path: string, parentOrdinal: number | null, ledIn: boolean): void {
    const leaf = node.children.length === 0;
    const ownGuess = this.guess(node, node.role === 'heading' || node.role === 'title', ledIn);
    const provision: SegmentedProvision = {
      ordinal: this.provisions.length,
      parentOrdinal,
      kind: node.kind,
      path,
      number: node.number,
      heading: node.heading,
      start: node.children.length > 0 && node.ownEnd === node.start ? node.children[0].start : node.start,
      end: endOf(node),
      leaf,
      operative: ownGuess.operative,
      nonOperativeReason: ownGuess.nonOperativeReason,
    };
    this.provisions.push(provision);
    if (leaf) return;
    const firstLeaf = this.provisions.length;
    if (node.ownEnd > node.start) {
      const isHeading = node.role === 'heading' || node.role === 'title';
      const own = this.guess(node, isHeading, ledIn);
      this.provisions.push({
        ordinal: this.provisions.length,
        parentOrdinal: provision.ordinal,
        kind: isHeading ? 'HEADING' : 'TEXT',
        path: `${path} › ${isHeading ? 'heading' : 'lead-in'}`,
        number: null,
        heading: null,
        start: node.start,
        end: node.ownEnd,
        leaf: true,
        operative: own.operative,
        nonOperativeReason: own.nonOperativeReason,
      });
    }
    const leadsIn = (node.role === 'item' || node.role === 'prose') && this.guess(node, false, ledIn).operative;
    this.write(node.children, path, provision.ordinal, node.kind, leadsIn);
    // A container is operative when any leaf under it is; otherwise it shares its leaves' reason.
    const leaves = this.provisions.slice(firstLeaf).filter((candidate) => candidate.leaf);
    const reasons = new Set(leaves.map((candidate) => candidate.nonOperativeReason));
    provision.operative = leaves.some((candidate) => candidate.operative);
    provision.nonOperativeReason = provision.operative ? null : reasons.size === 1 ? [...reasons][0] : 'STATEMENT';
  }

  private guess(node: Node, isHeading: boolean, ledIn: boolean): { operative: boolean; nonOperativeReason: NonOperativeReason | null } {
    if (isHeading) return { operative: false, nonOperativeReason: 'HEADING' };
    const guess = guessOperative(node.text, node.setting);
    if (ledIn && node.role === 'item' && guess.nonOperativeReason === 'STATEMENT') return { operative: true, nonOperativeReason: null };
    return guess;
  }
}

/**
 * Segments a text into provisions (see the module comment for the rules). `language` is accepted for the callers'
 * sake; the numbering words of English, Italian and Ukrainian are recognised whatever it says.
 *
 * @example segmentText('Part I. Scope\n\n1. The Participants will meet.\n').map((p) => p.path)
 * // ['Part I', 'Part I › heading', 'Part I › 1']
 */
export function segmentText(text: string, _options: { language?: string } = {}): SegmentedProvision[] {
  const blocks = splitBlocks(text);
  if (blocks.length === 0) return [];
  if (blocks.length === 1 && blocks[0].text === '') {
    return [
      {
        ordinal: 0,
        parentOrdinal: null,
        kind: 'TEXT',
        path: 'Text',
        number: null,
        heading: null,
        start: 0,
        end: text.length,
        leaf: true,
        operative: false,
        nonOperativeReason: 'STATEMENT',
      },
    ];
  }
  const roots = new TreeBuilder(blocks).build();
  const writer = new TreeWriter();
  writer.write(roots, null, null, null);
  return writer.provisions;
}
