/**
 * A small SQL fragment layer (after pg-sql2 and Hasura's SQL tree): a statement is composed from immutable
 * fragments holding text, bound values, quoted identifiers and generated aliases, and only {@link render} turns it
 * into text. Parameters are numbered once, at the end, in the order they appear, so composing, reordering or
 * dropping fragments can never leave a `$n` without its value; aliases are numbered by position, never taken from
 * client input. Interpolating a plain string into {@link sql} is a type error: text enters only through
 * {@link sql.raw} (trusted constants), {@link sql.identifier} (quoted) or {@link sql.literal} (escaped).
 */

/** A bound value: one node, one placeholder, however many times the node is used in a statement. */
interface ValueNode {
  readonly kind: 'value';
  readonly value: unknown;
  readonly cast?: string;
}

/** A table or column alias whose name is given at render time, by the order aliases first appear. */
interface AliasNode {
  readonly kind: 'alias';
  readonly prefix: string;
}

type Node = { readonly kind: 'text'; readonly text: string } | ValueNode | AliasNode;

/** A piece of SQL. Build it with {@link sql}; render it with {@link render}. */
export interface Fragment {
  readonly nodes: readonly Node[];
  /**
   * Whether the best plan of a statement containing it depends on the values bound (ranges, patterns, lists,
   * cursors, search): such a statement is planned with its values on every run rather than reusing a generic plan.
   */
  readonly planWithValues: boolean;
}

/** A rendered statement. */
export interface RenderedSql {
  text: string;
  values: unknown[];
  planWithValues: boolean;
}

const CAST = /^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)?(\[\])?$/i;
const PREFIX = /^[a-z_]{1,8}$/;
const SIMPLE_IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

function fragment(nodes: readonly Node[], planWithValues = false): Fragment {
  return { nodes, planWithValues };
}

function isFragment(value: unknown): value is Fragment {
  return typeof value === 'object' && value !== null && Array.isArray((value as Fragment).nodes);
}

function concat(parts: readonly Fragment[]): Fragment {
  return fragment(
    parts.flatMap((part) => part.nodes),
    parts.some((part) => part.planWithValues),
  );
}

/**
 * Composes a fragment from template text and fragments: `` sql`SELECT ${columns} FROM ${table} AS ${alias}` ``.
 * Every interpolation must be a fragment (throws otherwise, so a string can never slip in unescaped).
 */
export function sql(strings: TemplateStringsArray, ...parts: readonly Fragment[]): Fragment {
  const pieces: Fragment[] = [];
  strings.forEach((text, index) => {
    if (text !== '') pieces.push(fragment([{ kind: 'text', text }]));
    if (index < parts.length) {
      const part = parts[index];
      if (!isFragment(part)) throw new TypeError(`sql: interpolation ${index} is not a fragment (use sql.value, sql.raw or sql.identifier)`);
      pieces.push(part);
    }
  });
  return concat(pieces);
}

/** Trusted SQL text: constants of the code (column names of a collection spec, operators), never client input. */
sql.raw = (text: string): Fragment => fragment([{ kind: 'text', text }]);

/** The empty fragment. */
sql.empty = fragment([]);

/**
 * A bound value, with an optional cast (`$3::date`). Use one node twice and it is bound once. A value whose best
 * plan depends on it (a pattern, a list, a search) says so with `planWithValues`, and its
 * statement carries the mark up (see {@link Fragment.planWithValues}); nothing else sets it.
 *
 * @example sql`t1.title ILIKE ${sql.value('%security%', 'text', { planWithValues: true })}`
 */
sql.value = (value: unknown, cast?: string, options: { planWithValues?: boolean } = {}): Fragment => {
  if (cast !== undefined && !CAST.test(cast)) throw new TypeError(`sql.value: bad cast ${JSON.stringify(cast)}`);
  return fragment([{ kind: 'value', value, cast }], options.planWithValues ?? false);
};

