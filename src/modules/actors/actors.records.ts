import type { ActorRow } from '../../db/schema.js';
import type { ActorValues } from './actors.repository.js';
import type { ActorRecord } from './actors.schemas.js';

/**
 * An actor as a bundle holds it, and back: export and import share this one mapping, so a
 * re-import of an export gives the same rows.
 */

/** The record an export writes: everything a re-import restores, the affiliation by slug. */
export function toActorRecord(row: ActorRow, affiliationSlug: string | null): ActorRecord {
  return {
    id: row.id,
    slug: row.slug,
    kind: row.kind,
    name: row.name,
    description: row.description,
    aliases: row.aliases,
    affiliation: affiliationSlug,
  };
}

/** The row an import writes, its id and its affiliation's id resolved by the importer. */
export function actorValuesOf(
  record: ActorRecord,
  ids: { id: string; affiliationId: string | null },
): ActorValues {
  return {
    id: ids.id,
    slug: record.slug,
    kind: record.kind,
    name: record.name,
    description: record.description ?? null,
    aliases: record.aliases,
    affiliationId: ids.affiliationId,
  };
}
