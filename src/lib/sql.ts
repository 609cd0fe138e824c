import { type AnyColumn, type SQL, sql } from 'drizzle-orm';

/** Case-insensitive substring match where `%` and `_` typed by a user stay literal. */
export function containsText(column: AnyColumn, text: string): SQL {
  const pattern = `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
  return sql`${column} LIKE ${pattern} ESCAPE '\\'`;
}
