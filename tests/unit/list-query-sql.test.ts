import 'reflect-metadata';
// Every collection spec, registered by name: relations look their target up when a query is compiled.
import '../../src/domain/collections';
import { agreementCollection } from '../../src/domain/agreement/agreement.collection';
import { commitmentCollection } from '../../src/domain/commitment/commitment.collection';
import { domainCollection } from '../../src/domain/cooperation-domain/cooperation-domain.collection';
import { CollectionSpec } from '../../src/shared/list-query/collection-spec';
import { encodeCursor } from '../../src/shared/list-query/keyset';
import {
  compileCountQuery,
  compilePageQuery,
  compileRelationQuery,
  compileRowsQuery,
  CompiledQuery,
  ListArgs,
  ListScope,
} from '../../src/shared/list-query/list-query';
import { EMPTY_SELECTION, Selection } from '../../src/shared/list-query/selection';
import { sql } from '../../src/shared/sql/sql';

// Every statement the list compiler renders, live and as of a moment, top-level and batched per parent, with
// filters, cursors and nested connections: each placeholder has its value, none is left without one, none is
// bound twice, and the statement is planned with its values exactly when one of its values asks for it.

const AT = new Date('2024-07-01T00:00:00.000Z');

/** The placeholder numbers of a statement, without repeats. */
function placeholders(query: CompiledQuery): number[] {
  return [...new Set([...query.sql.matchAll(/\$(\d+)/g)].map((match) => Number(match[1])))].sort((a, b) => a - b);
}

/** Checks that `$1..$n` are each used and `n` is the count of values: no gap, no value without its place. */
function expectBoundOnce(query: CompiledQuery): void {
  expect(placeholders(query)).toEqual(query.params.map((_, i) => i + 1));
}

const selection = (fields: Record<string, Selection>, byResponseKey: Selection['byResponseKey'] = new Map()): Selection => ({
  fields: new Map(Object.entries(fields)),
  byResponseKey,
});

/** An agreement's rows with a nested commitments connection (filtered, a page and its count) and a relation. */
const nested = (args: Record<string, unknown>): Selection => {
  const nodes = selection({ title: EMPTY_SELECTION, source: selection({ title: EMPTY_SELECTION }) });
  const connection = selection({ nodes, totalCount: EMPTY_SELECTION });
  return selection(
    { slug: EMPTY_SELECTION, commitments: connection, domains: EMPTY_SELECTION },
    new Map([['c', { name: 'commitments', position: 'f1', args, selection: connection }]]),
  );
};

const agreementCursor = (values: unknown[]) => encodeCursor({ collection: 'Agreement', order: agreementCollection.defaultOrder.join(','), values });

interface Case {
  name: string;
  spec: CollectionSpec<any>;
  args: ListArgs;
  selection?: Selection;
  /** Whether some value bound decides the plan of the page. */
  planWithValues: boolean;
  /** Whether it decides that of the count (the filter alone), where it differs from the page's. */
  countPlanWithValues?: boolean;
}

