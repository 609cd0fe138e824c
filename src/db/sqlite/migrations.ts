import { fileURLToPath } from 'node:url';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { type Connection, closeTempSchema } from './connection.js';

/** drizzle-kit's SQLite migrations, plus the hand-written ones it cannot model (FTS5). */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../../migrations', import.meta.url));

/**
 * Applies the pending migrations with foreign keys off. SQLite changes a column by rebuilding its
 * table, and dropping the old table with foreign keys on would first delete every row that
 * references it (ON DELETE CASCADE): a claim's quotes, links and history. The switch is ignored
 * inside a transaction, and drizzle runs the migrations in one, so it is turned off around it; the
 * keys are checked before it is turned back on, when a migration ran (the check reads every row:
 * seconds on a large record, at every start).
 */
export function migrateWithoutCascades(connection: Connection): void {
  const appliedBefore = appliedMigrations(connection.sqlite);
  connection.sqlite.pragma('foreign_keys = OFF');
  try {
    migrate(connection.tx, { migrationsFolder: MIGRATIONS_FOLDER });
    if (appliedMigrations(connection.sqlite) === appliedBefore) return;
    const broken = connection.sqlite.pragma('foreign_key_check') as { table: string }[];
    if (broken.length > 0) {
      throw new Error(
        `The migrations left ${broken.length} row(s) naming a missing row (first in ${broken[0]?.table}).`,
      );
    }
  } finally {
    connection.sqlite.pragma('foreign_keys = ON');
    closeTempSchema(connection.sqlite);
  }
}

/** How many migrations the database has had (none before drizzle's table exists). */
function appliedMigrations(sqlite: Connection['sqlite']): number {
  const kept = sqlite
    .prepare("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = '__drizzle_migrations'")
    .get();
  if (kept === undefined) return 0;
  const { n } = sqlite.prepare('SELECT count(*) AS n FROM __drizzle_migrations').get() as {
    n: number;
  };
  return n;
}
