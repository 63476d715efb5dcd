import { defineConfig } from 'drizzle-kit';

// Only for generating SQL from the schema; the app migrates itself at start-up (src/migrate.ts).
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/schema/index.ts',
  out: './drizzle',
  strict: true,
});
