export { createTestDatabase, postgresServerUnavailable, postgresUnavailable, testBackend } from './test-database';
export type { TestBackend, TestDatabase, TestDatabaseOptions } from './test-database';
export { describeDb } from './describe-db';
export { DEFAULT_TEST_DATABASE_URL, testDatabaseUrl } from './postgres-server';
export * from './fake-broker';
export { brokerContractSuite } from './broker-contract';
export type { BrokerContractSubject } from './broker-contract';