/** A quoted identifier, possibly qualified (`sql.identifier('live', 'commitment')` → `live.commitment`). */
sql.identifier = (...names: readonly string[]): Fragment => {
  if (names.length === 0) throw new TypeError('sql.identifier: no name');
  return sql.raw(names.map((name) => (SIMPLE_IDENTIFIER.test(name) ? name : `"${name.replace(/"/g, '""')}"`)).join('.'));
};

/** A string literal, escaped (`'O''Brien'`): for constant keys of `json_build_object` and the like. */
sql.literal = (text: string): Fragment => {
  if (text.includes('\0')) throw new TypeError('sql.literal: NUL character');
  return sql.raw(`'${text.replace(/'/g, "''")}'`);
};

/**
 * A fresh alias (`t1`, `c2`, ...): the name is given at render time by the order of first appearance per prefix,
 * so it never depends on a client's alias and is never longer than PostgreSQL's 63-byte limit.
 */
sql.alias = (prefix = 't'): Fragment => {
  if (!PREFIX.test(prefix)) throw new TypeError(`sql.alias: bad prefix ${JSON.stringify(prefix)}`);
  return fragment([{ kind: 'alias', prefix }]);
};

/** The fragments joined by `separator` (empty fragments are skipped). */
sql.join = (parts: readonly Fragment[], separator = ', '): Fragment => {
  const kept = parts.filter((part) => part.nodes.length > 0);
  const glue = sql.raw(separator);
  return concat(kept.flatMap((part, index) => (index === 0 ? [part] : [glue, part])));
};

/** The fragment, marked so that its statement is planned with its values (see {@link Fragment.planWithValues}). */
sql.planWithValues = (part: Fragment): Fragment => fragment(part.nodes, true);

/** Whether a fragment renders to nothing. */
sql.isEmpty = (part: Fragment): boolean => part.nodes.every((node) => node.kind === 'text' && node.text === '');

/**
 * Writes a fragment's nodes as text: each value node's placeholder is asked of `bind` once, however many times the
 * node is used; aliases get their names by order of first appearance per prefix.
 */
function write(part: Fragment, bind: (node: ValueNode) => string): string {
  const placeholders = new Map<ValueNode, string>();
  const aliases = new Map<AliasNode, string>();
  const counters = new Map<string, number>();
  let text = '';
  for (const node of part.nodes) {
    if (node.kind === 'text') text += node.text;
    else if (node.kind === 'value') {
      let placeholder = placeholders.get(node);
      if (placeholder === undefined) placeholders.set(node, (placeholder = bind(node)));
      text += placeholder;
    } else {
      let name = aliases.get(node);
      if (name === undefined) {
        const count = (counters.get(node.prefix) ?? 0) + 1;
        counters.set(node.prefix, count);
        aliases.set(node, (name = `${node.prefix}${count}`));
      }
      text += name;
    }
  }
  return text;
}

/**
 * Renders a fragment into text and its values: parameters are numbered once, here, from `$1` (or after
 * `firstParameter - 1` values already bound by the caller); aliases get their names here.
 */
export function render(part: Fragment, options: { firstParameter?: number } = {}): RenderedSql {
  const offset = (options.firstParameter ?? 1) - 1;
  const values: unknown[] = [];
  const text = write(part, (node) => {
    values.push(node.value);
    return `$${offset + values.length}${node.cast ? `::${node.cast}` : ''}`;
  });
  return { text, values, planWithValues: part.planWithValues };
}

/**
 * Renders a fragment and runs it with a runner taking the text, the values and whether to plan with them
 * (`RequestContext.sql`): the one step between a statement and its rows, so no caller numbers or passes values by hand.
 *
 * @example const rows = await queryRows<{ id: number }>(ctx.sql, sql`SELECT id FROM live.agreement WHERE slug = ${sql.value(slug)}`)
 */
export async function queryRows<T>(
  run: (text: string, values: unknown[], planWithValues: boolean) => Promise<unknown[]>,
  part: Fragment,
): Promise<T[]> {
  const { text, values, planWithValues } = render(part);
  return (await run(text, values, planWithValues)) as T[];
}
