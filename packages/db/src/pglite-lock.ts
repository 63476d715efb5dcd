// PGlite has no cross-process lock: two processes on one data dir would corrupt it, so we keep a PID file.
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const LOCK_FILE = 'optionstrader.lock';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return error instanceof Error && 'code' in error && error.code === 'EPERM';
  }
}

/** Takes the lock or throws naming the holder; a lock left by a dead process is taken over. */
export async function acquirePgliteLock(directory: string): Promise<() => Promise<void>> {
  const path = join(directory, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      await writeFile(path, String(process.pid), { flag: 'wx' });
      return () => rm(path, { force: true });
    } catch (error) {
      if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) throw error;
      const holder = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10);
      if (Number.isInteger(holder) && holder > 0 && isAlive(holder)) {
        throw new Error(`the data directory is in use by process ${holder} (${path}); stop it or use another DATA_DIR`);
      }
      await rm(path, { force: true });
    }
  }
  throw new Error(`could not take the lock ${path}`);
}
