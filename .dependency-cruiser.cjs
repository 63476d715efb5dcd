// Layer rules of design.md §2, enforced in CI (`npm run lint`).
const notTests = '(\\.test\\.tsx?$|/testing/)';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-imports-no-workspace',
      comment: 'domain is the bottom layer: it imports no other workspace package.',
      severity: 'error',
      from: { path: '^packages/domain/src', pathNot: notTests },
      to: { path: '^(packages|apps)/', pathNot: '^packages/domain/' },
    },
    {
      name: 'domain-imports-no-node',
      comment: 'domain runs in the browser and in backtests: no Node built-ins.',
      severity: 'error',
      from: { path: '^packages/domain/src', pathNot: notTests },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'domain-no-io-libraries',
      comment: 'domain may use pure libraries only; I/O and framework packages belong in adapters.',
      severity: 'error',
      from: { path: '^packages/domain/src', pathNot: notTests },
      to: {
        path: 'node_modules/(pg|pg-[^/]+|@electric-sql|drizzle-orm|fastify|@fastify|pino|@stoqey|react|react-dom|@mantine|@node-rs)/',
      },
    },
    {
      name: 'contracts-only-schemas',
      comment: 'contracts are shared zod schemas: they may use the domain, nothing with I/O.',
      severity: 'error',
      from: { path: '^packages/contracts/src' },
      to: { path: '^(packages|apps)/', pathNot: '^packages/(contracts|domain)/' },
    },
    {
      name: 'contracts-imports-no-node',
      severity: 'error',
      from: { path: '^packages/contracts/src' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'application-has-no-adapters',
      comment: 'use cases talk to ports; adapters (db, brokers, http) depend on the application, never the reverse.',
      severity: 'error',
      from: { path: '^packages/application/src' },
      to: { path: '^(packages|apps)/', pathNot: '^packages/(application|contracts|domain)/' },
    },
    {
      name: 'application-imports-no-node',
      comment: 'I/O reaches the application only through ports.',
      severity: 'error',
      from: { path: '^packages/application/src', pathNot: notTests },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'packages-do-not-import-apps',
      comment: 'packages never import apps; only apps/server composes.',
      severity: 'error',
      from: { path: '^packages/' },
      to: { path: '^apps/' },
    },
    {
      name: 'web-talks-to-contracts',
      comment:
        'the web app uses the API contracts and the domain, never server-side code (e2e tests may start the server).',
      severity: 'error',
      from: { path: '^apps/web/src' },
      to: { path: '^(apps/server|packages/(application|db|testkit))/' },
    },
    {
      name: 'no-test-code-in-production',
      severity: 'error',
      from: { path: '^(packages|apps)/[^/]+/src', pathNot: `${notTests}|^packages/testkit/` },
      to: { path: '(^packages/testkit/|\\.test\\.tsx?$|/testing/)' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(node_modules|/dist/|\\.data/|packages/db/drizzle/)' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.depcruise.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs'],
    },
    combinedDependencies: true,
  },
};
