import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: './src/db/schema.ts',
  out: './migrations',
  dbCredentials: { url: process.env.DB_FILE ?? 'data/factcheck.db' },
  strict: true,
  verbose: true,
});
