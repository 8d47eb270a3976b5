import type { FieldNode, GraphQLObjectType, SelectionSetNode } from 'graphql';
import { getNamedType, isObjectType } from 'graphql';
import { checkDepth, checkSimilarCount, COMPARE_MAX_AGREEMENTS, COMPARE_MIN_AGREEMENTS, refuseRepeats } from '../domain/analysis/analysis.args';
import { compareCtes, coverageCtes, moneySumsSql, similarCtes, statsCtes, SumsColumn, timelineCte } from '../domain/analysis/analysis.sql';
import { CommitmentDimension } from '../domain/analysis/analysis.type';
import { checkMinScore } from '../domain/text-reuse/text-reuse.args';
import { textReuseCtes } from '../domain/text-reuse/text-reuse.sql';
import { agreementCollection } from '../domain/agreement/agreement.collection';
import { commitmentCollection } from '../domain/commitment/commitment.collection';
import type { CollectionSpec, CompileContext } from '../shared/list-query/collection-spec';
import { checkFilter } from '../shared/list-query/check-args';
import type { ReadView } from '../shared/read-view/read-view';
import { compilerFragments } from './compiler-fragments';
import { specOf } from './coverage';
import type { ObjectPlan, TypenameField } from './plan';
import { Fragment, sql } from '../shared/sql/sql';

// The analysis reads on the JSON path (issue 17): a top-level analysis field (`commitmentStats`, `compareAgreements`,
// `domainCoverage`, `timeline`, `similarAgreements`, `textReuse`) is planned like a list, its arguments checked as its resolver checks them, its
// selection walked over the result types (whose fields this module knows how to write) down to the rows of
// collections (planned by plan.ts, written by json.ts). The statement reuses the CTEs of the resolvers' statement
// (analysis.sql.ts) and writes the result in its final shape, in selection order, computing only what is selected
// (the money CTE and its bounds only when selected). plan.ts and json.ts hand in what this module needs of them
// (`PlanHelpers`, `CompileHelpers`), so that neither imports the other through here.

/** A field selected on an analysis result type. */
export type ResultField =
  | TypenameField
  | { kind: 'value'; key: string; name: string }
  | { kind: 'node'; key: string; name: string; object: ObjectPlan }
  | { kind: 'result'; key: string; name: string; fields: ResultField[] };

/** The plan of one top-level analysis field: its arguments, checked, and its selection. */
export type AnalysisPlan =
  | { kind: 'commitmentStats'; filter: unknown; groupBy: CommitmentDimension[]; depth: number | null; fields: ResultField[] }
  | { kind: 'compareAgreements'; slugs: string[]; depth: number | null; fields: ResultField[] }
  | { kind: 'domainCoverage'; filter: unknown; depth: number | null; fields: ResultField[] }
  | { kind: 'timeline'; filter: unknown; fields: ResultField[] }
  | { kind: 'similarAgreements'; slug: string; first: number; fields: ResultField[] }
  | { kind: 'textReuse'; slug: string; minScore: number; fields: ResultField[] };

/** What the planner of analysis fields uses of plan.ts. */
export interface PlanHelpers {
  selected(set: SelectionSetNode, type: GraphQLObjectType): { key: string; node: FieldNode }[];
  planObject(type: GraphQLObjectType, set: SelectionSetNode, spec: CollectionSpec<any>): ObjectPlan;
  notCovered(why: string): never;
}

/** What the compiler of analysis fields uses of json.ts. */
export interface CompileHelpers {
  context: CompileContext;
  jsonObject(entries: [string, Fragment][]): Fragment;
  /** The JSON of the row of `object`'s collection whose id is `id`, or NULL when there is none. */
  row(object: ObjectPlan, id: Fragment): Fragment;
  /** A JSON array of the rows whose ids are `ids` (an SQL `int[]`), in the order of `ids`. */
  rows(object: ObjectPlan, ids: Fragment): Fragment;
  /** A floating-point value as the JSON number GraphQL's Float writes of it (PostgreSQL writes some otherwise). */
  float(expression: Fragment): Fragment;
}

/**
 * The fields of each result type the JSON path writes. A field missing here (a new one) makes the planner give up,
 * so the resolvers answer it; `tests/unit/read-plan-analysis.test.ts` compares this list with the schema.
 */
