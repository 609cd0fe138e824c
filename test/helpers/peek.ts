import { readFileSync } from 'node:fs';
import type Database from 'better-sqlite3';
import pg from 'pg';

/**
 * A look at the stored rows through a connection of the test's own, on either engine: what a test
 * asserts was (or was not) written. Queries are written once, with `?` placeholders.
 */
export type Peek = {
  rows<T = Record<string, unknown>>(query: string, ...params: unknown[]): Promise<T[]>;
  /** The first row, if any. */
  row<T = Record<string, unknown>>(query: string, ...params: unknown[]): Promise<T | undefined>;
  /** The first column of the first row (a count, a name). */
  value<T = unknown>(query: string, ...params: unknown[]): Promise<T>;
  /** The first column of every row. */
  values<T = unknown>(query: string, ...params: unknown[]): Promise<T[]>;
  run(query: string, ...params: unknown[]): Promise<void>;
  /**
   * Everything the database keeps, as bytes to search for what must never be stored (a secret):
   * SQLite's file itself, its log folded in first (free pages too); every row of every table of
   * PostgreSQL's database, as text.
   */
  storedBytes(): Promise<Buffer>;
  close(): Promise<void>;
};

export function peekSqlite(db: Database.Database): Peek {
  return {
    rows: async <T>(query: string, ...params: unknown[]) => db.prepare(query).all(...params) as T[],
    row: async <T>(query: string, ...params: unknown[]) =>
      db.prepare(query).get(...params) as T | undefined,
    value: async <T>(query: string, ...params: unknown[]) =>
      db
        .prepare(query)
        .pluck()
        .get(...params) as T,
    values: async <T>(query: string, ...params: unknown[]) =>
      db
        .prepare(query)
        .pluck()
        .all(...params) as T[],
    run: async (query: string, ...params: unknown[]) => {
      db.prepare(query).run(...params);
    },
    storedBytes: async () => {
      db.pragma('wal_checkpoint(TRUNCATE)');
      return readFileSync(db.name);
    },
    close: async () => {
      if (db.open) db.close();
    },
  };
}

export function peekPg(url: string): Peek {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  // Cut when the test's database is dropped: nothing to report.
  pool.on('error', () => {});
  const rows = async <T>(query: string, params: unknown[]) =>
    (await pool.query(numbered(query), params)).rows as T[];
  const firstColumn = (row: Record<string, unknown> | undefined) =>
    row === undefined ? undefined : Object.values(row)[0];
  return {
    rows: <T>(query: string, ...params: unknown[]) => rows<T>(query, params),
    row: async <T>(query: string, ...params: unknown[]) => (await rows<T>(query, params))[0],
    value: async <T>(query: string, ...params: unknown[]) =>
      firstColumn((await rows<Record<string, unknown>>(query, params))[0]) as T,
    values: async <T>(query: string, ...params: unknown[]) =>
      (await rows<Record<string, unknown>>(query, params)).map(firstColumn) as T[],
    run: async (query: string, ...params: unknown[]) => {
      await pool.query(numbered(query), params);
    },
    storedBytes: async () => {
      const tables = await rows<{ name: string }>(
        `SELECT table_name AS name FROM information_schema.tables
         WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`,
        [],
      );
      const texts: string[] = [];
      for (const { name } of tables) {
        const all = await rows<{ row: string }>(`SELECT t::text AS row FROM "${name}" t`, []);
        texts.push(...all.map((r) => r.row));
      }
      return Buffer.from(texts.join('\n'));
    },
    close: () => pool.end(),
  };
}

/** `?` placeholders (outside quoted text) as PostgreSQL's `$1`, `$2`… */
function numbered(query: string): string {
  let n = 0;
  return query
    .split(/('(?:[^']|'')*')/)
    .map((part, i) => (i % 2 === 1 ? part : part.replace(/\?/g, () => `$${++n}`)))
    .join('');
}
