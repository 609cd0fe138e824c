import { type SQL, sql } from 'drizzle-orm';
import type { AnySQLiteColumn } from 'drizzle-orm/sqlite-core';

/**
 * The values of `column` over the rows `where` picks, in `column` order, as a JSON array text
 * (`[]` when none), read back as strings: a row's list read in the statement that reads the row.
 */
export function textListOf(column: AnySQLiteColumn, from: SQL, where: SQL): SQL<string[]> {
  return sql<
    string[]
  >`(SELECT json_group_array(${column} ORDER BY ${column}) FROM ${from} WHERE ${where})`.mapWith(
    (text: string) => JSON.parse(text) as string[],
  );
}
