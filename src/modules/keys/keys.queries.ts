import { timingSafeEqual } from 'node:crypto';
import type { ApiKeyRow } from '../../db/schema.js';
import type { Tx } from '../../db/store.js';
import type { Page, PageQuery } from '../../lib/api-schemas.js';
import { keysetList } from '../../lib/cursor.js';
import { NotFoundError } from '../../lib/problem.js';
import type { KeyRole } from '../../lib/vocabulary.js';
import { findKeyById, findKeyByName, listKeys } from './keys.repository.js';
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

type KeyDescription = { name: string; role: KeyRole; createdAt: string; revokedAt: string | null };

const described = ({ name, role, createdAt, revokedAt }: ApiKeyRow): KeyDescription => ({
  name,
  role,
  createdAt,
  revokedAt,
});

/** Every key, never its secret. */
export async function describeKeys(tx: Tx): Promise<KeyDescription[]> {
  return (await listKeys(tx)).map(described);
}

/** The position of a key in the list of keys: when it was created, then its name. */
const KEYS_ORDER = 'keys';

/** A page of keys, never their secrets. */
export async function listKeyPage(tx: Tx, query: PageQuery): Promise<Page<KeyDescription>> {
  const page = await keysetList(
    query,
    { order: KEYS_ORDER },
    (after, limit) => listKeys(tx, { after, limit }),
    (last) => ({ key: last.createdAt, tie: last.name }),
  );
  return { items: page.items.map(described), nextCursor: page.nextCursor };
}

/** The key of this name, never its secret. */
export async function describeKey(tx: Tx, name: string): Promise<KeyDescription> {
  const row = await findKeyByName(tx, name);
  if (!row) throw new NotFoundError('key', name);
  return described(row);
}
