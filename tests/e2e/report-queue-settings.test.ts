import { loadConfig } from '../../src/config/config';
import { REPORT_QUEUE, ReportJobs } from '../../src/reports/report-jobs';
import { buildAppSchema } from '../../src/schema/build-schema';
import { createTestDatabase, TestDatabase } from '../support/test-database';

// pg-boss keeps a queue's settings from its creation: without an update, a changed retry or timeout setting never
// applied to the report queue of a database that already had one (found while testing issue 14, part B, where the
// retry after an outage came 10-20 s late, at the first start's default delay).
describe('the report queue takes the settings of the latest process started', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db?.drop());

  const queue = async () =>
    (
      await db.dataSource.query(`SELECT retry_limit, retry_delay, retry_backoff, expire_seconds FROM pgboss.queue WHERE name = $1`, [REPORT_QUEUE])
    )[0];

  it('applies REPORT_RETRY_LIMIT, REPORT_RETRY_DELAY_SECONDS and REPORT_JOB_TIMEOUT_SECONDS to a queue that exists', async () => {
    const defaults = loadConfig({ NODE_ENV: 'test' }).reports;
    const first = await ReportJobs.start(db.dataSource, db.url, defaults, { schema: buildAppSchema(), work: false });
    await first.stop();
    expect(await queue()).toEqual({ retry_limit: 3, retry_delay: 10, retry_backoff: true, expire_seconds: 300 });

    const changed = loadConfig({
      NODE_ENV: 'test',
      REPORT_RETRY_LIMIT: '5',
      REPORT_RETRY_DELAY_SECONDS: '1',
      REPORT_JOB_TIMEOUT_SECONDS: '60',
    }).reports;
    const second = await ReportJobs.start(db.dataSource, db.url, changed, { schema: buildAppSchema(), work: false });
    await second.stop();
    expect(await queue()).toEqual({ retry_limit: 5, retry_delay: 1, retry_backoff: true, expire_seconds: 60 });
  });
});
