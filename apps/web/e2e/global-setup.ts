// Browser suite setup: build the UI from current sources, find Chromium, start the real server; tests get both via inject().
import { existsSync } from 'node:fs';
import path from 'node:path';
import { build } from 'vite';
import type { TestProject } from 'vitest/node';
import './e2e-env';
import { startTestServer, webRoot } from './server';

function findChromium(): string | null {
  const candidates = [
    process.env['CHROMIUM_PATH'],
    '/usr/bin/chromium',
    ...(process.env['PATH'] ?? '')
      .split(path.delimiter)
      .filter(Boolean)
      .map((dir) => path.join(dir, 'chromium')),
  ];
  return (
    candidates.find((candidate): candidate is string => Boolean(candidate) && existsSync(candidate as string)) ?? null
  );
}

async function buildWeb(): Promise<void> {
  // vitest sets NODE_ENV=test, which would give a development React build; test what ships.
  const previous = process.env['NODE_ENV'];
  process.env['NODE_ENV'] = 'production';
  try {
    await build({
      root: webRoot,
      configFile: path.join(webRoot, 'vite.config.ts'),
      mode: 'production',
      logLevel: 'warn',
    });
  } finally {
    process.env['NODE_ENV'] = previous;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await buildWeb();

  const chromiumPath = findChromium();
  if (!chromiumPath) {
    const message = 'no chromium (looked for $CHROMIUM_PATH, /usr/bin/chromium and chromium on PATH)';
    if (process.env['CI'])
      throw new Error(`Browser suite cannot run in CI: ${message}. Install Debian's chromium package.`);
    const bar = '!'.repeat(72);
    process.stderr.write(
      `\n${bar}\n!!  BROWSER SUITE SKIPPED: ${message}\n!!  Install it (apt-get install chromium) to run apps/web/e2e.\n${bar}\n\n`,
    );
    project.provide('e2eChromiumPath', null);
    project.provide('e2eBaseUrl', null);
    return async () => {};
  }

  const server = await startTestServer();
  project.provide('e2eChromiumPath', chromiumPath);
  project.provide('e2eBaseUrl', server.url);
  return async () => {
    await server.close();
  };
}
