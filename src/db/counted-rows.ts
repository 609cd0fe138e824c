import type { CountKind } from '../lib/count-changes.js';

/* Where each kind of stored count lives, for the engines' bulk updates of them. */

/** Counts kept in a column of the row they count for: kind, table, key column, count column. */
export const COUNTED_ROWS: [CountKind, string, string, string][] = [
  ['claimsByClaimant', 'actors', 'id', 'claim_count'],
  ['quotesBySource', 'sources', 'id', 'quote_count'],
  ['rebuttalsByClaim', 'claims', 'id', 'rebuttal_count'],
  ['supportersByClaim', 'claims', 'id', 'supporter_count'],
  ['rebutsByClaim', 'claims', 'id', 'rebuts_count'],
  ['supportsByClaim', 'claims', 'id', 'supports_count'],
  ['evidenceByClaim', 'claims', 'id', 'evidence_count'],
];

/** Counts kept in a table of their own, a row per key with claims: kind, table, key column. */
export const KEYED_COUNTS: [CountKind, string, string][] = [
  ['claimsByTag', 'tag_counts', 'tag'],
  ['claimsByStatus', 'status_counts', 'status'],
  ['claimsByLanguage', 'language_counts', 'language'],
];
