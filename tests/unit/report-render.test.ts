import { REPORT_FORMATS, REPORT_KINDS, ReportData, ReportKind } from '../../src/reports/report-data';
import { renderReport, reportFileName } from '../../src/reports/render';
import { escapeHtml, escapeMarkdown } from '../../src/reports/render/escape';
import { heatMap, horizontalBars, legendSteps, wrap } from '../../src/reports/render/svg';
import { formatDate, formatDecimal, formatMoment, shortJson } from '../../src/reports/render/text';
import { parseCsv } from '../support/csv';

// Small hand-made reports of each kind, in the shapes the operations in src/reports/operations return.

const AS_OF = '2026-11-27T16:42:06.221Z';
const NASTY = 'He said "no" <script>alert(\'x\')</script> & left | here';
const PISM = {
  key: 'japan-analysis-2024-08-07',
  title: 'Japan Increases Its Support for Ukraine (PISM Bulletin No. 117)',
  publisher: 'PISM',
  url: 'https://pism.pl/publications/japan-increases-its-support-for-ukraine',
};
const JIJI = {
  key: 'nippon-jiji',
  title: 'Japan, Ukraine agree on talks within 24 hours of attack',
  publisher: 'Nippon.com (Jiji Press)',
  url: 'https://www.nippon.com/en/news/x.html',
};
const EVIL = { key: 'evil-source', title: `A <b>bold</b> "title" | with pipes`, publisher: 'Press & Co', url: 'https://example.org/a?src=x&y="1"' };

const commitment = (over: Record<string, unknown>) => ({
  key: 'japan-ukraine-2024/x',
  summary: 'A commitment.',
  quote: 'A quote.',
  quoteOrigin: 'ANALYST_NOTE',
  locator: 'para. 1',
  kind: 'TECHNICAL_ASSISTANCE',
  modality: 'WILL',
  lethal: null,
  stage: 'PLEDGED',
  amount: null,
  amountBound: null,
  amountBasis: null,
  period: null,
  provider: { code: 'JP' },
  beneficiary: { code: 'UA' },
  domains: [{ slug: 'cyber', name: 'Cyber security', parent: { slug: 'security-defence', name: 'Security and defence' } }],
  source: PISM,
  ...over,
});

