import type { Tx } from '../../db/store.js';
import { changedFields } from '../../lib/diff.js';
import { toActorRecord } from '../actors/actors.records.js';
import { type ActorValues, findActor } from '../actors/actors.repository.js';
import { type ClaimUpsert, type LinkValues, upsertedStatus } from '../claims/claims.commands.js';
import { type SlugRefs, toClaimRecord, toLinkRecord } from '../claims/claims.records.js';
import {
  findClaim,
  findLink,
  hasQuote,
  hasStatusChange,
  quotesOf,
  tagsByClaim,
} from '../claims/claims.repository.js';
import { normalizeQuote, type QuoteValues, type StatusEntry } from '../claims/claims.rows.js';
import { toEvidenceRecord } from '../evidence/evidence.records.js';
import { type EvidenceValues, findEvidence } from '../evidence/evidence.repository.js';
import { toSourceRecord } from '../sources/sources.records.js';
import { findSource, type SourceValues } from '../sources/sources.repository.js';

/**
 * Which fields of a stored record differ from the record an import brings, both taken in the form
 * an export writes (the modules' `to…Record`): the names are the bundle's, and "equal" means that
 * importing the record would change nothing. Each answers null when nothing is stored, so there is
 * nothing to compare. References are compared by id on both sides, for a record may name them by
 * slug or by id.
 */

const BY_ID: SlugRefs = { actor: (id) => id, source: (id) => id };

function differingFields(stored: object, imported: object): string[] {
  return Object.keys(changedFields(stored, imported));
}

export async function actorDifferences(tx: Tx, values: ActorValues): Promise<string[] | null> {
  const stored = await findActor(tx, values.id);
  if (!stored) return null;
  return differingFields(
    toActorRecord(stored, stored.affiliationId),
    toActorRecord({ ...stored, ...values }, values.affiliationId),
  );
}

export async function sourceDifferences(tx: Tx, values: SourceValues): Promise<string[] | null> {
  const stored = await findSource(tx, values.id);
  if (!stored) return null;
  return differingFields(toSourceRecord(stored), toSourceRecord({ ...stored, ...values }));
}

/** A claim's fields, tags and quotes; a record without a status leaves the stored one (upsertClaim). */
export async function claimDifferences(tx: Tx, input: ClaimUpsert): Promise<string[] | null> {
  const stored = await findClaim(tx, input.values.id);
  if (!stored) return null;
  const tags = (await tagsByClaim(tx, [stored.id])).get(stored.id) ?? [];
  const imported = { ...stored, ...input.values, ...upsertedStatus(stored, input.values) };
  return differingFields(
    toClaimRecord(stored, tags, await quotesOf(tx, stored.id), BY_ID),
    toClaimRecord(imported, input.tags, input.quotes.map(normalizeQuote), BY_ID),
  );
}

export async function evidenceDifferences(
  tx: Tx,
  values: EvidenceValues,
): Promise<string[] | null> {
  const stored = await findEvidence(tx, values.id);
  if (!stored) return null;
  return differingFields(
    toEvidenceRecord(stored, stored.claimId, stored.sourceId),
    toEvidenceRecord({ ...stored, ...values }, values.claimId, values.sourceId ?? null),
  );
}

export async function linkDifferences(tx: Tx, link: LinkValues): Promise<string[] | null> {
  const stored = await findLink(tx, link.fromClaimId, link.toClaimId);
  if (!stored) return null;
  const record = (kind: LinkValues['kind'], note: string | null) =>
    toLinkRecord({ from: link.fromClaimId, to: link.toClaimId, kind, note });
  const note = link.note === undefined ? stored.note : link.note;
  return differingFields(record(stored.kind, stored.note), record(link.kind, note));
}

/** A quote of its own, for a stored claim: `quotes` differ when the claim lacks it. */
export async function quoteDifferences(
  tx: Tx,
  claimId: string,
  quote: QuoteValues,
): Promise<string[]> {
  return (await hasQuote(tx, claimId, normalizeQuote(quote))) ? [] : ['quotes'];
}

/** A history entry, for a stored claim: its `history` differs when it lacks the entry. */
export async function statusDifferences(
  tx: Tx,
  entry: Pick<StatusEntry, 'claimId' | 'status'>,
  changedAt: string,
): Promise<string[]> {
  return (await hasStatusChange(tx, { ...entry, changedAt })) ? [] : ['history'];
}
