import type { Tx } from '../../db/store.js';
import type { WriteContext } from '../../lib/api-schemas.js';
import { nowIso } from '../../lib/dates.js';
import { assertCurrent } from '../../lib/versions.js';
import { recordAudit } from '../audit/audit.commands.js';
import { assertVerdictBacked } from './claims.commands.js';
import { countClaimChange } from './claims.counts.js';
import { getClaim, requireClaim } from './claims.queries.js';
import { appendStatusChange, updateClaim } from './claims.rows.js';
import type { Claim, StatusInput } from './claims.schemas.js';

/** Records a verdict: the status, its note, who and when, in the claim and its history. */
export async function changeStatus(
  tx: Tx,
  idOrSlug: string,
  input: StatusInput,
  ctx: WriteContext,
): Promise<Claim> {
  const before = await requireClaim(tx, idOrSlug);
  assertCurrent('claim', before.version, ctx.ifMatch);
  // The request's `note` is required by its schema, so status-needs-note always holds here.
  await assertVerdictBacked(tx, before.id, input.status, ctx);
  const now = nowIso();
  await updateClaim(tx, before.id, { status: input.status, statusNote: input.note }, now);
  await countClaimChange(
    tx,
    ctx,
    { claimantId: before.claimantId, status: before.status, language: before.language },
    { claimantId: before.claimantId, status: input.status, language: before.language },
  );
  await appendStatusChange(
    tx,
    {
      claimId: before.id,
      status: input.status,
      previousStatus: before.status,
      note: input.note,
      changedBy: ctx.by,
    },
    now,
  );
  await recordAudit(
    tx,
    {
      by: ctx.by,
      action: 'status',
      entityType: 'claim',
      entityId: before.id,
      before: { status: before.status, statusNote: before.statusNote },
      after: { status: input.status, statusNote: input.note },
    },
    now,
  );
  return getClaim(tx, before.id);
}
