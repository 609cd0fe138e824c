import { timingSafeEqual } from 'node:crypto';
import type { Tx } from '../../db/store.js';
import type { KeyRole } from '../../lib/vocabulary.js';
import { findKeyById, listKeys } from './keys.repository.js';
import { hashSecret, KEY_PATTERN } from './keys.secrets.js';

export type Principal = { name: string; role: KeyRole };

export const ROLE_RANK: Record<KeyRole, number> = { editor: 1, admin: 2 };

/** The key's holder, or null when the key is malformed, unknown or revoked. */
export async function authenticate(tx: Tx, key: string): Promise<Principal | null> {
  const match = KEY_PATTERN.exec(key);
  if (!match?.[1] || !match[2]) return null;
  const row = await findKeyById(tx, match[1]);
  if (!row || row.revokedAt) return null;
  const stored = Buffer.from(row.secretHash, 'hex');
  const given = hashSecret(match[2]);
  return stored.length === given.length && timingSafeEqual(stored, given)
    ? { name: row.name, role: row.role }
    : null;
}

/** Every key, never its secret. */
export async function describeKeys(
  tx: Tx,
): Promise<{ name: string; role: KeyRole; createdAt: string; revokedAt: string | null }[]> {
  return (await listKeys(tx)).map(({ name, role, createdAt, revokedAt }) => ({
    name,
    role,
    createdAt,
    revokedAt,
  }));
}
