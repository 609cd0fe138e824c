import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3';
import * as schema from './schema.js';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/** Opens (and creates, with its folder) the SQLite file with the pragmas the app relies on. */
/**
 * `busyTimeoutMs`: how long a write waits for another connection's write lock (an import). better-
 * sqlite3 waits synchronously, so the API's own connection keeps it short and answers 503 instead.
 */
export function openDb(file: string, busyTimeoutMs = 5000): Db {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma(`busy_timeout = ${Math.max(0, Math.trunc(busyTimeoutMs))}`);
  sqlite.pragma('synchronous = NORMAL');
  cacheStatements(sqlite);
  return drizzle(sqlite, { schema });
}

/**
 * drizzle prepares a statement for every query it runs, and preparing costs more than running
 * (it dominated imports). Reuse the prepared statement for the same SQL text, reset to the mode
 * drizzle expects (it asks for raw rows itself when it wants them).
 */
function cacheStatements(sqlite: Database.Database, size = 500): void {
  const prepare = sqlite.prepare.bind(sqlite);
  const cache = new Map<string, Database.Statement>();
  sqlite.prepare = ((source: string) => {
    let statement = cache.get(source);
    if (statement && !statement.busy) {
      cache.delete(source);
      cache.set(source, statement);
      if (statement.reader) statement.raw(false);
      return statement;
    }
    statement = prepare(source);
    cache.set(source, statement);
    if (cache.size > size) cache.delete(cache.keys().next().value ?? '');
    return statement;
  }) as typeof sqlite.prepare;
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
