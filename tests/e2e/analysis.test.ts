import { flattenDomains, readCorpus } from '../../src/seed/read-corpus';
import { CommitmentSeed, SeedCorpus } from '../../src/seed/seed-schema';
import { startTestApp, TestApp } from '../support/test-app';

// The analysis queries checked against an independent model computed here from the seed files: every covered
// pair, every count, every sum per currency and basis, and the included-in rule.

type Commitment = CommitmentSeed & { agreement: string };
const MODALITY_ORDER = ['WILL', 'INTEND_TO', 'SEEK_TO', 'CONSIDER', 'MAY', 'NOT_STATED'];
const COMPARISON = [
  'japan-ukraine-2024',
  'united-states-ukraine-2024',
  'united-kingdom-ukraine-2024',
  'germany-ukraine-2024',
  'france-ukraine-2024',
  'poland-ukraine-2024',
];

/** Decimal strings as cents, so sums are exact. */
const cents = (amount: string) => BigInt(Math.round(Number(amount) * 100));
const decimal = (value: bigint) => {
  const sign = value < 0n ? '-' : '';
  const abs = value < 0n ? -value : value;
  const units = abs / 100n;
  const rest = abs % 100n;
  return rest === 0n ? `${sign}${units}` : `${sign}${units}.${String(rest).padStart(2, '0')}`;
};
const asCents = (amount: string) => {
  const [units, fraction = ''] = amount.split('.');
  return BigInt(units) * 100n + BigInt((fraction + '00').slice(0, 2));
};

interface Model {
  corpus: SeedCorpus;
  commitments: Commitment[];
  byKey: Map<string, Commitment>;
  depthOf: Map<string, number>;
  ancestors: Map<string, string[]>; // root first, itself last
  order: Map<string, number>; // tree order
  leaves: Set<string>;
}

function buildModel(): Model {
  const corpus = readCorpus();
  const commitments = corpus.agreements.flatMap((a) => a.commitments.map((c) => ({ ...c, agreement: a.slug })));
  const nodes = flattenDomains(corpus.domains);
  const parentOf = new Map(nodes.map((n) => [n.slug, n.parent]));
  const ancestors = new Map<string, string[]>();
  for (const node of nodes) {
    const chain: string[] = [];
    for (let at: string | null | undefined = node.slug; at; at = parentOf.get(at)) chain.unshift(at);
    ancestors.set(node.slug, chain);
  }
  return {
    corpus,
    commitments,
    byKey: new Map(commitments.map((c) => [c.key, c])),
    depthOf: new Map([...ancestors].map(([slug, chain]) => [slug, chain.length])),
    ancestors,
    order: new Map(nodes.map((n, i) => [n.slug, i])),
    leaves: new Set(nodes.filter((n) => n.children.length === 0).map((n) => n.slug)),
  };
}

/** The domains a commitment counts under: its own, or their ancestors at `depth`. */
function rolled(model: Model, commitment: Commitment, depth?: number): string[] {
  const slugs = commitment.domains.map((slug) => {
    const chain = model.ancestors.get(slug)!;
    return depth === undefined ? slug : chain[Math.min(depth, chain.length) - 1];
  });
  return [...new Set(slugs)];
}

const strongest = (commitments: Commitment[]) =>
  commitments.map((c) => c.modality).sort((a, b) => MODALITY_ORDER.indexOf(a) - MODALITY_ORDER.indexOf(b))[0] ?? null;

/** Sums per currency and basis, leaving out a commitment whose includedIn is in the same group. */
function sums(group: Commitment[]): { currency: string; basis: string; amount: string; commitmentCount: number }[] {
  const keys = new Set(group.map((c) => c.key));
  const totals = new Map<string, { total: bigint; n: number }>();
  for (const c of group) {
    if (!c.amount || (c.includedIn && keys.has(c.includedIn))) continue;
    const id = `${c.amount.currency}|${c.amountBasis}`;
    const entry = totals.get(id) ?? { total: 0n, n: 0 };
    entry.total += cents(c.amount.amount);
    entry.n += 1;
    totals.set(id, entry);
  }
  const BASES = ['TOTAL', 'PER_YEAR'];
  const order = (id: string) => [id.split('|')[0], BASES.indexOf(id.split('|')[1])] as const;
  return [...totals]
    .sort(([a], [b]) => (order(a)[0] < order(b)[0] ? -1 : order(a)[0] > order(b)[0] ? 1 : order(a)[1] - order(b)[1]))
    .map(([id, { total, n }]) => ({ currency: id.split('|')[0], basis: id.split('|')[1], amount: decimal(total), commitmentCount: n }));
}

