import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

// No Docker engine runs where the tests run, so the compose file is checked for what would break `up`:
// it parses, the API waits for a healthy PostgreSQL, both have health checks, and data lives in a volume.
describe('docker-compose.yml', () => {
  const root = path.join(__dirname, '..', '..');
  const compose = parse(fs.readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'));

  it('runs PostgreSQL with a health check and a named volume', () => {
    const postgres = compose.services.postgres;
    expect(postgres.image).toMatch(/^postgres:\d+/);
    expect(postgres.healthcheck.test.join(' ')).toContain('pg_isready');
    const [volume] = postgres.volumes[0].split(':');
    expect(Object.keys(compose.volumes)).toContain(volume);
  });

  it('runs the API against it once it is healthy, with a readiness health check', () => {
    const api = compose.services.api;
    expect(api.depends_on.postgres.condition).toBe('service_healthy');
    const { POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DB } = compose.services.postgres.environment;
    expect(api.environment.DATABASE_URL).toBe(`postgres://${POSTGRES_USER}:${POSTGRES_PASSWORD}@postgres:5432/${POSTGRES_DB}`);
    expect(api.healthcheck.test.join(' ')).toContain('/readyz');
    expect(api.build).toBe('.');
    expect(fs.existsSync(path.join(root, 'Dockerfile'))).toBe(true);
  });
});
