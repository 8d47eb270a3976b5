import { localCaller } from '../../src/reports/graphql-callers';
import { collectReport, GraphQLCaller } from '../../src/reports/report-data';
import { buildAppSchema } from '../../src/schema/build-schema';
import { startTestApp, TestApp } from '../support/test-app';

// Issue 17: a report states the moment it is as of, and reads as of it: every call and every page of a run reads that
// one moment, so edits made while a multi-page report is collected do not show in it.
describe('report runs read as of their stated moment', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await startTestApp();
  });
  afterAll(() => api.close());

  /** The real caller, with `edit` run (once) after the first page the report reads. */
  function editingAfterFirstPage(edit: () => Promise<unknown>): { call: GraphQLCaller; pages: () => number } {
    const call = localCaller(buildAppSchema(), api.db.dataSource);
    let pages = 0;
    return {
      call: async (document, variables, operationName) => {
        const data = await call(document, variables, operationName);
        if (++pages === 1) await edit();
        return data;
      },
      pages: () => pages,
    };
  }

  it('a changes report of several pages does not show changes made between its pages', async () => {
    const caller = editingAfterFirstPage(() =>
      api.db.dataSource.query(`UPDATE agreement SET short_title = 'Renamed mid-report' WHERE slug = 'japan-ukraine-2024'`),
    );
    const report = await collectReport(buildAppSchema(), 'changes-since', { since: '2000-01-01T00:00:00Z' }, caller.call);
    expect(caller.pages()).toBeGreaterThan(1);
    const changes = (report.data as { changes: { changes: { after: unknown }[] }[] }).changes;
    expect(changes.length).toBeGreaterThan(100);
    expect(JSON.stringify(changes)).not.toContain('Renamed mid-report');
    // The change is there for a report run afterwards.
    const later = await collectReport(buildAppSchema(), 'changes-since', { since: report.asOf }, localCaller(buildAppSchema(), api.db.dataSource));
    expect(JSON.stringify(later.data)).toContain('Renamed mid-report');
  });

  it('an agreement brief (two operations) does not show an edit made between them', async () => {
    const caller = editingAfterFirstPage(() =>
      api.db.dataSource.query(`UPDATE agreement SET title = 'Retitled mid-report' WHERE slug = 'japan-ukraine-2024'`),
    );
    const report = await collectReport(buildAppSchema(), 'agreement-brief', { agreement: 'japan-ukraine-2024' }, caller.call);
    expect(caller.pages()).toBe(2);
    expect(report.title).not.toContain('Retitled mid-report');
    expect(JSON.stringify(report.data)).not.toContain('Retitled mid-report');
  });
});
