import type { Tx } from '../../db/store.js';
import type { WriteContext } from '../../lib/api-schemas.js';
import { CountChanges } from '../../lib/count-changes.js';
import { saveCountChanges } from '../claims/claims.counts.js';

/**
 * The stored count evidence moves, its claim's evidence count, for every command writing evidence
 * in its own transaction: an item added (`from` null), removed (`to` null) or moved to another
 * claim. A claim's removal takes its evidence and its count with it.
 */
export async function countEvidenceMove(
  tx: Tx,
  ctx: WriteContext,
  from: string | null,
  to: string | null,
): Promise<void> {
  const changes = new CountChanges();
  if (from !== null) changes.remove('evidenceByClaim', from);
  if (to !== null) changes.add('evidenceByClaim', to);
  await saveCountChanges(tx, ctx, changes);
}
