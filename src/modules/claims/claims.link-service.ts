import { type Db, inTransaction } from '../../db/client.js';
import type { WriteContext } from '../../lib/api-schemas.js';
import { nowIso } from '../../lib/dates.js';
import { assertCurrent } from '../../lib/etag.js';
import { ConflictError, NotFoundError, UnprocessableError } from '../../lib/problem.js';
import { referenced } from '../../lib/references.js';
import type { LinkKind } from '../../lib/vocabulary.js';
import { recordAudit } from '../audit/audit.service.js';
import { findClaim } from './claims.repository.js';
import type { Claim, LinkInput } from './claims.schemas.js';
import { getClaim, requireClaim } from './claims.service.js';
import { deleteLink, findLink, saveLink, touchClaim } from './claims.write-repository.js';
import { insertNewClaim } from './claims.write-service.js';

/**
 * Makes a claim rebut (or support) the target: an existing one (`{ claimId }`) or a new one created
 * in the same transaction. Both claims' versions move on, since both representations change.
 */
export function addLink(
  db: Db,
  targetRef: string,
  kind: LinkKind,
  input: LinkInput,
  { by, ifMatch }: WriteContext,
): Claim {
  return inTransaction(db, () => {
    const target = requireClaim(db, targetRef);
    assertCurrent('claim', target.version, ifMatch);
    const now = nowIso();
    const fromId =
      'claimId' in input
        ? referenced(findClaim(db, input.claimId), 'claim', input.claimId, 'body.claimId').id
        : insertNewClaim(db, input, by, now, 'body');
    if (fromId === target.id) {
      throw new UnprocessableError('self-link', 'A claim cannot rebut or support itself.', [
        { path: 'body.claimId', message: 'is the claim itself' },
      ]);
    }
    const existing = findLink(db, fromId, target.id);
    if (existing) {
      throw new ConflictError(
        `That claim already ${existing.kind === 'rebuts' ? 'rebuts' : 'supports'} '${target.slug}'.`,
      );
    }
    saveLink(db, { fromClaimId: fromId, toClaimId: target.id, kind }, now);
    touchClaim(db, target.id, now);
    if ('claimId' in input) touchClaim(db, fromId, now);
    recordAudit(
      db,
      {
        by,
        action: 'link',
        entityType: 'link',
        entityId: linkId(fromId, target.id),
        after: { fromClaimId: fromId, toClaimId: target.id, kind },
      },
      now,
    );
    return getClaim(db, fromId);
  });
}

export function removeLink(
  db: Db,
  targetRef: string,
  kind: LinkKind,
  fromRef: string,
  { by, ifMatch }: WriteContext,
): void {
  inTransaction(db, () => {
    const target = requireClaim(db, targetRef);
    assertCurrent('claim', target.version, ifMatch);
    const from = findClaim(db, fromRef);
    const link = from ? findLink(db, from.id, target.id) : null;
    if (!from || !link || link.kind !== kind) {
      throw new NotFoundError(
        `claim that ${kind === 'rebuts' ? 'rebuts' : 'supports'} '${target.slug}'`,
        fromRef,
      );
    }
    const now = nowIso();
    deleteLink(db, from.id, target.id);
    touchClaim(db, target.id, now);
    touchClaim(db, from.id, now);
    recordAudit(
      db,
      {
        by,
        action: 'unlink',
        entityType: 'link',
        entityId: linkId(from.id, target.id),
        before: { fromClaimId: from.id, toClaimId: target.id, kind },
      },
      now,
    );
  });
}

/** How the audit log names a link. */
export function linkId(fromId: string, toId: string): string {
  return `${fromId}→${toId}`;
}
