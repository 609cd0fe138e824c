import { randomInt } from 'node:crypto';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

export const ID_PREFIXES = {
  actor: 'act',
  source: 'src',
  claim: 'clm',
  quote: 'quo',
  evidence: 'evd',
} as const;

export type EntityKind = keyof typeof ID_PREFIXES;

/** A new opaque public id such as `clm_3k9x…` (16 random base-36 characters, about 82 bits). */
export function newId(kind: EntityKind): string {
  return `${ID_PREFIXES[kind]}_${randomBase36(16)}`;
}

export function randomBase36(length: number): string {
  let value = '';
  for (let i = 0; i < length; i++) value += ALPHABET[randomInt(ALPHABET.length)];
  return value;
}

/** Whether a path value is an id of that kind rather than a slug (slugs never hold `_`). */
export function isId(kind: EntityKind, value: string): boolean {
  return value.startsWith(`${ID_PREFIXES[kind]}_`);
}
