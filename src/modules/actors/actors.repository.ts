import { and, asc, desc, eq, gt, inArray, or, type SQL, sql } from 'drizzle-orm';
import { dialectOf, idList } from '../../db/dialect.js';
import { type ActorRow, actors } from '../../db/schema.js';
import { preparedFor } from '../../db/sqlite/prepared.js';
import { readRows, rowsChanged, type Tx } from '../../db/store.js';
import { isId } from '../../lib/ids.js';
import type { ActorKind } from '../../lib/vocabulary.js';
import type { ActorSummary } from './actors.schemas.js';

/** Every column an actor's writer sets: the row without its bookkeeping and its stored count. */
export type ActorValues = Omit<ActorRow, 'version' | 'createdAt' | 'updatedAt' | 'claimCount'>;

export async function findActor(tx: Tx, idOrSlug: string): Promise<ActorRow | null> {
  const find = isId('actor', idOrSlug) ? actorById : actorBySlug;
  const [row] = await find(tx).execute({ key: idOrSlug });
  return row ?? null;
}

// Looked up once per record (and per affiliation step) by an import: prepared.
const actorById = preparedFor((tx) =>
  tx
    .select()
    .from(actors)
    .where(eq(actors.id, sql.placeholder('key')))
    .limit(1),
);
const actorBySlug = preparedFor((tx) =>
  tx
    .select()
    .from(actors)
    .where(eq(actors.slug, sql.placeholder('key')))
    .limit(1),
);

/** The page's query: awaited, its rows; its statement for a test of its plan (`toSQL`). */
export function listActorRows(
  tx: Tx,
  filter: { q?: string; kind?: ActorKind; afterSlug?: string; limit: number },
) {
  const conditions: SQL[] = [];
  if (filter.kind) conditions.push(eq(actors.kind, filter.kind));
  if (filter.q) {
    const { containsText, anyElementContains } = dialectOf(tx);
    const match = or(
      containsText(actors.name, filter.q),
      containsText(actors.slug, filter.q),
      anyElementContains(actors.aliases, filter.q),
    );
    if (match) conditions.push(match);
  }
  if (filter.afterSlug) conditions.push(gt(actors.slug, filter.afterSlug));
  return tx
    .select()
    .from(actors)
    .where(and(...conditions))
    .orderBy(asc(actors.slug))
    .limit(filter.limit);
}

/** Summaries keyed by id, for embedding claimants and affiliations without a query per row. */
export async function actorSummaries(
  tx: Tx,
  ids: Iterable<string>,
): Promise<Map<string, ActorSummary>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await summariesOf(tx).execute(idList(unique));
  return new Map(rows.map((row) => [row.id, row]));
}

// Every page of an export or a list reads them: prepared.
const summariesOf = preparedFor((tx) =>
  tx
    .select({ id: actors.id, slug: actors.slug, name: actors.name, kind: actors.kind })
    .from(actors)
    .where(dialectOf(tx).inIdList(actors.id)),
);

export async function insertActor(tx: Tx, values: ActorValues, now: string): Promise<void> {
  await tx.insert(actors).values({ ...values, createdAt: now, updatedAt: now });
}

/** Applies a change and bumps the version. */
export async function updateActor(
  tx: Tx,
  id: string,
  values: Partial<ActorValues>,
  now: string,
): Promise<void> {
  await tx
    .update(actors)
    .set({ ...values, version: sql`${actors.version} + 1`, updatedAt: now })
    .where(eq(actors.id, id));
}

/** Moves the actor's stored claim count; how many rows it changed (0: no such actor). */
export async function addToClaimCount(tx: Tx, id: string, delta: number): Promise<number> {
  return rowsChanged(await moveClaimCount(tx).execute({ id, delta }));
}

// Once per claim written: prepared.
const moveClaimCount = preparedFor((tx) =>
  tx
    .update(actors)
    .set({ claimCount: sql`${actors.claimCount} + ${sql.placeholder('delta')}` })
    .where(eq(actors.id, sql.placeholder('id'))),
);

