import { getTableName, is, SQL, sql } from 'drizzle-orm';
import type { AnySQLiteColumn } from 'drizzle-orm/sqlite-core';

/**
 * Related rows read in the statement that reads a row, as correlated subqueries returning JSON:
 * SQLite answers these far faster than a join (a point lookup each), and a row's lists come back
 * whole without a statement of their own.
 */

/**
 * The values of `column` over the rows `where` picks, in `column` order, as a JSON array (`[]`
 * when none), read back as strings.
 */
export function textListOf(column: AnySQLiteColumn, from: SQL, where: SQL): SQL<string[]> {
  return sql<
    string[]
  >`(SELECT json_group_array(${qualified(column)} ORDER BY ${qualified(column)}) FROM ${from} WHERE ${where})`.mapWith(
    (text: string) => JSON.parse(text) as string[],
  );
}

type Fields = Record<string, AnySQLiteColumn | SQL>;
type RowOf<F extends Fields> = {
  [K in keyof F]: F[K] extends SQL<infer T>
    ? T
    : F[K] extends AnySQLiteColumn
      ? F[K]['_']['data']
      : never;
};

/** The one row `where` picks, as an object of `fields` (null when there is none). */
export function rowOf<F extends Fields>(fields: F, from: SQL, where: SQL): SQL<RowOf<F> | null> {
  const pairs = sql.join(
    Object.entries(fields).map(
      ([name, column]) =>
        sql`${sql.raw(`'${name}'`)}, ${is(column, SQL) ? column : qualified(column)}`,
    ),
    sql`, `,
  );
  return sql<RowOf<F> | null>`(SELECT json_object(${pairs}) FROM ${from} WHERE ${where})`.mapWith(
    (text: string) => JSON.parse(text) as RowOf<F>,
  );
}

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

/** A JSON column's value inside a JSON object (as JSON, not as its text). */
export function jsonValue(column: AnySQLiteColumn): SQL<unknown> {
  return sql<unknown>`json(${qualified(column)})`;
}
