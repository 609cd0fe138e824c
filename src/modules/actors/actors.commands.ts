import type { ActorRow } from '../../db/schema.js';
import type { Tx } from '../../db/store.js';
import { fieldPath, type Outcome, type WriteContext } from '../../lib/api-schemas.js';
import { nowIso } from '../../lib/dates.js';
import { changedFields } from '../../lib/diff.js';
import { newId } from '../../lib/ids.js';
import { ConflictError, UnprocessableError } from '../../lib/problem.js';
import { describeReferences, referenced, referencesOf } from '../../lib/references.js';
import { uniqueSlug } from '../../lib/slugs.js';
import { assertCurrent } from '../../lib/versions.js';
import { recordAudit, recordSave } from '../audit/audit.commands.js';
import { claimsReferencingActor } from '../claims/claims.repository.js';
import { getActor, requireActor } from './actors.queries.js';
import {
  type ActorValues,
  actorIdOf,
  affiliatesOf,
  deleteActorRow,
  findActor,
  insertActor,
  updateActor,
} from './actors.repository.js';
import type { Actor, ActorCreate, ActorPatch } from './actors.schemas.js';

/**
 * Every write of an actor (the API's create, change and delete, and an import's upsert) goes
 * through `saveActor` or `deleteActor`, so each rule is written once and holds on every path.
 */

export async function createActor(tx: Tx, input: ActorCreate, ctx: WriteContext): Promise<Actor> {
  const values: ActorValues = {
    id: newId('actor'),
    slug: input.slug ?? (await slugFromName(tx, input.name)),
    kind: input.kind,
    name: input.name,
    description: input.description ?? null,
    aliases: input.aliases ?? [],
    affiliationId: await affiliationRef(tx, input.affiliationId, ctx),
  };
  await saveActor(tx, null, values, ctx, nowIso());
  return getActor(tx, values.id);
}

export async function patchActor(
  tx: Tx,
  idOrSlug: string,
  patch: ActorPatch,
  ctx: WriteContext,
): Promise<Actor> {
  const before = await requireActor(tx, idOrSlug);
  assertCurrent('actor', before.version, ctx.ifMatch);
  const { affiliationId, ...fields } = patch;
  const changes = changedFields(before, {
    ...fields,
    ...(affiliationId !== undefined
      ? { affiliationId: await affiliationRef(tx, affiliationId, ctx) }
      : {}),
  });
  await saveActor(tx, before, { ...valuesOf(before), ...changes }, ctx, nowIso());
  return getActor(tx, before.id);
}

export async function deleteActor(tx: Tx, idOrSlug: string, ctx: WriteContext): Promise<void> {
  const before = await requireActor(tx, idOrSlug);
  assertCurrent('actor', before.version, ctx.ifMatch);
  const { asClaimant, asSpeaker } = await claimsReferencingActor(tx, before.id);
  const affiliates = await affiliatesOf(tx, before.id);
  const references = describeReferences([
    [asClaimant, 'claims as claimant'],
    [asSpeaker, 'claims quoting it as speaker'],
    [referencesOf(affiliates), 'affiliated actors'],
  ]);
  if (references)
    throw new ConflictError(`Actor '${before.slug}' is still referenced by ${references}.`);
  await deleteActorRow(tx, before.id);
  await recordAudit(
    tx,
    { by: ctx.by, action: 'delete', entityType: 'actor', entityId: before.id, before },
    nowIso(),
  );
}

/**
 * Writes an import's actor as given (`affiliationId` may name an actor the import writes later:
 * foreign keys are checked at commit). Equal to the stored row: nothing is written.
 */
export async function upsertActor(
  tx: Tx,
  values: ActorValues,
  ctx: WriteContext,
  now: string,
): Promise<Outcome> {
  return saveActor(tx, await findActor(tx, values.id), values, ctx, now);
}

/** Inserts or updates the actor, audited, after checking the rules on what changes. */
async function saveActor(
  tx: Tx,
  stored: ActorRow | null,
  values: ActorValues,
  ctx: WriteContext,
  now: string,
): Promise<Outcome> {
  const changes: Partial<ActorValues> = stored ? changedFields(stored, values) : values;
  if (Object.keys(changes).length === 0) return 'unchanged';
  if (changes.slug !== undefined) await assertSlugFree(tx, changes.slug, values.id, ctx);
  if (changes.affiliationId && !ctx.deferred) {
    await assertNoCycle(tx, values.id, changes.affiliationId, ctx);
  }
  if (stored === null) await insertActor(tx, values, now);
  else await updateActor(tx, stored.id, changes, now);
  await recordSave(tx, { by: ctx.by, entityType: 'actor', stored, values }, changes, now);
  return stored === null ? 'created' : 'updated';
}

async function assertSlugFree(tx: Tx, slug: string, selfId: string, ctx: WriteContext) {
  const owner = await actorIdOf(tx, slug);
  if (owner !== null && owner !== selfId) {
    throw new ConflictError(`The slug '${slug}' is taken by another actor.`, [
      { path: fieldPath(ctx, 'slug'), message: `is taken by actor ${owner}` },
    ]);
  }
}

/** The affiliation rule for an actor as it is stored now (an import checks it at its end). */
export async function assertAffiliationAcyclic(
  tx: Tx,
  actorId: string,
  ctx: WriteContext,
): Promise<void> {
  const actor = await findActor(tx, actorId);
  if (actor?.affiliationId) await assertNoCycle(tx, actor.id, actor.affiliationId, ctx);
}

/** The affiliation chain may not lead back to the actor: nobody is (in) their own organisation. */
async function assertNoCycle(tx: Tx, selfId: string, affiliationId: string, ctx: WriteContext) {
  const seen = new Set<string>();
  // A link to an actor not stored yet (an import's forward reference) ends the chain here; that
  // actor's own write checks the rest.
  for (let id: string | null = affiliationId; id !== null && !seen.has(id); ) {
    if (id === selfId) {
      throw new UnprocessableError(
        'affiliation-cycle',
        'An actor cannot be affiliated with itself, directly or through others.',
        [{ path: fieldPath(ctx, 'affiliationId'), message: 'would make a cycle of affiliations' }],
      );
    }
    seen.add(id);
    id = (await findActor(tx, id))?.affiliationId ?? null;
  }
}

/** The id of the organisation a request names by id or slug (422 when there is none). */
async function affiliationRef(
  tx: Tx,
  ref: string | null | undefined,
  ctx: WriteContext,
): Promise<string | null> {
  if (!ref) return null;
  const path = fieldPath(ctx, 'affiliationId');
  return referenced(await findActor(tx, ref), 'actor', ref, path).id;
}

/** A free slug made from the name: `mike-pompeo`, else `mike-pompeo-2`, … */
async function slugFromName(tx: Tx, name: string): Promise<string> {
  return uniqueSlug(name, async (slug) => (await findActor(tx, slug)) !== null, 'actor');
}

/** The row as its writer sets it: the stored count is the commands' to keep, not a value to save. */
function valuesOf({
  version: _v,
  createdAt: _c,
  updatedAt: _u,
  claimCount: _n,
  ...values
}: ActorRow): ActorValues {
  return values;
}
