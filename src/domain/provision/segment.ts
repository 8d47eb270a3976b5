// PLACEHOLDER until branch texts-segment merges (it owns this file and replaces it whole): the segmenter's
// interface, with the least implementation that keeps its contract (pre-order, parents before children, ranges
// nested, unique paths): the text, and one numbered paragraph per blank-line-separated block.
export type NonOperativeReason = 'RECITAL' | 'DEFINITION' | 'FINAL_CLAUSE' | 'PAST_AID' | 'STATEMENT' | 'HEADING';

export type ProvisionKind = 'TEXT' | 'PARAGRAPH';

export interface SegmentedProvision {
  ordinal: number;
  parentOrdinal: number | null;
  kind: ProvisionKind;
  path: string;
  number: string | null;
  heading: string | null;
  start: number;
  end: number;
  leaf: boolean;
  operative: boolean;
  nonOperativeReason: NonOperativeReason | null;
}

/** Segments a text into provisions (placeholder: see the file comment). */
export function segmentText(text: string, _options: { language?: string } = {}): SegmentedProvision[] {
  const blocks = [...text.matchAll(/\S[^]*?(?=\n\s*\n|\s*$)/g)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
  const root: SegmentedProvision = {
    ordinal: 0,
    parentOrdinal: null,
    kind: 'TEXT',
    path: 'Text',
    number: null,
    heading: null,
    start: 0,
    end: text.length,
    leaf: blocks.length === 0,
    operative: false,
    nonOperativeReason: 'HEADING',
  };
  return [
    root,
    ...blocks.map((b, i) => ({
      ordinal: i + 1,
      parentOrdinal: 0,
      kind: 'PARAGRAPH' as const,
      path: `Text › ${i + 1}`,
      number: String(i + 1),
      heading: null,
      start: b.start,
      end: b.end,
      leaf: true,
      operative: true,
      nonOperativeReason: null,
    })),
  ];
}
