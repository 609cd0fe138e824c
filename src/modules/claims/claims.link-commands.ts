import type { ClaimLinkRow } from '../../db/schema.js';
import type { Tx } from '../../db/store.js';
import { fieldPath, type WriteContext } from '../../lib/api-schemas.js';
import { nowIso } from '../../lib/dates.js';
import { NotFoundError, UnprocessableError } from '../../lib/problem.js';
import { referenced } from '../../lib/references.js';
import { assertCurrent } from '../../lib/versions.js';
import type { LinkKind } from '../../lib/vocabulary.js';
import { recordAudit } from '../audit/audit.commands.js';
import { assertNotSelfLink, insertNewClaim, linkId } from './claims.commands.js';
import { countLinkChange } from './claims.counts.js';
import { getClaim, requireClaim } from './claims.queries.js';
import { findClaim, findLink } from './claims.repository.js';
import { deleteLink, saveLink, touchClaim } from './claims.rows.js';
import type { Claim, LinkInput } from './claims.schemas.js';

/**
 * Makes a claim rebut (or support) the target: an existing one (`{ claimId }`) or a new one created
 * in the same transaction. Both claims' versions move on, since both representations change. A
 * link that exists is no new link; posted again with a `note`, its note is edited in place, so
 * that it keeps its place (its age) in the claims' lists.
 */
export async function addLink(
  tx: Tx,
  targetRef: string,
  kind: LinkKind,
  input: LinkInput,
  ctx: WriteContext,
): Promise<{ claim: Claim; created: boolean }> {
  const target = await requireClaim(tx, targetRef);
  assertCurrent('claim', target.version, ctx.ifMatch);
  const now = nowIso();
  const fromId =
    'claimId' in input
      ? referenced(
          await findClaim(tx, input.claimId),
          'claim',
          input.claimId,
          fieldPath(ctx, 'claimId'),
        ).id
      : await insertNewClaim(tx, input, ctx, now);
  assertNotSelfLink(fromId, target.id, ctx);
  const existing = await findLink(tx, fromId, target.id);
  if (existing?.kind === kind && input.note !== undefined) {
    await editLinkNote(tx, existing, input.note ?? null, ctx, now);
    return { claim: await getClaim(tx, fromId), created: false };
  }
  if (existing) {
    const verb = existing.kind === 'rebuts' ? 'rebuts' : 'supports';
    throw new UnprocessableError('duplicate-link', `That claim already ${verb} '${target.slug}'.`, [
      { path: fieldPath(ctx, 'claimId'), message: `already ${verb} '${target.slug}'` },
    ]);
  }
  const link = { fromClaimId: fromId, toClaimId: target.id, kind, note: input.note ?? null };
  await saveLink(tx, link, now);
  await countLinkChange(tx, ctx, link, null, kind);
  await touchClaim(tx, target.id, now);
  if ('claimId' in input) await touchClaim(tx, fromId, now);
  await recordAudit(
    tx,
    {
      by: ctx.by,
      action: 'link',
      entityType: 'link',
      entityId: linkId(fromId, target.id),
      after: link,
    },
    now,
  );
  return { claim: await getClaim(tx, fromId), created: true };
}

/** A link's new note: both claims show it, so both move on; an equal note changes nothing. */
async function editLinkNote(
  tx: Tx,
  link: ClaimLinkRow,
  note: string | null,
  ctx: WriteContext,
  now: string,
): Promise<void> {
  if (link.note === note) return;
  await saveLink(tx, { ...link, note }, now);
  await touchClaim(tx, link.toClaimId, now);
  await touchClaim(tx, link.fromClaimId, now);
  await recordAudit(
    tx,
    {
      by: ctx.by,
      action: 'update',
      entityType: 'link',
      entityId: linkId(link.fromClaimId, link.toClaimId),
      before: { note: link.note },
      after: { note },
    },
    now,
  );
}

export async function removeLink(
  tx: Tx,
  targetRef: string,
  kind: LinkKind,
  fromRef: string,
  ctx: WriteContext,
): Promise<void> {
  const target = await requireClaim(tx, targetRef);
  assertCurrent('claim', target.version, ctx.ifMatch);
  const from = await findClaim(tx, fromRef);
  const link = from ? await findLink(tx, from.id, target.id) : null;
  if (!from || !link || link.kind !== kind) {
    throw new NotFoundError(
      `claim that ${kind === 'rebuts' ? 'rebuts' : 'supports'} '${target.slug}'`,
      fromRef,
    );
  }
  const now = nowIso();
  await deleteLink(tx, from.id, target.id);
  await countLinkChange(tx, ctx, { fromClaimId: from.id, toClaimId: target.id }, kind, null);
  await touchClaim(tx, target.id, now);
  await touchClaim(tx, from.id, now);
  await recordAudit(
    tx,
    {
      by: ctx.by,
      action: 'unlink',
      entityType: 'link',
      entityId: linkId(from.id, target.id),
      before: { fromClaimId: from.id, toClaimId: target.id, kind },
    },
    now,
  );
}
