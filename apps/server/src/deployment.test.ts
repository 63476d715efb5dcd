// The Dockerfile and compose.yaml, read as text: the facts a deployment relies on (no Docker needed).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { doctorChecks } from './doctor/doctor-result';

const repo = fileURLToPath(new URL('../../../', import.meta.url));
const read = (file: string) => readFileSync(path.join(repo, file), 'utf8');

interface Instruction {
  keyword: string;
  args: string;
}

/** Dockerfile instructions, continuation lines joined, comments dropped. */
function instructions(text: string): Instruction[] {
  return text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [keyword = '', ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    });
}

const dockerfile = instructions(read('Dockerfile'));
/** ARGs declared before the first FROM, with their defaults (they parameterize the FROM lines). */
const globalArgs = Object.fromEntries(
  dockerfile
    .slice(
      0,
      dockerfile.findIndex((i) => i.keyword === 'FROM'),
    )
    .filter((i) => i.keyword === 'ARG')
    .map((i) => i.args.split('=') as [string, string]),
);
const resolve = (text: string) => text.replace(/\$\{(\w+)\}/g, (_, name: string) => globalArgs[name] ?? '');
const stages = dockerfile.reduce<{ from: string; name: string; body: Instruction[] }[]>((all, i) => {
  if (i.keyword === 'FROM') {
    const [image = '', , name = ''] = resolve(i.args).split(/\s+/);
    all.push({ from: image, name, body: [] });
  } else all.at(-1)?.body.push(i);
  return all;
}, []);
const runtime = stages.at(-1)!;
const jsonArray = (args: string) => JSON.parse(args) as string[];

describe('Dockerfile', () => {
  it('is multi-stage, and every stage runs the Node that package.json asks for', () => {
    expect(stages.length).toBeGreaterThanOrEqual(3);
    const engines = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node;
    const [, floorMajor] = /^>=(\d+)\.\d+$/.exec(engines) ?? [];
    const names = new Set(stages.map((stage) => stage.name));
    // Stages built FROM an earlier stage inherit its image.
    for (const stage of stages.filter((s) => !names.has(s.from))) {
      const [, major] = /^node:(\d+)-bookworm-slim$/.exec(stage.from) ?? [];
      expect(major, stage.from).toBeDefined();
      // The floating `node:20` tag is the newest 20.x, past the 20.19 floor.
      expect(Number(major)).toBeGreaterThanOrEqual(Number(floorMajor));
    }
  });

  it('runs as a non-root user, with a health check on /healthz and port 8080', () => {
    const users = runtime.body.filter((i) => i.keyword === 'USER').map((i) => i.args);
    expect(users.at(-1)).toBe('node');
    const healthcheck = runtime.body.find((i) => i.keyword === 'HEALTHCHECK');
    expect(healthcheck?.args).toMatch(/CMD \["node", "-e", ".*\/healthz/);
    expect(runtime.body.find((i) => i.keyword === 'EXPOSE')?.args).toBe('8080');
    expect(runtime.body.find((i) => i.keyword === 'ENV')?.args).toMatch(/PORT=8080/);
  });

  it('starts the optionstrader binary with serve, as npm start does', () => {
    const entrypoint = jsonArray(runtime.body.find((i) => i.keyword === 'ENTRYPOINT')!.args);
    expect(entrypoint).toEqual(['node', '/app/apps/server/bin/optionstrader.mjs']);
    expect(existsSync(path.join(repo, 'apps/server/bin/optionstrader.mjs'))).toBe(true);
    expect(jsonArray(runtime.body.find((i) => i.keyword === 'CMD')!.args)).toEqual(['serve']);
  });

  it('installs from every workspace manifest, and copies only paths that exist', () => {
    const workspaces = (JSON.parse(read('package.json')) as { workspaces: string[] }).workspaces;
    for (const stage of stages.filter((s) => s.body.some((i) => i.args.startsWith('npm ci')))) {
      const copied = stage.body.filter((i) => i.keyword === 'COPY').map((i) => i.args);
      for (const workspace of workspaces)
        expect(copied, stage.name).toContain(`${workspace}/package.json ${workspace}/`);
    }
    for (const copy of dockerfile.filter((i) => i.keyword === 'COPY' && !i.args.startsWith('--from'))) {
      const sources = copy.args.split(/\s+/).slice(0, -1);
      for (const source of sources) expect(existsSync(path.join(repo, source)), source).toBe(true);
    }
  });

  it('gives the runtime what the server reads: production modules, the web build, the price data, the migrations', () => {
    const prod = stages.find((s) => s.name === 'prod')!;
    const copies = prod.body.filter((i) => i.keyword === 'COPY').map((i) => i.args);
    expect(prod.body.find((i) => i.keyword === 'RUN')?.args).toMatch(/^npm ci --omit=dev/);
    expect(copies).toContain('--from=build /app/apps/web/dist ./apps/web/dist');
    expect(copies).toContain('data ./data');
    // packages/db/drizzle rides along with packages/.
    expect(copies).toContain('packages ./packages');
    expect(runtime.body.find((i) => i.keyword === 'COPY')?.args).toBe('--from=prod /app /app');
  });

  it('keeps modules, local data and secrets out of the build context', () => {
    const ignored = read('.dockerignore').split('\n');
    for (const entry of ['**/node_modules', '.data', '.env', '.git']) expect(ignored).toContain(entry);
  });
});

interface Service {
  image?: string;
  command?: string[];
  profiles?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
  volumes?: string[];
  ports?: string[];
}

/** Compose's `${VAR:-default}` / `${VAR:?error}` with nothing set: the default, or a stand-in for a required value. */
const interpolate = (text: string) =>
  text.replace(/\$\{(\w+)(?::-([^}]*)|:\?[^}]*)?\}/g, (_, name: string, fallback?: string) => fallback ?? `<${name}>`);

