import fs from 'node:fs';
import path from 'node:path';
import { buildAppSchema } from '../../src/schema/build-schema';

// CHANGELOG.md lists the client-visible changes: every root field of the schema is named in it (the curation
// mutations by their pattern), so a new query, mutation or subscription cannot ship without its entry.
const CURATION = /^(create|update|delete|restore)(Agreement|Commitment|Constraint|Actor|Source|Mechanism|CooperationDomain)$/;

describe('CHANGELOG.md', () => {
  const changelog = fs.readFileSync(path.join(__dirname, '..', '..', 'CHANGELOG.md'), 'utf8');
  const schema = buildAppSchema();

  it('follows Keep a Changelog: an Unreleased section first, then dated ones', () => {
    const sections = [...changelog.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
    expect(sections[0]).toMatch(/^\[Unreleased\]/);
    for (const section of sections.slice(1)) expect(section).toMatch(/^\d{4}-\d{2}-\d{2}: /);
  });

  it('names every root field of the schema', () => {
    const missing = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]
      .flatMap((type) => Object.keys(type?.getFields() ?? {}))
      .filter((field) => !CURATION.test(field) && !changelog.includes(`\`${field}`));
    expect(missing).toEqual([]);
  });
});
