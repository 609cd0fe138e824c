import { and, eq, lt } from 'drizzle-orm';
import { type Db, inTransaction } from '../../db/client.js';
import { type IdempotencyRow, idempotencyKeys } from '../../db/schema.js';

const KEEP_MS = 24 * 60 * 60 * 1000;
/** A pending key older than this belongs to a request that died; a retry may take it over. */
const ABANDONED_MS = 5 * 60 * 1000;

export type Claimed =
  | { outcome: 'new' }
  | { outcome: 'replay'; row: IdempotencyRow }
  | { outcome: 'in-progress' }
  | { outcome: 'mismatch' };

/** Takes the key for this request, or says why not: already answered, running, or another body. */
export function claimKey(
  db: Db,
  owner: string,
  key: string,
  fingerprint: string,
  now: Date,
): Claimed {
  return inTransaction(db, () => {
    db.delete(idempotencyKeys)
      .where(lt(idempotencyKeys.createdAt, new Date(now.getTime() - KEEP_MS).toISOString()))
      .run();
    const row = db
      .select()
      .from(idempotencyKeys)
      .where(and(eq(idempotencyKeys.owner, owner), eq(idempotencyKeys.key, key)))
      .get();
    const abandoned =
      row?.state === 'pending' && now.getTime() - Date.parse(row.createdAt) > ABANDONED_MS;
    if (row && !abandoned) {
      if (row.state === 'pending') return { outcome: 'in-progress' };
      return row.fingerprint === fingerprint ? { outcome: 'replay', row } : { outcome: 'mismatch' };
    }
    db.insert(idempotencyKeys)
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
      })
      .run();
    return { outcome: 'new' };
  });
}

export function completeKey(
  db: Db,
  owner: string,
  key: string,
  response: { statusCode: number; headers: Record<string, string>; body: string },
): void {
  db.update(idempotencyKeys)
    .set({ state: 'done', ...response })
    .where(and(eq(idempotencyKeys.owner, owner), eq(idempotencyKeys.key, key)))
    .run();
}

/** Forgets a key whose request failed on the server's side, so that a retry runs again. */
export function releaseKey(db: Db, owner: string, key: string): void {
  db.delete(idempotencyKeys)
    .where(and(eq(idempotencyKeys.owner, owner), eq(idempotencyKeys.key, key)))
    .run();
}
