import { CollectionSpec, CompileContext, ConnectionRelation } from '../../shared/list-query/collection-spec';
import { collectionNamed, collectionRef, registerCollection } from '../../shared/list-query/collection-registry';
import { Fragment, sql } from '../../shared/sql/sql';
import { orderSpecs } from '../../shared/list-query/order-specs';
import { belongsTo, boolean, enumColumn, hasManyByForeignKey, idColumn, int, text } from '../../shared/list-query/spec-helpers';
import { compileFilter } from '../../shared/list-query/compile-filter';
import { hasRelated } from '../../shared/list-query/relation-fields';
import type { ProvisionNode } from './provision.type';

/**
 * SQL true when the quote of the record aliased `record` (spans in `spanTable`, owned through `ownerColumn`) is
 * coded in the provision aliased `provision`: its first span starts inside the provision's `[start, end)`.
 */
export function codedIn(
  spanTable: 'commitment_quote_span' | 'constraint_quote_span',
  ownerColumn: string,
  record: Fragment,
  provision: Fragment,
  context: CompileContext,
): Fragment {
  const s = context.nextAlias();
  return sql`EXISTS (SELECT 1 FROM ${context.table(spanTable)} ${s} WHERE ${s}.${sql.raw(ownerColumn)} = ${record}.id AND ${s}.ordinal = 0 AND ${s}.text_id = ${provision}.text_id AND ${s}.start_offset >= ${provision}.start_offset AND ${s}.start_offset < ${provision}.end_offset)`;
}

/** SQL true when a live commitment or constraint is coded in the provision aliased `p`. */
function anyCoded(p: Fragment, context: CompileContext): Fragment {
  const c = context.nextAlias();
  const k = context.nextAlias();
  return sql`(EXISTS (SELECT 1 FROM ${context.table('commitment')} ${c} WHERE ${c}.agreement_id = ${p}.agreement_id AND ${codedIn('commitment_quote_span', 'commitment_id', c, p, context)}) OR EXISTS (SELECT 1 FROM ${context.table('agreement_constraint')} ${k} WHERE ${k}.agreement_id = ${p}.agreement_id AND ${codedIn('constraint_quote_span', 'constraint_id', k, p, context)}))`;
}

/** A nested connection over the records of `target` coded in the parent provision. */
function codedRecords(
  name: string,
  target: () => CollectionSpec<any>,
  spanTable: 'commitment_quote_span' | 'constraint_quote_span',
  ownerColumn: string,
): ConnectionRelation {
  return {
    name,
    target,
    condition: (alias, parent, context) => {
      const p = context.nextAlias();
      return sql`EXISTS (SELECT 1 FROM ${context.table('provision')} ${p} WHERE ${p}.id = ${parent} AND ${codedIn(spanTable, ownerColumn, alias, p, context)})`;
    },
  };
}

/** Provisions as the list-query compiler sees them. */
export const provisionCollection: CollectionSpec<ProvisionNode> = {
  name: 'Provision',
  table: 'provision',
  columns: {
    id: 'id',
    agreementId: 'agreement_id',
    textId: 'text_id',
    parentId: 'parent_id',
    ordinal: 'ordinal',
    kind: 'kind',
    path: 'path',
    number: 'number',
    heading: 'heading',
    start: 'start_offset',
    end: 'end_offset',
    leaf: 'leaf',
    operative: 'operative',
    nonOperativeReason: 'non_operative_reason',
    note: 'note',
  },
  // The words are the text's, cut at the provision's offsets: never stored twice.
  expressions: {
    body: (alias) =>
      sql`(SELECT substr(x.content, ${alias}.start_offset + 1, ${alias}.end_offset - ${alias}.start_offset) FROM agreement_text x WHERE x.id = ${alias}.text_id)`,
  },
  fields: {
    id: idColumn(),
    path: text('path'),
    kind: text('kind'),
    number: text('number'),
    ordinal: int('ordinal'),
    leaf: boolean('leaf'),
    operative: boolean('operative'),
    nonOperativeReason: enumColumn('non_operative_reason', 'non_operative_reason'),
    agreement: hasRelated(collectionRef('Agreement'), (a, p) => sql`${a}.id = ${p}.agreement_id`),
    text: hasRelated(collectionRef('AgreementText'), (x, p) => sql`${x}.id = ${p}.text_id`),
    hasCommitment: {
      kind: 'custom',
      build: (value, p, context) => {
        const c = context.nextAlias();
        return sql`EXISTS (SELECT 1 FROM ${context.table('commitment')} ${c} WHERE ${c}.agreement_id = ${p}.agreement_id AND ${codedIn('commitment_quote_span', 'commitment_id', c, p, context)} AND (${compileFilter(collectionNamed('Commitment'), value, c, context)}))`;
      },
    },
    hasConstraint: {
      kind: 'custom',
      build: (value, k0, context) => {
        const k = context.nextAlias();
        return sql`EXISTS (SELECT 1 FROM ${context.table('agreement_constraint')} ${k} WHERE ${k}.agreement_id = ${k0}.agreement_id AND ${codedIn('constraint_quote_span', 'constraint_id', k, k0, context)} AND (${compileFilter(collectionNamed('Constraint'), value, k, context)}))`;
      },
    },
    // Operative leaves no commitment or constraint is coded in (a note marking one non-operative clears `operative`).
    uncoded: {
      kind: 'custom',
      build: (value, p, context) => {
        const uncoded = sql`(${p}.operative AND ${p}.leaf AND NOT ${anyCoded(p, context)})`;
        return value === false ? sql`NOT ${uncoded}` : uncoded;
      },
    },
  },
  orders: orderSpecs({ id: idColumn(), path: text('path'), start: int('start_offset') }),
  // Provisions are inserted in document order, one text at a time: id order is reading order.
  defaultOrder: ['ID_ASC'],
  searchVector: 'search_vector',
  relations: {
    agreement: belongsTo(collectionRef('Agreement'), 'agreement_id', 'agreementId'),
    text: belongsTo(collectionRef('AgreementText'), 'text_id', 'textId'),
    parent: belongsTo(() => provisionCollection, 'parent_id', 'parentId'),
    children: hasManyByForeignKey(() => provisionCollection, 'parent_id', ['ordinal']),
  },
  connections: {
    commitments: codedRecords('Provision.commitments', collectionRef('Commitment'), 'commitment_quote_span', 'commitment_id'),
    constraints: codedRecords('Provision.constraints', collectionRef('Constraint'), 'constraint_quote_span', 'constraint_id'),
  },
};
registerCollection('Provision', provisionCollection);
