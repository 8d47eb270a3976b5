import fs from 'node:fs';
import path from 'node:path';
import { startTestApp, TestApp } from '../support/test-app';

// Every operation in docs/examples runs as written against the seed corpus: no errors, and an answer with
// something in it (an example that silently returns nothing teaches nothing).
const EXAMPLES_DIR = path.join(__dirname, '..', '..', 'docs', 'examples');
const examples = fs
  .readdirSync(EXAMPLES_DIR)
  .filter((file) => file.endsWith('.graphql'))
  .sort();

const isEmpty = (value: unknown): boolean =>
  value === null ||
  value === undefined ||
  (Array.isArray(value) && value.length === 0) ||
  (typeof value === 'object' && !Array.isArray(value) && Object.values(value as object).every(isEmpty));

describe('docs/examples', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await startTestApp();
  });
  afterAll(() => api.close());

  it('holds the analysis examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(6);
  });

  it.each(examples)('%s runs without errors and answers something', async (file) => {
    const response = await api.gql(fs.readFileSync(path.join(EXAMPLES_DIR, file), 'utf8'));
    expect(response.errors).toBeUndefined();
    for (const [field, value] of Object.entries(response.data as Record<string, unknown>)) {
      expect([field, isEmpty(value)]).toEqual([field, false]);
    }
  });
});
