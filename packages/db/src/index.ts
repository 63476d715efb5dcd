// Public API of @optionstrader/db: open, migrate, repositories. Callers never import drizzle themselves.
export { openDatabase, snapshotDatabase, IN_MEMORY } from './client';
export type { Database, DatabaseKind, Db, OpenDatabaseOptions } from './client';
export { migrateDatabase, MIGRATIONS_FOLDER } from './migrate';
export { listTables } from './list-tables';
export { createRepositories } from './repositories/index';
export type { Repositories } from './repositories/index';
export { isUniqueViolation } from './unique-violation';
export { errorReason, redactDatabaseUrl } from './connection-errors';
export * as schema from './schema/index';
export { queryRows } from './query-rows';
export * from './audit-context';
export { sqlExecutor, withReconnect, isConnectionLost } from './sql-executor';
export type { SqlExecutor } from './sql-executor';
export { createSchedulerLease } from './scheduler-lease';
