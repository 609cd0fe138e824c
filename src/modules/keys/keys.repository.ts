import { and, asc, count, eq, isNull, sql } from 'drizzle-orm';
import { afterPosition } from '../../db/keyset.js';
import { type ApiKeyRow, apiKeys } from '../../db/schema.js';
import { preparedFor } from '../../db/sqlite/prepared.js';
import type { Tx } from '../../db/store.js';
import type { Cursor } from '../../lib/cursor.js';

export async function insertKey(tx: Tx, row: ApiKeyRow): Promise<void> {
  await tx.insert(apiKeys).values(row);
}

export async function findKeyById(tx: Tx, id: string): Promise<ApiKeyRow | null> {
  const [row] = await keyById(tx).execute({ id });
  return row ?? null;
}

// Every request that sends a key looks it up: prepared.
const keyById = preparedFor((tx) =>
  tx
    .select()
    .from(apiKeys)
    .where(eq(apiKeys.id, sql.placeholder('id')))
    .limit(1),
);

export async function findKeyByName(tx: Tx, name: string): Promise<ApiKeyRow | null> {
  const [row] = await tx.select().from(apiKeys).where(eq(apiKeys.name, name)).limit(1);
  return row ?? null;
}

/** Keys, oldest first (then by name); a page of them after a position when given. */
export async function listKeys(
  tx: Tx,
  page?: { after: Cursor | undefined; limit: number },
): Promise<ApiKeyRow[]> {
  const query = tx
    .select()
    .from(apiKeys)
    .where(page?.after ? afterPosition(apiKeys.createdAt, apiKeys.name, page.after) : undefined)
    .orderBy(asc(apiKeys.createdAt), asc(apiKeys.name));
  return page ? query.limit(page.limit) : query;
}

export async function revokeKey(tx: Tx, id: string, at: string): Promise<void> {
  await tx.update(apiKeys).set({ revokedAt: at }).where(eq(apiKeys.id, id));
}

export async function countActiveAdmins(tx: Tx): Promise<number> {
  const [row] = await tx
    .select({ n: count() })
    .from(apiKeys)
    .where(and(eq(apiKeys.role, 'admin'), isNull(apiKeys.revokedAt)));
  return row?.n ?? 0;
}

/** Whether any key was ever made (revoked ones count: a first-start key is made only once). */
export async function hasAnyKey(tx: Tx): Promise<boolean> {
  const [row] = await tx.select({ id: apiKeys.id }).from(apiKeys).limit(1);
  return row !== undefined;
}
