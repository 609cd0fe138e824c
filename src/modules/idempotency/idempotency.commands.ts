import { and, eq, lt } from 'drizzle-orm';
import { type IdempotencyRow, idempotencyKeys } from '../../db/schema.js';
import type { Tx } from '../../db/store.js';

const KEEP_MS = 24 * 60 * 60 * 1000;
/** A pending key older than this belongs to a request that died; a retry may take it over. */
const ABANDONED_MS = 5 * 60 * 1000;

export type Claimed =
  | { outcome: 'new' }
  | { outcome: 'replay'; row: IdempotencyRow }
  | { outcome: 'in-progress' }
  | { outcome: 'mismatch' };

/**
 * Takes the key for this request, or says why not: already answered, running, or another body.
 * Run it in a write of its own: the check and the take must be one transaction.
 */
export async function claimKey(
  tx: Tx,
  owner: string,
  key: string,
  fingerprint: string,
  now: Date,
): Promise<Claimed> {
  await tx
    .delete(idempotencyKeys)
    .where(lt(idempotencyKeys.createdAt, new Date(now.getTime() - KEEP_MS).toISOString()));
  const [row] = await tx
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.owner, owner), eq(idempotencyKeys.key, key)))
    .limit(1);
  const abandoned =
    row?.state === 'pending' && now.getTime() - Date.parse(row.createdAt) > ABANDONED_MS;
  if (row && !abandoned) {
    if (row.state === 'pending') return { outcome: 'in-progress' };
    return row.fingerprint === fingerprint ? { outcome: 'replay', row } : { outcome: 'mismatch' };
  }
  await tx
    .insert(idempotencyKeys)
    .values({ owner, key, fingerprint, state: 'pending', createdAt: now.toISOString() })
    .onConflictDoUpdate({
      target: [idempotencyKeys.owner, idempotencyKeys.key],
      set: {
        fingerprint,
        state: 'pending',
        createdAt: now.toISOString(),
        statusCode: null,
        body: null,
        headers: null,
      },
    });
  return { outcome: 'new' };
}

export async function completeKey(
  tx: Tx,
  owner: string,
  key: string,
  response: { statusCode: number; headers: Record<string, string>; body: string },
): Promise<void> {
  await tx
    .update(idempotencyKeys)
    .set({ state: 'done', ...response })
    .where(and(eq(idempotencyKeys.owner, owner), eq(idempotencyKeys.key, key)));
}

/** Forgets a key whose request failed on the server's side, so that a retry runs again. */
export async function releaseKey(tx: Tx, owner: string, key: string): Promise<void> {
  await tx
    .delete(idempotencyKeys)
    .where(and(eq(idempotencyKeys.owner, owner), eq(idempotencyKeys.key, key)));
}