export const RESULT_FIELDS: Readonly<Record<string, readonly string[]>> = {
  CommitmentGroup: ['key', 'count', 'sums'],
  CommitmentGroupKey: ['provider', 'beneficiary', 'domain', 'kind', 'modality', 'stage', 'year', 'agreement'],
  MoneySum: ['currency', 'basis', 'amount', 'bounds', 'commitmentCount'],
  AgreementComparison: ['agreements', 'depth', 'rows', 'shared', 'distinctive', 'constraintRows'],
  ComparisonRow: ['domain', 'cells'],
  ComparisonCell: ['agreement', 'covered', 'commitments', 'strongestModality', 'amounts'],
  DistinctiveDomains: ['agreement', 'domains'],
  ConstraintComparisonRow: ['kind', 'cells'],
  ConstraintComparisonCell: ['agreement', 'constraints'],
  DomainCoverage: ['agreements', 'domains', 'cells'],
  CoverageCell: ['agreement', 'domain', 'count', 'strongestModality'],
  TimelineEvent: ['on', 'kind', 'agreement'],
  SimilarAgreement: ['agreement', 'score', 'constraintOverlap', 'sharedDomains', 'onlyHere', 'onlyThere'],
  TextReuse: ['agreement', 'minScore', 'provisions', 'from', 'share', 'chars'],
  ProvisionReuse: ['provision', 'match', 'score', 'reusedShare', 'chars', 'shingles'],
  ReuseSource: ['agreement', 'provisions', 'share', 'chars'],
};

/** The top-level fields planned here and the arguments each takes. */
const ROOTS: Record<AnalysisPlan['kind'], { type: string; arguments: string[] }> = {
  commitmentStats: { type: 'CommitmentGroup', arguments: ['groupBy', 'filter', 'depth', 'asOf'] },
  compareAgreements: { type: 'AgreementComparison', arguments: ['slugs', 'depth', 'asOf'] },
  domainCoverage: { type: 'DomainCoverage', arguments: ['filter', 'depth', 'asOf'] },
  timeline: { type: 'TimelineEvent', arguments: ['filter', 'asOf'] },
  similarAgreements: { type: 'SimilarAgreement', arguments: ['slug', 'first', 'asOf'] },
  textReuse: { type: 'TextReuse', arguments: ['slug', 'minScore'] },
};

/** Whether `name` is a top-level analysis field this module plans. */
export const isAnalysisRoot = (name: string): name is AnalysisPlan['kind'] => Object.hasOwn(ROOTS, name);

/**
 * The plan of a top-level analysis field, its arguments checked as its resolver checks them: a wrong one throws
 * (`BAD_USER_INPUT`, or "not covered"), and the resolver then reports it.
 */
export function planAnalysis(
  name: AnalysisPlan['kind'],
  args: Record<string, unknown>,
  type: GraphQLObjectType,
  node: FieldNode,
  helpers: PlanHelpers,
): AnalysisPlan {
  const root = ROOTS[name];
  const unknown = Object.keys(args).filter((argument) => !root.arguments.includes(argument));
  if (unknown.length > 0) helpers.notCovered(`argument ${unknown[0]}`);
  if (type.name !== root.type) helpers.notCovered(`${name} returns ${type.name}`);
  const fields = planResult(type, node.selectionSet, helpers);
  if (name === 'similarAgreements') {
    return { kind: name, slug: args.slug as string, first: checkSimilarCount(args.first as number | null | undefined), fields };
  }
  if (name === 'textReuse') {
    return { kind: name, slug: args.slug as string, minScore: checkMinScore(args.minScore as number | null | undefined), fields };
  }
  const depth = checkDepth(args.depth as number | null | undefined);
  if (name === 'commitmentStats') {
    const groupBy = args.groupBy as CommitmentDimension[];
    if (groupBy.length === 0) helpers.notCovered('groupBy is empty');
    refuseRepeats(groupBy, 'groupBy');
    checkFilter(commitmentCollection, args.filter);
    return { kind: name, filter: args.filter ?? undefined, groupBy, depth, fields };
  }
  if (name === 'domainCoverage' || name === 'timeline') {
    checkFilter(agreementCollection, args.filter);
    return name === 'timeline'
      ? { kind: name, filter: args.filter ?? undefined, fields }
      : { kind: name, filter: args.filter ?? undefined, depth, fields };
  }
  const slugs = args.slugs as string[];
  if (slugs.length < COMPARE_MIN_AGREEMENTS || slugs.length > COMPARE_MAX_AGREEMENTS) helpers.notCovered('number of slugs');
  refuseRepeats(slugs, 'slugs');
  return { kind: name, slugs, depth, fields };
}

