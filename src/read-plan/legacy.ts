import { CompileContext } from '../shared/list-query/collection-spec';
import { newContext } from '../shared/list-query/list-query';
import { SqlParams } from '../shared/list-query/sql-params';
import { ReadView } from '../shared/read-view/read-view';
import { Fragment, sql } from '../shared/sql/sql';

// The filter, keyset and relation builders of src/shared/list-query still write text with SqlParams. Rather than a
// second compiler, the read plan calls them with parameters that hand out markers instead of numbers, then turns
// the text into a fragment whose markers are value nodes: the numbers are given once, when the whole statement is
// rendered (see sql.ts), and a builder's output can be moved, repeated or dropped without a `$n` going astray.

// A NUL cannot occur in SQL text PostgreSQL accepts, so a marker cannot be mistaken for anything the builders write.
// eslint-disable-next-line no-control-regex
const MARKER = /\u0000(\d+)\u0000/g;

/** Stands in the value list for a fragment embedded in the text (never bound: its marker becomes the fragment). */
const EMBEDDED = Symbol('embedded fragment');

/** Parameters that return markers (`\0<index>\0`, cast appended) instead of `$n`. */
export class FragmentParams extends SqlParams {
  override add(value: unknown, cast?: string): string {
    this.values.push(value);
    return `\u0000${this.values.length - 1}\u0000${cast ? `::${cast}` : ''}`;
  }

  /**
   * A marker standing for a whole fragment, for a builder that takes an SQL expression as text (the ids of
   * rowsByIdJson): {@link fragment} puts `part` where the marker stands, its values and aliases intact.
   */
  embed(part: Fragment): string {
    const marker = this.add(EMBEDDED);
    this.nodes.set(this.values.length - 1, part);
    return marker;
  }

  /** The fragment standing for text written with these parameters. */
  fragment(text: string): Fragment {
    const parts: Fragment[] = [];
    let last = 0;
    for (const match of text.matchAll(MARKER)) {
      parts.push(sql.raw(text.slice(last, match.index)), this.node(Number(match[1])));
      last = match.index + match[0].length;
    }
    parts.push(sql.raw(text.slice(last)));
    const joined = sql.join(parts, '');
    return this.planWithValues ? sql.planWithValues(joined) : joined;
  }

  private readonly nodes = new Map<number, Fragment>();

  /** One value node per bound value (or the embedded fragment), so a value used twice (the as-of moment) is bound once. */
  private node(index: number): Fragment {
    let node = this.nodes.get(index);
    if (!node) this.nodes.set(index, (node = sql.value(this.values[index])));
    return node;
  }
}

/** A compile context for the builders of src/shared/list-query, binding through markers and reading `view`. */
export function fragmentContext(view: ReadView): CompileContext & { params: FragmentParams } {
  const params = new FragmentParams();
  return { ...newContext(params, view), params };
}
