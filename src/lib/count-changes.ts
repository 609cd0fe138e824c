/**
 * The counts the database keeps so that reads never count rows (see schema.ts), each named by
 * what it counts; its key is the row that keeps it.
 */
export const COUNT_KINDS = [
  /** actors.claim_count, by actor id */
  'claimsByClaimant',
  /** status_counts, by status */
  'claimsByStatus',
  /** tag_counts, by tag */
  'claimsByTag',
  /** language_counts, by language */
  'claimsByLanguage',
  /** sources.quote_count, by source id */
  'quotesBySource',
  /** claims.rebuttal_count, by claim id */
  'rebuttalsByClaim',
  /** claims.supporter_count, by claim id */
  'supportersByClaim',
  /** claims.rebuts_count, by claim id */
  'rebutsByClaim',
  /** claims.supports_count, by claim id */
  'supportsByClaim',
  /** claims.evidence_count, by claim id */
  'evidenceByClaim',
] as const;

export type CountKind = (typeof COUNT_KINDS)[number];

export type CountChange = { kind: CountKind; key: string; delta: number };

/** Changes to stored counts, summed by kind and key: a change and its undoing cancel out. */
export class CountChanges {
  private readonly deltas = new Map<CountKind, Map<string, number>>();
  private keys = 0;

  /** How many counts it changes (or changed, until they cancelled out). */
  get size(): number {
    return this.keys;
  }

  add(kind: CountKind, key: string, delta = 1): this {
    let byKey = this.deltas.get(kind);
    if (!byKey) {
      byKey = new Map();
      this.deltas.set(kind, byKey);
    }
    const before = byKey.get(key);
    if (before === undefined) this.keys++;
    byKey.set(key, (before ?? 0) + delta);
    return this;
  }

  remove(kind: CountKind, key: string): this {
    return this.add(kind, key, -1);
  }

  /** The changes that do not cancel out (a tag removed and put back changes nothing). */
  *[Symbol.iterator](): IterableIterator<CountChange> {
    for (const [kind, byKey] of this.deltas) {
      for (const [key, delta] of byKey) if (delta !== 0) yield { kind, key, delta };
    }
  }
}

/**
 * Where an import gathers its count changes, to apply them once every record is in: its records
 * may name rows it writes later, which have no count to change yet.
 */
export interface DeferredCounts {
  record(changes: CountChanges): Promise<void>;
}
