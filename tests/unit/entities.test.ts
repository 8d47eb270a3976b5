import fs from 'node:fs';
import path from 'node:path';
import { getMetadataArgsStorage } from 'typeorm';
import { createDataSource } from '../../src/db/data-source';
import { pendingSchemaChanges } from '../../src/db/schema-diff';
import { ENTITIES } from '../../src/schema/entities';

// The entity list is assembled at the top (src/schema/entities.ts) and handed to the data sources that compare it
// with the database: the migration check and `migration:generate`. A class left out of it would go unchecked.

const SRC = path.join(__dirname, '..', '..', 'src');

function entityFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? entityFiles(full) : entry.name.endsWith('.entity.ts') ? [full] : [];
  });
}

describe('the entity list', () => {
  it('holds every class of src/ declared as an entity (@Entity), once', () => {
    const files = entityFiles(SRC);
    expect(files.length).toBeGreaterThan(5);
    for (const file of files) jest.requireActual(file);
    const declared = getMetadataArgsStorage().tables.map((table) => table.target);
    expect(new Set(ENTITIES)).toEqual(new Set(declared));
    expect(ENTITIES.length).toBe(new Set(ENTITIES).size);
  });

  it('is what the schema check needs: a data source without entities is refused rather than found in agreement', async () => {
    const dataSource = createDataSource({ url: 'postgres://nobody@127.0.0.1:1/none' });
    await expect(pendingSchemaChanges(dataSource)).rejects.toThrow('the data source has no entities');
  });
});
