import fs from 'node:fs';
import path from 'node:path';
import { SEEDS_DIR } from '../../src/seed/read-corpus';
import { startTestApp, TestApp } from '../support/test-app';

const MONTHS: Record<string, string> = {
  Jan: '01',
  Feb: '02',
  Mar: '03',
  Apr: '04',
  May: '05',
  Jun: '06',
  Jul: '07',
  Aug: '08',
  Sep: '09',
  Oct: '10',
  Nov: '11',
  Dec: '12',
};

/** The signing dates of the verified-facts table, by slug (`United Kingdom` -> `united-kingdom-ukraine-2024`). */
function factsTableDates(): Map<string, string> {
  const table = fs.readFileSync(path.join(SEEDS_DIR, 'evidence', 'ukraine-security-agreements-2024.md'), 'utf8');
  const dates = new Map<string, string>();
  for (const line of table.split('\n')) {
    const cells = line.split('|').map((cell) => cell.trim());
    if (!/^\d+$/.test(cells[1] ?? '')) continue;
    const match = /^(\d{1,2}) (\w{3}) (\d{4})$/.exec(cells[4]);
    if (!match) continue;
    const slug = `${cells[2].toLowerCase().replace(/\s+/g, '-')}-ukraine-2024`;
    dates.set(slug, `${match[3]}-${MONTHS[match[2]]}-${match[1].padStart(2, '0')}`);
  }
  return dates;
}

