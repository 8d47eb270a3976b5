/** `npm run schema:emit`: writes the GraphQL schema to schema.graphql, the snapshot clients and CI compare against. */
import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../config/config';
import { printAppSchema } from '../schema/build-schema';

fs.writeFileSync(path.join(PROJECT_ROOT, 'schema.graphql'), printAppSchema());
console.log('wrote schema.graphql');
