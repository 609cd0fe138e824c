import {
  type AnyColumn,
  and,
  eq,
  gt,
  lt,
  or,
  type Placeholder,
  type SQL,
  type SQLWrapper,
  sql,
} from 'drizzle-orm';
import type { Cursor } from '../lib/cursor.js';

/**
 * The rows after a cursor's position, in a list ordered by `key` (ascending, or descending) and
 * then by the unique `tie` ascending: what a page's statement adds to start after the row the
 * cursor names, walking the index of that order.
 */
export function afterPosition(
  key: AnyColumn,
  tie: AnyColumn,
  position: Cursor,
  order: 'ascending' | 'descending' = 'ascending',
): SQL | undefined {
  const beyond = order === 'descending' ? lt : gt;
  return or(beyond(key, position.key), and(eq(key, position.key), gt(tie, position.tie)));
}

/** Below every slug (slugs are never empty): the rows "after" it are all of them. */
export const BEFORE_EVERY_SLUG = '';

/** A position's value, or the placeholder of a prepared statement that takes it. */
export type KeyValue<T extends string | number> = T | Placeholder;

/** `(a, b, …) < (x, y, …)` or `>`: a keyset position, compared as one row value. */
export function rowCompare(
  op: '<' | '>',
  columns: SQLWrapper[],
  values: KeyValue<string | number>[],
): SQL {
  const left = sql.join(columns, sql`, `);
  const right = sql.join(
    values.map((value) => sql`${value}`),
    sql`, `,
  );
  return op === '<' ? sql`(${left}) < (${right})` : sql`(${left}) > (${right})`;
}
