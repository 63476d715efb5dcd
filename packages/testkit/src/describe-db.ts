// `describe` for database tests: skipped (not failed) when the PostgreSQL suite has no server locally.
import { afterAll, beforeAll, describe } from 'vitest';
import { createTestDatabase, postgresUnavailable, type TestDatabase, type TestDatabaseOptions } from './test-database';

/**
 * Runs `body` with a fresh migrated database shared by the tests of this block; `use()` returns it
 * inside tests and hooks. The block is skipped when the PostgreSQL server is missing (local runs only).
 */
export function describeDb(
  name: string,
  body: (use: () => TestDatabase) => void,
  options: TestDatabaseOptions = {},
): void {
  describe.skipIf(postgresUnavailable())(name, () => {
    let current: TestDatabase | undefined;
    beforeAll(async () => {
      current = await createTestDatabase(options);
    });
    afterAll(async () => {
      await current?.close();
    });
    body(() => {
      if (!current) throw new Error('describeDb: the database is only available inside tests and hooks');
      return current;
    });
  });
}
