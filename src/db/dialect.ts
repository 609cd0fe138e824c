import { type AnyColumn, getTableName, is, SQL, type SQLWrapper, sql } from 'drizzle-orm';
import type { AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import { engineOf } from './engine.js';
import type { SearchSql } from './search.js';
import type { Tx } from './store.js';

/**
 * The pieces of SQL the engines write differently (JSON, pattern matching, planner hints), for the
 * queries the app writes once: a query built for a handle takes them from `dialectOf(tx)`.
 */
export interface SqlDialect {
  /** The values of `column` over the rows `where` picks, in `column` order, as a string array. */
  textListOf(column: AnySQLiteColumn, from: SQL, where: SQL): SQL<string[]>;
  /** The one row `where` picks, as an object of `fields` (null when there is none). */
  rowOf<F extends Fields>(fields: F, from: SQL, where: SQL): SQL<RowOf<F> | null>;
  /** A `rowOf` placed among another `rowOf`'s fields, kept an object (not its text). */
  nested<T>(row: SQL<T>): SQL<T>;
  /** The fields of the row at hand as one JSON object. */
  objectOf<F extends Fields>(fields: F): SQL<RowOf<F>>;
  /**
   * The objects in the column `row` of a subquery (each an `objectOf`), as one array. Offered where
   * each statement costs a round trip to a server: a document's parts then come in its statement.
   * SQLite, in-process, answers a few point statements faster than one that aggregates them.
   */
  rowsOf?<T>(query: SQL): SQL<T[]>;
  /** A JSON column's value inside a JSON object (as JSON, not as its text). */
  jsonValue(column: AnySQLiteColumn): SQL<unknown>;
  /** `column IN (…ids)`, the ids passed as one JSON array in the placeholder `ids` (`idList`). */
  inIdList(column: AnyColumn): SQL;
  /** Case-insensitive substring match; `%` and `_` typed by a user stay literal. */
  containsText(column: AnyColumn, text: string): SQL;
  /** Case-insensitive substring match against any string of a JSON array column. */
  anyElementContains(column: AnyColumn, text: string): SQL;
  /** The column, or any string of the JSON array column, equal to one of `names` in any case. */
  nameOrElementIn(column: AnyColumn, arrayColumn: AnyColumn, names: string[]): SQL;
  /** The term filters rows but must not lead the planner to its index (the sort's is walked). */
  filterOnly(column: SQLWrapper): SQL;
  /** The search index's pieces. */
  search: SearchSql;
}

export type Fields = Record<string, AnySQLiteColumn | SQL>;
export type RowOf<F extends Fields> = {
  [K in keyof F]: F[K] extends SQL<infer T>
    ? T
    : F[K] extends AnySQLiteColumn
      ? F[K]['_']['data']
      : never;
};

export function dialectOf(tx: Tx): SqlDialect {
  return engineOf(tx).sql;
}

/** The placeholder values of `inIdList`: the statement's text is the same for any number of ids. */
export const idList = (ids: readonly string[]): { ids: string } => ({ ids: JSON.stringify(ids) });

/** A related row that a foreign key guarantees: typed as present (a broken key is a fault). */
export function required<T>(row: SQL<T | null>): SQL<T> {
  return row as SQL<T>;
}

/**
 * `"table"."column"`: drizzle leaves the table out of a one-table query's columns, which inside a
 * correlated subquery would name the subquery's own column of that name instead.
 */
export function qualified(column: AnySQLiteColumn): SQL {
  return sql.raw(`"${getTableName(column.table)}"."${column.name}"`);
}

/**
 * A value the code fixes (a link kind, a page size), written into the statement rather than bound:
 * PostgreSQL plans and starts a statement faster the fewer parameters it binds. Never for a value
 * a request brings.
 */
export function constant<T extends string | number>(value: T): SQL<T> {
  const text = typeof value === 'number' ? String(value) : `'${value.replaceAll("'", "''")}'`;
  return sql<T>`${sql.raw(text)}`;
}

/** `%text%` for LIKE, where `%` and `_` typed by a user stay literal (with ESCAPE '\'). */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/** `'name', value, …` for the engines' JSON object builders. */
export function namedValues(fields: Fields): SQL {
  return sql.join(
    Object.entries(fields).map(
      ([name, column]) =>
        sql`${sql.raw(`'${name}'`)}, ${is(column, SQL) ? column : qualified(column)}`,
    ),
    sql`, `,
  );
}

/** The names, lower-cased and once each, as a list for `IN (…)`. */
export function lowerCaseList(names: string[]): SQL {
  return sql.join(
    [...new Set(names.map((name) => name.toLowerCase()))].map((name) => sql`${name}`),
    sql`, `,
  );
}

/** A subquery answering a JSON array of strings, read back as the array. */
export function asStringList(query: SQL): SQL<string[]> {
  return sql<string[]>`${query}`.mapWith((text: string) => JSON.parse(text) as string[]);
}

/** A subquery answering one JSON object (or NULL), read back as the row. */
export function asRow<F extends Fields>(query: SQL): SQL<RowOf<F> | null> {
  return sql<RowOf<F> | null>`${query}`.mapWith((text: string) => JSON.parse(text) as RowOf<F>);
}

/** A JSON object built by the query, read back as the row. */
export function asObject<F extends Fields>(query: SQL): SQL<RowOf<F>> {
  return sql<RowOf<F>>`${query}`.mapWith((text: string) => JSON.parse(text) as RowOf<F>);
}