const brief: ReportData = {
  kind: 'agreement-brief',
  title: 'Brief: Accord on Support for Ukraine and Cooperation between the Government of Japan and Ukraine',
  params: { agreement: 'japan-ukraine-2024', peers: ['germany-ukraine-2024'] },
  asOf: AS_OF,
  sources: [JIJI, PISM, EVIL],
  data: {
    agreement: {
      slug: 'japan-ukraine-2024',
      title: 'Accord on Support for Ukraine and Cooperation between the Government of Japan and Ukraine',
      shortTitle: 'Japan-Ukraine accord',
      kind: 'BILATERAL_SECURITY_AGREEMENT',
      legalNature: 'POLITICAL',
      status: 'SIGNED',
      signedOn: '2024-06-13',
      signedPlace: 'G7 summit, Apulia (Fasano/Borgo Egnazia), Italy',
      entryIntoForce: null,
      durationYears: 10,
      expiresOn: '2034-06-13',
      terminationNoticeMonths: null,
      summary: 'Ten-year accord signed on the sidelines of the G7 summit.',
      framework: { slug: 'g7-joint-declaration-2023', shortTitle: 'G7 Joint Declaration (Vilnius, 2023)', signedOn: '2023-07-12' },
      parties: [
        { role: 'SUPPORTING_PARTY', actor: { code: 'JP', name: 'Japan' } },
        { role: 'RECIPIENT', actor: { code: 'UA', name: 'Ukraine' } },
      ],
      commitments: {
        totalCount: 3,
        nodes: [
          commitment({
            key: 'japan-ukraine-2024/non-lethal-equipment',
            summary: 'Japan will transfer non-lethal military equipment.',
            quote: 'Japan will transfer non-lethal equipment to Ukraine',
            quoteOrigin: 'PRESS_REPORT',
            kind: 'EQUIPMENT',
            lethal: false,
            domains: [{ slug: 'non-lethal-equipment', name: 'Non-lethal equipment', parent: { slug: 'equipment', name: 'Military equipment' } }],
            source: JIJI,
          }),
          commitment({
            key: 'japan-ukraine-2024/support-2024',
            summary: 'US$4.5 bn in 2024.',
            kind: 'FINANCIAL',
            amount: { amount: '4500000000.00', currency: 'USD' },
            amountBound: 'EXACT',
            amountBasis: 'TOTAL',
            period: { label: '2024' },
            domains: [{ slug: 'financial-support', name: 'Financial support', parent: { slug: 'economic', name: 'Economic' } }],
          }),
          commitment({
            key: 'japan-ukraine-2024/nasty',
            summary: 'Nasty | summary',
            quote: NASTY,
            source: EVIL,
            provision: { path: 'Part VIII › 2' },
            context: `… before <a href="x">it</a> & <mark>${NASTY}</mark> after …`,
          }),
        ],
      },
      constraints: {
        nodes: [
          {
            key: 'japan-ukraine-2024/non-lethal-only',
            kind: 'CONSTITUTIONAL',
            summary: 'Assistance is restricted to the transfer of non-lethal military equipment.',
            quote: 'These constraints restrict Japanese assistance to the transfer of non-lethal military equipment',
            quoteOrigin: 'ANALYST_NOTE',
            locator: 'Security and Defence, para. 1',
            actor: { code: 'JP', name: 'Japan' },
            restricts: [{ key: 'japan-ukraine-2024/non-lethal-equipment' }],
            source: PISM,
          },
        ],
      },
      sources: [PISM, JIJI],
    },
    compareAgreements: {
      agreements: [
        { slug: 'japan-ukraine-2024', shortTitle: 'Japan-Ukraine accord' },
        { slug: 'germany-ukraine-2024', shortTitle: 'Germany-Ukraine security agreement' },
      ],
      rows: [
        {
          domain: { slug: 'equipment', name: 'Military equipment' },
          cells: [
            { covered: true, strongestModality: 'WILL', amounts: [] },
            { covered: true, strongestModality: 'WILL', amounts: [{ currency: 'EUR', basis: 'TOTAL', amount: '7100000000.00', bounds: ['EXACT'] }] },
          ],
        },
        {
          domain: { slug: 'sanctions', name: 'Sanctions' },
          cells: [
            { covered: false, strongestModality: null, amounts: [] },
            { covered: true, strongestModality: 'INTEND_TO', amounts: [] },
          ],
        },
      ],
      shared: [{ slug: 'equipment', name: 'Military equipment' }],
      distinctive: [
        { agreement: { slug: 'japan-ukraine-2024' }, domains: [{ slug: 'winter-support', name: 'Winter support' }] },
        { agreement: { slug: 'germany-ukraine-2024' }, domains: [{ slug: 'sanctions', name: 'Sanctions' }] },
      ],
      constraintRows: [{ kind: 'CONSTITUTIONAL', cells: [{ constraints: [{ key: 'japan-ukraine-2024/non-lethal-only' }] }, { constraints: [] }] }],
    },
  },
};

const coverage: ReportData = {
  kind: 'coverage-matrix',
  title: 'Coverage matrix: agreements by cooperation domain',
  params: {},
  asOf: AS_OF,
  sources: [PISM],
  data: {
    domainCoverage: {
      agreements: [
        { slug: 'japan-ukraine-2024', shortTitle: 'Japan-Ukraine accord', signedOn: '2024-06-13', sources: [PISM] },
        { slug: 'evil', shortTitle: '<script>x</script> | "evil"', signedOn: '2024-01-01', sources: [] },
      ],
      domains: [
        { slug: 'equipment', name: 'Military equipment', parent: { slug: 'security-defence', name: 'Security and defence' } },
        { slug: 'training', name: 'Training', parent: { slug: 'security-defence', name: 'Security and defence' } },
        { slug: 'energy', name: 'Energy', parent: { slug: 'economic', name: 'Economic' } },
      ],
      cells: [
        { agreement: { slug: 'japan-ukraine-2024' }, domain: { slug: 'equipment' }, count: 3, strongestModality: 'WILL' },
        { agreement: { slug: 'japan-ukraine-2024' }, domain: { slug: 'energy' }, count: 1, strongestModality: 'SEEK_TO' },
        { agreement: { slug: 'evil' }, domain: { slug: 'training' }, count: 2, strongestModality: 'MAY' },
      ],
    },
  },
};

