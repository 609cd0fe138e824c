import type { z } from 'zod';
import type { BundleSchema } from '../../src/modules/bundles/bundle.schemas.js';

export type BundleInput = Partial<Omit<z.input<typeof BundleSchema>, 'format' | 'version'>> &
  Record<string, unknown>;

/** A bundle document as a client would send it. */
export function bundle(parts: BundleInput): Record<string, unknown> {
  return { format: 'factcheck-bundle', version: 1, ...parts };
}

const TEXT = 'The quick brown fox jumps over the lazy dog. Zebras graze while giraffes browse.';

/**
 * `count` synthetic claims by one actor, quoted in one source; stated dates repeat (ties) so the
 * cursor's tie-breaker is exercised. Words in `extra` go into every third claim's text.
 */
export function syntheticBundle(count: number, options: { prefix?: string; extra?: string } = {}) {
  const prefix = options.prefix ?? 'claim';
  return bundle({
    actors: [{ slug: 'tester', kind: 'person', name: 'Tess Tester', aliases: [] }],
    sources: [{ slug: 'fixture-text', kind: 'other', text: TEXT }],
    claims: Array.from({ length: count }, (_, i) => ({
      slug: `${prefix}-${i}`,
      text: `Claim number ${i} about foxes${i % 3 === 0 && options.extra ? ` ${options.extra}` : ''}`,
      language: 'en',
      claimant: 'tester',
      statedAt: `2020-0${1 + (i % 5)}-1${i % 3}`,
      status: 'unverified' as const,
      tags: i % 2 === 0 ? ['even'] : ['odd'],
      quotes: [{ source: 'fixture-text', exact: 'quick brown fox', start: 4, end: 19 }],
    })),
  });
}

/** A claim with its claimant and its quoted source, as NDJSON records (each with its `type`). */
export const speakerRecords = {
  actor: { type: 'actor', slug: 'speaker', kind: 'person', name: 'A Speaker' },
  source: { type: 'source', slug: 'talk', kind: 'speech', text: 'Hello there, friends.' },
  claim: {
    type: 'claim',
    slug: 'hello',
    text: 'Hello there',
    claimant: 'speaker',
    statedAt: '2024',
    quotes: [{ source: 'talk', exact: 'Hello there', start: 0, end: 11 }],
  },
};
