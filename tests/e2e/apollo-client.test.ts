import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ApolloClient, ApolloLink, DocumentTransform, gql, HttpLink, InMemoryCache, split } from '@apollo/client';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { getMainDefinition } from '@apollo/client/utilities';
import {
  DocumentNode,
  FieldNode,
  isInterfaceType,
  isObjectType,
  Kind,
  OperationTypeNode,
  SelectionSetNode,
  TypeInfo,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { loadConfig } from '../../src/config/config';
import { buildAppSchema } from '../../src/schema/build-schema';
import { createApiToken } from '../../src/shared/auth/token-store';
import { subscribersRegistered } from '../support/live-client';
import { startTestApp, TestApp } from '../support/test-app';

// A real client library against the real API: Apollo Client 4 (core, no React) with its normalised InMemoryCache
// runs every operation of docs/examples over HTTP, by text and as persisted queries over GET, and a subscription over
// graphql-ws. Normalisation works: every object type a client caches has a stable `id` (`Agreement:<id>` in the
// cache), and the types without one are values embedded in their parent.

const EXAMPLES_DIR = path.join(__dirname, '..', '..', 'docs', 'examples');
const examples = fs
  .readdirSync(EXAMPLES_DIR)
  .filter((file) => file.endsWith('.graphql'))
  .sort()
  .map((file) => ({ file, text: fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8') }));

const schema = buildAppSchema();

/**
 * Object types without an `id`: values that live inside their parent in a normalised cache (connections, edges,
 * page info, the analysis answers' rows and cells, money, periods, field changes, mutation payloads). A new type
 * without an id must be added here on purpose, or get an id.
 */
const VALUE_TYPES = new Set([
  'PageInfo',
  'Party',
  'Money',
  'MoneySum',
  'Period',
  // A quote's place in a text: a value of its commitment or constraint, like its money or period.
  'TextSpan',
  'FieldChange',
  'DomainMapping',
  'SearchHit',
  'AgreementComparison',
  'ComparisonRow',
  'ComparisonCell',
  'DistinctiveDomains',
  'ConstraintComparisonRow',
  'ConstraintComparisonCell',
  'DomainCoverage',
  'CoverageCell',
  'CommitmentGroup',
  'CommitmentGroupKey',
  'SimilarAgreement',
  // Text reuse: computed results, values of the query that asked for them, like the other analyses'.
  'TextReuse',
  'ProvisionReuse',
  'ReuseSource',
  'ProvisionSimilarity',
  'TimelineEvent',
  // A draft of a text's coding (draftCoding): computed, never stored, a value of the query that asked for it.
  'Draft',
  'DraftProvision',
  'DraftProposal',
  'DraftSpan',
  'DraftDomain',
  'DraftAmount',
  'DraftPrecedent',
  'ImportReport',
  'CreatedToken',
]);
/** Domain types identified by another field than `id`, with the key a client's cache must be told. */
const KEYED_OTHERWISE: Record<string, string[]> = { ApiToken: ['name'] };

const hasId = (typeName: string) => {
  const type = schema.getType(typeName);
  return (isObjectType(type) || isInterfaceType(type)) && 'id' in type.getFields();
};

/** Adds `id` to every selection on a type that has one, as a client that normalises asks for it. */
const selectIds = new DocumentTransform((document: DocumentNode) => {
  const typeInfo = new TypeInfo(schema);
  return visit(
    document,
    visitWithTypeInfo(typeInfo, {
      SelectionSet(node: SelectionSetNode) {
        const parent = typeInfo.getParentType();
        if (!parent || !hasId(parent.name)) return undefined;
        if (node.selections.some((s) => s.kind === Kind.FIELD && s.name.value === 'id' && !s.alias)) return undefined;
        const id: FieldNode = { kind: Kind.FIELD, name: { kind: Kind.NAME, value: 'id' } };
        return { ...node, selections: [id, ...node.selections] };
      },
    }),
  );
});

/** Drops `__typename` (Apollo Client adds it to every selection) to compare with a raw answer. */
function withoutTypename(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutTypename);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => key !== '__typename')
        .map(([key, inner]) => [key, withoutTypename(inner)]),
    );
  }
  return value;
}