const pledges: ReportData = {
  kind: 'pledges-by-provider',
  title: 'Pledges by provider, currency and year',
  params: {},
  asOf: AS_OF,
  sources: [PISM],
  data: {
    commitmentStats: [
      {
        key: { provider: { code: 'JP', name: 'Japan' }, year: 2024 },
        count: 2,
        sums: [
          { currency: 'USD', basis: 'TOTAL', amount: '12345678901234567.89', bounds: ['EXACT'], commitmentCount: 1 },
          { currency: 'EUR', basis: 'TOTAL', amount: '1000000.00', bounds: ['AT_LEAST'], commitmentCount: 1 },
        ],
      },
      {
        key: { provider: { code: 'DE', name: 'Germany' }, year: null },
        count: 1,
        sums: [{ currency: 'EUR', basis: 'PER_YEAR', amount: '500', bounds: ['ABOUT'], commitmentCount: 1 }],
      },
    ],
    sources: { nodes: [{ key: 'japan-ukraine-2024/support-2024', source: PISM }] },
  },
};

const constraint = (over: Record<string, unknown>) => ({
  key: 'japan-ukraine-2024/non-lethal-only',
  kind: 'CONSTITUTIONAL',
  summary: 'Restricted to non-lethal equipment.',
  quote: 'restrict Japanese assistance to the transfer of non-lethal military equipment',
  quoteOrigin: 'ANALYST_NOTE',
  locator: 'para. 1',
  actor: { code: 'JP', name: 'Japan' },
  agreement: { slug: 'japan-ukraine-2024', shortTitle: 'Japan-Ukraine accord' },
  restricts: [{ key: 'japan-ukraine-2024/non-lethal-equipment', summary: 'Japan will transfer non-lethal military equipment.' }],
  source: PISM,
  ...over,
});

const digest: ReportData = {
  kind: 'constraints-digest',
  title: 'Constraints digest: limits on commitments, by kind and party',
  params: {},
  asOf: AS_OF,
  sources: [PISM, EVIL],
  data: {
    constraints: [
      constraint({
        key: 'germany-ukraine-2024/budget',
        kind: 'BUDGET_APPROVAL',
        actor: { code: 'DE', name: 'Germany' },
        summary: 'Subject to the Bundestag.',
      }),
      constraint({}),
      constraint({
        key: 'united-states-ukraine-2024/where-possible',
        kind: 'SCOPE_LIMIT',
        actor: null,
        summary: 'Only where possible.',
        quote: NASTY,
        source: EVIL,
      }),
    ],
  },
};

const changes: ReportData = {
  kind: 'changes-since',
  title: 'Changes to the corpus since 2026-01-01T00:00:00Z',
  params: { since: '2026-01-01T00:00:00Z' },
  asOf: AS_OF,
  sources: [],
  data: {
    changes: [
      {
        id: '1',
        entity: 'SOURCE',
        entityKey: '1',
        action: 'CREATE',
        at: '2026-11-27T16:27:58.937Z',
        actor: 'seed',
        changes: [
          { field: 'key', before: null, after: 'japan-analysis-2024-08-07' },
          { field: 'title', before: null, after: 'x'.repeat(300) },
        ],
      },
      {
        id: '2',
        entity: 'COMMITMENT',
        entityKey: '7',
        action: 'UPDATE',
        at: '2026-11-28T09:00:00.000Z',
        actor: 'analyst@example.org',
        changes: [{ field: 'quote', before: 'old', after: NASTY }],
      },
      { id: '3', entity: 'CONSTRAINT', entityKey: '9', action: 'DELETE', at: '2026-11-28T10:00:00.000Z', actor: 'editor', changes: [] },
    ],
  },
};

const REPORTS: Record<ReportKind, ReportData> = {
  'agreement-brief': brief,
  'coverage-matrix': coverage,
  'pledges-by-provider': pledges,
  'constraints-digest': digest,
  'changes-since': changes,
};

const CONTENT_TYPES = {
  md: 'text/markdown; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
  html: 'text/html; charset=utf-8',
};

/** The CSV as records, each the same width as the header, as objects by column name. */
function csvRows(text: string): { header: string[]; rows: Record<string, string>[] } {
  const [header, ...records] = parseCsv(text);
  for (const r of records) expect(r).toHaveLength(header.length);
  return { header, rows: records.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]]))) };
}

