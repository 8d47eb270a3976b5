import 'reflect-metadata';
import { graphql, GraphQLSchema, isEnumType, isInputObjectType, isObjectType } from 'graphql';
import { Arg, Args, buildSchemaSync, Ctx, Info, InputType, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { commitmentCollection } from '../../src/domain/commitment/commitment.collection';
import { commitmentFields } from '../../src/domain/commitment/commitment.fields';
import { constraintFields } from '../../src/domain/constraint/constraint.fields';
import { agreementFields } from '../../src/domain/agreement/agreement.fields';
import { sourceFields } from '../../src/domain/source/source.fields';
import { actorFields } from '../../src/domain/actor/actor.fields';
import { mechanismFields } from '../../src/domain/mechanism/mechanism.fields';
import { domainFields } from '../../src/domain/cooperation-domain/cooperation-domain.fields';
import { orderEnum } from '../../src/domain/graphql-enums';
import { compileExportQuery } from '../../src/export/export';
import { curatedFields, FieldRegistry, namedFields, NamedField, rowClass, textField } from '../../src/shared/fields/fields';
import { filterFields, inputFields, objectFields } from '../../src/shared/fields/graphql';
import { recordJsonPairs, seedShape, writtenColumns } from '../../src/shared/fields/records';
import { specParts } from '../../src/shared/fields/spec';
import { createApiToken } from '../../src/shared/auth/token-store';
import { Connection, connectionType } from '../../src/shared/connection/connection';
import { loadConnection, ResolveInfo } from '../../src/shared/connection/load-list';
import { createRequestContext, RequestContext } from '../../src/shared/context/request-context';
import { createSqlRunner } from '../../src/db/sql-runner';
import { CollectionSpec } from '../../src/shared/list-query/collection-spec';
import { listArgs } from '../../src/shared/list-query/filter-inputs';
import { ListArgs } from '../../src/shared/list-query/list-query';
import { startTestApp, TestApp } from '../support/test-app';

// Issue 17, "one declaration per field": a field declared in a registry (and added to its table by a migration)
// needs no other change to be shown, filtered, ordered, exported, written, read back for updates and kept in the
// history; and every curated field of every registry round-trips through its `updateX` and the history.

/** A copy of the commitment registry with one more field, as a developer would add it: the declaration, nothing else. */
const probeFields = {
  ...commitmentFields,
  probeNote: textField({ nullable: true, order: true, description: 'A field added by the test.' }),
};
const probeParts = specParts(probeFields);
const probeCollection: CollectionSpec<any> = {
  ...commitmentCollection,
  name: 'ProbeCommitment',
  columns: probeParts.columns,
  fields: { ...commitmentCollection.fields, ...probeParts.fields },
  orders: probeParts.orders,
};

@ObjectType('ProbeCommitment', { simpleResolvers: true })
class ProbeNode extends rowClass(probeFields) {}
objectFields(ProbeNode, probeFields);

@InputType('ProbeCommitmentFilter')
class ProbeFilter {}
filterFields(ProbeFilter, probeFields);

@InputType('ProbeCommitmentInput')
class ProbeInput {}
inputFields(ProbeInput, probeFields);

const ProbeOrder = orderEnum('ProbeCommitmentOrder', probeCollection.orders);
const ProbeConnection = connectionType(ProbeNode, 'ProbeCommitment');
const ProbeListArgs = listArgs(ProbeFilter, ProbeOrder, 'ProbeCommitment');

@Resolver()
class ProbeResolver {
  @Query(() => ProbeConnection)
  probeCommitments(@Ctx() ctx: RequestContext, @Info() info: ResolveInfo, @Args(() => ProbeListArgs) args: ListArgs): Promise<Connection<ProbeNode>> {
    return loadConnection(ctx, probeCollection, args, info);
  }

  @Mutation(() => Boolean, { description: 'Only so that the input type is part of the schema.' })
  acceptProbe(@Arg('input', () => ProbeInput) input: object): boolean {
    return input !== undefined;
  }
}

describe('field registry', () => {
  let api: TestApp;
  let analyst = '';

  beforeAll(async () => {
    api = await startTestApp();
    const sql = async <T>(text: string, params: unknown[] = []) => (await api.db.dataSource.query(text, params)) as T[];
    analyst = (await createApiToken(sql as never, { name: 'registry-analyst', role: 'analyst' })).token;
  });
  afterAll(() => api.close());

  describe('a field added to a fixture registry (and its column, as the migration adds it) needs no other change', () => {
    let schema: GraphQLSchema;
    let probed: { id: number; key: string };

    beforeAll(async () => {
      // What the migration of a new field does: the column, then the live views regenerated from the table.
      await api.db.dataSource.query(`ALTER TABLE commitment ADD COLUMN probe_note text`);
      await api.db.dataSource.query(`SELECT refresh_live_views()`);
      [probed] = await api.db.dataSource.query(`SELECT id, key FROM live.commitment ORDER BY id LIMIT 1`);
      await api.db.dataSource.transaction(async (tx) => {
        await tx.query(`SELECT set_config('app.actor', 'registry-test', true)`);
        await tx.query(`UPDATE commitment SET probe_note = 'zz probe' WHERE id = $1`, [probed.id]);
        await tx.query(`UPDATE commitment SET probe_note = 'aa probe' WHERE id = (SELECT max(id) FROM live.commitment)`);
      });
      schema = buildSchemaSync({ resolvers: [ProbeResolver], validate: false });
    });

    const run = async (source: string, variableValues?: Record<string, unknown>) => {
      const context = createRequestContext(createSqlRunner(api.db.dataSource));
      const result = await graphql({ schema, source, variableValues, contextValue: context });
      expect(result.errors).toBeUndefined();
      return result.data as any;
    };

    it('is a field of the object type, the filter, the order enum and the input, with its description', () => {
      const object = schema.getType('ProbeCommitment');
      const filter = schema.getType('ProbeCommitmentFilter');
      const order = schema.getType('ProbeCommitmentOrder');
      const input = schema.getType('ProbeCommitmentInput');
      if (!isObjectType(object) || !isInputObjectType(filter) || !isEnumType(order) || !isInputObjectType(input)) throw new Error('types missing');
      expect(String(object.getFields().probeNote.type)).toBe('String');
      expect(object.getFields().probeNote.description).toBe('A field added by the test.');
      expect(String(filter.getFields().probeNote.type)).toBe('StringFilter');
      expect(order.getValues().map((v) => v.name)).toEqual(expect.arrayContaining(['PROBE_NOTE_ASC', 'PROBE_NOTE_DESC']));
      expect(String(input.getFields().probeNote.type)).toBe('String');
    });

    it('is read, filtered and ordered by the one list-query compiler', async () => {
      const filtered = await run(`{ probeCommitments(filter: { probeNote: { eq: "zz probe" } }) { totalCount nodes { id key probeNote } } }`);
      expect(filtered.probeCommitments).toEqual({ totalCount: 1, nodes: [{ id: String(probed.id), key: probed.key, probeNote: 'zz probe' }] });
      const order = async (direction: string) =>
        (
          await run(`{ probeCommitments(filter: { probeNote: { isNull: false } }, orderBy: [PROBE_NOTE_${direction}]) { nodes { probeNote } } }`)
        ).probeCommitments.nodes.map((n: { probeNote: string }) => n.probeNote);
      expect(await order('ASC')).toEqual(['aa probe', 'zz probe']);
      expect(await order('DESC')).toEqual(['zz probe', 'aa probe']);
    });

    it('is an export column, with the filter on it', async () => {
      const { query, columns } = compileExportQuery(probeCollection, { probeNote: { isNull: false } });
      expect(columns).toContain('probeNote');
      const rows: Record<string, unknown>[] = await api.db.dataSource.query(query.sql, query.params);
      expect(rows.map((r) => r.probeNote)).toEqual(['zz probe', 'aa probe']);
      expect(rows[0].key).toBe(probed.key);
    });

    it('is in the history of the row, under its name', async () => {
      const { data } = await api.gql(`query($id: ID!) { commitment(id: $id) { history { changes { field before after } } } }`, {
        id: String(probed.id),
      });
      const last = data.commitment.history[data.commitment.history.length - 1];
      expect(last.changes).toEqual([{ field: 'probeNote', before: null, after: 'zz probe' }]);
    });

    it('is validated in the seed format, written by the record writer and read back by the record reader', async () => {
      const shape = seedShape(probeFields);
      expect(shape.probeNote.safeParse('a note').success).toBe(true);
      expect(shape.probeNote.safeParse('   ').success).toBe(false);
      expect(writtenColumns(probeFields).probeNote).toEqual(['probe_note', 'text']);
      const [{ record }] = await api.db.dataSource.query(
        `SELECT json_build_object(${recordJsonPairs(probeFields, 't')}) AS record FROM commitment t WHERE t.id = $1`,
        [probed.id],
      );
      expect(record).toMatchObject({ key: probed.key, probeNote: 'zz probe' });
    });
  });

  /** Each registry on the machinery, with how its rows are read and updated over the API. */
  const REGISTRIES: {
    label: string;
    registry: FieldRegistry;
    table: string;
    where: string;
    /**
     * How the row is read over the API: `list`, a top-level list filtered by its id (which outlives a change of key);
     * `bySlug`, a top-level query by the slug the stored row has now (domains have no list with a filter).
     */
    read: { list: string } | { bySlug: string };
    /** Nullable fields the record's own rules keep from being cleared on the row tested, with the message that says so. */
    clearRefused: Record<string, string>;
    /** How many curated fields, and of how many types, the registry has at least (one that lost declarations fails). */
    minCurated: number;
    minTypes: number;
  }[] = [
    {
      label: 'Commitment',
      registry: commitmentFields,
      table: 'commitment',
      // Amount-qualifying fields need an amount; quote fields are free only without spans in a text.
      where: `t.amount IS NOT NULL AND NOT EXISTS (SELECT 1 FROM commitment_quote_span s WHERE s.commitment_id = t.id)`,
      read: { list: 'commitments' },
      clearRefused: { amountBound: 'an amount needs amountBound and amountBasis', amountBasis: 'an amount needs amountBound and amountBasis' },
      minCurated: 6,
      minTypes: 2,
    },
    {
      label: 'Constraint',
      registry: constraintFields,
      table: 'agreement_constraint',
      where: `NOT EXISTS (SELECT 1 FROM constraint_quote_span s WHERE s.constraint_id = t.id)`,
      read: { list: 'constraints' },
      clearRefused: {},
      minCurated: 6,
      minTypes: 2,
    },
    {
      label: 'Agreement',
      registry: agreementFields,
      table: 'agreement',
      where: 'true',
      read: { list: 'agreements' },
      clearRefused: {},
      minCurated: 6,
      minTypes: 2,
    },
    {
      label: 'Source',
      registry: sourceFields,
      table: 'source',
      where: 'true',
      read: { list: 'sources' },
      clearRefused: {},
      minCurated: 6,
      minTypes: 2,
    },
    {
      label: 'Actor',
      registry: actorFields,
      table: 'actor',
      where: 'true',
      read: { list: 'actors' },
      clearRefused: {},
      minCurated: 3,
      minTypes: 2,
    },
    {
      label: 'Mechanism',
      registry: mechanismFields,
      table: 'mechanism',
      where: 'true',
      read: { list: 'mechanisms' },
      clearRefused: {},
      minCurated: 4,
      minTypes: 2,
    },
    {
      label: 'CooperationDomain',
      registry: domainFields,
      table: 'cooperation_domain',
      where: 'true',
      read: { bySlug: 'domain' },
      clearRefused: {},
      // slug, name and description: all text (the mappings are no declared field).
      minCurated: 3,
      minTypes: 1,
    },
  ];

  /**
   * A value the field's own validation accepts and that differs from `current`: the field is changed by it. Dates
   * follow the registry's order (signature before entry into force before expiry), a day apart.
   */
  function otherValue(field: NamedField, current: unknown, position: number): unknown {
    const day = new Date(Date.UTC(2030, 0, 1 + position)).toISOString().slice(0, 10);
    const candidates: unknown[] =
      field.type === 'enum'
        ? Object.values(field.enum!.values)
        : field.type === 'boolean'
          ? [current !== true]
          : field.type === 'int'
            ? [Number(current ?? 0) + 1]
            : field.type === 'decimal'
              ? ['1234.5']
              : field.type === 'date'
                ? [day]
                : [
                    `${String(current ?? 'text')} (edited)`,
                    `${String(current ?? 'text')}-edited`,
                    // An actor's code (two to six capitals and digits), unique to the field's place in the registry; two,
                    // since the update of all fields at once has already set the first.
                    `ZQ${position}`,
                    `ZR${position}`,
                    'fr',
                    'de',
                    `https://example.org/${field.name}-edited`,
                  ];
    const value = candidates.find((v) => v !== current && field.seed.safeParse(v).success);
    if (value === undefined) throw new Error(`no test value for ${field.name}: add a candidate for its validation`);
    return value;
  }

  describe.each(REGISTRIES)(
    'every curated field of $label round-trips through update$label and the history',
    ({ label, registry, table, where, read, clearRefused, minCurated, minTypes }) => {
      const update = `update${label}`;
      const fields = curatedFields(registry);
      const curated = new Set(fields.map((f) => f.name));
      const position = (field: NamedField) => namedFields(registry).findIndex((f) => f.name === field.name);
      const shown = namedFields(registry).filter((f) => f.graphql && f.listed);
      const mutation = `mutation($id: ID!, $input: ${label}Input!, $v: Int!) { ${update}(id: $id, input: $input, expectedVersion: $v) { version } }`;
      let id = 0;

      beforeAll(async () => {
        [{ id }] = await api.db.dataSource.query(`SELECT t.id FROM live.${table} t WHERE ${where} ORDER BY t.id LIMIT 1`);
      });

      /** The row as the API shows it, its columns as the history keeps them (JSON), and its history. */
      const readRow = async () => {
        const [{ row }] = await api.db.dataSource.query(`SELECT row_to_json(t) AS row FROM ${table} t WHERE t.id = $1`, [id]);
        const selection = `${shown.map((f) => f.name).join(' ')} history { changes { field before after } }`;
        let node: Record<string, unknown>;
        if ('list' in read) {
          const { data } = await api.gql(`query($id: ID!) { ${read.list}(filter: { id: { eq: $id } }) { nodes { ${selection} } } }`, {
            id: String(id),
          });
          expect(data[read.list].nodes).toHaveLength(1);
          node = data[read.list].nodes[0];
        } else {
          const { data } = await api.gql(`query($slug: String!) { ${read.bySlug}(slug: $slug) { ${selection} } }`, { slug: row.slug });
          node = data[read.bySlug];
        }
        const { history, ...shownValues } = node;
        const values = Object.fromEntries(namedFields(registry).map((f) => [f.name, row[f.column]]));
        return {
          shown: shownValues as Record<string, unknown>,
          values,
          history: history as { changes: { field: string }[] }[],
          version: values.version as number,
        };
      };

      /** Every field the API shows is as expected: the changed field from the stored row, the others as they were. */
      const expectShown = (after: Awaited<ReturnType<typeof readRow>>, before: Awaited<ReturnType<typeof readRow>>, changed: Set<string>) => {
        for (const f of shown) {
          const expected = f.name === 'version' ? after.version : changed.has(f.name) ? after.values[f.name] : before.shown[f.name];
          expect({ field: f.name, value: after.shown[f.name] }).toEqual({ field: f.name, value: expected });
        }
      };

      it('keeps every field through an update of all of them at once', async () => {
        const before = await readRow();
        const input = Object.fromEntries(fields.map((f) => [f.record, otherValue(f, before.values[f.name], position(f))]));
        const { errors } = await api.gql(mutation, { id: String(id), input, v: before.version }, { token: analyst });
        expect(errors).toBeUndefined();
        const after = await readRow();
        for (const f of fields) expect({ field: f.name, value: after.values[f.name] }).toEqual({ field: f.name, value: input[f.record] });
        // Fields computed from curated ones (an agreement's expiresOn) may change with them; the rest keep their values.
        expectShown(after, before, new Set([...curated, ...shown.filter((f) => f.entity === false).map((f) => f.name)]));
      });

      it('covers every kind of field the registry declares', () => {
        expect(fields.length).toBeGreaterThanOrEqual(minCurated);
        expect(new Set(fields.map((f) => f.type)).size).toBeGreaterThanOrEqual(minTypes);
      });

      it.each(fields.map((f) => [f.name, f] as const))('%s', async (_name, field) => {
        // A nullable field is cleared first (the NULL comes back as null), then set: each test leaves its field holding
        // a value, so a field the record reader dropped would be lost by the next test's update.
        const steps = field.nullable ? (['clear', 'change'] as const) : (['change'] as const);
        let previous = await readRow();
        for (const step of steps) {
          const value = step === 'clear' ? null : otherValue(field, previous.values[field.name], position(field));
          const { data, errors } = await api.gql(
            mutation,
            { id: String(id), input: { [field.record]: value }, v: previous.version },
            { token: analyst },
          );
          if (value === null && field.name in clearRefused) {
            // Refused as a whole, nothing written.
            expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
            expect(errors?.[0]?.message).toContain(clearRefused[field.name]);
            expect(await readRow()).toEqual(previous);
            continue;
          }
          expect(errors).toBeUndefined();
          const after = await readRow();
          expect(data[update].version).toBe(previous.version + 1);
          expect(after.version).toBe(previous.version + 1);
          // The field took the value; every other curated field kept its own (nothing dropped by the record reader).
          for (const f of fields) {
            expect({ field: f.name, value: after.values[f.name] }).toEqual({ field: f.name, value: f === field ? value : previous.values[f.name] });
          }
          expectShown(after, previous, new Set([field.name, ...shown.filter((f) => f.entity === false).map((f) => f.name)]));
          // One history entry for the update, naming that field and no other curated one, with its values before and after.
          const entry = after.history[after.history.length - 1];
          expect(entry.changes.filter((c) => curated.has(c.field))).toEqual([
            { field: field.name, before: previous.values[field.name] ?? null, after: value },
          ]);
          previous = after;
        }
      });
    },
  );
});
