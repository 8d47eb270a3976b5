/** Collects bound parameters while SQL text is being built; `add` returns the placeholder (`$3`). */
export class SqlParams {
  readonly values: unknown[] = [];
  /**
   * Whether the best plan depends on the values bound (ranges, patterns, lists, cursors, search, domain subtrees).
   * Such a statement is planned with its values on every run; a generic prepared plan can be many times slower.
   */
  planWithValues = false;

  constructor(initial: unknown[] = []) {
    this.values.push(...initial);
  }

  /** Binds a value and returns its placeholder, with a cast when given (`$3::date`). */
  add(value: unknown, cast?: string): string {
    this.values.push(value);
    return cast ? `$${this.values.length}::${cast}` : `$${this.values.length}`;
  }
}
