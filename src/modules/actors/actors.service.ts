import type { Db } from '../../db/client.js';
import type { ActorRow } from '../../db/schema.js';
import type { Page } from '../../lib/api-schemas.js';
import { decodeCursor, keysetPage, SLUG_ORDER, slugPosition } from '../../lib/cursor.js';
import { optional } from '../../lib/maps.js';
import { NotFoundError } from '../../lib/problem.js';
import { claimCountsByClaimant } from '../claims/claims.repository.js';
import { actorSummaries, findActor, listActorRows } from './actors.repository.js';
import type { Actor, ActorListQuery } from './actors.schemas.js';

export function requireActor(db: Db, idOrSlug: string): ActorRow {
  const row = findActor(db, idOrSlug);
  if (!row) throw new NotFoundError('actor', idOrSlug);
  return row;
}

export function getActor(db: Db, idOrSlug: string): Actor {
  const [actor] = toActors(db, [requireActor(db, idOrSlug)]);
  if (!actor) throw new NotFoundError('actor', idOrSlug);
  return actor;
}

export function listActors(db: Db, query: ActorListQuery): Page<Actor> {
  const after = query.cursor ? decodeCursor(query.cursor, SLUG_ORDER) : undefined;
  const rows = listActorRows(db, {
    q: query.q,
    kind: query.kind,
    afterSlug: after ? String(after.key) : undefined,
    limit: query.limit + 1,
  });
  return keysetPage(rows, query.limit, slugPosition, (page) => toActors(db, page));
}

function toActors(db: Db, rows: ActorRow[]): Actor[] {
  const affiliations = actorSummaries(
    db,
    rows.flatMap((row) => (row.affiliationId ? [row.affiliationId] : [])),
  );
  const claimCounts = claimCountsByClaimant(
    db,
    rows.map((row) => row.id),
  );
  return rows.map((row) => ({
    id: row.id,
    slug: row.slug,
    name: row.name,
    kind: row.kind,
    description: row.description,
    aliases: row.aliases,
    affiliation: optional(affiliations, row.affiliationId),
    claimCount: claimCounts.get(row.id) ?? 0,
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  }));
}
