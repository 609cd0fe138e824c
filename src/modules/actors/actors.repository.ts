import { and, asc, eq, gt, inArray, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { type ActorRow, actors } from '../../db/schema.js';
import { isId } from '../../lib/ids.js';
import { anyElementContains, containsText } from '../../lib/sql.js';
import type { ActorKind } from '../../lib/vocabulary.js';
import type { ActorSummary } from './actors.schemas.js';

export function findActor(db: Db, idOrSlug: string): ActorRow | null {
  const column = isId('actor', idOrSlug) ? actors.id : actors.slug;
  return db.select().from(actors).where(eq(column, idOrSlug)).get() ?? null;
}

export function listActorRows(
  db: Db,
  filter: { q?: string; kind?: ActorKind; afterSlug?: string; limit: number },
): ActorRow[] {
  const conditions: SQL[] = [];
  if (filter.kind) conditions.push(eq(actors.kind, filter.kind));
  if (filter.q) {
    const match = or(
      containsText(actors.name, filter.q),
      containsText(actors.slug, filter.q),
      anyElementContains(actors.aliases, filter.q),
    );
    if (match) conditions.push(match);
  }
  if (filter.afterSlug) conditions.push(gt(actors.slug, filter.afterSlug));
  return db
    .select()
    .from(actors)
    .where(and(...conditions))
    .orderBy(asc(actors.slug))
    .limit(filter.limit)
    .all();
}

/** Summaries keyed by id, for embedding claimants and affiliations without a query per row. */
export function actorSummaries(db: Db, ids: Iterable<string>): Map<string, ActorSummary> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = db
    .select({ id: actors.id, slug: actors.slug, name: actors.name, kind: actors.kind })
    .from(actors)
    .where(inArray(actors.id, unique))
    .all();
  return new Map(rows.map((row) => [row.id, row]));
}

export type ActorValues = Omit<typeof actors.$inferInsert, 'version' | 'createdAt' | 'updatedAt'>;

export function insertActor(db: Db, values: ActorValues, now: string): void {
  db.insert(actors)
    .values({ ...values, createdAt: now, updatedAt: now })
    .run();
}

/** Applies a change and bumps the version. */
export function updateActor(db: Db, id: string, values: Partial<ActorValues>, now: string): void {
  db.update(actors)
    .set({ ...values, version: sql`${actors.version} + 1`, updatedAt: now })
    .where(eq(actors.id, id))
    .run();
}

export function affiliatesOf(db: Db, id: string): string[] {
  return db
    .select({ slug: actors.slug })
    .from(actors)
    .where(eq(actors.affiliationId, id))
    .all()
    .map((row) => row.slug);
}

export function deleteActorRow(db: Db, id: string): void {
  db.delete(actors).where(eq(actors.id, id)).run();
}

/**
 * Actors with every affiliation before its members (by depth in the affiliation tree, then slug),
 * a page after a (depth, slug) position: an export in this order never refers forward.
 */
export function actorsInDependencyOrder(
  db: Db,
  after: { depth: number; slug: string } | null,
  limit: number,
): (ActorRow & { depth: number })[] {
  const rows = db.$client
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
  if (rows.length === 0) return [];
  const byId = new Map(
    db
      .select()
      .from(actors)
      .where(
        inArray(
          actors.id,
          rows.map((row) => row.id),
        ),
      )
      .all()
      .map((row) => [row.id, row]),
  );
  return rows.flatMap((row) => {
    const actor = byId.get(row.id);
    return actor ? [{ ...actor, depth: row.depth }] : [];
  });
}

/** An actor known by this name (any case) or by one of these aliases or sameAs links. */
export function findActorByNames(db: Db, names: string[]): ActorRow | null {
  const wanted = [...new Set(names.map((name) => name.toLowerCase()))];
  if (wanted.length === 0) return null;
  const list = sql.join(
    wanted.map((name) => sql`${name}`),
    sql`, `,
  );
  return (
    db
      .select()
      .from(actors)
      .where(
        sql`lower(${actors.name}) IN (${list}) OR EXISTS (SELECT 1 FROM json_each(${actors.aliases}) WHERE lower(value) IN (${list}))`,
      )
      .orderBy(asc(actors.slug))
      .get() ?? null
  );
}
