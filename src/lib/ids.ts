import { randomFillSync } from 'node:crypto';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

export const ID_PREFIXES = {
  actor: 'act',
  source: 'src',
  claim: 'clm',
  quote: 'quo',
  evidence: 'evd',
} as const;

export type EntityKind = keyof typeof ID_PREFIXES;

/**
 * A new opaque public id such as `clm_mifk2c1x0…`: 9 base-36 characters of the time in
 * milliseconds, then 12 random ones (about 62 bits). Ids made later sort later, so a new row's id
 * lands at the end of the id index instead of on a random page of it, which keeps large imports
 * from rewriting pages all over the index.
 */
export function newId(kind: EntityKind, now = Date.now()): string {
  return `${ID_PREFIXES[kind]}_${now.toString(36).padStart(9, '0')}${randomBase36(12)}`;
}

export function randomBase36(length: number): string {
  let value = '';
  // 252 is the largest multiple of 36 below 256: bytes from it up are skipped, so no digit is likelier.
  while (value.length < length) {
    const byte = randomByte();
    if (byte < 252) value += ALPHABET[byte % 36];
  }
  return value;
}

/**
 * Random bytes drawn a pool at a time: a call to the system's generator costs far more than the
 * bytes of one id (an import makes millions of ids).
 */
const pool = Buffer.alloc(4096);
let used = pool.length;

function randomByte(): number {
  if (used === pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  return pool[used++] ?? 0;
}

/** Whether a path value is an id of that kind rather than a slug (slugs never hold `_`). */
export function isId(kind: EntityKind, value: string): boolean {
  return value.startsWith(`${ID_PREFIXES[kind]}_`);
}
