// Where the PostgreSQL test suite finds its server, and the flag the global setup hands to workers.

export const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export function testDatabaseUrl(): string {
  return process.env['TEST_DATABASE_URL'] || DEFAULT_TEST_DATABASE_URL;
}

/** Key under which postgres-global-setup provides why the server is unavailable (false when it is up). */
export const PG_UNAVAILABLE_KEY = 'postgresUnavailable';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUnavailable: string | false;
  }
}
