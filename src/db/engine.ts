import type { SQL } from 'drizzle-orm';
import type { DeferredCounts } from '../lib/count-changes.js';
import type { SqlDialect } from './dialect.js';
import type { AuditRow } from './schema.js';
import type { Tx } from './store.js';

/**
 * What the app needs of the engine behind a handle beyond the queries it writes once (those run
 * on either, see src/db/pg/store.ts): the working parts of a bulk import, and the engine's own
 * words for its errors. Each store registers its handles with its engine as it opens them.
 */
export interface Engine {
  /** The parts an import works with, inside its transaction. */
  openImport(tx: Tx, options: { minRecords?: number; countSlice?: number }): Promise<ImportSupport>;
  /** The engine's words for what the shared queries write differently. */
  readonly sql: SqlDialect;
  /** The engine's error in the app's terms (a 409, 422, 503…), or the error itself. */
  translateError(error: unknown): unknown;
  /** The rows of a query written with drizzle's `sql` (see readRows in store.ts). */
  readRows<T>(tx: Tx, query: SQL): Promise<T[]>;
  /** Runs a statement written with drizzle's `sql` that returns no rows. */
  runStatement(tx: Tx, statement: SQL): Promise<void>;
}

/**
 * The end of an import's search indexing: `true` once the import's other work is done (the index
 * is then complete), `false` when the import fails before (what was under way is dropped).
 */
export type SearchIndexEnd = (complete: boolean) => Promise<void>;

export type ImportSupport = {
  scratch: ImportScratch;
  /**
   * Claims written by the import are made searchable (at the latest when it ends): `rebuild`, then
   * the end it gives back, once the import's other work is done.
   */
  searchIndex: { rebuild(): Promise<SearchIndexEnd> };
  /** Changes to the stored counts, applied when every record is in. */
  countChanges: DeferredCounts & { apply(): Promise<void> };
  /** Indexes a large import may set aside while it writes, and build again before it commits. */
  indexes: { noteRecord(): void; restore(): Promise<void>; release(): void };
  /** Where its audit rows go once it is large, when the engine has such a place. */
  audit?: AuditRowsSink;
};

/**
 * Where a large import's audit rows go while it runs, instead of their table: `take` answers
 * whether it took them (it takes none before the import is large); `finish` writes every row it
 * took into the table, after those written there before, in the same order; `drop` forgets them
 * (the import is rolled back).
 */
export type AuditRowsSink = {
  take(rows: Omit<AuditRow, 'id'>[]): Promise<boolean>;
  finish(): Promise<void>;
  drop(): void;
};

export type ScratchAnchor = {
  path: string;
  sourceId: string;
  exact: string;
  start: number;
  end: number;
};

/**
 * An import's working memory, outside the JS heap so that it stays flat whatever the input: the
 * keys met or referenced, the quotes whose offsets are checked at the end, the claims it created
 * with whether it brought their history, the links and affiliations it wrote.
 */
export interface ImportScratch {
  keyId(kind: string, key: string): Promise<string | null>;
  isDefined(kind: string, key: string): Promise<boolean>;
  /** Holds an id for a key referenced before it is met; it must be defined by the end. */
  reserve(kind: string, key: string, id: string, path: string): Promise<void>;
  define(kind: string, key: string, id: string): Promise<void>;
  /** Defines a key the import has neither met nor reserved, in one step; false if it has. */
  defineNew(kind: string, key: string, id: string): Promise<boolean>;
  /** Keys referenced but never met, nor found in the database. */
  undefinedReferences(limit?: number): Promise<{ kind: string; key: string; path: string }[]>;
  /** Whether this (from, to) pair was linked earlier in the same import; notes it if not. */
  linkSeen(fromId: string, toId: string): Promise<boolean>;
  /** An actor the import gave an affiliation, whose chain is checked when the import ends. */
  noteAffiliated(id: string, path: string): Promise<void>;
  affiliated(limit?: number): Promise<{ id: string; path: string }[]>;
  checkAnchor(anchor: ScratchAnchor): Promise<void>;
  /** The quotes to check, a page at a time, grouped by source, then in the order they came. */
  anchorPage(
    after: { sourceId: string; seq: number } | null,
    limit: number,
  ): Promise<(ScratchAnchor & { seq: number })[]>;
  /** Whether this import created the claim (or brings its history, before creating it). */
  madeHere(claimId: string): Promise<boolean>;
  /** Records that the import created the claim (its history may have come first). */
  noteMade(claimId: string): Promise<void>;
  /** Records that the import brings history for the claim: it gets no automatic first entry. */
  noteGivenHistory(claimId: string): Promise<void>;
  /** The claims the import created without bringing their history, as a subquery. */
  claimsWithoutHistory(): SQL;
  /** Writes what the scratch holds back in memory: the import's end reads the tables whole. */
  flush(): Promise<void>;
  drop(): Promise<void>;
}

const engines = new WeakMap<Tx, Engine>();

export function registerEngine(tx: Tx, engine: Engine): void {
  engines.set(tx, engine);
}

export function engineOf(tx: Tx): Engine {
  const engine = engines.get(tx);
  if (!engine) throw new Error('this handle was not opened by a store');
  return engine;
}