/** The fields selected on a result type, down to the rows of collections (planned by plan.ts). */
function planResult(type: GraphQLObjectType, set: SelectionSetNode | undefined, helpers: PlanHelpers): ResultField[] {
  const covered = RESULT_FIELDS[type.name] ?? helpers.notCovered(`result type ${type.name}`);
  if (!set) return helpers.notCovered(`${type.name} without a selection`);
  return helpers.selected(set, type).map(({ key, node }): ResultField => {
    const name = node.name.value;
    if (name === '__typename') return { kind: 'typename', key, typeName: type.name };
    if (!covered.includes(name)) helpers.notCovered(`${type.name}.${name}`);
    if (node.arguments && node.arguments.length > 0) helpers.notCovered(`arguments of ${type.name}.${name}`);
    const fieldType = getNamedType(type.getFields()[name].type);
    if (!isObjectType(fieldType)) return { kind: 'value', key, name };
    const spec = specOf(fieldType.name);
    if (spec) return { kind: 'node', key, name, object: helpers.planObject(fieldType, node.selectionSet!, spec) };
    return { kind: 'result', key, name, fields: planResult(fieldType, node.selectionSet, helpers) };
  });
}

/** How each selected field of a result type is written, by field name. */
type Writers = Record<string, (field: ResultField) => Fragment>;

const objectOf = (field: ResultField): ObjectPlan => {
  if (field.kind !== 'node') throw new Error(`${field.key} is not a row of a collection`);
  return field.object;
};

const fieldsOf = (field: ResultField): ResultField[] => {
  if (field.kind !== 'result') throw new Error(`${field.key} is not a result object`);
  return field.fields;
};

/** A result object: its selected fields in selection order, each written by its writer. */
function resultJson(fields: ResultField[], writers: Writers, helpers: CompileHelpers): Fragment {
  return helpers.jsonObject(
    fields.map((field): [string, Fragment] => {
      if (field.kind === 'typename') return [field.key, sql.literal(field.typeName)];
      const write = writers[field.name];
      if (!write) throw new Error(`no writer for ${field.name}`);
      return [field.key, write(field)];
    }),
  );
}

/** A MoneySum's fields, over the columns of a currency and basis group (see moneySumsSql). */
const MONEY_SUM: Record<string, Fragment> = {
  currency: sql`currency`,
  basis: sql`amount_basis`,
  amount: sql`amount::text`,
  bounds: sql`bounds`,
  commitmentCount: sql`n`,
};

/**
 * The money arrays a statement needs: one column per place `sums`/`amounts` is selected (each with its own
 * selection), and the bounds only if one of them selects them.
 */
class MoneyColumns {
  readonly columns: SumsColumn[] = [];
  withBounds = false;

  /** The column holding the sums as `fields` selects them. */
  add(fields: ResultField[], helpers: CompileHelpers): Fragment {
    const column = `sums${this.columns.length + 1}`;
    const element = helpers.jsonObject(
      fields.map((field): [string, Fragment] => {
        if (field.kind === 'typename') return [field.key, sql.literal(field.typeName)];
        if (field.name === 'bounds') this.withBounds = true;
        return [field.key, MONEY_SUM[field.name]];
      }),
    );
    this.columns.push({ column, element });
    return sql.identifier(column);
  }

  get used(): boolean {
    return this.columns.length > 0;
  }
}

