import { type AnyColumn, type SQL, sql } from 'drizzle-orm';

/**
 * `column IN (…ids)` with the ids passed as one JSON array (`idList`) in the placeholder `ids`:
 * the statement's text is the same however many ids a call has, so it is prepared once, where an
 * `IN (?, ?, …)` of each length would be built and prepared anew.
 */
export function inIdList(column: AnyColumn): SQL {
  return sql`${column} IN (SELECT value FROM json_each(${sql.placeholder('ids')}))`;
}

export const idList = (ids: readonly string[]): { ids: string } => ({ ids: JSON.stringify(ids) });
