import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeDb } from '@optionstrader/testkit';
import { expect, it } from 'vitest';
import { listTables } from './list-tables';
import { MIGRATIONS_FOLDER, migrateDatabase } from './migrate';

const journal: { entries: unknown[] } = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, 'meta/_journal.json'), 'utf8'));

describeDb(
  'migrations on an empty database',
  (use) => {
    it('apply every migration once, then none', async () => {
      const { database } = use();
      expect(await listTables(database)).toEqual([]);
      expect(await migrateDatabase(database)).toEqual({ applied: journal.entries.length });
      expect(await migrateDatabase(database)).toEqual({ applied: 0 });
      expect((await listTables(database)).length).toBeGreaterThan(20);
    });

    it('concurrent calls do not race', async () => {
      const { database } = use();
      const results = await Promise.all([migrateDatabase(database), migrateDatabase(database)]);
      expect(results).toEqual([{ applied: 0 }, { applied: 0 }]);
    });
  },
  { migrate: false },
);
