import type { CollectionSpec, CompileContext, TableName } from '../shared/list-query/collection-spec';
import { compileFilter } from '../shared/list-query/compile-filter';
import { SqlParams } from '../shared/list-query/sql-params';
import { LIVE, ReadView } from '../shared/read-view/read-view';
import { fragmentContext } from './legacy';
import { Fragment, renderInto, sql } from '../shared/sql/sql';

/**
 * The list compiler's pieces (table names under a read view, filters, select lists, rows by id) as fragments, for
 * statements written with the fragment layer (analysis, exports, text reuse). The compiler still writes text, with
 * parameters that hand out markers (`FragmentParams`, `legacy.ts`); this is the one boundary where that text
 * becomes fragments, so a builder above it never sees a placeholder. One instance per statement: its aliases (`t1`,
 * `t2`, ...) are unique across every piece lifted, and the read moment is one value node, bound once however many
 * tables read it.
 */
export interface CompilerFragments {
  readonly view: ReadView;
  /** The FROM item standing for `name` under the view: `live.commitment`, or `as_of(NULL::commitment, $n)`. */
  table(name: TableName): Fragment;
  /** The condition a filter input of `spec` puts on the row aliased `alias` (see compileFilter). */
  filter(spec: CollectionSpec<any>, filter: unknown, alias: string): Fragment;
  /**
   * The text a compiler function writes against the statement's compile context, as a fragment; `embed` gives a
   * fragment a place in that text (an SQL expression the compiler takes as a string, such as the ids of rowsByIdJson).
   */
  lift(build: (context: CompileContext, embed: (part: Fragment) => string) => string): Fragment;
}

/**
 * The compiler's pieces for one statement reading `view` (see {@link CompilerFragments}). The compiler writes into
 * the same marker parameters as the JSON path (`legacy.ts`), so its text becomes fragments the one way.
 */
export function compilerFragments(view: ReadView = LIVE): CompilerFragments {
  const context = fragmentContext(view);
  const embed = (part: Fragment): string => context.params.embed(part);
  // The compiler marks its parameters when a value decides the plan; the pieces of one statement share the mark.
  const lift = (build: (context: CompileContext, embed: (part: Fragment) => string) => string): Fragment =>
    context.params.fragment(build(context, embed));
  return {
    view,
    table: (name) => lift((c) => c.table(name)),
    filter: (spec, filter, alias) => lift((c) => compileFilter(spec, filter, alias, c)),
    lift,
  };
}

/**
 * The `where` callback the compiler's row queries take (`fetchRows`), written as a fragment over the row's alias:
 * its values are bound through the compiler's parameters, after its own ({@link renderInto}): `$n` when the compiler
 * numbers, markers when it writes for the JSON path.
 *
 * @example fetchRows(ctx, actorCollection, whereFragment((t) => sql`${t}.code = ${sql.value(code, 'text')}`), info)
 */
export function whereFragment(build: (alias: Fragment) => Fragment): (alias: string, params: SqlParams) => string {
  return (alias, params) => renderInto(build(sql.identifier(alias)), params);
}
