import { type AnyColumn, type SQL, sql } from 'drizzle-orm';

/** `%text%` for LIKE, where `%` and `_` typed by a user stay literal (with ESCAPE '\'). */
function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/** Case-insensitive substring match (SQLite's LIKE ignores ASCII case). */
export function containsText(column: AnyColumn, text: string): SQL {
  return sql`${column} LIKE ${containsPattern(text)} ESCAPE '\\'`;
}

/** Case-insensitive substring match against any string of a JSON array column. */
export function anyElementContains(column: AnyColumn, text: string): SQL {
  return sql`EXISTS (SELECT 1 FROM json_each(${column}) WHERE value LIKE ${containsPattern(text)} ESCAPE '\\')`;
}

/** The column, or any string of the JSON array column, equal to one of `names` in any case. */
export function nameOrElementIn(column: AnyColumn, arrayColumn: AnyColumn, names: string[]): SQL {
  const list = sql.join(
    [...new Set(names.map((name) => name.toLowerCase()))].map((name) => sql`${name}`),
    sql`, `,
  );
  return sql`(lower(${column}) IN (${list}) OR EXISTS (SELECT 1 FROM json_each(${arrayColumn}) WHERE lower(value) IN (${list})))`;
}