/** `commitmentStats`: the groups, in the resolvers' order, as selected. */
function statsJson(plan: Extract<AnalysisPlan, { kind: 'commitmentStats' }>, view: ReadView, helpers: CompileHelpers): Fragment {
  const from = compilerFragments(view, helpers.context);
  const parts = statsCtes(from, plan.filter, plan.groupBy, plan.depth);
  const money = new MoneyColumns();
  const grouped = (dimension: CommitmentDimension) => plan.groupBy.includes(dimension);
  const object = (dimension: CommitmentDimension) => (field: ResultField) =>
    grouped(dimension) ? helpers.row(objectOf(field), parts.keyOf(dimension)) : sql`NULL`;
  const name = (dimension: CommitmentDimension) => () => (grouped(dimension) ? sql`${parts.keyOf(dimension)}::text` : sql`NULL`);
  const key: Writers = {
    provider: object(CommitmentDimension.PROVIDER),
    beneficiary: object(CommitmentDimension.BENEFICIARY),
    domain: object(CommitmentDimension.DOMAIN),
    agreement: object(CommitmentDimension.AGREEMENT),
    kind: name(CommitmentDimension.KIND),
    modality: name(CommitmentDimension.MODALITY),
    stage: name(CommitmentDimension.STAGE),
    year: () => parts.keyOf(CommitmentDimension.YEAR),
  };
  const group = resultJson(
    plan.fields,
    {
      key: (field) => resultJson(fieldsOf(field), key, helpers),
      count: () => sql`g.n`,
      sums: (field) => sql`coalesce(s.${money.add(fieldsOf(field), helpers)}, '[]'::json)`,
    },
    helpers,
  );
  const moneyCte = money.used ? sql`, s AS (${moneySumsSql('m', parts.keys, money.columns, money.withBounds)})` : sql.empty;
  const join = money.used ? sql` LEFT JOIN s ON ${parts.joinMoney}` : sql.empty;
  const ctes = parts.ctes({ money: money.used, bounds: money.withBounds });
  return sql`(WITH RECURSIVE ${ctes}${moneyCte} SELECT coalesce(json_agg(${group} ORDER BY ${parts.order}), '[]'::json) FROM g${join})`;
}

/** `compareAgreements`: the comparison, as selected (over the CTEs of compareCtes). */
function compareJson(plan: Extract<AnalysisPlan, { kind: 'compareAgreements' }>, view: ReadView, helpers: CompileHelpers): Fragment {
  const from = compilerFragments(view, helpers.context);
  const money = new MoneyColumns();
  const write = (fields: ResultField[], writers: Writers) => resultJson(fields, writers, helpers);
  const agreement = (field: ResultField) => helpers.row(objectOf(field), sql`p.id`);
  // Domains in tree order covered by every agreement (shared) or by one only, this one (distinctive), from `cover`.
  let usesCover = false;
  const cover = (condition: Fragment) => {
    usesCover = true;
    return sql`ARRAY(SELECT r.domain_id FROM row_domains r JOIN cover v ON v.domain_id = r.domain_id WHERE ${condition} ORDER BY r.path)`;
  };
  const cells = (field: ResultField) => {
    const amounts = fieldsOf(field).some((cell) => cell.kind === 'result' && cell.name === 'amounts');
    const value = write(fieldsOf(field), {
      agreement,
      covered: () => sql`(c.agreement_id IS NOT NULL)`,
      commitments: (cell) => helpers.rows(objectOf(cell), sql`coalesce(c.commitments, '{}'::int[])`),
      strongestModality: () => sql`c.strongest::text`,
      amounts: (cell) => sql`coalesce(m.${money.add(fieldsOf(cell), helpers)}, '[]'::json)`,
    });
    const moneyJoin = amounts ? sql` LEFT JOIN money m ON m.agreement_id = p.id AND m.domain_id = r.domain_id` : sql.empty;
    return sql`(SELECT coalesce(json_agg(${value} ORDER BY p.ord), '[]'::json) FROM picked p\
 LEFT JOIN cells c ON c.agreement_id = p.id AND c.domain_id = r.domain_id${moneyJoin} WHERE p.id IS NOT NULL)`;
  };
  const value = write(plan.fields, {
    agreements: (field) => helpers.rows(objectOf(field), sql`ARRAY(SELECT id FROM picked WHERE id IS NOT NULL ORDER BY ord)`),
    depth: () => (plan.depth === null ? sql`NULL` : sql.value(plan.depth, 'int')),
    rows: (field) =>
      sql`(SELECT coalesce(json_agg(${write(fieldsOf(field), { domain: (row) => helpers.row(objectOf(row), sql`r.domain_id`), cells })} ORDER BY r.path),\
 '[]'::json) FROM row_domains r)`,
    shared: (field) => helpers.rows(objectOf(field), cover(sql`v.n = (SELECT count(*) FROM picked WHERE id IS NOT NULL)`)),
    distinctive: (field) => {
      const only = cover(sql`v.n = 1 AND v.only_one = p.id`);
      const entry = write(fieldsOf(field), { agreement, domains: (part) => helpers.rows(objectOf(part), only) });
      return sql`(SELECT coalesce(json_agg(${entry} ORDER BY p.ord), '[]'::json) FROM picked p WHERE p.id IS NOT NULL)`;
    },
    constraintRows: (field) => {
      const cell = (part: ResultField) =>
        sql`(SELECT coalesce(json_agg(${write(fieldsOf(part), {
          agreement,
          constraints: (c) => helpers.rows(objectOf(c), sql`coalesce(k.constraints, '{}'::int[])`),
        })} ORDER BY p.ord), '[]'::json) FROM picked p LEFT JOIN kinds k ON k.agreement_id = p.id AND k.kind = kk.kind WHERE p.id IS NOT NULL)`;
      const row = write(fieldsOf(field), { kind: () => sql`kk.kind::text`, cells: cell });
      return sql`(SELECT coalesce(json_agg(${row} ORDER BY kk.kind), '[]'::json) FROM (SELECT DISTINCT kind FROM kinds) kk)`;
    },
  });
  const ctes = compareCtes(from, plan.slugs, plan.depth, money.used ? { columns: money.columns, withBounds: money.withBounds } : null);
  const coverCte = usesCover
    ? sql`, cover AS MATERIALIZED (SELECT domain_id, count(*) AS n, min(agreement_id) AS only_one FROM cells GROUP BY domain_id)`
    : sql.empty;
  return sql`(WITH RECURSIVE ${ctes}${coverCte} SELECT ${value})`;
}

