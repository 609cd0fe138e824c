import { is, SQL, StringChunk } from 'drizzle-orm';
import { IndexedColumn, PgTable, getTableConfig as pgConfig } from 'drizzle-orm/pg-core';
import { SQLiteTable, getTableConfig as sqliteConfig } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import * as pgSchema from '../src/db/pg/schema.js';
import * as sqliteSchema from '../src/db/schema.js';

/**
 * The record has one shape on both engines: every table of the SQLite schema exists on PostgreSQL
 * with the same columns (name, order, kind of value, nullability, default), keys, uniques, foreign
 * keys (and what a delete does), CHECKs and named indexes, and nothing more. Only the search index
 * differs in kind: FTS5 on SQLite (a hand-written migration), a tsvector table on PostgreSQL.
 */
const ENGINE_OWN = new Set(['claim_search']);

type Shape = {
  columns: string[];
  primaryKey: string[];
  uniques: string[];
  foreignKeys: string[];
  checks: string[];
  indexes: string[];
};

/** What a column holds, as far as the API can tell the engines apart. */
const KINDS: Record<string, string> = {
  SQLiteText: 'text',
  SQLiteInteger: 'integer',
  SQLiteTextJson: 'json',
  SQLiteReal: 'real',
  PgText: 'text',
  PgInteger: 'integer',
  PgBigInt53: 'integer',
  PgJson: 'json',
  PgJsonb: 'json',
  PgDoublePrecision: 'real',
};

function sqlText(value: SQL): string {
  return value.queryChunks
    .map((chunk) => (is(chunk, StringChunk) ? chunk.value.join('') : ''))
    .join('')
    .trim();
}

function indexPart(part: unknown): string {
  if (is(part, SQL)) return sqlText(part);
  if (is(part, IndexedColumn)) {
    return part.indexConfig.order === 'desc' ? `${part.name} DESC` : String(part.name);
  }
  return (part as { name: string }).name;
}

type AnyConfig = ReturnType<typeof sqliteConfig> | ReturnType<typeof pgConfig>;

function shapeOf(config: AnyConfig): Shape {
  const uniqueColumns = config.columns.filter((c) => c.isUnique).map((c) => c.name);
  return {
    columns: config.columns.map(
      (c) =>
        `${c.name} ${KINDS[c.columnType] ?? c.columnType}${c.notNull ? ' not null' : ''}${c.primary ? ' primary' : ''}${c.hasDefault ? ' default' : ''}`,
    ),
    primaryKey: config.primaryKeys.flatMap((pk) => pk.columns.map((c) => c.name)),
    uniques: [
      ...uniqueColumns,
      ...config.uniqueConstraints.map((u) => `${u.name}(${u.columns.map((c) => c.name)})`),
    ].sort(),
    foreignKeys: config.foreignKeys
      .map((fk) => {
        const ref = fk.reference();
        return `${ref.columns.map((c) => c.name)} → ${ref.foreignColumns.map((c) => c.name)} on delete ${fk.onDelete ?? 'no action'}`;
      })
      .sort(),
    checks: config.checks.map((c) => `${c.name}: ${sqlText(c.value)}`).sort(),
    indexes: config.indexes
      .map((i) => {
        const { name, columns, where, unique } = i.config;
        const on = (columns as unknown[]).map(indexPart).join(', ');
        return `${unique ? 'unique ' : ''}${name} (${on})${where ? ` where ${sqlText(where)}` : ''}`;
      })
      .sort(),
  };
}

const sqliteTables = new Map(
  Object.values(sqliteSchema as Record<string, unknown>)
    .filter((value): value is SQLiteTable => is(value, SQLiteTable))
    .map((table) => [sqliteConfig(table).name, shapeOf(sqliteConfig(table))]),
);
const pgTables = new Map(
  Object.values(pgSchema as Record<string, unknown>)
    .filter((value): value is PgTable => is(value, PgTable))
    .map((table) => [pgConfig(table).name, shapeOf(pgConfig(table))]),
);

describe('the SQLite and PostgreSQL schemas', () => {
  it('when both are read, then they have the same tables, apart from each engine’s search index', () => {
    const shared = (names: Iterable<string>) => [...names].filter((n) => !ENGINE_OWN.has(n)).sort();
    expect(sqliteTables.size).toBeGreaterThan(10);
    expect(shared(pgTables.keys())).toEqual(shared(sqliteTables.keys()));
  });

  for (const [name, sqlite] of sqliteTables) {
    it(`when table ${name} is compared, then columns, keys, constraints and indexes are the same`, () => {
      expect(pgTables.get(name)).toEqual(sqlite);
    });
  }
});