const CASES: Case[] = [
  { name: 'no filter', spec: agreementCollection, args: { first: 5 }, planWithValues: false },
  { name: 'equality', spec: agreementCollection, args: { first: 5, filter: { slug: { eq: 'a' } } }, planWithValues: false },
  {
    name: 'inequality and null tests',
    spec: agreementCollection,
    args: { filter: { slug: { ne: 'a' }, title: { isNull: false } } },
    planWithValues: false,
  },
  { name: 'a range', spec: agreementCollection, args: { filter: { signedOn: { gte: '2024-01-01', lt: '2025-01-01' } } }, planWithValues: false },
  { name: 'a pattern', spec: agreementCollection, args: { filter: { title: { contains: 'security' } } }, planWithValues: true },
  { name: 'full text', spec: agreementCollection, args: { filter: { search: 'demining' } }, planWithValues: true },
  { name: 'a domain subtree', spec: agreementCollection, args: { filter: { domain: 'demining' } }, planWithValues: false },
  {
    name: 'nested and/or/not and a related filter',
    spec: agreementCollection,
    args: { filter: { or: [{ slug: { eq: 'a' } }, { not: { hasCommitment: { kind: { eq: 'FINANCIAL' } } } }], partyCode: { eq: 'JP' } } },
    planWithValues: false,
  },
  { name: 'a cursor after', spec: agreementCollection, args: { first: 3, after: agreementCursor(['2024-06-13', 7]) }, planWithValues: false },
  { name: 'a cursor on a NULL key', spec: agreementCollection, args: { first: 3, after: agreementCursor([null, 7]) }, planWithValues: false },
  {
    name: 'both cursors, from the end',
    spec: agreementCollection,
    args: { last: 3, after: agreementCursor(['2024-01-01', 2]), before: agreementCursor(['2024-06-13', 7]) },
    planWithValues: false,
  },
  {
    name: 'a nested connection with equality',
    spec: agreementCollection,
    args: { first: 2 },
    selection: nested({ first: 2, filter: { kind: { eq: 'FINANCIAL' } } }),
    planWithValues: false,
  },
  {
    name: 'a nested connection with a range',
    spec: agreementCollection,
    args: { first: 2 },
    selection: nested({ first: 2, filter: { periodStart: { gte: '2024-01-01' } } }),
    planWithValues: false,
  },
  {
    name: 'a nested connection with wrong arguments (left out)',
    spec: agreementCollection,
    args: { first: 2 },
    selection: nested({ first: -1 }),
    planWithValues: false,
  },
  { name: 'commitments by a domain', spec: commitmentCollection, args: { filter: { domain: 'demining' } }, planWithValues: false },
  {
    name: 'a nested connection with a pattern',
    spec: agreementCollection,
    args: { first: 2 },
    selection: nested({ first: 2, filter: { summary: { contains: 'training' } } }),
    planWithValues: true,
    countPlanWithValues: false,
  },
];

const scope: ListScope = {
  parentIds: [1, 2, 3],
  condition: (alias, parent) => sql`${alias}.id = ${parent}`,
};

describe('every statement of the list compiler binds each value once', () => {
  for (const view of ['live', 'as of a moment'] as const) {
    describe(view, () => {
      const asOf = view === 'live' ? null : AT;

      it.each(CASES)(
        '$name: page and count, top-level and per parent',
        ({ spec, args, selection: selected, planWithValues, countPlanWithValues }) => {
          const statements: CompiledQuery[] = [
            compilePageQuery(spec, { ...args, asOf }, undefined, selected),
            compilePageQuery(spec, { ...args, asOf }, scope, selected),
            compileCountQuery(spec, args.filter, undefined, asOf ? { kind: 'asOf', at: AT } : undefined),
            compileCountQuery(spec, args.filter, scope, asOf ? { kind: 'asOf', at: AT } : undefined),
          ];
          for (const statement of statements) {
            expectBoundOnce(statement);
            // The moment is one value, however many tables read it.
            expect(statement.params.filter((value) => value === AT.toISOString())).toHaveLength(asOf ? 1 : 0);
          }
          // A count never reads a cursor nor what is nested: only the filter decides its plan.
          const filterDecides = countPlanWithValues ?? (planWithValues && args.after === undefined && args.before === undefined);
          expect(statements.map((statement) => statement.planWithValues)).toEqual([planWithValues, planWithValues, filterDecides, filterDecides]);
        },
      );

      it('rows by a condition and relations batched per parent', () => {
        const at = asOf ? ({ kind: 'asOf', at: AT } as const) : undefined;
        const rows = compileRowsQuery(agreementCollection, (t) => sql`${t}.slug = ${sql.value('a', 'text')}`, nested({ first: 2 }), undefined, at);
        expectBoundOnce(rows);
        expect(rows.planWithValues).toBe(false);
        const relation = compileRelationQuery(agreementCollection.relations!.domains, [1, 2], selection({ slug: EMPTY_SELECTION }), at);
        expectBoundOnce(relation);
        expect(relation.params[0]).toEqual([1, 2]);
        const children = compileRelationQuery(domainCollection.relations!.children, [4], EMPTY_SELECTION, at);
        expectBoundOnce(children);
      });
    });
  }
});
