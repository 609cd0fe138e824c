import type Database from 'better-sqlite3';
import type { SearchIndexEnd } from '../engine.js';
import type { Tx } from '../store.js';
import { clientOf } from './connection.js';
import { claimsStored } from './deferred-indexes.js';
import {
  claimsInRowOrder,
  claimsToIndex,
  indexFirstNotedClaims,
  indexPendingClaims,
} from './pending-search.js';
import {
  BULK_HASH_SIZE,
  indexAboveMerging,
  LARGE_IMPORT,
  optimizeSearchIndex,
  putSearchSetting,
  SMALL_INDEX,
} from './search-levels.js';
import { startSideSearchIndex } from './side-search-index.js';

/**
 * The search index of an import: the claims it writes are noted as every write's are (migration
 * 0022) and indexed in one statement before it commits; `rebuild` does it with a large buffer and,
 * when the import wrote a large share of the index, merges the index into one segment.
 *
 * Once the import is large (see DeferredIndexes), an index of few claims is made anew instead:
 * the triggers that note claims are set aside, for each claim a write notes three or four times
 * (the claim, its quotes, its tags), and the notes themselves cost a fifth of the index's making;
 * `rebuild` then indexes every claim in row-key order (the few stored before with them) and
 * puts the triggers back; with many claims, it does so on a thread of its own (see
 * side-search-index) when the import has its side files (an import inside a request's held
 * write has none), and the end it gives back brings the index in. Into a larger index, only
 * the new-actor trigger is set aside: its look-up of the claims naming an actor would read every
 * claim while the claimant indexes are.
 */
export class DeferredSearchIndex {
  private triggersSetAside: { name: string; sql: string }[] = [];
  private everyClaim = false;

  private constructor(
    private readonly tx: Tx,
    private readonly smallBefore: boolean,
  ) {}

  static async open(tx: Tx): Promise<DeferredSearchIndex> {
    return new DeferredSearchIndex(tx, claimsStored(tx) <= SMALL_INDEX);
  }

  /** The import has become large: its triggers set aside until `rebuild`. */
  setTriggersAside(): void {
    const client = clientOf(this.tx);
    this.everyClaim = this.smallBefore;
    this.triggersSetAside = client
      .prepare(
        `SELECT name, sql FROM sqlite_schema
         WHERE type = 'trigger' AND (name = ? OR (? AND sql LIKE '%search_pending%'))
         ORDER BY name`,
      )
      .all(NEW_ACTOR_TRIGGER, this.everyClaim ? 1 : 0) as { name: string; sql: string }[];
    client.exec(
      this.triggersSetAside.map((trigger) => `DROP TRIGGER main."${trigger.name}";`).join('\n'),
    );
  }

  /**
   * Indexes every claim the transaction wrote; what it gives back ends it (a first load's index is
   * made on another thread meanwhile, see side-search-index).
   */
  async rebuild(): Promise<SearchIndexEnd> {
    const client = clientOf(this.tx);
    // The insert leaves the new entries in a few large segments beside the old ones, and finding
    // a claim in the index costs a seek per segment and term (searches sorted by date ran 3× slower
    // at 100,000 claims). When the import writes a large share of the index, merging it into one
    // segment afterwards costs a fraction of the insert; a small import is left to FTS5's own merging.
    const stored = claimsStored(this.tx);
    const toIndex = this.everyClaim ? stored : claimsToIndex(client);
    const merged = toIndex * OPTIMIZE_SHARE >= stored;
    // Made and merged on another core while the import builds its other indexes.
    const end =
      this.everyClaim && toIndex >= LARGE_IMPORT
        ? startSideSearchIndex(this.tx, toIndex)
        : undefined;
    if (end !== undefined) {
      client.exec('DELETE FROM search_pending');
      this.putTriggersBack(client);
      return end;
    }
    // FTS5 gathers terms in memory up to `hashsize` before it writes a segment: a larger buffer
    // for this one statement makes far fewer segments to merge (a third faster for 100,000 claims)
    // and costs the same memory however many there are. (FTS5 merges nothing along the way: the
    // store merges between writes, see search-merges.ts.)
    const restore = setting(client, 'hashsize', BULK_HASH_SIZE, DEFAULT_HASH_SIZE);
    if (this.everyClaim) {
      client.exec('DELETE FROM claim_search; DELETE FROM search_pending');
      const indexNext = claimsInRowOrder(client);
      if (toIndex >= LARGE_IMPORT) indexAboveMerging(client, toIndex, indexNext);
      else indexNext(toIndex);
    } else if (merged && toIndex >= LARGE_IMPORT && stored - toIndex <= SMALL_INDEX) {
      // An import into a small index leaves its one segment out of reach of the writes' merging.
      indexAboveMerging(client, toIndex, (count) => indexFirstNotedClaims(client, count));
    } else {
      indexPendingClaims(client);
    }
    restore();
    this.putTriggersBack(client);
    if (merged) optimizeSearchIndex(client);
    return async () => {};
  }

  private putTriggersBack(client: Database.Database): void {
    client.exec(this.triggersSetAside.map((trigger) => `${trigger.sql};`).join('\n'));
    this.triggersSetAside = [];
  }
}

/** Notes, for the search index, the claims that name an actor as it is written (migration 0022). */
const NEW_ACTOR_TRIGGER = 'actors_search_insert';

/** Sets one of the index's settings; the function that puts back its value from before. */
function setting(
  client: Database.Database,
  name: string,
  value: number,
  defaultValue: number,
): () => void {
  const stored = client.prepare('SELECT v FROM claim_search_config WHERE k = ?').get(name) as
    | { v: number }
    | undefined;
  putSearchSetting(client, name, value);
  return () => putSearchSetting(client, name, stored?.v ?? defaultValue);
}

/** An import that indexes at least 1 claim in this many merges the index into one segment. */
const OPTIMIZE_SHARE = 4;
/** FTS5's own default, put back when the index had no setting of its own. */
const DEFAULT_HASH_SIZE = 1_048_576;
