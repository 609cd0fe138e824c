import { fileURLToPath } from 'node:url';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import type { Connection } from './connection.js';

/** drizzle-kit's SQLite migrations, plus the hand-written ones it cannot model (FTS5). */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../../migrations', import.meta.url));

/**
 * Applies the pending migrations with foreign keys off. SQLite changes a column by rebuilding its
 * table, and dropping the old table with foreign keys on would first delete every row that
 * references it (ON DELETE CASCADE): a claim's quotes, links and history. The switch is ignored
 * inside a transaction, and drizzle runs the migrations in one, so it is turned off around it; the
 * keys are checked before it is turned back on.
 */
export function migrateWithoutCascades(connection: Connection): void {
  connection.sqlite.pragma('foreign_keys = OFF');
  try {
    migrate(connection.tx, { migrationsFolder: MIGRATIONS_FOLDER });
    const broken = connection.sqlite.pragma('foreign_key_check') as { table: string }[];
    if (broken.length > 0) {
      throw new Error(
        `The migrations left ${broken.length} row(s) naming a missing row (first in ${broken[0]?.table}).`,
      );
    }
  } finally {
    connection.sqlite.pragma('foreign_keys = ON');
  }
}
