/**
 * The invariants of a segmentation, checked independently of how the segmenter found them, for the tests and the
 * measure on the official texts (`npm run texts -- segment`).
 */
import { SPACE } from './blocks';
import type { SegmentedProvision } from './segment';

const SEPARATOR = ' › ';
/** What may precede a number on a provision's first line: a heading word ("Part", "Стаття"), or list decoration. */
const NUMBER_PREFIXES = [new RegExp(`^\\p{L}+${SPACE}+`, 'u'), new RegExp(`^(?:(?:[-•–−·▪●◦○o]|\\d{1,3}\\.)${SPACE}+)+`, 'u')];

function describe(provision: SegmentedProvision): string {
  return `#${provision.ordinal} "${provision.path}"`;
}

/** Whether `number` is printed at the start of the provision's text (after whitespace, a heading word or a bullet). */
export function numberIsPrinted(text: string, provision: SegmentedProvision): boolean {
  if (provision.number === null) return true;
  const head = text.slice(provision.start, Math.min(provision.end, provision.start + 200)).replace(/^[\s\u00a0]+/, '');
  if (head.startsWith(provision.number)) return true;
  return NUMBER_PREFIXES.some((prefix) => {
    const match = head.match(prefix);
    return match !== null && head.slice(match[0].length).startsWith(provision.number as string);
  });
}

/**
 * Returns the violations of a segmentation of `text` (empty when it is sound): ordinals in order, parents before
 * children, leaves tiling [0, text.length) in order with no gap or overlap, each parent exactly covering its
 * children, paths unique and extending their parent's, numbers printed where the provision starts, and the
 * operative guess consistent with its reason.
 *
 * @example checkSegmentation('a', [{ ordinal: 0, parentOrdinal: null, kind: 'TEXT', path: 'Text', number: null,
 *   heading: null, start: 0, end: 1, leaf: true, operative: true, nonOperativeReason: null }]) // []
 */
export function checkSegmentation(text: string, provisions: readonly SegmentedProvision[]): string[] {
  const violations: string[] = [];
  const children = new Map<number, SegmentedProvision[]>();
  const paths = new Set<string>();
  let cursor = 0;
  provisions.forEach((provision, index) => {
    if (provision.ordinal !== index) violations.push(`${describe(provision)}: ordinal ${provision.ordinal} at position ${index}`);
    if (!(provision.start < provision.end)) violations.push(`${describe(provision)}: empty or reversed range [${provision.start}, ${provision.end})`);
    if (paths.has(provision.path)) violations.push(`${describe(provision)}: path used twice`);
    if (provision.path.split(SEPARATOR).some((step) => step.trim() === '')) violations.push(`${describe(provision)}: an empty step in the path`);
    paths.add(provision.path);
    if (provision.parentOrdinal !== null) {
      const parent = provisions[provision.parentOrdinal];
      if (!parent || provision.parentOrdinal >= index)
        violations.push(`${describe(provision)}: parent ${provision.parentOrdinal} is not an earlier provision`);
      else {
        if (!provision.path.startsWith(parent.path + SEPARATOR) || provision.path.slice(parent.path.length + SEPARATOR.length).includes(SEPARATOR)) {
          violations.push(`${describe(provision)}: path does not extend its parent's "${parent.path}" by one step`);
        }
        children.set(parent.ordinal, [...(children.get(parent.ordinal) ?? []), provision]);
      }
    } else if (provision.path.includes(SEPARATOR)) violations.push(`${describe(provision)}: a top-level path with a separator`);
    if (provision.leaf) {
      if (provision.start !== cursor)
        violations.push(`${describe(provision)}: leaf starts at ${provision.start}, expected ${cursor} (gap or overlap)`);
      cursor = provision.end;
    }
    if (provision.operative === (provision.nonOperativeReason !== null)) violations.push(`${describe(provision)}: operative and its reason disagree`);
    if (!numberIsPrinted(text, provision)) violations.push(`${describe(provision)}: number "${provision.number}" is not printed at its start`);
  });
  if (cursor !== text.length) violations.push(`the leaves end at ${cursor}, the text at ${text.length}`);
  for (const provision of provisions) {
    const own = children.get(provision.ordinal) ?? [];
    if (provision.leaf !== (own.length === 0)) violations.push(`${describe(provision)}: leaf is ${provision.leaf} but it has ${own.length} children`);
    if (own.length === 0) continue;
    if (own[0].start !== provision.start || own[own.length - 1].end !== provision.end) {
      violations.push(
        `${describe(provision)}: [${provision.start}, ${provision.end}) is not its children's [${own[0].start}, ${own[own.length - 1].end})`,
      );
    }
    own.slice(1).forEach((child, index) => {
      if (child.start !== own[index].end) violations.push(`${describe(child)}: does not follow its previous sibling`);
    });
  }
  return violations;
}
