import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

// No Docker engine runs where the tests run, so the compose file is checked for what would break `up`: it parses,
// PostgreSQL has a health check and a volume, two API replicas (workers off) wait for it and report readiness, a
// report worker runs on the same database, and an nginx proxy in front spreads requests over exactly those replicas
// with its configuration checked in (deploy/nginx.conf).
describe('docker-compose.yml', () => {
  const root = path.join(__dirname, '..', '..');
  const compose = parse(fs.readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'), { merge: true });
  const { POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DB } = compose.services.postgres.environment;
  const databaseUrl = `postgres://${POSTGRES_USER}:${POSTGRES_PASSWORD}@postgres:5432/${POSTGRES_DB}`;
  const apiNames = Object.keys(compose.services).filter((name) => /^api-\d+$/.test(name));

  it('runs PostgreSQL with a health check and a named volume', () => {
    const postgres = compose.services.postgres;
    expect(postgres.image).toMatch(/^postgres:\d+/);
    expect(postgres.healthcheck.test.join(' ')).toContain('pg_isready');
    const [volume] = postgres.volumes[0].split(':');
    expect(Object.keys(compose.volumes)).toContain(volume);
  });

  it('runs two API replicas against it once it is healthy, with readiness health checks and no worker inside', () => {
    expect(apiNames).toEqual(['api-1', 'api-2']);
    for (const name of apiNames) {
      const api = compose.services[name];
      expect(api.build).toBe('.');
      expect(api.depends_on.postgres.condition).toBe('service_healthy');
      expect(api.environment.DATABASE_URL).toBe(databaseUrl);
      expect(api.environment.REPORT_WORKER_IN_PROCESS).toBe('false');
      expect(api.environment.PORT).toBe('4000');
      // Behind the proxy, the client's address (rate limits) comes from X-Forwarded-For.
      expect(api.environment.TRUST_PROXY).toBe('true');
      // Metrics on a port of their own, for the scraper inside the compose network, never the published one.
      expect(api.environment.METRICS_PORT).toMatch(/^\d+$/);
      expect(api.environment.METRICS_PORT).not.toBe(api.environment.PORT);
      expect(api.healthcheck.test.join(' ')).toContain('http://localhost:4000/readyz');
      // Longer than the API's SHUTDOWN_TIMEOUT_MS (25 s by default), so a stop lets requests in flight finish.
      expect(parseInt(api.stop_grace_period, 10)).toBeGreaterThan(25);
      // No port of their own: clients go through the proxy.
      expect(api.ports).toBeUndefined();
    }
    expect(fs.existsSync(path.join(root, 'Dockerfile'))).toBe(true);
    expect(fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8')).toMatch(/CMD \["node", "dist\/src\/server\.js"\]/);
  });

  it('runs a report worker from the same image on the same database', () => {
    const worker = compose.services.worker;
    expect(worker.build).toBe('.');
    expect(worker.command).toEqual(['node', 'dist/src/worker.js']);
    expect(fs.existsSync(path.join(root, 'src', 'worker.ts'))).toBe(true);
    expect(worker.environment.DATABASE_URL).toBe(databaseUrl);
    expect(worker.depends_on.postgres.condition).toBe('service_healthy');
  });

  it('puts an nginx proxy in front of exactly the API replicas, once they are healthy', () => {
    const proxy = compose.services.proxy;
    expect(proxy.image).toMatch(/^nginx:/);
    expect(proxy.ports).toEqual(['4000:80']);
    for (const name of apiNames) expect(proxy.depends_on[name].condition).toBe('service_healthy');
    const [source, target] = proxy.volumes[0].split(':');
    expect(target).toBe('/etc/nginx/nginx.conf');
    const conf = fs.readFileSync(path.join(root, source), 'utf8');
    const upstream = /upstream\s+(\w+)\s*\{([^}]*)\}/.exec(conf)!;
    const servers = [...upstream[2].matchAll(/^\s*server\s+([\w-]+):(\d+)/gm)].map((m) => `${m[1]}:${m[2]}`);
    expect(servers).toEqual(apiNames.map((name) => `${name}:${compose.services[name].environment.PORT}`));
    expect(conf).toMatch(new RegExp(`proxy_pass\\s+http://${upstream[1]};`));
    expect(conf).toMatch(/listen\s+80;/);
    // A request is moved to the other replica only when it could not be sent (never a mutation twice).
    expect(conf).toMatch(/proxy_next_upstream\s+error timeout;/);
    expect(conf).not.toMatch(/non_idempotent/);
    // /metrics is not published: the proxy answers it 404 itself (an exact-match location that proxies nothing).
    const metricsLocation = /location\s+=\s+\/metrics\s*\{([^}]*)\}/.exec(conf);
    expect(metricsLocation?.[1]).toMatch(/return\s+404;/);
    expect(metricsLocation?.[1]).not.toMatch(/proxy_pass/);
    // Balanced braces: a cheap check that the file is not cut short.
    expect(conf.split('{').length).toBe(conf.split('}').length);
  });
});
