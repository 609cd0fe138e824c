import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { type ApiKeyRow, apiKeys } from '../../db/schema.js';

export function insertKey(db: Db, row: ApiKeyRow): void {
  db.insert(apiKeys).values(row).run();
}

export function findKeyById(db: Db, id: string): ApiKeyRow | null {
  return db.select().from(apiKeys).where(eq(apiKeys.id, id)).get() ?? null;
}

export function findKeyByName(db: Db, name: string): ApiKeyRow | null {
  return db.select().from(apiKeys).where(eq(apiKeys.name, name)).get() ?? null;
}

export function listKeys(db: Db): ApiKeyRow[] {
  return db.select().from(apiKeys).orderBy(asc(apiKeys.createdAt), asc(apiKeys.name)).all();
}

export function revokeKey(db: Db, id: string, at: string): void {
  db.update(apiKeys).set({ revokedAt: at }).where(eq(apiKeys.id, id)).run();
}

/** Whether any key was ever made (revoked ones count: a first-start key is made only once). */
export function hasAnyKey(db: Db): boolean {
  return db.select({ id: apiKeys.id }).from(apiKeys).limit(1).get() !== undefined;
}
