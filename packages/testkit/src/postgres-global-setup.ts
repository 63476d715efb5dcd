// vitest globalSetup of the db-postgres project: is the server there? In CI it must be; locally we skip loudly.
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { redactDatabaseUrl } from '@optionstrader/db';
import { PG_UNAVAILABLE_KEY, testDatabaseUrl } from './postgres-server';

async function probe(url: string): Promise<string | false> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query('select 1');
    return false;
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : '';
    const message = error instanceof Error ? error.message : String(error);
    return (message.includes(code) ? message : [code, message].filter(Boolean).join(': ')) || 'unknown error';
  } finally {
    await client.end().catch(() => undefined);
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const url = testDatabaseUrl();
  const where = redactDatabaseUrl(url);
  const failure = await probe(url);
  if (failure && process.env['CI']) {
    throw new Error(
      `PostgreSQL test server unreachable at TEST_DATABASE_URL (${where}): ${failure}. CI must run this suite.`,
    );
  }
  if (failure) {
    const line = '='.repeat(78);
    process.stderr.write(
      [
        '',
        line,
        `  PostgreSQL suite SKIPPED: no server at ${where}`,
        `  reason: ${failure}`,
        '  Start PostgreSQL 15+ (or set TEST_DATABASE_URL) to run the db-postgres project.',
        '  In CI (CI=1) this is an error, not a skip.',
        line,
        '',
      ].join('\n'),
    );
  }
  project.provide(PG_UNAVAILABLE_KEY, failure);
}
