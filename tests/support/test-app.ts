import { AppConfig, loadConfig } from '../../src/config/config';
import { createLogger, startApp, App } from '../../src/app';
import { createTestDatabase, TestDatabase } from './test-database';
import { ReportJobs } from '../../src/reports/report-jobs';
import { buildAppSchema } from '../../src/schema/build-schema';

/** The result of a GraphQL request over HTTP. */
export interface GraphQLResponse<T = any> {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: { code?: string } & Record<string, unknown>; path?: (string | number)[] }[];
}

/** A real API on a real port over a test file's own database. */
export interface TestApp {
  app: App;
  db: TestDatabase;
  /** POSTs a GraphQL operation to /graphql (with `token`, as `Authorization: Bearer <token>`). */
  gql<T = any>(query: string, variables?: Record<string, unknown>, options?: { token?: string }): Promise<GraphQLResponse<T>>;
  /** Runs an operation and returns the SQL statements it caused. */
  countStatements(query: string, variables?: Record<string, unknown>): Promise<{ response: GraphQLResponse; statements: string[] }>;
  /** The report machinery, when started. */
  reports?: ReportJobs;
  close(): Promise<void>;
}

/**
 * Starts the API over a fresh copy of the seeded database; `overrides` change its configuration
 * (`requireTokenForReads`); `reports: true` also starts the report machinery with a worker in the process.
 */
export async function startTestApp(overrides: Partial<AppConfig> = {}, options: { reports?: boolean } = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const config = { ...loadConfig({ NODE_ENV: 'test', DATABASE_URL: db.url, PORT: '0' }), ...overrides };
  const reports = options.reports
    ? await ReportJobs.start(
        db.dataSource,
        db.url,
        { ...config.reports, schedulerTickSeconds: 1, retryDelaySeconds: 1 },
        { schema: buildAppSchema(), work: true },
      )
    : undefined;
  const app = await startApp(db.dataSource, config, createLogger(config), 0, { reports });
  const gql = async (query: string, variables?: Record<string, unknown>, options: { token?: string } = {}) => {
    const response = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(options.token ? { authorization: `Bearer ${options.token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, ...((await response.json()) as object) } as GraphQLResponse;
  };
  return {
    app,
    db,
    gql,
    async countStatements(query, variables) {
      db.recorder.start();
      const response = await gql(query, variables);
      return { response, statements: db.recorder.stop() };
    },
    reports,
    async close() {
      await app.stop();
      await reports?.stop();
      await db.drop();
    },
  };
}
