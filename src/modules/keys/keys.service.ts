import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { type Db, inTransaction } from '../../db/client.js';
import { nowIso } from '../../lib/dates.js';
import { randomBase36 } from '../../lib/ids.js';
import { ConflictError, NotFoundError, ValidationError } from '../../lib/problem.js';
import type { KeyRole } from '../../lib/vocabulary.js';
import { recordAudit } from '../audit/audit.service.js';
import {
  findKeyById,
  findKeyByName,
  hasAnyKey,
  insertKey,
  listKeys,
  revokeKey,
} from './keys.repository.js';

/**
 * A key reads `fck_<id>.<secret>`: the id finds the row, the secret (256 random bits) is checked
 * against its stored SHA-256 in constant time. The key itself is never stored.
 */
const KEY_PATTERN = /^fck_([a-z0-9]{12})\.([A-Za-z0-9_-]{43})$/;

export type Principal = { name: string; role: KeyRole };

export const ROLE_RANK: Record<KeyRole, number> = { editor: 1, admin: 2 };

function hashSecret(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}

/** Makes a key (audited, `by` whoever made it); the key itself is returned this once only. */
export function createKey(
  db: Db,
  name: string,
  role: KeyRole,
  by: string | null = null,
): { key: string; name: string; role: KeyRole; createdAt: string } {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$/.test(name)) {
    throw new ValidationError(`'${name}' is not a valid key name.`, [
      {
        path: 'name',
        message: 'use 1–64 letters, digits and _ . @ -, starting with a letter or digit',
      },
    ]);
  }
  if (findKeyByName(db, name)) {
    throw new ConflictError(`A key named '${name}' exists already.`);
  }
  const id = randomBase36(12);
  const secret = randomBytes(32).toString('base64url');
  const createdAt = nowIso();
  inTransaction(db, () => {
    insertKey(db, {
      id,
      name,
      role,
      secretHash: hashSecret(secret).toString('hex'),
      createdAt,
      revokedAt: null,
    });
    recordAudit(
      db,
      { by, action: 'create', entityType: 'key', entityId: name, after: { name, role } },
      createdAt,
    );
  });
  return { key: `fck_${id}.${secret}`, name, role, createdAt };
}

/** The key's holder, or null when the key is malformed, unknown or revoked. */
export function authenticate(db: Db, key: string): Principal | null {
  const match = KEY_PATTERN.exec(key);
  if (!match?.[1] || !match[2]) return null;
  const row = findKeyById(db, match[1]);
  if (!row || row.revokedAt) return null;
  const stored = Buffer.from(row.secretHash, 'hex');
  const given = hashSecret(match[2]);
  return stored.length === given.length && timingSafeEqual(stored, given)
    ? { name: row.name, role: row.role }
    : null;
}

export function revokeKeyByName(db: Db, name: string, by: string | null = null): void {
  const row = findKeyByName(db, name);
  if (!row) throw new NotFoundError('key', name);
  if (row.revokedAt) return;
  const at = nowIso();
  inTransaction(db, () => {
    revokeKey(db, row.id, at);
    recordAudit(
      db,
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
  });
}

export function describeKeys(db: Db) {
  return listKeys(db).map(({ name, role, createdAt, revokedAt }) => ({
    name,
    role,
    createdAt,
    revokedAt,
  }));
}

/** On a first start there is no way to write; make one admin key so a newcomer can. */
export function ensureFirstKey(db: Db): { key: string; name: string; role: KeyRole } | null {
  if (hasAnyKey(db)) return null;
  return createKey(db, 'admin', 'admin');
}
