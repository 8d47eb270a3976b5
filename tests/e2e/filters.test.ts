import { flattenDomains, readCorpus } from '../../src/seed/read-corpus';
import { AgreementSeed, CommitmentSeed, SeedCorpus } from '../../src/seed/seed-schema';
import { startTestApp, TestApp } from '../support/test-app';

// Every expectation here is computed from the seed files themselves, so the API is checked against an
// independent model of the same corpus rather than against numbers copied from a run.

type Agreement = AgreementSeed;
type Commitment = CommitmentSeed & { agreement: string };

const sorted = (values: string[]) => [...values].sort();

describe('the filter language', () => {
  let api: TestApp;
  let corpus: SeedCorpus;
  let commitments: Commitment[];
  let agreementIds: Map<string, string>;

  beforeAll(async () => {
    api = await startTestApp();
    corpus = readCorpus();
    commitments = corpus.agreements.flatMap((a) => a.commitments.map((c) => ({ ...c, agreement: a.slug })));
    const { data } = await api.gql(`{ agreements(first: 100) { nodes { id slug } } }`);
    agreementIds = new Map(data.agreements.nodes.map((n: { id: string; slug: string }) => [n.slug, n.id]));
  });
  afterAll(() => api.close());

  async function agreementSlugs(filter: unknown): Promise<string[]> {
    const response = await api.gql(`query($filter: AgreementFilter) { agreements(first: 100, filter: $filter) { totalCount nodes { slug } } }`, {
      filter,
    });
    expect(response.errors).toBeUndefined();
    expect(response.data.agreements.totalCount).toBe(response.data.agreements.nodes.length);
    return sorted(response.data.agreements.nodes.map((n: { slug: string }) => n.slug));
  }
  async function commitmentKeys(filter: unknown): Promise<string[]> {
    const keys: string[] = [];
    let after: string | null = null;
    do {
      const response: any = await api.gql(
        `query($filter: CommitmentFilter, $after: String) { commitments(first: 100, after: $after, filter: $filter) { nodes { key } pageInfo { hasNextPage endCursor } } }`,
        { filter, after },
      );
      expect(response.errors).toBeUndefined();
      keys.push(...response.data.commitments.nodes.map((n: { key: string }) => n.key));
      after = response.data.commitments.pageInfo.hasNextPage ? response.data.commitments.pageInfo.endCursor : null;
    } while (after);
    return sorted(keys);
  }
  const where = (predicate: (a: Agreement) => boolean) => sorted(corpus.agreements.filter(predicate).map((a) => a.slug));
  const whereCommitment = (predicate: (c: Commitment) => boolean) => sorted(commitments.filter(predicate).map((c) => c.key));

  describe('string operators', () => {
    it.each([
      ['eq', { signedPlace: { eq: 'Kyiv' } }, (a: Agreement) => a.signedPlace === 'Kyiv'],
      ['ne (keeps missing values)', { signedPlace: { ne: 'Kyiv' } }, (a: Agreement) => a.signedPlace !== 'Kyiv'],
      ['in', { signedPlace: { in: ['Kyiv', 'Stockholm'] } }, (a: Agreement) => ['Kyiv', 'Stockholm'].includes(a.signedPlace ?? '')],
      ['notIn', { signedPlace: { notIn: ['Kyiv', 'Stockholm'] } }, (a: Agreement) => !['Kyiv', 'Stockholm'].includes(a.signedPlace ?? '')],
      ['gt', { slug: { gt: 'p' } }, (a: Agreement) => a.slug > 'p'],
      ['gte', { slug: { gte: 'poland-ukraine-2024' } }, (a: Agreement) => a.slug >= 'poland-ukraine-2024'],
      ['lt', { slug: { lt: 'd' } }, (a: Agreement) => a.slug < 'd'],
      ['lte', { slug: { lte: 'canada-ukraine-2024' } }, (a: Agreement) => a.slug <= 'canada-ukraine-2024'],
      [
        'contains, case-insensitive',
        { title: { contains: 'SECURITY COOPERATION' } },
        (a: Agreement) => (a.title ?? '').toLowerCase().includes('security cooperation'),
      ],
      ['startsWith', { slug: { startsWith: 'united' } }, (a: Agreement) => a.slug.startsWith('united')],
      ['isNull', { title: { isNull: true } }, (a: Agreement) => a.title == null],
      ['isNull false', { title: { isNull: false } }, (a: Agreement) => a.title != null],
    ])('%s', async (_name, filter, predicate) => {
      const expected = where(predicate);
      expect(expected.length).toBeGreaterThan(0);
      expect(await agreementSlugs(filter)).toEqual(expected);
    });

    it('matches % and _ literally in contains and startsWith', async () => {
      expect(await agreementSlugs({ title: { contains: '%' } })).toEqual([]);
      expect(await agreementSlugs({ slug: { startsWith: '_' } })).toEqual([]);
      expect(await agreementSlugs({ slug: { contains: 'japan_ukraine' } })).toEqual([]);
    });

    it('answers a malformed id in a filter with BAD_USER_INPUT, not a database error', async () => {
      const response = await api.gql(`{ agreements(filter: { id: { eq: "1 OR 1=1" } }) { totalCount } }`);
      expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    });

    it('treats strings that look like SQL as strings', async () => {
      expect(await agreementSlugs({ slug: { eq: "japan-ukraine-2024' OR '1'='1" } })).toEqual([]);
      expect(await agreementSlugs({ title: { contains: "'; DROP TABLE agreement; --" } })).toEqual([]);
      expect((await agreementSlugs({})).length).toBe(corpus.agreements.length);
    });
  });

  describe('integer, date, enum, decimal, boolean and id operators', () => {
    it.each([
      ['int eq', { durationYears: { eq: 10 } }, (a: Agreement) => a.durationYears === 10],
      ['int ne', { durationYears: { ne: 10 } }, (a: Agreement) => a.durationYears !== 10],
      ['int in', { durationYears: { in: [10] } }, (a: Agreement) => a.durationYears === 10],
      ['int notIn', { durationYears: { notIn: [10] } }, (a: Agreement) => a.durationYears !== 10],
      ['int gte', { durationYears: { gte: 10 } }, (a: Agreement) => (a.durationYears ?? -1) >= 10],
      ['int isNull', { durationYears: { isNull: true } }, (a: Agreement) => a.durationYears == null],
      [
        'date range (June 2024)',
        { signedOn: { gte: '2024-06-01', lt: '2024-07-01' } },
        (a: Agreement) => !!a.signedOn && a.signedOn >= '2024-06-01' && a.signedOn < '2024-07-01',
      ],
      ['date eq', { signedOn: { eq: '2024-06-13' } }, (a: Agreement) => a.signedOn === '2024-06-13'],
      ['date in', { signedOn: { in: ['2024-02-16', '2024-05-31'] } }, (a: Agreement) => ['2024-02-16', '2024-05-31'].includes(a.signedOn ?? '')],
      ['date lte', { signedOn: { lte: '2024-02-16' } }, (a: Agreement) => !!a.signedOn && a.signedOn <= '2024-02-16'],
      ['date gt', { signedOn: { gt: '2024-07-11' } }, (a: Agreement) => !!a.signedOn && a.signedOn > '2024-07-11'],
      ['date isNull', { entryIntoForce: { isNull: true } }, (a: Agreement) => a.entryIntoForce == null],
      ['enum eq', { legalNature: { eq: 'POLITICAL' } }, (a: Agreement) => a.legalNature === 'POLITICAL'],
      ['enum ne', { legalNature: { ne: 'POLITICAL' } }, (a: Agreement) => a.legalNature !== 'POLITICAL'],
      ['enum in', { status: { in: ['IN_FORCE', 'PENDING_RATIFICATION'] } }, (a: Agreement) => a.status !== 'SIGNED'],
      ['enum notIn', { kind: { notIn: ['BILATERAL_SECURITY_AGREEMENT'] } }, (a: Agreement) => a.kind !== 'BILATERAL_SECURITY_AGREEMENT'],
      ['enum isNull false', { legalNature: { isNull: false } }, () => true],
    ])('%s', async (_name, filter, predicate) => {
      const expected = where(predicate);
      expect(expected.length).toBeGreaterThan(0);
      expect(await agreementSlugs(filter)).toEqual(expected);
    });

    it('matches an empty in list to nothing and an empty notIn to everything', async () => {
      expect(await agreementSlugs({ durationYears: { in: [] } })).toEqual([]);
      expect((await agreementSlugs({ durationYears: { notIn: [] } })).length).toBe(corpus.agreements.length);
    });

    const amount = (c: Commitment) => (c.amount ? Number(c.amount.amount) : null);
    it.each([
      ['decimal gt', { amount: { gt: '1000000000' } }, (c: Commitment) => (amount(c) ?? -1) > 1e9],
      ['decimal lte', { amount: { lte: '200000000' } }, (c: Commitment) => amount(c) !== null && amount(c)! <= 2e8],
      ['decimal eq', { amount: { eq: '4500000000.00' } }, (c: Commitment) => amount(c) === 4.5e9],
      ['decimal in', { amount: { in: ['4500000000', '2500000000'] } }, (c: Commitment) => [4.5e9, 2.5e9].includes(amount(c) ?? -1)],
      ['decimal isNull false', { amount: { isNull: false } }, (c: Commitment) => amount(c) !== null],
      ['currency eq', { currency: { eq: 'EUR' } }, (c: Commitment) => c.amount?.currency === 'EUR'],
      ['boolean eq', { lethal: { eq: false } }, (c: Commitment) => c.lethal === false],
      ['boolean ne', { lethal: { ne: false } }, (c: Commitment) => c.lethal !== false],
      ['boolean isNull', { lethal: { isNull: true } }, (c: Commitment) => c.lethal == null],
      ['enum on commitments', { modality: { in: ['INTEND_TO', 'SEEK_TO'] } }, (c: Commitment) => ['INTEND_TO', 'SEEK_TO'].includes(c.modality)],
      ['date lt on commitments', { periodStart: { lt: '2025-01-01' } }, (c: Commitment) => !!c.period?.start && c.period.start < '2025-01-01'],
      ['string contains on quotes', { quote: { contains: 'f-16' } }, (c: Commitment) => c.quote.toLowerCase().includes('f-16')],
    ])('%s', async (_name, filter, predicate) => {
      const expected = whereCommitment(predicate);
      expect(expected.length).toBeGreaterThan(0);
      expect(await commitmentKeys(filter)).toEqual(expected);
    });

    it('filters on ids', async () => {
      const japan = agreementIds.get('japan-ukraine-2024')!;
      const us = agreementIds.get('united-states-ukraine-2024')!;
      expect(await agreementSlugs({ id: { eq: japan } })).toEqual(['japan-ukraine-2024']);
      expect(await agreementSlugs({ id: { in: [japan, us] } })).toEqual(['japan-ukraine-2024', 'united-states-ukraine-2024']);
      const ids = [...agreementIds.entries()];
      expect(await agreementSlugs({ id: { gt: japan } })).toEqual(sorted(ids.filter(([, id]) => Number(id) > Number(japan)).map(([s]) => s)));
    });
  });

  describe('and, or, not', () => {
    it('composes to any depth', async () => {
      const filter = {
        or: [
          { and: [{ legalNature: { eq: 'POLITICAL' } }, { not: { signedOn: { lt: '2024-06-01' } } }] },
          { not: { or: [{ durationYears: { eq: 10 } }, { durationYears: { isNull: true } }] } },
          { slug: { eq: 'united-kingdom-ukraine-2024' } },
        ],
      };
      const expected = where(
        (a) =>
          (a.legalNature === 'POLITICAL' && !(a.signedOn != null && a.signedOn < '2024-06-01')) ||
          !(a.durationYears === 10 || a.durationYears == null) ||
          a.slug === 'united-kingdom-ukraine-2024',
      );
      expect(expected.length).toBeGreaterThan(1);
      expect(await agreementSlugs(filter)).toEqual(expected);
    });

    it('makes not the complement, missing values included', async () => {
      const all = await agreementSlugs({});
      const some = await agreementSlugs({ signedOn: { gte: '2024-06-01' } });
      const rest = await agreementSlugs({ not: { signedOn: { gte: '2024-06-01' } } });
      expect(sorted([...some, ...rest])).toEqual(all);
    });

    it('treats an empty or as nothing and an empty and as everything', async () => {
      expect(await agreementSlugs({ or: [] })).toEqual([]);
      expect((await agreementSlugs({ and: [] })).length).toBe(corpus.agreements.length);
    });
  });

  describe('relation and domain-tree filters', () => {
    const subtree = (slug: string) => {
      const nodes = flattenDomains(corpus.domains);
      const result = new Set([slug]);
      let grew = true;
      while (grew) {
        grew = false;
        for (const node of nodes) {
          if (node.parent && result.has(node.parent) && !result.has(node.slug)) {
            result.add(node.slug);
            grew = true;
          }
        }
      }
      return result;
    };

    it('partyCode matches any party', async () => {
      expect(await agreementSlugs({ partyCode: { eq: 'JP' } })).toEqual(where((a) => a.parties.some((p) => p.actor === 'JP')));
      expect(await agreementSlugs({ partyCode: { in: ['JP', 'US'] } })).toEqual(where((a) => a.parties.some((p) => ['JP', 'US'].includes(p.actor))));
    });

    it('domain matches the domain and everything under it', async () => {
      const security = subtree('security-defence');
      expect(security.size).toBeGreaterThan(5);
      const expected = where((a) => a.commitments.some((c) => c.domains.some((d) => security.has(d))));
      expect(await agreementSlugs({ domain: 'security-defence' })).toEqual(expected);
      expect(await agreementSlugs({ domain: 'demining' })).toEqual(
        where((a) => a.commitments.some((c) => c.domains.some((d) => subtree('demining').has(d)))),
      );
      expect(await commitmentKeys({ domain: 'humanitarian' })).toEqual(whereCommitment((c) => c.domains.some((d) => subtree('humanitarian').has(d))));
      expect(await agreementSlugs({ domain: 'no-such-domain' })).toEqual([]);
    });

    it('hasCommitment and hasConstraint run nested filters', async () => {
      expect(await agreementSlugs({ hasCommitment: { kind: { eq: 'EQUIPMENT' }, lethal: { eq: false } } })).toEqual(
        where((a) => a.commitments.some((c) => c.kind === 'EQUIPMENT' && c.lethal === false)),
      );
      expect(await agreementSlugs({ hasConstraint: { kind: { eq: 'CONSTITUTIONAL' } } })).toEqual(
        where((a) => a.constraints.some((c) => c.kind === 'CONSTITUTIONAL')),
      );
      expect(await agreementSlugs({ not: { hasConstraint: {} } })).toEqual(where((a) => a.constraints.length === 0));
    });

    it('answers "signed in June 2024 by a G7 partner that commit to demining"', async () => {
      const g7 = ['US', 'GB', 'DE', 'FR', 'IT', 'CA', 'JP'];
      const filter = { signedOn: { gte: '2024-06-01', lt: '2024-07-01' }, partyCode: { in: g7 }, domain: 'demining' };
      const expected = where(
        (a) =>
          !!a.signedOn &&
          a.signedOn.startsWith('2024-06') &&
          a.parties.some((p) => g7.includes(p.actor)) &&
          a.commitments.some((c) => c.domains.some((d) => subtree('demining').has(d))),
      );
      expect(expected).toContain('japan-ukraine-2024');
      expect(await agreementSlugs(filter)).toEqual(expected);
    });

    it('filters commitments by provider, mechanism subtree, agreement and restricting constraint', async () => {
      expect(await commitmentKeys({ providerCode: { eq: 'JP' } })).toEqual(whereCommitment((c) => c.provider === 'JP'));
      const udcg = new Set(corpus.mechanisms.filter((m) => m.slug === 'udcg' || m.parent === 'udcg').map((m) => m.slug));
      expect(await commitmentKeys({ mechanism: 'udcg' })).toEqual(whereCommitment((c) => c.mechanisms.some((m) => udcg.has(m))));
      expect(await commitmentKeys({ agreement: { slug: { eq: 'japan-ukraine-2024' } }, kind: { eq: 'EQUIPMENT' } })).toEqual(
        whereCommitment((c) => c.agreement === 'japan-ukraine-2024' && c.kind === 'EQUIPMENT'),
      );
      const restricted = new Set(
        corpus.agreements.flatMap((a) => a.constraints.filter((k) => k.kind === 'CONSTITUTIONAL').flatMap((k) => k.restricts)),
      );
      expect(restricted.size).toBeGreaterThan(0);
      expect(await commitmentKeys({ restrictedBy: { kind: { eq: 'CONSTITUTIONAL' } } })).toEqual(sorted([...restricted]));
    });

    it('filters nested connections with the same language', async () => {
      const { data } = await api.gql(
        `{ agreement(slug: "japan-ukraine-2024") { commitments(filter: { modality: { eq: SEEK_TO } }, first: 100) { totalCount nodes { key } } } }`,
      );
      const expected = whereCommitment((c) => c.agreement === 'japan-ukraine-2024' && c.modality === 'SEEK_TO');
      expect(sorted(data.agreement.commitments.nodes.map((n: { key: string }) => n.key))).toEqual(expected);
      expect(data.agreement.commitments.totalCount).toBe(expected.length);
    });
  });

  describe('full-text search', () => {
    it('filters with websearch syntax', async () => {
      const keys = await commitmentKeys({ search: 'demining' });
      expect(keys.length).toBeGreaterThan(0);
      expect(await commitmentKeys({ search: 'demining -cambodia' })).toEqual(
        keys.filter(
          (k) =>
            !commitments
              .find((c) => c.key === k)!
              .quote.toLowerCase()
              .includes('cambodia') &&
            !commitments
              .find((c) => c.key === k)!
              .summary.toLowerCase()
              .includes('cambodia'),
        ),
      );
      expect(await agreementSlugs({ search: 'Japan' })).toContain('japan-ukraine-2024');
    });

    it('ranks hits across agreements, commitments and constraints and highlights the passage', async () => {
      const { data, errors } = await api.gql(`{
        search(query: "non-lethal equipment", first: 10) {
          totalCount
          nodes { kind rank highlight node { __typename ... on Commitment { key } ... on Constraint { key } ... on Agreement { slug } ... on Provision { path } } }
          pageInfo { hasNextPage endCursor }
        }
      }`);
      expect(errors).toBeUndefined();
      const hits = data.search.nodes;
      expect(hits.length).toBeGreaterThan(0);
      const ranks = hits.map((h: { rank: number }) => h.rank);
      expect(ranks).toEqual([...ranks].sort((a, b) => b - a));
      expect(hits[0].highlight).toMatch(/<mark>[^<]*<\/mark>/);
      expect(
        hits.every(
          (h: any) =>
            h.node.__typename ===
            { AGREEMENT: 'Agreement', COMMITMENT: 'Commitment', CONSTRAINT: 'Constraint', PROVISION: 'Provision' }[h.kind as string],
        ),
      ).toBe(true);
      expect(new Set(hits.map((h: any) => h.kind)).size).toBeGreaterThan(1);
    });

    it('pages through search hits and refuses a cursor of another query', async () => {
      const all = (
        await api.gql(
          `{ search(query: "defence industry", first: 100) { totalCount nodes { kind rank node { ... on Commitment { id } ... on Constraint { id } ... on Agreement { id } ... on Provision { id } } } } }`,
        )
      ).data.search;
      // With the official texts loaded, their provisions match too: more hits than one page of 100.
      expect(all.nodes.length).toBe(Math.min(all.totalCount, 100));
      const walked: unknown[] = [];
      let after: string | null = null;
      do {
        const page: any = (
          await api.gql(
            `query($after: String) { search(query: "defence industry", first: 4, after: $after) { nodes { kind rank node { ... on Commitment { id } ... on Constraint { id } ... on Agreement { id } ... on Provision { id } } } pageInfo { hasNextPage endCursor } } }`,
            { after },
          )
        ).data.search;
        walked.push(...page.nodes);
        after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      } while (after);
      expect(walked).toHaveLength(all.totalCount);
      expect(walked.slice(0, all.nodes.length)).toEqual(all.nodes);
      const first = (await api.gql(`{ search(query: "support", first: 1) { pageInfo { endCursor } } }`)).data.search.pageInfo.endCursor;
      const foreign = await api.gql(`query($after: String) { search(query: "training", after: $after) { totalCount } }`, { after: first });
      expect(foreign.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    });
  });
});
