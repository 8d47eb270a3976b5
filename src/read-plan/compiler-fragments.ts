import type { CollectionSpec, CompileContext } from '../shared/list-query/collection-spec';
import { compileFilter } from '../shared/list-query/compile-filter';
import { newContext } from '../shared/list-query/list-query';
import { LIVE, ReadView } from '../shared/read-view/read-view';
import { Fragment, sql } from '../shared/sql/sql';

/**
 * The list compiler's context for one hand-written statement (analysis, exports, text reuse, live updates): the
 * FROM item of a table under the read view, fresh aliases (`t1`, `t2`, ...: unique across every piece of the
 * statement) and filters on an alias the statement names. The compiler writes fragments, so its pieces go straight
 * into the statement; the read moment is one value node, bound once however many tables read it.
 */
export interface CompilerFragments extends CompileContext {
  readonly view: ReadView;
  /** The condition a filter input of `spec` puts on the row aliased `alias` (see compileFilter). */
  filter(spec: CollectionSpec<any>, filter: unknown, alias: string): Fragment;
}

/**
 * The compiler's context for one statement reading `view` (see {@link CompilerFragments}). A statement that also
 * writes pieces with the JSON path's compiler passes its `context`, so that aliases and the moment are shared.
 *
 * @example const from = compilerFragments(view); sql`SELECT count(*) FROM ${from.table('agreement')} a WHERE ${from.filter(agreementCollection, filter, 'a')}`
 */
export function compilerFragments(view: ReadView = LIVE, context: CompileContext = newContext(view)): CompilerFragments {
  return {
    ...context,
    view,
    filter: (spec, filter, alias) => compileFilter(spec, filter, sql.identifier(alias), context),
  };
}
