/**
 * Writes a migration with the SQL that brings the database at DATABASE_URL up to the entities.
 * Usage: DATABASE_URL=... npm run migration:generate -- Name
 */
import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { createDataSource } from '../db/data-source';
import { ENTITIES } from '../schema/entities';
import { pendingSchemaChanges, SchemaChange } from '../db/schema-diff';
import { PROJECT_ROOT } from '../config/config';

async function main(): Promise<void> {
  const name = process.argv[2];
  const url = process.env.DATABASE_URL;
  if (!name || !url) throw new Error('usage: DATABASE_URL=postgres://... generate-migration <Name>');
  const dataSource = createDataSource({ url, entities: ENTITIES });
  await dataSource.initialize();
  await dataSource.runMigrations();
  const { up, down } = await pendingSchemaChanges(dataSource);
  const generatedIn: string = (await dataSource.query('SELECT current_database() AS db'))[0].db;
  await dataSource.destroy();
  if (up.length === 0) {
    console.log('entities and migrations agree: nothing to generate');
    return;
  }
  const timestamp = Date.now();
  const className = `${name}${timestamp}`;
  // TypeORM records generated columns in typeorm_metadata under the database's name: write the name of the
  // database the migration runs in, not the one it was generated in.
  const render = (queries: SchemaChange[]) => {
    const lines = queries.map(({ query, parameters }) => {
      if (!parameters?.length) return `    await queryRunner.query(${JSON.stringify(query)});`;
      const rendered = parameters.map((p) => (p === generatedIn ? 'database' : JSON.stringify(p))).join(', ');
      return `    await queryRunner.query(${JSON.stringify(query)}, [${rendered}]);`;
    });
    if (!queries.some(({ query }) => query.includes('typeorm_metadata'))) return lines.join('\n');
    return [
      "    const database: string = (await queryRunner.query('SELECT current_database() AS db'))[0].db;",
      '    await queryRunner.query(`CREATE TABLE IF NOT EXISTS "typeorm_metadata" ("type" varchar NOT NULL, "database" varchar, "schema" varchar, "table" varchar, "name" varchar, "value" text)`);',
      ...lines,
    ].join('\n');
  };
  const file = path.join(PROJECT_ROOT, 'migrations', `${timestamp}-${name}.ts`);
  fs.writeFileSync(
    file,
    `import { MigrationInterface, QueryRunner } from 'typeorm';\n\nexport class ${className} implements MigrationInterface {\n  name = '${className}';\n\n  public async up(queryRunner: QueryRunner): Promise<void> {\n${render(up)}\n  }\n\n  public async down(queryRunner: QueryRunner): Promise<void> {\n${render(down)}\n  }\n}\n`,
  );
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
