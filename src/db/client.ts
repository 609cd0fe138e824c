import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import * as schema from './schema.js';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/** Opens (and creates, with its folder) the SQLite file with the pragmas the app relies on. */
export function openDb(file: string): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('synchronous = NORMAL');
  return drizzle(sqlite, { schema });
}

export function closeDb(db: Db): void {
  if (db.$client.open) db.$client.close();
}

/** A real round trip through the database, for health checks. */
export function pingDb(db: Db): void {
  db.$client.prepare('SELECT count(*) FROM claims').get();
}

/**
 * Runs `fn` in one write transaction (BEGIN IMMEDIATE); a throw rolls everything back.
 * better-sqlite3 is synchronous, so `fn` must be too: nothing may be awaited inside.
 */
export function inTransaction<T>(db: Db, fn: () => T): T {
  return db.$client.transaction(fn).immediate();
}