/** `domainCoverage`: agreements by signing date, domains in tree order, a cell per covered pair. */
function coverageJson(plan: Extract<AnalysisPlan, { kind: 'domainCoverage' }>, view: ReadView, helpers: CompileHelpers): Fragment {
  const from = compilerFragments(view, helpers.context);
  const value = resultJson(
    plan.fields,
    {
      agreements: (field) => helpers.rows(objectOf(field), sql`ARRAY(SELECT id FROM picked ORDER BY ord)`),
      domains: (field) => helpers.rows(objectOf(field), sql`ARRAY(SELECT domain_id FROM covered ORDER BY path)`),
      cells: (field) => {
        const cell = resultJson(
          fieldsOf(field),
          {
            agreement: (part) => helpers.row(objectOf(part), sql`c.agreement_id`),
            domain: (part) => helpers.row(objectOf(part), sql`c.domain_id`),
            count: () => sql`c.n`,
            strongestModality: () => sql`c.strongest::text`,
          },
          helpers,
        );
        return sql`(SELECT coalesce(json_agg(${cell} ORDER BY p.ord, v.path), '[]'::json)\
 FROM cells c JOIN picked p ON p.id = c.agreement_id JOIN covered v ON v.domain_id = c.domain_id)`;
      },
    },
    helpers,
  );
  return sql`(WITH RECURSIVE ${coverageCtes(from, plan.filter, plan.depth)} SELECT ${value})`;
}

/** `timeline`: the events by date, then kind (signed, in force, expires), then slug. */
function timelineJson(plan: Extract<AnalysisPlan, { kind: 'timeline' }>, view: ReadView, helpers: CompileHelpers): Fragment {
  const from = compilerFragments(view, helpers.context);
  const event = resultJson(
    plan.fields,
    { on: () => sql`e.day`, kind: () => sql`e.kind`, agreement: (field) => helpers.row(objectOf(field), sql`e.id`) },
    helpers,
  );
  return sql`(WITH ${timelineCte(from, plan.filter)} SELECT coalesce(json_agg(${event} ORDER BY e.day, e.ord, e.slug), '[]'::json) FROM events e)`;
}

/**
 * `similarAgreements`: the best `first`, by score, then constraint overlap, then slug; each list of domains by id, as
 * the resolver sorts them.
 */
function similarJson(plan: Extract<AnalysisPlan, { kind: 'similarAgreements' }>, view: ReadView, helpers: CompileHelpers): Fragment {
  const from = compilerFragments(view, helpers.context);
  const domains = (column: string) => (field: ResultField) =>
    helpers.rows(objectOf(field), sql`ARRAY(SELECT id FROM unnest(r.${sql.identifier(column)}) AS id ORDER BY id)`);
  const entry = resultJson(
    plan.fields,
    {
      agreement: (field) => helpers.row(objectOf(field), sql`r.id`),
      score: () => helpers.float(sql`r.score`),
      constraintOverlap: () => helpers.float(sql`r.overlap`),
      sharedDomains: domains('shared'),
      onlyHere: domains('only_here'),
      onlyThere: domains('only_there'),
    },
    helpers,
  );
  return sql`(WITH ${similarCtes(from, plan.slug, plan.first)}\
 SELECT coalesce(json_agg(${entry} ORDER BY r.score DESC, r.overlap DESC, r.slug), '[]'::json) FROM ranked r)`;
}

