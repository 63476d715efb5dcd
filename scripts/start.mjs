// `npm start`: build the web UI when its sources changed since the last build, then run `optionstrader serve`.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const webInputs = [
  'apps/web/src',
  'apps/web/index.html',
  'apps/web/vite.config.ts',
  'apps/web/package.json',
  'packages/contracts/src',
  'packages/domain/src',
];
const builtIndex = path.join(root, 'apps/web/dist/index.html');

function newestMtime(target) {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(target).reduce(
    (newest, name) => Math.max(newest, newestMtime(path.join(target, name))),
    stat.mtimeMs,
  );
}

const builtAt = existsSync(builtIndex) ? statSync(builtIndex).mtimeMs : 0;
const sourcesAt = Math.max(...webInputs.map((input) => newestMtime(path.join(root, input))));
if (sourcesAt > builtAt) {
  process.stdout.write('Building the web UI (apps/web) ...\n');
  const build = spawnSync('npm', ['run', 'build', '--silent', '--workspace', 'apps/web'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

// The server runs in this process (no child to orphan on Ctrl+C); tsx compiles the TypeScript sources on load.
const { register } = await import('tsx/esm/api');
register();
const { runCli } = await import('../apps/server/src/cli/main.ts');
process.exit(await runCli(['serve', ...process.argv.slice(2)]));