const normaliseSums = (list: { currency: string; basis: string; amount: string; commitmentCount: number }[]) =>
  list.map((s) => ({ currency: s.currency, basis: s.basis, amount: decimal(asCents(s.amount)), commitmentCount: s.commitmentCount }));

describe('analysis queries', () => {
  let api: TestApp;
  let model: Model;

  beforeAll(async () => {
    api = await startTestApp();
    model = buildModel();
  });
  afterAll(() => api.close());

  async function ok(query: string, variables?: Record<string, unknown>) {
    const response = await api.gql(query, variables);
    expect(response.errors).toBeUndefined();
    return response.data;
  }

  describe('compareAgreements', () => {
    const query = `query($slugs: [String!]!, $depth: Int) { compareAgreements(slugs: $slugs, depth: $depth) {
      depth agreements { slug }
      rows { domain { slug } cells { agreement { slug } covered strongestModality commitments { key } amounts { currency basis amount commitmentCount bounds } } }
      shared { slug } distinctive { agreement { slug } domains { slug } }
      constraintRows { kind cells { agreement { slug } constraints { key } } } } }`;

    it.each([[undefined], [1], [2]])('matches the model cell by cell (depth %s)', async (depth) => {
      const data = await ok(query, { slugs: COMPARISON, depth });
      const result = data.compareAgreements;
      expect(result.depth).toBe(depth ?? null);
      expect(result.agreements.map((a: { slug: string }) => a.slug)).toEqual(COMPARISON);
      const cells = new Map<string, Commitment[]>();
      for (const c of model.commitments.filter((x) => COMPARISON.includes(x.agreement))) {
        for (const domain of rolled(model, c, depth)) cells.set(`${c.agreement}|${domain}`, [...(cells.get(`${c.agreement}|${domain}`) ?? []), c]);
      }
      const domains = [...new Set([...cells.keys()].map((k) => k.split('|')[1]))].sort((a, b) => model.order.get(a)! - model.order.get(b)!);
      expect(result.rows.map((r: any) => r.domain.slug)).toEqual(domains);
      for (const row of result.rows) {
        expect(row.cells.map((c: any) => c.agreement.slug)).toEqual(COMPARISON);
        for (const cell of row.cells) {
          const expected = cells.get(`${cell.agreement.slug}|${row.domain.slug}`) ?? [];
          expect(cell.commitments.map((c: { key: string }) => c.key).sort()).toEqual(expected.map((c) => c.key).sort());
          expect(cell.covered).toBe(expected.length > 0);
          expect(cell.strongestModality).toBe(strongest(expected));
          expect(normaliseSums(cell.amounts)).toEqual(sums(expected));
        }
      }
      const coveredBy = (domain: string) => COMPARISON.filter((slug) => cells.has(`${slug}|${domain}`));
      expect(result.shared.map((d: { slug: string }) => d.slug)).toEqual(domains.filter((d) => coveredBy(d).length === COMPARISON.length));
      expect(result.distinctive.map((d: any) => [d.agreement.slug, d.domains.map((x: { slug: string }) => x.slug)])).toEqual(
        COMPARISON.map((slug) => [slug, domains.filter((d) => coveredBy(d).length === 1 && coveredBy(d)[0] === slug)]),
      );
      const kinds = [...new Set(model.corpus.agreements.filter((a) => COMPARISON.includes(a.slug)).flatMap((a) => a.constraints.map((k) => k.kind)))];
      expect(result.constraintRows.map((r: { kind: string }) => r.kind).sort()).toEqual(kinds.sort());
      for (const row of result.constraintRows) {
        for (const cell of row.cells) {
          const agreement = model.corpus.agreements.find((a) => a.slug === cell.agreement.slug)!;
          expect(cell.constraints.map((k: { key: string }) => k.key).sort()).toEqual(
            agreement.constraints
              .filter((k) => k.kind === row.kind)
              .map((k) => k.key)
              .sort(),
          );
        }
      }
    });

    it('is one SQL statement, whatever is selected on the agreements, domains and commitments', async () => {
      const { response, statements } = await api.countStatements(`{ compareAgreements(slugs: ["japan-ukraine-2024", "united-states-ukraine-2024"]) {
        agreements { slug parties { role actor { code } } commitments(first: 2) { totalCount nodes { key } } }
        rows { domain { slug parent { slug } } cells { agreement { slug framework { slug } } commitments { key source { title } domains { slug } } amounts { amount } } }
        constraintRows { cells { constraints { key restricts { key } } } } } }`);
      expect(response.errors).toBeUndefined();
      expect(statements).toHaveLength(1);
    });
  });

  describe('the Japan accord against the US, UK, German, French and Polish agreements', () => {
    let result: any;

    beforeAll(async () => {
      const data = await ok(`{ compareAgreements(slugs: ${JSON.stringify(COMPARISON)}) {
        rows { domain { slug } cells { agreement { slug } covered commitments { key kind lethal } } }
        constraintRows { kind cells { agreement { slug } constraints { key } } } } }`);
      result = data.compareAgreements;
    });

    const cell = (domain: string, slug: string) =>
      result.rows.find((r: any) => r.domain.slug === domain)?.cells.find((c: any) => c.agreement.slug === slug);

    // The accord's own limits, from its text (issue 16): constitutional and legal requirements (II.1-3, III.2, IX.1),
    // national law (V.2-3, VII.3), budgetary appropriations (IX.1) and "as appropriate" (III.2); no export-control,
    // parliamentary or third-party limit.
    it("shows Japan's equipment as non-lethal, under the accord's constitutional, legal, budget and scope limits only", () => {
      const japanEquipment = result.rows
        .flatMap((r: any) => r.cells.filter((c: any) => c.agreement.slug === 'japan-ukraine-2024'))
        .flatMap((c: any) => c.commitments)
        .filter((c: any) => c.kind === 'EQUIPMENT');
      expect(japanEquipment.length).toBeGreaterThan(0);
      expect(japanEquipment.every((c: any) => c.lethal === false)).toBe(true);
      const japanKinds = result.constraintRows
        .filter((r: any) => r.cells.find((c: any) => c.agreement.slug === 'japan-ukraine-2024').constraints.length > 0)
        .map((r: any) => r.kind);
      expect(japanKinds.length).toBeGreaterThan(0);
      const seeded = model.corpus.agreements.find((a) => a.slug === 'japan-ukraine-2024')!.constraints.map((c) => c.kind);
      expect([...new Set(japanKinds)].sort()).toEqual([...new Set(seeded)].sort());
      expect(japanKinds.every((kind: string) => ['CONSTITUTIONAL', 'LEGAL', 'BUDGET_APPROVAL', 'SCOPE_LIMIT'].includes(kind))).toBe(true);
      expect(japanKinds).toContain('CONSTITUTIONAL');
    });

    it('shows no NATO-membership commitment for Japan where others have one', () => {
      expect(cell('nato-integration', 'japan-ukraine-2024')?.covered ?? false).toBe(false);
      const others = COMPARISON.slice(1).filter((slug) => cell('nato-integration', slug)?.covered);
      expect(others.length).toBeGreaterThanOrEqual(3);
      expect(others).toEqual(expect.arrayContaining(['united-states-ukraine-2024', 'united-kingdom-ukraine-2024']));
    });

    it('shares the consultation-after-an-attack domain with the US and the UK', () => {
      for (const slug of ['japan-ukraine-2024', 'united-states-ukraine-2024', 'united-kingdom-ukraine-2024']) {
        expect(cell('consultation-mechanism', slug)?.covered).toBe(true);
      }
    });
  });

  describe('domainCoverage', () => {
    it.each([[undefined], [1]])('has a cell for every covered pair, with its count and firmest modality (depth %s)', async (depth) => {
      const data = await ok(
        `query($depth: Int) { domainCoverage(depth: $depth) {
        agreements { slug } domains { slug } cells { agreement { slug } domain { slug } count strongestModality } } }`,
        { depth },
      );
      const coverage = data.domainCoverage;
      expect(coverage.agreements.map((a: { slug: string }) => a.slug).sort()).toEqual(model.corpus.agreements.map((a) => a.slug).sort());
      const expected = new Map<string, Commitment[]>();
      for (const c of model.commitments)
        for (const d of rolled(model, c, depth)) expected.set(`${c.agreement}|${d}`, [...(expected.get(`${c.agreement}|${d}`) ?? []), c]);
      expect(coverage.cells).toHaveLength(expected.size);
      for (const cell of coverage.cells) {
        const commitments = expected.get(`${cell.agreement.slug}|${cell.domain.slug}`)!;
        expect(commitments).toBeDefined();
        expect(cell.count).toBe(commitments.length);
        expect(cell.strongestModality).toBe(strongest(commitments));
      }
      const domains = [...new Set([...expected.keys()].map((k) => k.split('|')[1]))].sort((a, b) => model.order.get(a)! - model.order.get(b)!);
      expect(coverage.domains.map((d: { slug: string }) => d.slug)).toEqual(domains);
    });

    it('takes an agreement filter', async () => {
      const data = await ok(`{ domainCoverage(filter: { partyCode: { eq: "JP" } }) { agreements { slug } cells { domain { slug } count } } }`);
      expect(data.domainCoverage.agreements.map((a: { slug: string }) => a.slug)).toEqual(expect.arrayContaining(['japan-ukraine-2024']));
      const japan = model.commitments.filter((c) => c.agreement === 'japan-ukraine-2024');
      const japanDomains = new Set(japan.flatMap((c) => c.domains));
      expect(data.domainCoverage.cells.filter((c: any) => japanDomains.has(c.domain.slug)).length).toBeGreaterThanOrEqual(japanDomains.size);
    });
  });

  describe('commitmentStats', () => {
    const keyOf: Record<string, (c: Commitment, domain?: string) => string | number | null> = {
      PROVIDER: (c) => c.provider ?? null,
      BENEFICIARY: (c) => c.beneficiary ?? null,
      DOMAIN: (_c, domain) => domain!,
      KIND: (c) => c.kind,
      MODALITY: (c) => c.modality,
      STAGE: (c) => c.stage,
      YEAR: (c) => (c.period?.start ? Number(c.period.start.slice(0, 4)) : null),
      AGREEMENT: (c) => c.agreement,
    };
    const apiKey: Record<string, (key: any) => string | number | null> = {
      PROVIDER: (k) => k.provider?.code ?? null,
      BENEFICIARY: (k) => k.beneficiary?.code ?? null,
      DOMAIN: (k) => k.domain?.slug ?? null,
      KIND: (k) => k.kind,
      MODALITY: (k) => k.modality,
      STAGE: (k) => k.stage,
      YEAR: (k) => k.year,
      AGREEMENT: (k) => k.agreement?.slug ?? null,
    };

    it.each([
      [['PROVIDER']],
      [['BENEFICIARY']],
      [['DOMAIN']],
      [['KIND']],
      [['MODALITY']],
      [['STAGE']],
      [['YEAR']],
      [['AGREEMENT']],
      [['PROVIDER', 'YEAR']],
      [['AGREEMENT', 'DOMAIN']],
      [['KIND', 'MODALITY', 'STAGE']],
    ])('groups by %j with counts and honest sums', async (groupBy) => {
      const data = await ok(
        `query($groupBy: [CommitmentDimension!]!) { commitmentStats(groupBy: $groupBy) {
        key { provider { code } beneficiary { code } domain { slug } kind modality stage year agreement { slug } }
        count sums { currency basis amount commitmentCount } } }`,
        { groupBy },
      );
      const groups = new Map<string, Commitment[]>();
      for (const c of model.commitments) {
        const domains = groupBy.includes('DOMAIN') ? c.domains : [undefined];
        for (const domain of domains) {
          const id = JSON.stringify(groupBy.map((d) => keyOf[d](c, domain)));
          groups.set(id, [...(groups.get(id) ?? []), c]);
        }
      }
      const stats = data.commitmentStats;
      expect(stats).toHaveLength(groups.size);
      for (const group of stats) {
        const id = JSON.stringify(groupBy.map((d) => apiKey[d](group.key)));
        const members = groups.get(id)!;
        expect(members).toBeDefined();
        expect(group.count).toBe(members.length);
        expect(normaliseSums(group.sums)).toEqual(sums(members));
        for (const d of Object.keys(apiKey).filter((x) => !groupBy.includes(x))) expect(apiKey[d](group.key)).toBeNull();
      }
    });

    it('takes a commitment filter', async () => {
      const data = await ok(`{ commitmentStats(groupBy: [AGREEMENT], filter: { kind: { eq: EQUIPMENT } }) { key { agreement { slug } } count } }`);
      const total = data.commitmentStats.reduce((n: number, g: { count: number }) => n + g.count, 0);
      expect(total).toBe(model.commitments.filter((c) => c.kind === 'EQUIPMENT').length);
    });

    it('counts money once when one commitment is included in another of the same group, and keeps it where the other is elsewhere', async () => {
      // This file's own database: make one amount part of another of the same agreement but of another kind.
      const [outer, inner] = await api.db.dataSource.query(
        `SELECT c.id, c.key, c.amount::text, c.currency, c.kind, c.amount_basis FROM commitment c JOIN agreement a ON a.id = c.agreement_id
         WHERE a.slug = 'japan-ukraine-2024' AND c.amount IS NULL ORDER BY c.id LIMIT 2`,
      );
      await api.db.dataSource.query(
        `UPDATE commitment SET amount = 100, currency = 'JPY', amount_bound = 'EXACT', amount_basis = 'TOTAL', kind = 'FINANCIAL' WHERE id = $1`,
        [outer.id],
      );
      await api.db.dataSource.query(
        `UPDATE commitment SET amount = 40, currency = 'JPY', amount_bound = 'AT_LEAST', amount_basis = 'TOTAL', kind = 'EQUIPMENT', included_in_id = $2 WHERE id = $1`,
        [inner.id, outer.id],
      );
      const query = (
        groupBy: string,
      ) => `{ commitmentStats(groupBy: [${groupBy}], filter: { agreement: { slug: { eq: "japan-ukraine-2024" } }, currency: { eq: "JPY" } }) {
        key { kind } sums { currency basis amount bounds commitmentCount } } }`;
      const together = (await ok(query('AGREEMENT'))).commitmentStats;
      expect(together).toEqual([
        { key: { kind: null }, sums: [{ currency: 'JPY', basis: 'TOTAL', amount: '100.00', bounds: ['EXACT'], commitmentCount: 1 }] },
      ]);
      const apart = (await ok(query('KIND'))).commitmentStats;
      expect(apart.map((g: any) => [g.key.kind, g.sums[0].amount])).toEqual([
        ['FINANCIAL', '100.00'],
        ['EQUIPMENT', '40.00'],
      ]);
      expect(inner.key).not.toBe(outer.key);
    });
  });

  describe('similarAgreements', () => {
    it('ranks by Jaccard similarity of the covered leaf domains', async () => {
      const data = await ok(`{ similarAgreements(slug: "japan-ukraine-2024", first: 30) {
        agreement { slug } score constraintOverlap sharedDomains { slug } onlyHere { slug } onlyThere { slug } } }`);
      const leafSet = (slug: string) =>
        new Set(
          model.commitments
            .filter((c) => c.agreement === slug)
            .flatMap((c) => c.domains)
            .filter((d) => model.leaves.has(d)),
        );
      const here = leafSet('japan-ukraine-2024');
      const results = data.similarAgreements;
      expect(results).toHaveLength(Math.min(30, model.corpus.agreements.length - 1));
      for (const r of results) {
        const there = leafSet(r.agreement.slug);
        const shared = [...here].filter((d) => there.has(d));
        const union = new Set([...here, ...there]);
        expect(r.score).toBeCloseTo(union.size === 0 ? 0 : shared.length / union.size, 10);
        expect(r.sharedDomains.map((d: { slug: string }) => d.slug).sort()).toEqual(shared.sort());
        expect(r.onlyHere.map((d: { slug: string }) => d.slug).sort()).toEqual([...here].filter((d) => !there.has(d)).sort());
        expect(r.onlyThere.map((d: { slug: string }) => d.slug).sort()).toEqual([...there].filter((d) => !here.has(d)).sort());
      }
      for (let i = 1; i < results.length; i++) {
        const [a, b] = [results[i - 1], results[i]];
        expect(a.score > b.score || (a.score === b.score && a.constraintOverlap >= b.constraintOverlap)).toBe(true);
      }
    });
  });

  describe('timeline', () => {
    it('lists signature, entry into force and computed expiry by date', async () => {
      const data = await ok(`{ timeline(filter: { partyCode: { eq: "UA" } }) { on kind agreement { slug expiresOn } } }`);
      const events = data.timeline;
      const dates = events.map((e: { on: string }) => e.on);
      expect(dates).toEqual([...dates].sort());
      const withUkraine = model.corpus.agreements.filter((a) => a.parties.some((p) => p.actor === 'UA'));
      const expected = withUkraine.flatMap((a) => {
        const start = a.entryIntoForce ?? a.signedOn;
        const computed = start && a.durationYears ? `${Number(start.slice(0, 4)) + a.durationYears}${start.slice(4)}` : null;
        return [
          [a.signedOn, 'SIGNED'],
          [a.entryIntoForce, 'ENTERED_INTO_FORCE'],
          [a.expiresOn ?? computed, 'EXPIRES'],
        ]
          .filter(([on]) => on)
          .map(([on, kind]) => `${on} ${kind} ${a.slug}`);
      });
      expect(events.map((e: any) => `${e.on} ${e.kind} ${e.agreement.slug}`).sort()).toEqual(expected.sort());
      const japan = events.find((e: any) => e.agreement.slug === 'japan-ukraine-2024' && e.kind === 'EXPIRES');
      expect(japan).toEqual({ on: '2034-06-13', kind: 'EXPIRES', agreement: { slug: 'japan-ukraine-2024', expiresOn: '2034-06-13' } });
    });
  });

  describe('bad arguments', () => {
    it.each([
      [
        'an unknown slug, named',
        `{ compareAgreements(slugs: ["japan-ukraine-2024", "atlantis-ukraine-2024"]) { rows { domain { slug } } } }`,
        /atlantis-ukraine-2024/,
      ],
      ['one slug', `{ compareAgreements(slugs: ["japan-ukraine-2024"]) { rows { domain { slug } } } }`, /2 to 10/],
      [
        'eleven slugs',
        `{ compareAgreements(slugs: [${Array.from({ length: 11 }, (_, i) => `"s${i}"`).join(', ')}]) { rows { domain { slug } } } }`,
        /2 to 10/,
      ],
      ['a slug twice', `{ compareAgreements(slugs: ["japan-ukraine-2024", "japan-ukraine-2024"]) { rows { domain { slug } } } }`, /more than once/],
      [
        'depth 0',
        `{ compareAgreements(slugs: ["japan-ukraine-2024", "united-states-ukraine-2024"], depth: 0) { rows { domain { slug } } } }`,
        /depth/,
      ],
      ['depth 0 on coverage', `{ domainCoverage(depth: 0) { cells { count } } }`, /depth/],
      ['an empty groupBy', `{ commitmentStats(groupBy: []) { count } }`, /at least one/],
      ['a repeated dimension', `{ commitmentStats(groupBy: [YEAR, YEAR]) { count } }`, /more than once/],
      ['an unknown slug to similarAgreements', `{ similarAgreements(slug: "atlantis") { score } }`, /atlantis/],
      ['first 0', `{ similarAgreements(slug: "japan-ukraine-2024", first: 0) { score } }`, /first/],
      ['a bad id in a filter', `{ timeline(filter: { id: { eq: "x" } }) { on } }`, /not an id/],
    ])('refuses %s with BAD_USER_INPUT', async (_what, query, message) => {
      const response = await api.gql(query);
      expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(response.errors?.[0]?.message).toMatch(message);
    });
  });

  it('answers each analysis query in one SQL statement', async () => {
    for (const query of [
      `{ domainCoverage(depth: 1) { agreements { slug parties { actor { code } } } domains { name children { slug } } cells { count agreement { slug } domain { slug } } } }`,
      `{ commitmentStats(groupBy: [PROVIDER, YEAR, DOMAIN]) { key { provider { name } domain { slug parent { slug } } year } count sums { amount } } }`,
      `{ similarAgreements(slug: "japan-ukraine-2024") { agreement { slug framework { slug } } sharedDomains { slug } onlyHere { slug } } }`,
      `{ timeline { on kind agreement { slug parties { actor { code } } } } }`,
    ]) {
      const { response, statements } = await api.countStatements(query);
      expect(response.errors).toBeUndefined();
      expect(statements).toHaveLength(1);
    }
  });
});
