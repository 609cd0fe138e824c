import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import type pg from 'pg';

/** drizzle-kit's PostgreSQL migrations, plus the hand-written one (triggers, search, collation). */
export const PG_MIGRATIONS_FOLDER = fileURLToPath(
  new URL('../../../migrations-pg', import.meta.url),
);

/** The advisory lock instances hold while they migrate: any number may start at once. */
const MIGRATION_LOCK = 0x6661_6374; // "fact"

/**
 * Applies every pending migration. Instances starting together on one database take turns under
 * a session advisory lock: the first migrates, the others then find nothing left to do.
 */
export async function migratePg(pool: { connect(): Promise<pg.PoolClient> }): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await migrate(drizzle({ client }), { migrationsFolder: PG_MIGRATIONS_FOLDER });
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
}
