import { defineConfig } from 'drizzle-kit';

/** The PostgreSQL schema's migrations (`npm run db:generate:pg`); SQLite's are drizzle.config.ts. */
export default defineConfig({
  dialect: 'postgresql',
  schema: './src/db/pg/schema.ts',
  out: './migrations-pg',
  dbCredentials: { url: process.env.DATABASE_URL ?? 'postgres://localhost/factcheck' },
  strict: true,
  verbose: true,
});