/** The actors with the most claims, then by slug: read in order from their index, no sort. */
export async function topClaimants(
  tx: Tx,
  limit: number,
): Promise<{ claimant: ActorSummary; claimCount: number }[]> {
  const rows = await tx
    .select({
      id: actors.id,
      slug: actors.slug,
      name: actors.name,
      kind: actors.kind,
      claimCount: actors.claimCount,
    })
    .from(actors)
    // The index's own condition, as written there: the planner sees at once that it applies.
    .where(sql`${actors.claimCount} > 0`)
    .orderBy(desc(actors.claimCount), asc(actors.slug))
    .limit(limit);
  return rows.map(({ claimCount, ...claimant }) => ({ claimant, claimCount }));
}

/** Slugs of the actors affiliated with this one. */
export async function affiliatesOf(tx: Tx, id: string): Promise<string[]> {
  const rows = await tx
    .select({ slug: actors.slug })
    .from(actors)
    .where(eq(actors.affiliationId, id))
    .orderBy(asc(actors.slug));
  return rows.map((row) => row.slug);
}

export async function deleteActorRow(tx: Tx, id: string): Promise<void> {
  await tx.delete(actors).where(eq(actors.id, id));
}

/**
 * Actors with every affiliation before its members (by depth in the affiliation tree, then slug),
 * a page after a (depth, slug) position: an export in this order never refers forward.
 */
export async function actorsInDependencyOrder(
  tx: Tx,
  after: { depth: number; slug: string } | null,
  limit: number,
): Promise<(ActorRow & { depth: number })[]> {
  const order = await actorIdsInDependencyOrder(tx, after, limit);
  if (order.length === 0) return [];
  const rows = await tx
    .select()
    .from(actors)
    .where(
      inArray(
        actors.id,
        order.map((entry) => entry.id),
      ),
    );
  const byId = new Map(rows.map((row) => [row.id, row]));
  return order.flatMap((entry) => {
    const actor = byId.get(entry.id);
    return actor ? [{ ...actor, depth: entry.depth }] : [];
  });
}

/** An actor known by this name (any case) or by one of these aliases or sameAs links. */
export async function findActorByNames(tx: Tx, names: string[]): Promise<ActorRow | null> {
  if (names.length === 0) return null;
  const [row] = await tx
    .select()
    .from(actors)
    .where(dialectOf(tx).nameOrElementIn(actors.name, actors.aliases, names))
    .orderBy(asc(actors.slug))
    .limit(1);
  return row ?? null;
}

/** The id of the actor an id or slug names, or null: a lookup that reads no more than the index. */
export async function actorIdOf(tx: Tx, idOrSlug: string): Promise<string | null> {
  const find = isId('actor', idOrSlug) ? actorIdById : actorIdBySlug;
  const [row] = await find(tx).execute({ key: idOrSlug });
  return row?.id ?? null;
}

const actorIdById = preparedFor((tx) =>
  tx
    .select({ id: actors.id })
    .from(actors)
    .where(eq(actors.id, sql.placeholder('key')))
    .limit(1),
);
const actorIdBySlug = preparedFor((tx) =>
  tx
    .select({ id: actors.id })
    .from(actors)
    .where(eq(actors.slug, sql.placeholder('key')))
    .limit(1),
);

/**
 * Actor ids with every affiliation before its members (by depth in the affiliation tree, then
 * slug), a page after a (depth, slug) position: an export in this order never refers forward.
 */
async function actorIdsInDependencyOrder(
  tx: Tx,
  after: { depth: number; slug: string } | null,
  limit: number,
): Promise<{ id: string; depth: number }[]> {
  return readRows(
    tx,
    sql`WITH RECURSIVE chain(id, depth) AS (
          SELECT id, 0 FROM actors WHERE affiliation_id IS NULL
          UNION ALL SELECT a.id, chain.depth + 1 FROM actors a JOIN chain ON a.affiliation_id = chain.id
        ),
        ordered AS (
          SELECT a.id, coalesce(chain.depth, 1000000) AS depth, a.slug
          FROM actors a LEFT JOIN chain ON chain.id = a.id
        )
        SELECT id, depth FROM ordered
        WHERE (depth, slug) > (${after?.depth ?? -1}, ${after?.slug ?? ''})
        ORDER BY depth, slug LIMIT ${limit}`,
  );
}
