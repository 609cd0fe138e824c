import type { ActorRow } from '../../db/schema.js';
import type { Tx } from '../../db/store.js';
import type { Page } from '../../lib/api-schemas.js';
import { decodeCursor, keysetPage, SLUG_ORDER, slugPosition } from '../../lib/cursor.js';
import { optional } from '../../lib/maps.js';
import { NotFoundError } from '../../lib/problem.js';
import { actorSummaries, findActor, listActorRows } from './actors.repository.js';
import type { Actor, ActorListQuery } from './actors.schemas.js';

export async function requireActor(tx: Tx, idOrSlug: string): Promise<ActorRow> {
  const row = await findActor(tx, idOrSlug);
  if (!row) throw new NotFoundError('actor', idOrSlug);
  return row;
}

export async function getActor(tx: Tx, idOrSlug: string): Promise<Actor> {
  const [actor] = await toActors(tx, [await requireActor(tx, idOrSlug)]);
  if (!actor) throw new NotFoundError('actor', idOrSlug);
  return actor;
}

export async function listActors(tx: Tx, query: ActorListQuery): Promise<Page<Actor>> {
  const after = query.cursor ? decodeCursor(query.cursor, SLUG_ORDER, query) : undefined;
  const rows = await listActorRows(tx, {
    q: query.q,
    kind: query.kind,
    afterSlug: after ? String(after.key) : undefined,
    limit: query.limit + 1,
  });
  const page = keysetPage(rows, query.limit, slugPosition, (items) => items, query);
  return { items: await toActors(tx, page.items), nextCursor: page.nextCursor };
}

/** Rows as the API shows them: affiliation embedded (one query), claims counted as stored. */
export async function toActors(tx: Tx, rows: ActorRow[]): Promise<Actor[]> {
  const affiliations = await actorSummaries(
    tx,
    rows.flatMap((row) => (row.affiliationId ? [row.affiliationId] : [])),
  );
  return rows.map((row) => ({
    id: row.id,
    slug: row.slug,
    name: row.name,
    kind: row.kind,
    description: row.description,
    aliases: row.aliases,
    affiliation: optional(affiliations, row.affiliationId),
    claimCount: row.claimCount,
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  }));
}
