import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './client';
import { migrateDatabase } from './migrate';
import { createRepositories } from './repositories/index';

describe('embedded PGlite on disk', () => {
  const dirs: string[] = [];
  const tempDataDir = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ot-db-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(async () => {
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('keeps data across a restart and does not re-apply migrations', async () => {
    const dataDir = await tempDataDir();
    const first = await openDatabase({ dataDir });
    expect((await migrateDatabase(first)).applied).toBeGreaterThan(0);
    await createRepositories(first.db).users.create({ email: 'kept@example.com', passwordHash: 'h', isAdmin: false });
    await first.close();

    const second = await openDatabase({ dataDir });
    expect(await migrateDatabase(second)).toEqual({ applied: 0 });
    expect(await createRepositories(second.db).users.findByEmail('kept@example.com')).toBeDefined();
    await second.close();
  }, 60_000);

  it('refuses a data dir another open database holds, naming DATA_DIR, and reopens after close', async () => {
    const dataDir = await tempDataDir();
    const first = await openDatabase({ dataDir });
    await expect(openDatabase({ dataDir })).rejects.toThrow(
      `Cannot open the embedded database in DATA_DIR (${join(dataDir, 'pglite')}): the data directory is in use by process ${process.pid}`,
    );
    await first.close();
    const again = await openDatabase({ dataDir });
    await again.ping();
    expect(again.kind).toBe('pglite');
    await again.close();
  }, 60_000);
});
