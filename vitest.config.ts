// One test command, four suites. `*.db.test.ts` files run twice: once on PGlite, once on a PostgreSQL server.
import { defineConfig } from 'vitest/config';

const unitExclude = ['**/node_modules/**', '**/*.db.test.ts', '**/e2e/**'];

export default defineConfig({
  test: {
    env: { TZ: 'UTC' },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'scripts/**/*.test.ts'],
          exclude: unitExclude,
          env: { TZ: 'UTC' },
        },
      },
      {
        test: {
          name: 'db-pglite',
          include: ['packages/*/src/**/*.db.test.ts', 'apps/*/src/**/*.db.test.ts'],
          env: { TZ: 'UTC', TEST_DB_BACKEND: 'pglite' },
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'db-postgres',
          include: ['packages/*/src/**/*.db.test.ts', 'apps/*/src/**/*.db.test.ts'],
          env: { TZ: 'UTC', TEST_DB_BACKEND: 'postgres' },
          globalSetup: ['packages/testkit/src/postgres-global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['apps/web/e2e/**/*.e2e.test.ts'],
          env: { TZ: 'UTC' },
          globalSetup: ['apps/web/e2e/global-setup.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
