#!/usr/bin/env node
// The `optionstrader` binary: TypeScript sources run through tsx, so there is no build step to forget.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/cli/main.ts');
// Everything the command opened is closed by now; exit even if a library left a timer behind.
process.exit(await runCli(process.argv.slice(2)));
