import type { Tx } from '../../db/store.js';
import { nowIso } from '../../lib/dates.js';
import { ConflictError, NotFoundError, ValidationError } from '../../lib/problem.js';
import type { KeyRole } from '../../lib/vocabulary.js';
import { recordAudit } from '../audit/audit.commands.js';
import {
  countActiveAdmins,
  findKeyByName,
  hasAnyKey,
  insertKey,
  revokeKey,
} from './keys.repository.js';
import { newKeySecret } from './keys.secrets.js';

/** What a key's name may be (the API's body schema says the same). */
export const KEY_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$/;
export const KEY_NAME_RULE =
  'use 1–64 letters, digits and _ . @ -, starting with a letter or digit';

export type NewKey = { key: string; name: string; role: KeyRole; createdAt: string };

/** Makes a key (audited, `by` whoever made it); the key itself is returned this once only. */
export async function createKey(
  tx: Tx,
  name: string,
  role: KeyRole,
  by: string | null = null,
): Promise<NewKey> {
  if (!KEY_NAME_PATTERN.test(name)) {
    throw new ValidationError(`'${name}' is not a valid key name.`, [
      { path: 'name', message: KEY_NAME_RULE },
    ]);
  }
  if (await findKeyByName(tx, name)) {
    throw new ConflictError(`A key named '${name}' exists already.`);
  }
  const { id, key, secretHash } = newKeySecret();
  const createdAt = nowIso();
  await insertKey(tx, { id, name, role, secretHash, createdAt, revokedAt: null });
  await recordAudit(
    tx,
    { by, action: 'create', entityType: 'key', entityId: name, after: { name, role } },
    createdAt,
  );
  return { key, name, role, createdAt };
}

export async function revokeKeyByName(
  tx: Tx,
  name: string,
  by: string | null = null,
): Promise<void> {
  const row = await findKeyByName(tx, name);
  if (!row) throw new NotFoundError('key', name);
  if (row.revokedAt) return;
  // Without an active admin key no one could make or revoke keys through the API again.
  if (row.role === 'admin' && (await countActiveAdmins(tx)) <= 1) {
    throw new ConflictError(
      `'${name}' is the last active admin key: create another admin key before revoking it.`,
    );
  }
  const at = nowIso();
  await revokeKey(tx, row.id, at);
  await recordAudit(
    tx,
    {
      by,
      action: 'update',
      entityType: 'key',
      entityId: name,
      before: { revokedAt: null },
      after: { revokedAt: at },
    },
    at,
  );
}

/** On a first start there is no way to write; make one admin key so a newcomer can. */
export async function ensureFirstKey(tx: Tx): Promise<NewKey | null> {
  if (await hasAnyKey(tx)) return null;
  return createKey(tx, 'admin', 'admin');
}
