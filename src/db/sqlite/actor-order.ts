import type { Tx } from '../store.js';
import { clientOf } from './connection.js';

/**
 * Actor ids with every affiliation before its members (by depth in the affiliation tree, then
 * slug), a page after a (depth, slug) position: an export in this order never refers forward.
 */
export async function actorIdsInDependencyOrder(
  tx: Tx,
  after: { depth: number; slug: string } | null,
  limit: number,
): Promise<{ id: string; depth: number }[]> {
  return clientOf(tx)
    .prepare(
      `WITH RECURSIVE chain(id, depth) AS (
         SELECT id, 0 FROM actors WHERE affiliation_id IS NULL
         UNION ALL SELECT a.id, chain.depth + 1 FROM actors a JOIN chain ON a.affiliation_id = chain.id
       ),
       ordered AS (
         SELECT a.id, coalesce(chain.depth, 1000000) AS depth, a.slug
         FROM actors a LEFT JOIN chain ON chain.id = a.id
       )
       SELECT id, depth FROM ordered
       WHERE (depth, slug) > (?, ?)
       ORDER BY depth, slug LIMIT ?`,
    )
    .all(after?.depth ?? -1, after?.slug ?? '', limit) as { id: string; depth: number }[];
}
