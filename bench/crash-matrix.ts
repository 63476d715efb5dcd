// `node --import tsx bench/crash-matrix.ts [trials]`: the SIGKILL crash matrix of the order flow with more trials per
// crash point than CI runs (default 10). It runs apps/server/src/order-crash.process.test.ts with CRASH_TRIALS set;
// the test prints the matrix (trials, kills, PLACE_ORDERs and order rows per trial, duplicates) when it ends.
// Needs PostgreSQL at TEST_DATABASE_URL (default: the local one).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const trials = Number(process.argv[2] ?? process.env['CRASH_TRIALS'] ?? 10);
if (!Number.isInteger(trials) || trials < 1) {
  process.stderr.write(`crash-matrix: trials must be a positive whole number, not ${process.argv[2]}\n`);
  process.exit(2);
}
const root = fileURLToPath(new URL('..', import.meta.url));
const result = spawnSync('npx', ['vitest', 'run', '--project', 'unit', 'apps/server/src/order-crash.process.test.ts'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, CRASH_TRIALS: String(trials) },
});
process.exit(result.status ?? 1);
