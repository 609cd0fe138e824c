import { createHash, randomBytes } from 'node:crypto';
import { randomBase36 } from '../../lib/ids.js';

/**
 * A key reads `fck_<id>.<secret>`: the id finds the row, the secret (256 random bits) is checked
 * against its stored SHA-256 in constant time. The key itself is never stored.
 */
export const KEY_PATTERN = /^fck_([a-z0-9]{12})\.([A-Za-z0-9_-]{43})$/;

export function hashSecret(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}

/** A new key: what its holder is given, and what is stored of it. */
export function newKeySecret(): { id: string; key: string; secretHash: string } {
  const id = randomBase36(12);
  const secret = randomBytes(32).toString('base64url');
  return { id, key: `fck_${id}.${secret}`, secretHash: hashSecret(secret).toString('hex') };
}