describe('agreements over HTTP', () => {
  let api: TestApp;
  beforeAll(async () => {
    api = await startTestApp();
  });
  afterAll(() => api.close());

  it('answers /healthz and /readyz', async () => {
    const base = api.app.url.replace('/graphql', '');
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });

  describe('the Japan-Ukraine accord', () => {
    let japan: any;
    beforeAll(async () => {
      const { data, errors } = await api.gql(`{
        agreement(slug: "japan-ukraine-2024") {
          slug title shortTitle kind legalNature status signedOn signedPlace entryIntoForce durationYears expiresOn
          framework { slug signedOn }
          parties { role actor { code name } }
          commitments(first: 100) {
            totalCount
            nodes { key summary quote locator kind modality lethal amount { amount currency } period { start end label }
                    provider { code } beneficiary { code } domains { slug } mechanisms { slug } source { title url } }
          }
          constraints(first: 20) { totalCount nodes { kind summary quote actor { code } restricts { key } source { title } } }
          domains { slug }
        }
      }`);
      expect(errors).toBeUndefined();
      japan = data.agreement;
    });

    it('was signed on 13 June 2024 in Apulia for 10 years, by Japan and Ukraine', () => {
      expect(japan.signedOn).toBe('2024-06-13');
      expect(japan.signedPlace).toMatch(/Apulia/);
      expect(japan.durationYears).toBe(10);
      // The accord takes effect on signature (its Part X.5); no source states an expiry: it is computed from the entry
      // into force plus 10 years.
      expect(japan.entryIntoForce).toBe('2024-06-13');
      expect(japan.expiresOn).toBe('2034-06-13');
      expect(japan.parties.map((p: any) => p.actor.code).sort()).toEqual(['JP', 'UA']);
      expect(japan.framework).toEqual({ slug: 'g7-joint-declaration-2023', signedOn: '2023-07-12' });
    });

    it('holds at least 20 commitments in at least 10 domains, each with a source and a quote', () => {
      const commitments = japan.commitments.nodes;
      expect(japan.commitments.totalCount).toBe(commitments.length);
      expect(commitments.length).toBeGreaterThanOrEqual(20);
      const domains = new Set(commitments.flatMap((c: any) => c.domains.map((d: any) => d.slug)));
      expect(domains.size).toBeGreaterThanOrEqual(10);
      for (const c of commitments) {
        expect(c.quote.length).toBeGreaterThan(10);
        expect(c.source.title).toBeTruthy();
        expect(c.domains.length).toBeGreaterThan(0);
      }
    });

    it('codes the non-lethal limit and its constitutional basis as constraints on the equipment commitments', () => {
      expect(japan.constraints.totalCount).toBeGreaterThanOrEqual(2);
      const constitutional = japan.constraints.nodes.filter((c: any) => c.kind === 'CONSTITUTIONAL');
      expect(constitutional.length).toBeGreaterThanOrEqual(1);
      expect(constitutional.some((c: any) => /non-lethal/i.test(c.quote + c.summary))).toBe(true);
      expect(constitutional.every((c: any) => c.actor.code === 'JP' && c.restricts.length > 0)).toBe(true);
      const equipment = japan.commitments.nodes.filter((c: any) => c.kind === 'EQUIPMENT');
      expect(equipment.length).toBeGreaterThan(0);
      expect(equipment.every((c: any) => c.lethal === false)).toBe(true);
    });

    it('states the US$4.5 bn of 2024 as an exact decimal with currency and period', () => {
      const money = japan.commitments.nodes.filter((c: any) => c.amount);
      expect(money).toContainEqual(
        expect.objectContaining({
          amount: { amount: '4500000000.00', currency: 'USD' },
          period: expect.objectContaining({ start: '2024-01-01', end: '2024-12-31' }),
        }),
      );
    });
  });

  it('lists at least 28 agreements, each signed on the date of the facts table', async () => {
    const expected = factsTableDates();
    expect(expected.size).toBeGreaterThanOrEqual(28);
    const nodes: { slug: string; signedOn: string | null }[] = [];
    let after: string | null = null;
    let totalCount = 0;
    do {
      const { data, errors }: any = await api.gql(
        `query($after: String) { agreements(first: 100, after: $after) { totalCount nodes { slug signedOn } pageInfo { hasNextPage endCursor } } }`,
        { after },
      );
      expect(errors).toBeUndefined();
      totalCount = data.agreements.totalCount;
      nodes.push(...data.agreements.nodes);
      after = data.agreements.pageInfo.hasNextPage ? data.agreements.pageInfo.endCursor : null;
    } while (after);
    expect(totalCount).toBeGreaterThanOrEqual(28);
    const actual = new Map(nodes.map((n) => [n.slug, n.signedOn]));
    for (const [slug, date] of expected) expect([slug, actual.get(slug)]).toEqual([slug, date]);
  });

  it('gives the US agreement a 6-month termination notice, in force on signature', async () => {
    const { data } = await api.gql(
      `{ agreement(slug: "united-states-ukraine-2024") { terminationNoticeMonths signedOn entryIntoForce status legalNature } }`,
    );
    expect(data.agreement).toEqual({
      terminationNoticeMonths: 6,
      signedOn: '2024-06-13',
      entryIntoForce: '2024-06-13',
      status: 'IN_FORCE',
      legalNature: 'NOT_STATED',
    });
  });

  it('finds an agreement by id, returns null for an unknown slug, and refuses ambiguous arguments', async () => {
    const { data } = await api.gql(`{ agreement(slug: "japan-ukraine-2024") { id } }`);
    const byId = await api.gql(`query($id: ID!) { agreement(id: $id) { slug } }`, { id: data.agreement.id });
    expect(byId.data.agreement.slug).toBe('japan-ukraine-2024');
    expect((await api.gql(`{ agreement(slug: "atlantis-ukraine-2024") { id } }`)).data.agreement).toBeNull();
    const both = await api.gql(`{ agreement(slug: "japan-ukraine-2024", id: "1") { id } }`);
    expect(both.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const badId = await api.gql(`{ agreement(id: "abc") { id } }`);
    expect(badId.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('serves the domain tree, mechanisms, actors and sources', async () => {
    const { data, errors } = await api.gql(`{
      domains { slug parent { slug } children { slug parent { slug } } }
      mechanisms(first: 100) { totalCount nodes { slug parent { slug } } }
      actors(filter: { code: { in: ["JP", "UA"] } }) { nodes { code kind agreements(first: 1) { totalCount } } }
      sources(first: 5, filter: { reliability: { eq: LOW } }) { totalCount nodes { title reliability } }
    }`);
    expect(errors).toBeUndefined();
    expect(data.domains.map((d: any) => d.slug)).toEqual(
      expect.arrayContaining(['security-defence', 'humanitarian', 'economic', 'governance', 'political']),
    );
    expect(data.domains.every((d: any) => d.parent === null && d.children.every((c: any) => c.parent.slug === d.slug))).toBe(true);
    expect(data.mechanisms.nodes.find((m: any) => m.slug === 'udcg-demining-coalition').parent.slug).toBe('udcg');
    const ukraine = data.actors.nodes.find((a: any) => a.code === 'UA');
    expect(ukraine.agreements.totalCount).toBeGreaterThanOrEqual(28);
    expect(data.sources.totalCount).toBeGreaterThan(0);
    expect(data.sources.nodes.every((s: any) => s.reliability === 'LOW')).toBe(true);
  });
});
