import type { Tx } from '../store.js';
import { clientOf } from './connection.js';

/**
 * The search index (FTS5 `claim_search`) is kept up to date by triggers, row by row: four index
 * updates for a claim with a quote and two tags, most of what a large import costs. For the length
 * of one write transaction (an import), the insert and update triggers are set aside and temporary
 * ones only note which claims changed (an actor's new names change every claim it made); `rebuild`
 * then indexes those claims in one statement, from the rows the triggers make them from
 * (`claim_search_rows`, migrations 0011 and 0019, which adds the review's headline), and puts the
 * triggers back, before the transaction commits. A rollback undoes it all (SQLite's DDL is
 * transactional), and no other connection ever sees the triggers missing.
 */
export class DeferredSearchIndex {
  private constructor(
    private readonly tx: Tx,
    private readonly triggers: { name: string; sql: string }[],
  ) {}

  static async open(tx: Tx): Promise<DeferredSearchIndex> {
    const client = clientOf(tx);
    const triggers = client
      .prepare(
        `SELECT name, sql FROM sqlite_schema
         WHERE type = 'trigger' AND name GLOB '*_search_*' AND (name GLOB '*_insert' OR name GLOB '*_update')
         ORDER BY name`,
      )
      .all() as { name: string; sql: string }[];
    client.exec(`
      CREATE TEMP TABLE IF NOT EXISTS search_pending (claim_id TEXT PRIMARY KEY) WITHOUT ROWID;
      DELETE FROM search_pending;
      ${triggers.map((t) => `DROP TRIGGER main."${t.name}";`).join('\n')}
      CREATE TEMP TRIGGER search_pending_claim_insert AFTER INSERT ON main.claims BEGIN
        INSERT OR IGNORE INTO search_pending VALUES (new.id); END;
      CREATE TEMP TRIGGER search_pending_claim_update AFTER UPDATE OF text, claimant_id ON main.claims
        WHEN old.text IS NOT new.text OR old.claimant_id IS NOT new.claimant_id BEGIN
        INSERT OR IGNORE INTO search_pending VALUES (new.id); END;
      CREATE TEMP TRIGGER search_pending_quote_insert AFTER INSERT ON main.quotes BEGIN
        INSERT OR IGNORE INTO search_pending VALUES (new.claim_id); END;
      CREATE TEMP TRIGGER search_pending_quote_update AFTER UPDATE ON main.quotes BEGIN
        INSERT OR IGNORE INTO search_pending VALUES (old.claim_id);
        INSERT OR IGNORE INTO search_pending VALUES (new.claim_id); END;
      CREATE TEMP TRIGGER search_pending_tag_insert AFTER INSERT ON main.claim_tags BEGIN
        INSERT OR IGNORE INTO search_pending VALUES (new.claim_id); END;
      -- A review is written by an upsert, whose conflict handling overrides a trigger's OR IGNORE:
      -- a claim already noted is skipped by the statement itself.
      CREATE TEMP TRIGGER search_pending_review_insert AFTER INSERT ON main.claim_reviews
        WHEN new.headline IS NOT NULL BEGIN
        INSERT INTO search_pending SELECT new.claim_id
        WHERE new.claim_id NOT IN (SELECT claim_id FROM search_pending); END;
      CREATE TEMP TRIGGER search_pending_review_update AFTER UPDATE OF headline, claim_id ON main.claim_reviews
        WHEN old.headline IS NOT new.headline OR old.claim_id IS NOT new.claim_id BEGIN
        INSERT INTO search_pending SELECT id FROM (SELECT old.claim_id AS id UNION SELECT new.claim_id)
        WHERE id NOT IN (SELECT claim_id FROM search_pending); END;
      CREATE TEMP TRIGGER search_pending_actor_insert AFTER INSERT ON main.actors BEGIN
        INSERT OR IGNORE INTO search_pending SELECT id FROM main.claims WHERE claimant_id = new.id; END;
      CREATE TEMP TRIGGER search_pending_actor_update AFTER UPDATE OF name, aliases ON main.actors
        WHEN old.name IS NOT new.name OR old.aliases IS NOT new.aliases BEGIN
        INSERT OR IGNORE INTO search_pending SELECT id FROM main.claims WHERE claimant_id = new.id; END;
    `);
    return new DeferredSearchIndex(tx, triggers);
  }

  /** Indexes every claim the transaction wrote, then restores the triggers as they were. */
  async rebuild(): Promise<void> {
    const client = clientOf(this.tx);
    // FTS5 gathers terms in memory up to `hashsize` (1 MiB by default) before it writes a segment
    // and later merges them: a larger buffer for this one statement makes far fewer segments to
    // merge (a third faster for 100,000 claims), and costs the same memory however many there are.
    const stored = client.prepare("SELECT v FROM claim_search_config WHERE k = 'hashsize'").get() as
      | { v: number }
      | undefined;
    // FTS5 refuses a bound parameter as a setting's value: the number is written into the text.
    const setHashSize = (bytes: number) =>
      client.exec(
        `INSERT INTO claim_search (claim_search, rank) VALUES ('hashsize', ${Math.trunc(bytes)})`,
      );
    setHashSize(BULK_HASH_SIZE);
    const { pending, claims } = client
      .prepare(
        'SELECT (SELECT count(*) FROM search_pending) AS pending, (SELECT count(*) FROM claims) AS claims',
      )
      .get() as { pending: number; claims: number };
    client.exec(`
      DELETE FROM claim_search WHERE rowid IN
        (SELECT seq FROM claims WHERE id IN (SELECT claim_id FROM search_pending));
      INSERT INTO claim_search (rowid, text, quotes, tags, claimant, headline)
      SELECT seq, text, quotes, tags, claimant, headline FROM claim_search_rows
      WHERE id IN (SELECT claim_id FROM search_pending);
      DROP TRIGGER temp.search_pending_claim_insert;
      DROP TRIGGER temp.search_pending_claim_update;
      DROP TRIGGER temp.search_pending_quote_insert;
      DROP TRIGGER temp.search_pending_quote_update;
      DROP TRIGGER temp.search_pending_tag_insert;
      DROP TRIGGER temp.search_pending_review_insert;
      DROP TRIGGER temp.search_pending_review_update;
      DROP TRIGGER temp.search_pending_actor_insert;
      DROP TRIGGER temp.search_pending_actor_update;
      DROP TABLE temp.search_pending;
      ${this.triggers.map((t) => `${t.sql};`).join('\n')}
    `);
    setHashSize(stored?.v ?? DEFAULT_HASH_SIZE);
    // The insert leaves the new entries in a few large segments beside the old ones, and finding
    // a claim in the index costs a seek per segment and term (searches sorted by date ran 3× slower
    // at 100,000 claims). When the import wrote a large share of the index, merging it into one
    // segment costs a fraction of the insert; a small import is left to FTS5's own merging.
    if (pending * OPTIMIZE_SHARE >= claims) {
      client.exec("INSERT INTO claim_search (claim_search) VALUES ('optimize')");
    }
  }
}

const BULK_HASH_SIZE = 64 * 1_048_576;
/** An import that indexed at least 1 claim in this many merges the index into one segment. */
const OPTIMIZE_SHARE = 4;
/** FTS5's own default, put back when the index had no setting of its own. */
const DEFAULT_HASH_SIZE = 1_048_576;