/**
 * `textReuse`: the leaf provisions in reading order (by id), the earlier agreements most borrowed from first, and the
 * total share summed over them in that order (as the resolver adds them up, so the float is the same).
 */
function textReuseJson(plan: Extract<AnalysisPlan, { kind: 'textReuse' }>, view: ReadView, helpers: CompileHelpers): Fragment {
  const from = compilerFragments(view, helpers.context);
  const write = (fields: ResultField[], writers: Writers) => resultJson(fields, writers, helpers);
  const sourceOrder = sql`s.share DESC, s.signed_on, s.agreement`;
  const value = write(plan.fields, {
    agreement: (field) => helpers.row(objectOf(field), sql`(SELECT id FROM here)`),
    minScore: () => helpers.float(sql.value(plan.minScore, 'float8')),
    provisions: (field) => {
      const provision = write(fieldsOf(field), {
        provision: (part) => helpers.row(objectOf(part), sql`r.id`),
        match: (part) => helpers.row(objectOf(part), sql`r.match`),
        score: () => helpers.float(sql`r.score`),
        reusedShare: () => helpers.float(sql`r.reused`),
        chars: () => sql`r.chars`,
        shingles: () => sql`r.shingles`,
      });
      return sql`(SELECT coalesce(json_agg(${provision} ORDER BY r.id), '[]'::json) FROM rows r)`;
    },
    from: (field) => {
      const source = write(fieldsOf(field), {
        agreement: (part) => helpers.row(objectOf(part), sql`s.agreement`),
        provisions: () => sql`s.provisions`,
        share: () => helpers.float(sql`s.share`),
        chars: () => sql`s.chars`,
      });
      return sql`(SELECT coalesce(json_agg(${source} ORDER BY ${sourceOrder}), '[]'::json) FROM sources s)`;
    },
    share: () => helpers.float(sql`(SELECT coalesce(sum(s.share ORDER BY ${sourceOrder}), 0) FROM sources s)`),
    chars: () => sql`(SELECT chars FROM total)`,
  });
  return sql`(WITH ${textReuseCtes(from, plan.slug, plan.minScore)} SELECT ${value})`;
}

/** The JSON of a top-level analysis field, read under `view`. */
export function analysisJson(plan: AnalysisPlan, view: ReadView, helpers: CompileHelpers): Fragment {
  switch (plan.kind) {
    case 'commitmentStats':
      return statsJson(plan, view, helpers);
    case 'compareAgreements':
      return compareJson(plan, view, helpers);
    case 'domainCoverage':
      return coverageJson(plan, view, helpers);
    case 'timeline':
      return timelineJson(plan, view, helpers);
    case 'similarAgreements':
      return similarJson(plan, view, helpers);
    case 'textReuse':
      return textReuseJson(plan, view, helpers);
  }
}

/**
 * What must hold for the JSON path to answer a field, as an SQL condition, or undefined: `compareAgreements`
 * answers only when every slug names an agreement (under the view), `similarAgreements` and `textReuse` when their
 * slug does; otherwise the statement returns no row and the resolver reports the unknown slugs as it always has.
 */
export function analysisGuard(plan: AnalysisPlan, view: ReadView, context: CompileContext): Fragment | undefined {
  const from = compilerFragments(view, context);
  if (plan.kind === 'similarAgreements' || plan.kind === 'textReuse')
    return sql`EXISTS (SELECT 1 FROM ${from.table('agreement')} a WHERE a.slug = ${sql.value(plan.slug, 'text')})`;
  if (plan.kind !== 'compareAgreements') return undefined;
  return sql`NOT EXISTS (SELECT 1 FROM unnest(${sql.value(plan.slugs, 'text[]')}) AS wanted(slug)\
 WHERE NOT EXISTS (SELECT 1 FROM ${from.table('agreement')} a WHERE a.slug = wanted.slug))`;
}
