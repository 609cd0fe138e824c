import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ValidationError } from './problem.js';

/**
 * Keyset position: the sort it belongs to, the last row's sort key and its tie-breaker, and a
 * digest of the filters its list was read with (a position means nothing in another list).
 */
const CursorSchema = z.object({
  sort: z.string(),
  key: z.union([z.string(), z.number()]),
  tie: z.union([z.string(), z.number()]),
  filters: z.string().optional(),
});

export type Cursor = z.infer<typeof CursorSchema>;
type Position = Omit<Cursor, 'filters'>;

/** What a list was asked for, beside its paging: its query's filters, its path's ids. */
export type ListFilters = Record<string, unknown>;

/**
 * A short digest of a list's filters, whatever order they came in (a filter's several values are a
 * set: `status=a,b` is `status=b&status=a`); paging parameters aside.
 */
function digestOf(filters: ListFilters): string {
  const named = Object.entries(filters)
    .filter(([name, value]) => value !== undefined && name !== 'cursor' && name !== 'limit')
    .map(([name, value]) => [
      name,
      Array.isArray(value) ? [...new Set(value.map(String))].sort() : value,
    ])
    .sort(([a], [b]) => (String(a) < String(b) ? -1 : 1));
  return createHash('sha256').update(JSON.stringify(named)).digest('base64url').slice(0, 12);
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

/**
 * Decodes a client's cursor; a malformed one, or one made for another sort or other filters, is a
 * 400.
 */
export function decodeCursor(value: string, sort: string, filters: ListFilters = {}): Cursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const result = CursorSchema.safeParse(parsed);
  if (!result.success) throw invalidCursor('is malformed; pass back a nextCursor unchanged');
  if (result.data.sort !== sort) {
    throw invalidCursor(`was made for sort '${result.data.sort}', not '${sort}'`);
  }
  if (result.data.filters !== digestOf(filters)) {
    throw invalidCursor('was made for other filters; pass it back with the same filters and sort');
  }
  return result.data;
}

function invalidCursor(why: string): ValidationError {
  const message = `cursor ${why}`;
  return new ValidationError(`The cursor ${why}.`, [{ path: 'query.cursor', message }]);
}

/**
 * Turns the `limit + 1` rows a keyset query fetched into a page: the extra row only tells that
 * another page exists, whose cursor is the position of the page's last row.
 */
export function keysetPage<R, T>(
  rows: R[],
  limit: number,
  positionOf: (last: R) => Position,
  toItems: (rows: R[]) => T[],
  filters: ListFilters = {},
): { items: T[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: toItems(page),
    nextCursor:
      rows.length > limit && last
        ? encodeCursor({ ...positionOf(last), filters: digestOf(filters) })
        : null,
  };
}

/**
 * One page of a keyset list: the client's cursor checked against the list's order and filters,
 * `limit + 1` rows fetched after its position, and the next cursor made for the same order and
 * filters, so that the two can never disagree.
 */
export async function keysetList<R>(
  query: { limit: number; cursor?: string | undefined },
  list: { order: string; filters?: ListFilters },
  fetch: (after: Cursor | undefined, limit: number) => Promise<R[]>,
  positionOf: (last: R) => Omit<Position, 'sort'>,
): Promise<{ items: R[]; nextCursor: string | null }> {
  const filters = list.filters ?? {};
  const after = query.cursor ? decodeCursor(query.cursor, list.order, filters) : undefined;
  const rows = await fetch(after, query.limit + 1);
  return keysetPage(
    rows,
    query.limit,
    (last) => ({ sort: list.order, ...positionOf(last) }),
    (page) => page,
    filters,
  );
}

/** Lists ordered by slug (actors, sources): the slug alone is the position. */
export const SLUG_ORDER = 'slug';

export function slugPosition(row: { slug: string }): Position {
  return { sort: SLUG_ORDER, key: row.slug, tie: row.slug };
}

/**
 * Every page of a keyset query from the start, `size` rows at a time: `fetch` gets the last row of
 * the page before (null first), so a long export never holds more than a page.
 */
export async function* keysetPages<R>(
  size: number,
  fetch: (last: R | null) => Promise<R[]>,
): AsyncGenerator<R[]> {
  for (let last: R | null = null; ; ) {
    const rows = await fetch(last);
    if (rows.length > 0) yield rows;
    const end = rows.at(-1);
    if (rows.length < size || end === undefined) return;
    last = end;
  }
}
