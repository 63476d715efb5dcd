import { migrateDatabase, openDatabase } from '@optionstrader/db';
import { loadConfig } from '../config';
import { parseOptions } from './parse';

export async function migrateCommand(args: string[]): Promise<number> {
  parseOptions(args, {});
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
  try {
    const { applied } = await migrateDatabase(database);
    process.stdout.write(`Migrations applied: ${applied} (${database.kind})\n`);
    return 0;
  } finally {
    await database.close();
  }
}