const compose = parse(interpolate(read('compose.yaml')), { merge: true }) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};
const { postgres, app, worker } = compose.services as Record<'postgres' | 'app' | 'worker', Service>;

describe('compose.yaml', () => {
  it('runs PostgreSQL 16 on a named volume, checked with pg_isready', () => {
    expect(postgres.image).toMatch(/^postgres:16/);
    const [volume] = postgres.volumes?.[0]?.split(':') ?? [];
    expect(postgres.volumes?.[0]).toMatch(/:\/var\/lib\/postgresql\/data$/);
    expect(compose.volumes).toHaveProperty(volume!);
    expect(postgres.healthcheck?.test.join(' ')).toMatch(/pg_isready -U optionstrader -d optionstrader/);
  });

  it('starts the app once PostgreSQL is healthy and points DATABASE_URL at it', () => {
    expect(app.depends_on?.['postgres']?.condition).toBe('service_healthy');
    const url = new URL(app.environment?.['DATABASE_URL'] ?? '');
    expect(url.hostname).toBe('postgres');
    expect(url.port).toBe('5432');
    expect(url.pathname).toBe(`/${(postgres.environment as Record<string, string>)['POSTGRES_DB']}`);
    expect(url.username).toBe((postgres.environment as Record<string, string>)['POSTGRES_USER']);
    expect(app.command).toEqual(['serve']);
  });

  it('checks the app on /healthz and publishes its port 8080', () => {
    expect(app.healthcheck?.test.join(' ')).toMatch(/http:\/\/127\.0\.0\.1:8080\/healthz/);
    expect(app.environment?.['PORT']).toBe('8080');
    expect(app.ports?.[0]).toMatch(/:8080$/);
  });

  it('has an optional worker service running the worker role, checked by the doctor', () => {
    expect(worker.profiles).toEqual(['workers']);
    expect(worker.command).toEqual(['serve', '--roles', 'worker']);
    expect(worker.environment?.['DATABASE_URL']).toBe(app.environment?.['DATABASE_URL']);
    expect(worker.depends_on?.['postgres']?.condition).toBe('service_healthy');
    const test = worker.healthcheck?.test ?? [];
    expect(test.slice(0, 3)).toEqual(['CMD', 'optionstrader', 'doctor']);
    expect(doctorChecks).toContain(test[test.indexOf('--only') + 1]);
  });

  it('documents IB Gateway as an opt-in profile whose paper port the app uses by default', () => {
    const gateway = compose.services['ib-gateway']!;
    expect(gateway.profiles).toEqual(['ibkr']);
    expect(app.environment?.['IBKR_HOST']).toBe('ib-gateway');
    expect(String(app.environment?.['IBKR_PORT'])).toBe('4004');
    expect(gateway.healthcheck?.test.join(' ')).toContain('/dev/tcp/127.0.0.1/4004');
  });
});