describe('renderReport', () => {
  describe.each(REPORT_KINDS)('%s', (kind) => {
    const report = REPORTS[kind];

    it.each(REPORT_FORMATS)('renders to %s with its content type and file name', (format) => {
      const rendered = renderReport(report, format);
      expect(rendered.body.length).toBeGreaterThan(0);
      expect(rendered.contentType).toBe(CONTENT_TYPES[format]);
      expect(rendered.fileName).toBe(`${kind}${kind === 'agreement-brief' ? '-japan-ukraine-2024' : ''}-2026-11-27.${format}`);
    });

    it('states the as-of time and the sources in Markdown and HTML', () => {
      const markdown = renderReport(report, 'md').body;
      const html = renderReport(report, 'html').body;
      for (const body of [markdown, html]) {
        expect(body).toContain(AS_OF);
        expect(body).toMatch(/<h2>Sources<\/h2>|## Sources/);
        expect(body.indexOf('Sources')).toBeGreaterThan(-1);
      }
      // The Sources section comes last, after the body.
      expect(markdown.lastIndexOf('## Sources')).toBeGreaterThan(markdown.indexOf('**As of**'));
      for (const s of report.sources) {
        expect(markdown).toContain(escapeMarkdown(s.title));
        expect(markdown).toContain(`<${s.url}>`);
        expect(html).toContain(escapeHtml(s.title));
        expect(html).toContain(escapeHtml(s.publisher));
        expect(html).toContain(`<span class="url">${escapeHtml(s.url)}</span>`);
      }
    });

    it('writes JSON with the report description and the data in full', () => {
      const json = JSON.parse(renderReport(report, 'json').body);
      expect(json.report).toEqual({ kind, title: report.title, params: report.params, asOf: AS_OF, sources: report.sources });
      expect(json.data).toEqual(report.data);
    });

    it('writes one CSV table that parses, header first, with as_of on every row', () => {
      const text = renderReport(report, 'csv').body;
      expect(text.endsWith('\r\n')).toBe(true);
      const { header, rows } = csvRows(text);
      expect(header).toContain('as_of');
      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) expect(row.as_of).toBe(AS_OF);
    });

    it('writes self-contained HTML: no scripts, nothing loaded, no external link or URL', () => {
      const html = renderReport(report, 'html').body;
      expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
      expect(html).toContain('<style>');
      expect(html).toContain('@media print');
      for (const bad of ['src=', '<link', 'url(', '@import', 'href="http', '<script', '://', '<iframe', '<img']) {
        expect(html.toLowerCase()).not.toContain(bad);
      }
    });
  });

  it('draws a heat map for coverage and bars for pledges', () => {
    expect(renderReport(coverage, 'html').body).toContain('<svg');
    expect(renderReport(coverage, 'html').body).toContain('class="chart heatmap"');
    const pledgesHtml = renderReport(pledges, 'html').body;
    expect(pledgesHtml.match(/<svg class="chart bars"/g)).toHaveLength(3); // EUR per year, EUR total, USD total
  });

  it('escapes quotes from sources everywhere', () => {
    for (const report of [brief, digest, changes]) {
      const html = renderReport(report, 'html').body;
      expect(html).not.toContain('<script');
      expect(html).toContain('&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;');
      expect(html).toContain(' &amp; left');
    }
    expect(renderReport(brief, 'html').body).toContain('“He said &quot;no&quot; &lt;script&gt;');
    expect(renderReport(coverage, 'html').body).not.toContain('<script');
    expect(renderReport(brief, 'md').body).toContain('“He said "no" \\<script\\>alert(\'x\')\\</script\\> & left \\| here”');
    // A pipe in a Markdown table cell is escaped, so the row keeps its cells.
    const coverageMd = renderReport(coverage, 'md').body;
    expect(coverageMd).toContain('| \\<script\\>x\\</script\\> \\| "evil" | 2024-01-01 |');
    // In CSV the quote reads back exactly.
    const { rows } = csvRows(renderReport(brief, 'csv').body);
    expect(rows.find((r) => r.commitment_key === 'japan-ukraine-2024/nasty')!.quote).toBe(NASTY);
  });

  describe('agreement-brief', () => {
    const markdown = renderReport(brief, 'md').body;
    const html = renderReport(brief, 'html').body;

    it('cites each commitment’s provision, and in HTML shows its context escaped with the quote marked', () => {
      expect(markdown).toContain('  - Provision: Part VIII › 2');
      expect(html).toContain('Provision: <span class="path">Part VIII › 2</span>');
      expect(html).toContain('In context: … before &lt;a href&#61;&quot;x&quot;&gt;it&lt;/a&gt; &amp; <mark>He said &quot;no&quot; &lt;script&gt;');
      expect(html).not.toContain('<a href="x">');
      // A commitment whose text is not loaded has neither.
      expect(html.match(/Provision: /g)).toHaveLength(1);
      const { rows } = csvRows(renderReport(brief, 'csv').body);
      expect(rows.find((r) => r.commitment_key === 'japan-ukraine-2024/nasty')!.provision).toBe('Part VIII › 2');
      expect(rows.find((r) => r.commitment_key === 'japan-ukraine-2024/support-2024')!.provision).toBe('');
    });

    it('names the date, the place, the duration, the framework, the non-lethal limit and the peers', () => {
      for (const body of [markdown, html]) {
        expect(body).toContain('13 June 2024');
        expect(body).toContain('G7 summit, Apulia (Fasano/Borgo Egnazia), Italy');
        expect(body).toContain('10 years, to 13 June 2034');
        expect(body).toContain('G7 Joint Declaration (Vilnius, 2023)');
        expect(body).toContain('restrict Japanese assistance to the transfer of non-lethal military equipment');
        expect(body).toContain('non-lethal');
        expect(body).toContain('Germany-Ukraine security agreement');
        expect(body).toContain('Political');
      }
      expect(markdown).toContain('**Compared with:** Germany-Ukraine security agreement');
    });

    it('groups commitments by their first domain’s parent, then the domain, with amounts and quotes', () => {
      expect(markdown).toMatch(/### Security and defence\n\n#### Cyber security/);
      expect(markdown).toMatch(/### Military equipment\n\n#### Non-lethal equipment/);
      expect(markdown.indexOf('### Security and defence')).toBeLessThan(markdown.indexOf('### Economic'));
      expect(markdown).toContain('Amount: USD 4,500,000,000.00 (total, period 2024)');
      expect(markdown).toContain('“Japan will transfer non-lethal equipment to Ukraine” — Press report, para. 1. Source [1]:');
      expect(markdown).toContain('Limited by: `japan-ukraine-2024/non-lethal-only`');
      expect(html).toContain('<h4>Non-lethal equipment</h4>');
    });

    it('compares with the peers: strongest modality or —, shared and distinctive domains', () => {
      expect(markdown).toContain('| Domain | Japan-Ukraine accord | Germany-Ukraine security agreement |');
      expect(markdown).toContain('| Military equipment | will | will; EUR 7,100,000,000.00 |');
      expect(markdown).toContain('| Sanctions | — | intend to |');
      expect(markdown).toContain('**Shared domains** (in every agreement compared): Military equipment');
      expect(markdown).toContain('- Japan-Ukraine accord: Winter support');
      expect(markdown).toContain('| Constitutional | non-lethal-only | — |');
    });

    it('gives each CSV row its commitment’s source and the constraints that limit it', () => {
      const { rows } = csvRows(renderReport(brief, 'csv').body);
      expect(rows).toHaveLength(3);
      const equipment = rows.find((r) => r.commitment_key === 'japan-ukraine-2024/non-lethal-equipment')!;
      expect(equipment).toMatchObject({
        section: 'Military equipment',
        domain: 'Non-lethal equipment',
        lethal: 'non-lethal',
        constrained_by: 'japan-ukraine-2024/non-lethal-only',
        source_key: JIJI.key,
        source_url: JIJI.url,
      });
      const money = rows.find((r) => r.commitment_key === 'japan-ukraine-2024/support-2024')!;
      expect(money).toMatchObject({ amount: '4500000000.00', currency: 'USD', amount_bound: 'EXACT', amount_basis: 'TOTAL', period: '2024' });
    });
  });

  describe('coverage-matrix', () => {
    it('lays agreements by domains with counts and strongest modality', () => {
      const markdown = renderReport(coverage, 'md').body;
      expect(markdown).toContain('## Security and defence');
      expect(markdown).toContain('| Japan-Ukraine accord | 2024-06-13 | 3 W |  |');
      expect(markdown).toContain('## Economic');
      const { rows } = csvRows(renderReport(coverage, 'csv').body);
      expect(rows).toHaveLength(6); // every agreement × domain pair
      expect(rows[0]).toMatchObject({ agreement_slug: 'japan-ukraine-2024', domain_slug: 'equipment', count: '3', strongest_modality: 'WILL' });
      expect(rows[1]).toMatchObject({ domain_slug: 'training', count: '0', strongest_modality: '' });
    });
  });

  describe('pledges-by-provider', () => {
    it('keeps amounts exact and never adds across currencies', () => {
      const markdown = renderReport(pledges, 'md').body;
      expect(markdown).toContain('| Japan (JP) | 2024 | USD | total | 12,345,678,901,234,567.89 | exact | 1 |');
      expect(markdown).toContain('| Japan (JP) | 2024 | EUR | total | 1,000,000.00 | at least | 1 |');
      expect(markdown).toContain('| Germany (DE) | no year | EUR | per year | 500 | about | 1 |');
      expect(markdown).not.toContain('1,000,500');
      const html = renderReport(pledges, 'html').body;
      expect(html).toContain('USD 12,345,678,901,234,567.89');
      expect(html).toContain('<figcaption>EUR, per year</figcaption>');
      const { rows } = csvRows(renderReport(pledges, 'csv').body);
      expect(rows.map((r) => r.amount)).toEqual(['12345678901234567.89', '1000000.00', '500']);
      expect(rows[2]).toMatchObject({ provider_code: 'DE', year: '', currency: 'EUR', basis: 'PER_YEAR', bounds: 'ABOUT', commitment_count: '1' });
      expect(JSON.parse(renderReport(pledges, 'json').body).data.commitmentStats[0].sums[0].amount).toBe('12345678901234567.89');
    });
  });

  describe('constraints-digest', () => {
    it('groups by kind in the schema’s order, then by party, with quotes and sources', () => {
      const markdown = renderReport(digest, 'md').body;
      const order = ['## Constitutional', '### Japan (JP)', '## Budget approval', '### Germany (DE)', '## Scope limit', '### No single party'];
      const positions = order.map((h) => markdown.indexOf(h));
      expect(positions.every((p) => p >= 0)).toBe(true);
      expect([...positions].sort((a, b) => a - b)).toEqual(positions);
      expect(markdown).toContain(
        '“restrict Japanese assistance to the transfer of non-lethal military equipment” — Analyst note, para. 1. Source [1]:',
      );
      const { rows } = csvRows(renderReport(digest, 'csv').body);
      expect(rows.map((r) => r.kind)).toEqual(['CONSTITUTIONAL', 'BUDGET_APPROVAL', 'SCOPE_LIMIT']);
      expect(rows[0]).toMatchObject({ actor_code: 'JP', agreement_slug: 'japan-ukraine-2024', source_key: PISM.key, source_url: PISM.url });
      expect(rows[2]).toMatchObject({ actor_code: '', quote: NASTY, source_url: EVIL.url });
    });
  });

  describe('changes-since', () => {
    it('lists the changes in order with their fields, before → after, shortened', () => {
      const markdown = renderReport(changes, 'md').body;
      expect(markdown.indexOf('| 1 |')).toBeLessThan(markdown.indexOf('| 2 |'));
      expect(markdown).toContain('key: null → "japan-analysis-2024-08-07"');
      expect(markdown).toContain(`title: null → "${'x'.repeat(78)}…`);
      expect(markdown).not.toContain('x'.repeat(100));
      expect(markdown).toContain('| 3 | 2026-11-28T10:00:00.000Z | DELETE | CONSTRAINT | 9 | editor |  |');
      expect(markdown).toContain('This report cites no source');
      const { rows } = csvRows(renderReport(changes, 'csv').body);
      expect(rows).toHaveLength(4); // two fields, one field, one change without fields
      expect(rows[1]).toMatchObject({ change_id: '1', field: 'title', before: 'null', after: JSON.stringify('x'.repeat(300)) });
      expect(rows[3]).toMatchObject({ change_id: '3', action: 'DELETE', field: '' });
    });
  });
});

describe('report file names', () => {
  it('join the kind, the agreement when there is one, and the as-of date', () => {
    expect(reportFileName({ kind: 'agreement-brief', params: { agreement: 'japan-ukraine-2024' }, asOf: AS_OF }, 'md')).toBe(
      'agreement-brief-japan-ukraine-2024-2026-11-27.md',
    );
    expect(reportFileName({ kind: 'coverage-matrix', params: {}, asOf: AS_OF }, 'html')).toBe('coverage-matrix-2026-11-27.html');
    expect(reportFileName({ kind: 'agreement-brief', params: { agreement: '../Evil Slug/' }, asOf: '2026-11-27T23:30:00-02:00' }, 'csv')).toBe(
      'agreement-brief-evil-slug-2026-11-28.csv',
    );
  });
});

describe('text helpers', () => {
  it.each([
    ['4500000000.00', '4,500,000,000.00'],
    ['12345678901234567.89', '12,345,678,901,234,567.89'],
    ['999', '999'],
    ['1000', '1,000'],
    ['-1234.5', '-1,234.5'],
    ['0.0001', '0.0001'],
    ['n/a', 'n/a'],
  ])('formatDecimal(%j) is %j', (amount, formatted) => {
    expect(formatDecimal(amount)).toBe(formatted);
  });

  it('format dates and moments', () => {
    expect(formatDate('2024-06-13')).toBe('13 June 2024');
    expect(formatDate('2024-01-01')).toBe('1 January 2024');
    expect(formatMoment(AS_OF)).toBe(`27 November 2026, 16:42 UTC (${AS_OF})`);
  });

  it('shorten JSON to about 80 characters', () => {
    expect(shortJson(null)).toBe('null');
    expect(shortJson(undefined)).toBe('null');
    expect(shortJson({ a: 1 })).toBe('{"a":1}');
    expect([...shortJson('y'.repeat(200))]).toHaveLength(80);
  });

  it('escape HTML, including what a scanner would read as a resource or a URL', () => {
    expect(escapeHtml('<a href="x">&\'</a>')).toBe('&lt;a href&#61;&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;');
    expect(escapeHtml('src=x url(y) @import https://z')).toBe('src&#61;x url&#40;y) &#64;import https&#58;//z');
    expect(escapeHtml(null)).toBe('');
  });

  it('escape Markdown', () => {
    expect(escapeMarkdown('a | b\nc *d* <e> [f]')).toBe('a \\| b c \\*d\\* \\<e\\> \\[f\\]');
  });
});

describe('SVG charts', () => {
  it('draw a heat map: a cell per row and column, a legend, escaped labels', () => {
    const svg = heatMap({
      title: 'T',
      rowLabels: ['a', '<b>'],
      columnLabels: ['x', 'y', 'z'],
      values: [
        [0, 1, 2],
        [3, 0, 0],
      ],
      columnGroups: [{ label: 'Group & co', start: 0, end: 3 }],
      valueName: 'commitments',
    });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.endsWith('</svg>')).toBe(true);
    expect(svg.match(/<rect [^>]*><title>/g)).toHaveLength(6);
    expect(svg).toContain('Commitments per cell:');
    expect(svg).toContain('&lt;b&gt;');
    expect(svg).toContain('>Group &amp;</text>');
    expect(svg).not.toContain('<b>');
    expect(svg).not.toContain('url(');
  });

  it('draw bars as long as their values, labelled with the exact text', () => {
    const svg = horizontalBars({
      title: 'Bars',
      bars: [
        { label: 'A', value: 100, valueLabel: 'EUR 100.00' },
        { label: 'B', value: 50, valueLabel: 'EUR 50.00' },
        { label: 'C', value: 0, valueLabel: 'EUR 0' },
      ],
    });
    const widths = [...svg.matchAll(/<rect [^>]*width="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(widths).toEqual([420, 210, 0]);
    expect(svg).toContain('EUR 100.00');
  });

  it('step the legend by one up to 8, in ranges above', () => {
    expect(legendSteps(0)).toEqual([]);
    expect(legendSteps(2)).toEqual([
      { from: 1, to: 1 },
      { from: 2, to: 2 },
    ]);
    expect(legendSteps(12).at(-1)).toEqual({ from: 11, to: 12 });
  });

  it('wrap labels in lines', () => {
    expect(wrap('Governance and reforms', 12, 2)).toEqual(['Governance', 'and reforms']);
    expect(wrap('one two three four', 7, 2)).toEqual(['one two', 'three…']);
  });
});