/** Every object stored inside a cache entry (not a reference to another entry), with where it sits. */
function embeddedObjects(value: unknown, where: string, found: { where: string; typename: string }[] = []) {
  if (Array.isArray(value)) value.forEach((item, index) => embeddedObjects(item, `${where}[${index}]`, found));
  else if (value && typeof value === 'object' && !('__ref' in value)) {
    const typename = (value as { __typename?: string }).__typename;
    if (typename) found.push({ where, typename });
    for (const [key, inner] of Object.entries(value)) embeddedObjects(inner, `${where}.${key}`, found);
  }
  return found;
}

const typePolicies = Object.fromEntries(Object.entries(KEYED_OTHERWISE).map(([type, keyFields]) => [type, { keyFields }]));

describe('Apollo Client with its normalised cache', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await startTestApp();
  });
  afterAll(() => api.close());

  it('finds an id on every object type of the schema but values embedded in their parent', () => {
    const lacking = Object.values(schema.getTypeMap())
      .filter((type) => isObjectType(type) && !type.name.startsWith('__') && !['Query', 'Mutation', 'Subscription'].includes(type.name))
      .filter((type) => !hasId(type.name))
      .map((type) => type.name)
      .filter((name) => !/(Connection|Edge)$/.test(name) && !VALUE_TYPES.has(name));
    // Domain types without an id (each needs a keyFields type policy in clients): tokens, keyed by their unique name.
    expect(lacking).toEqual(Object.keys(KEYED_OTHERWISE));
  });

  it.each(examples)('runs $file as written, with the same answer as a plain POST', async ({ text }) => {
    const client = new ApolloClient({ link: new HttpLink({ uri: api.app.url }), cache: new InMemoryCache({ typePolicies }) });
    const { data, error } = await client.query({ query: gql(text), fetchPolicy: 'network-only' });
    expect(error).toBeUndefined();
    expect(withoutTypename(data)).toEqual((await api.gql(text)).data);
  });

  it('normalises what the examples read: one entry per object, keyed `Type:id`, shared between queries', async () => {
    const cache = new InMemoryCache({ typePolicies });
    const client = new ApolloClient({ link: new HttpLink({ uri: api.app.url }), cache, documentTransform: selectIds });
    for (const { text } of examples) {
      const { error } = await client.query({ query: gql(text) });
      expect(error).toBeUndefined();
    }
    const entries = cache.extract() as Record<string, Record<string, unknown>>;
    const keys = Object.keys(entries).filter((key) => key !== 'ROOT_QUERY');
    for (const key of keys) {
      const [typename, id] = key.split(':');
      expect([key, hasId(typename), /^\d+$/.test(id)]).toEqual([key, true, true]);
      expect(entries[key].id).toBe(id);
    }
    const typenames = new Set(keys.map((key) => key.split(':')[0]));
    expect([...typenames].sort()).toEqual(expect.arrayContaining(['Actor', 'Agreement', 'Commitment', 'Constraint', 'CooperationDomain', 'Source']));

    // Nothing that has an id is stored inside another entry; what is embedded is a value type.
    const embedded = Object.entries(entries).flatMap(([key, entry]) =>
      Object.entries(entry).flatMap(([field, value]) => embeddedObjects(value, `${key}.${field}`)),
    );
    expect(embedded.filter(({ typename }) => hasId(typename))).toEqual([]);
    for (const { typename } of embedded)
      expect([typename, VALUE_TYPES.has(typename) || /(Connection|Edge)$/.test(typename)]).toEqual([typename, true]);

    // The Japan accord read by japan-accord.graphql (title) and by the comparison (slug) is one entry.
    const [japan] = await api.db.dataSource.query(`SELECT id::text AS id FROM agreement WHERE slug = 'japan-ukraine-2024'`);
    expect(entries[`Agreement:${japan.id}`]).toMatchObject({ slug: 'japan-ukraine-2024', title: expect.stringMatching(/Japan/) });
  });

  /** A client that sends persisted queries (APQ), hashed queries by GET, and records each request. */
  function persistedQueryClient(url: string) {
    const requests: { method: string; cacheControl: string | null }[] = [];
    const recordingFetch: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      requests.push({ method: init?.method ?? 'GET', cacheControl: response.headers.get('cache-control') });
      return response;
    };
    const link = ApolloLink.from([
      new PersistedQueryLink({ sha256: (text: string) => createHash('sha256').update(text).digest('hex'), useGETForHashedQueries: true }),
      new HttpLink({ uri: url, fetch: recordingFetch, headers: { 'apollo-require-preflight': 'true' } }),
    ]);
    return { client: new ApolloClient({ link, cache: new InMemoryCache({ typePolicies }) }), requests };
  }

  it('runs the examples as automatic persisted queries: a GET by hash, the text once, then cacheable GETs', async () => {
    const { client, requests } = persistedQueryClient(api.app.url);
    const timeline = gql(examples.find(({ file }) => file === 'timeline.graphql')!.text);
    const first = await client.query({ query: timeline, fetchPolicy: 'network-only' });
    expect(first.error).toBeUndefined();
    expect((first.data as { timeline: unknown[] }).timeline.length).toBeGreaterThan(0);
    // Apollo Client hashes the document it prints (with __typename added): unknown, so it sends the text, by POST.
    expect(requests.map((r) => r.method)).toEqual(['GET', 'POST']);
    requests.splice(0);
    const second = await client.query({ query: timeline, fetchPolicy: 'network-only' });
    expect(second.data).toEqual(first.data);
    expect(requests).toEqual([{ method: 'GET', cacheControl: 'public, max-age=60' }]);
  });

  describe('against TRUSTED_DOCUMENTS=true', () => {
    let trusted: TestApp;
    beforeAll(async () => {
      trusted = await startTestApp({ clientContract: { ...loadConfig({ NODE_ENV: 'test' }).clientContract, trustedDocuments: true } });
    });
    afterAll(() => trusted.close());

    it('runs every example (Apollo Client adds __typename) and refuses an operation of its own', async () => {
      const { client, requests } = persistedQueryClient(trusted.app.url);
      for (const { text } of examples) {
        const { error } = await client.query({ query: gql(text) });
        expect(error).toBeUndefined();
      }
      requests.splice(0);
      for (const { text } of examples) expect((await client.query({ query: gql(text), fetchPolicy: 'network-only' })).error).toBeUndefined();
      expect(requests.every((r) => r.method === 'GET')).toBe(true);

      const refused = await client.query({ query: gql(`query Mine { agreements { totalCount } }`), errorPolicy: 'all' });
      expect(JSON.stringify(refused.error)).toMatch(/PERSISTED_QUERY_NOT_ALLOWED|trusted documents only/);
    });
  });

  it('receives a subscription over graphql-ws and a mutation over HTTP in one client, and caches the change by id', async () => {
    const sql = async <T>(text: string, params: unknown[] = []) => (await api.db.dataSource.query(text, params)) as T[];
    const analyst = (await createApiToken(sql as never, { name: 'apollo-analyst', role: 'analyst' })).token;
    const wsClient = createClient({ url: api.app.url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0 });
    const link = split(
      ({ query }) => {
        const definition = getMainDefinition(query);
        return definition.kind === Kind.OPERATION_DEFINITION && definition.operation === OperationTypeNode.SUBSCRIPTION;
      },
      new GraphQLWsLink(wsClient),
      new HttpLink({ uri: api.app.url, headers: { authorization: `Bearer ${analyst}` } }),
    );
    const cache = new InMemoryCache({ typePolicies });
    const client = new ApolloClient({ link, cache });
    try {
      const received: { corpusChanged: { id: string; entity: string; action: string } }[] = [];
      const subscription = client
        .subscribe({ query: gql(`subscription { corpusChanged(filter: { entity: { eq: SOURCE } }) { id entity entityKey action } }`) })
        .subscribe({ next: (result) => received.push(result.data as (typeof received)[number]) });
      await subscribersRegistered(api.app.server, 1);
      const [source] = await sql<{ id: string; version: number }>(`SELECT id::text AS id, version FROM source ORDER BY id LIMIT 1`);
      const { error } = await client.mutate({
        mutation: gql(
          `mutation($id: ID!, $v: Int!) { updateSource(id: $id, input: { title: "Seen by Apollo" }, expectedVersion: $v) { id title version } }`,
        ),
        variables: { id: source.id, v: source.version },
      });
      expect(error).toBeUndefined();
      const deadline = Date.now() + 5_000;
      while (received.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      subscription.unsubscribe();
      expect(received[0].corpusChanged).toMatchObject({ entity: 'SOURCE', action: 'UPDATE' });
      const entries = cache.extract() as Record<string, Record<string, unknown>>;
      expect(entries[`Source:${source.id}`]).toMatchObject({ title: 'Seen by Apollo', version: source.version + 1 });
      expect(entries[`HistoryEntry:${received[0].corpusChanged.id}`]).toMatchObject({ entity: 'SOURCE', action: 'UPDATE' });
    } finally {
      await wsClient.dispose();
    }
  });
});
