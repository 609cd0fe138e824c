import { and, eq, like, lt } from 'drizzle-orm';
import { idempotencyKeys } from '../../db/schema.js';
import type { Tx } from '../../db/store.js';

const KEEP_MS = 24 * 60 * 60 * 1000;

export type StoredResponse = {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
};

export type Lookup =
  | { outcome: 'new' }
  | { outcome: 'replay'; response: StoredResponse }
  | { outcome: 'mismatch' };

/**
 * What a key says about this request: unused (or expired), answered for this same request (its
 * answer is replayed), or used for another request. A key is only ever stored with its answer, in
 * the transaction of the write it describes; a `pending` row can only come from an older release,
 * whose request died with it, so it counts as unused.
 */
export async function lookupKey(
  tx: Tx,
  owner: string,
  key: string,
  fingerprint: string,
  now: Date,
): Promise<Lookup> {
  const [row] = await tx
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.owner, owner), eq(idempotencyKeys.key, key)))
    .limit(1);
  if (row?.state !== 'done' || isExpired(row.createdAt, now)) return { outcome: 'new' };
  if (row.fingerprint !== fingerprint) return { outcome: 'mismatch' };
  return {
    outcome: 'replay',
    response: {
      statusCode: row.statusCode ?? 200,
      headers: row.headers ?? {},
      body: row.body ?? '',
    },
  };
}

/** Forgets the keys older than 24 hours. */
export async function expireKeys(tx: Tx, now: Date): Promise<void> {
  await tx
    .delete(idempotencyKeys)
    .where(lt(idempotencyKeys.createdAt, new Date(now.getTime() - KEEP_MS).toISOString()));
}

/**
 * Stores a request's answer under its key. Run it in the transaction of the write the answer
 * describes: both are committed together, or neither is.
 */
export async function recordKey(
  tx: Tx,
  owner: string,
  key: string,
  fingerprint: string,
  now: Date,
  response: StoredResponse,
): Promise<void> {
  const row = { fingerprint, state: 'done' as const, createdAt: now.toISOString(), ...response };
  await tx
    .insert(idempotencyKeys)
    .values({ owner, key, ...row })
    // Over an expired row, or a `pending` one left by an older release.
    .onConflictDoUpdate({ target: [idempotencyKeys.owner, idempotencyKeys.key], set: row });
}

/**
 * Older releases stored the answer of `POST /keys`, the new secret included: forgets any stored
 * answer that carries a key's secret (`fck_…`). Such answers are never stored any more.
 */
export async function forgetStoredSecrets(tx: Tx): Promise<number> {
  const removed = await tx
    .delete(idempotencyKeys)
    .where(like(idempotencyKeys.body, '%"key":"fck_%'))
    .returning({ key: idempotencyKeys.key });
  return removed.length;
}

function isExpired(createdAt: string, now: Date): boolean {
  return now.getTime() - Date.parse(createdAt) > KEEP_MS;
}
