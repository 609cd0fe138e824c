import { type Db, inTransaction } from '../../db/client.js';
import type { ActorRow } from '../../db/schema.js';
import type { WriteContext } from '../../lib/api-schemas.js';
import { nowIso } from '../../lib/dates.js';
import { changedFields } from '../../lib/diff.js';
import { assertCurrent } from '../../lib/etag.js';
import { newId } from '../../lib/ids.js';
import { ConflictError, UnprocessableError } from '../../lib/problem.js';
import { describeReferences, referenced } from '../../lib/references.js';
import { chooseSlug } from '../../lib/slugs.js';
import { recordAudit } from '../audit/audit.service.js';
import { claimsReferencingActor } from '../claims/claims.repository.js';
import {
  type ActorValues,
  affiliatesOf,
  deleteActorRow,
  findActor,
  insertActor,
  updateActor,
} from './actors.repository.js';
import type { Actor, ActorCreate, ActorPatch } from './actors.schemas.js';
import { getActor, requireActor } from './actors.service.js';

/** Creates, changes and deletes actors, each write audited in its own transaction. */

export function createActor(db: Db, input: ActorCreate, { by }: WriteContext): Actor {
  return inTransaction(db, () => {
    const id = newId('actor');
    const values: ActorValues = {
      id,
      slug: claimSlug(db, input.slug, input.name),
      kind: input.kind,
      name: input.name,
      description: input.description ?? null,
      aliases: input.aliases ?? [],
      affiliationId: affiliation(db, input.affiliationId, id),
    };
    const now = nowIso();
    insertActor(db, values, now);
    recordAudit(
      db,
      { by, action: 'create', entityType: 'actor', entityId: id, after: values },
      now,
    );
    return getActor(db, id);
  });
}

export function patchActor(db: Db, idOrSlug: string, patch: ActorPatch, ctx: WriteContext): Actor {
  return inTransaction(db, () => {
    const before = requireActor(db, idOrSlug);
    assertCurrent('actor', before.version, ctx.ifMatch);
    const changes = changedFields(before, {
      ...patch,
      ...(patch.slug && patch.slug !== before.slug ? { slug: claimSlug(db, patch.slug, '') } : {}),
      ...(patch.affiliationId !== undefined
        ? { affiliationId: affiliation(db, patch.affiliationId, before.id) }
        : {}),
    } satisfies Partial<ActorValues>);
    if (Object.keys(changes).length === 0) return getActor(db, before.id);
    const now = nowIso();
    updateActor(db, before.id, changes, now);
    const after = requireActor(db, before.id);
    recordAudit(
      db,
      { by: ctx.by, action: 'update', entityType: 'actor', entityId: before.id, before, after },
      now,
    );
    return getActor(db, before.id);
  });
}

export function deleteActor(db: Db, idOrSlug: string, ctx: WriteContext): void {
  inTransaction(db, () => {
    const before = requireActor(db, idOrSlug);
    assertCurrent('actor', before.version, ctx.ifMatch);
    const { asClaimant, asSpeaker } = claimsReferencingActor(db, before.id);
    const affiliates = affiliatesOf(db, before.id);
    const references = describeReferences([
      [asClaimant.length, 'claims as claimant', asClaimant],
      [asSpeaker.length, 'claims quoting it as speaker', asSpeaker],
      [affiliates.length, 'affiliated actors', affiliates],
    ]);
    if (references)
      throw new ConflictError(`Actor '${before.slug}' is still referenced by ${references}.`);
    deleteActorRow(db, before.id);
    recordAudit(
      db,
      { by: ctx.by, action: 'delete', entityType: 'actor', entityId: before.id, before },
      nowIso(),
    );
  });
}

function claimSlug(db: Db, wanted: string | undefined, label: string): string {
  return chooseSlug(wanted, label, (slug) => findActor(db, slug) !== null, 'actor');
}

function affiliation(db: Db, ref: string | null | undefined, selfId: string): string | null {
  if (!ref) return null;
  const target: ActorRow = referenced(findActor(db, ref), 'actor', ref, 'body.affiliationId');
  if (target.id === selfId || affiliationChain(db, target).has(selfId)) {
    throw new UnprocessableError(
      'affiliation-cycle',
      'An actor cannot be affiliated with itself, directly or through others.',
      [{ path: 'body.affiliationId', message: 'would make a cycle of affiliations' }],
    );
  }
  return target.id;
}

function affiliationChain(db: Db, from: ActorRow): Set<string> {
  const seen = new Set<string>();
  for (let row: ActorRow | null = from; row?.affiliationId && !seen.has(row.affiliationId); ) {
    seen.add(row.affiliationId);
    row = findActor(db, row.affiliationId);
  }
  return seen;
}
