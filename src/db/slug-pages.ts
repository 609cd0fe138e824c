import { asc, gt, sql } from 'drizzle-orm';
import type { SQLiteColumn, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { BEFORE_EVERY_SLUG } from './keyset.js';
import { preparedFor } from './sqlite/prepared.js';
import type { Tx } from './store.js';

/**
 * Whole rows of `table` in slug order after a slug (null: from the first), `limit` at a time: how
 * an export pages through a table. One statement, prepared once per connection.
 */
export function rowsAfterSlug<T extends SQLiteTable & { slug: SQLiteColumn }>(table: T) {
  const page = preparedFor((tx) =>
    tx
      .select()
      .from(table as SQLiteTable)
      .where(gt(table.slug, sql.placeholder('after')))
      .orderBy(asc(table.slug))
      .limit(sql.placeholder('limit')),
  );
  return (tx: Tx, afterSlug: string | null, limit: number) =>
    page(tx).execute({ after: afterSlug ?? BEFORE_EVERY_SLUG, limit }) as Promise<
      T['$inferSelect'][]
    >;
}
