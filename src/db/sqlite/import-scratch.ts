import type { Statement } from 'better-sqlite3';
import { type SQL, sql } from 'drizzle-orm';
import QuickLRU from 'quick-lru';
import type { ImportScratch, ScratchAnchor } from '../engine.js';
import type { Tx } from '../store.js';
import { clientOf } from './connection.js';

/** Claims whose history row is remembered in memory (see recentlyMade). */
const RECENT_CLAIMS = 10_000;

/**
 * An import's working memory, kept in the writer's scratch database (a temporary file, gone with
 * the connection) so that it does not grow in RAM with the input: the keys met or referenced, the
 * quotes whose offsets are checked at the end, and the claims it created with whether it brought
 * their history. The tables looked up by key are kept in their key's order alone (`WITHOUT ROWID`):
 * a row is written once, not into a table and again into its key's index.
 */
export class SqliteImportScratch implements ImportScratch {
  private statements: Record<string, Statement> = {};
  /** Reservations so far: their keys are listed in this order when never met. */
  private reservations = 0;
  /**
   * The history table's most recent claims (its rows are never removed while the import runs): a
   * claim's history and evidence mostly follow it, and ask again what was just written.
   */
  private readonly recentlyMade = new QuickLRU<string, true>({ maxSize: RECENT_CLAIMS });
  private readonly recentlyGiven = new QuickLRU<string, true>({ maxSize: RECENT_CLAIMS });

  private constructor(private readonly tx: Tx) {}

  /** Fresh scratch tables inside the import's transaction. */
  static async open(tx: Tx): Promise<SqliteImportScratch> {
    const scratch = new SqliteImportScratch(tx);
    const client = clientOf(tx);
    client.exec(`
      CREATE TABLE IF NOT EXISTS scratch.import_keys (
        kind TEXT NOT NULL, key TEXT NOT NULL, id TEXT NOT NULL, defined INTEGER NOT NULL, path TEXT,
        reserved INTEGER, PRIMARY KEY (kind, key)) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS scratch.import_anchors (
        path TEXT NOT NULL, source_id TEXT NOT NULL, exact TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS scratch.import_history (claim_id TEXT PRIMARY KEY, given INTEGER NOT NULL) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS scratch.import_links (from_id TEXT NOT NULL, to_id TEXT NOT NULL, PRIMARY KEY (from_id, to_id)) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS scratch.import_affiliated (id TEXT PRIMARY KEY, path TEXT NOT NULL);
      DELETE FROM scratch.import_keys; DELETE FROM scratch.import_anchors;
      DELETE FROM scratch.import_history; DELETE FROM scratch.import_links;
      DELETE FROM scratch.import_affiliated;
    `);
    const sql = {
      keyId: 'SELECT id, defined FROM import_keys WHERE kind = ? AND key = ?',
      reserve:
        'INSERT OR IGNORE INTO import_keys (kind, key, id, defined, path, reserved) VALUES (?, ?, ?, 0, ?, ?)',
      define: `INSERT INTO import_keys (kind, key, id, defined) VALUES (?, ?, ?, 1)
               ON CONFLICT (kind, key) DO UPDATE SET defined = 1`,
      defineNew: `INSERT INTO import_keys (kind, key, id, defined) VALUES (?, ?, ?, 1)
                  ON CONFLICT (kind, key) DO NOTHING`,
      anchor:
        'INSERT INTO import_anchors (path, source_id, exact, start, "end") VALUES (?, ?, ?, ?, ?)',
      history: 'SELECT given FROM import_history WHERE claim_id = ?',
      noteMade: 'INSERT OR IGNORE INTO import_history (claim_id, given) VALUES (?, 0)',
      noteGiven: `INSERT INTO import_history (claim_id, given) VALUES (?, 1)
                  ON CONFLICT (claim_id) DO UPDATE SET given = 1`,
      link: 'INSERT OR IGNORE INTO import_links (from_id, to_id) VALUES (?, ?)',
      affiliated: 'INSERT OR REPLACE INTO import_affiliated (id, path) VALUES (?, ?)',
    };
    scratch.statements = Object.fromEntries(
      Object.entries(sql).map(([name, text]) => [name, client.prepare(text)]),
    );
    return scratch;
  }

  /** Nothing held back: in-process, a note's statement costs no round trip. */
  async flush(): Promise<void> {}

  async drop(): Promise<void> {
    clientOf(this.tx).exec(
      'DROP TABLE IF EXISTS scratch.import_keys; DROP TABLE IF EXISTS scratch.import_anchors; DROP TABLE IF EXISTS scratch.import_history; DROP TABLE IF EXISTS scratch.import_links; DROP TABLE IF EXISTS scratch.import_affiliated;',
    );
  }

  private run(name: string): Statement {
    const statement = this.statements[name];
    if (!statement) throw new Error(`import scratch statement ${name} is not prepared`);
    return statement;
  }

  async keyId(kind: string, key: string): Promise<string | null> {
    const row = this.run('keyId').get(kind, key) as { id: string } | undefined;
    return row?.id ?? null;
  }

  async isDefined(kind: string, key: string): Promise<boolean> {
    const row = this.run('keyId').get(kind, key) as { defined: number } | undefined;
    return row?.defined === 1;
  }

  /** Holds an id for a key referenced before it is met; it must be defined by the end. */
  async reserve(kind: string, key: string, id: string, path: string): Promise<void> {
    this.run('reserve').run(kind, key, id, path, ++this.reservations);
  }

  async define(kind: string, key: string, id: string): Promise<void> {
    this.run('define').run(kind, key, id);
  }

  async defineNew(kind: string, key: string, id: string): Promise<boolean> {
    return this.run('defineNew').run(kind, key, id).changes === 1;
  }

  /** Keys referenced but never met, nor found in the database. */
  async undefinedReferences(limit = 1000): Promise<{ kind: string; key: string; path: string }[]> {
    return clientOf(this.tx)
      .prepare(
        'SELECT kind, key, path FROM import_keys WHERE defined = 0 ORDER BY reserved LIMIT ?',
      )
      .all(limit) as { kind: string; key: string; path: string }[];
  }

  /** Whether this (from, to) pair was linked earlier in the same import; notes it if not. */
  async linkSeen(fromId: string, toId: string): Promise<boolean> {
    return this.run('link').run(fromId, toId).changes === 0;
  }

  /** An actor the import gave an affiliation, whose chain is checked when the import ends. */
  async noteAffiliated(id: string, path: string): Promise<void> {
    this.run('affiliated').run(id, path);
  }

  async affiliated(limit = 100_000): Promise<{ id: string; path: string }[]> {
    return clientOf(this.tx)
      .prepare('SELECT id, path FROM import_affiliated ORDER BY rowid LIMIT ?')
      .all(limit) as { id: string; path: string }[];
  }

  async checkAnchor(anchor: ScratchAnchor): Promise<void> {
    this.run('anchor').run(anchor.path, anchor.sourceId, anchor.exact, anchor.start, anchor.end);
  }

  /**
   * The quotes to check, a page at a time, grouped by source (then in the order they came), so
   * that each source's text is read and indexed once however many quotes it holds.
   */
  async anchorPage(
    after: { sourceId: string; seq: number } | null,
    limit: number,
  ): Promise<(ScratchAnchor & { seq: number })[]> {
    const client = clientOf(this.tx);
    // Built once, sorted, when the quotes are all in: without it every page would scan and sort
    // the whole table, which makes the check quadratic in the number of quotes.
    client.exec(
      'CREATE INDEX IF NOT EXISTS scratch.import_anchors_by_source ON import_anchors (source_id)',
    );
    return client
      .prepare(
        `SELECT rowid AS seq, path, source_id AS sourceId, exact, start, "end" FROM import_anchors
         WHERE (source_id, rowid) > (?, ?) ORDER BY source_id, rowid LIMIT ?`,
      )
      .all(after?.sourceId ?? '', after?.seq ?? -1, limit) as (ScratchAnchor & { seq: number })[];
  }

  /** Whether this import created the claim (or brings its history, before creating it). */
  async madeHere(claimId: string): Promise<boolean> {
    if (this.recentlyMade.has(claimId)) return true;
    const made = this.run('history').get(claimId) !== undefined;
    if (made) this.recentlyMade.set(claimId, true);
    return made;
  }

  /** Records that the import created the claim (its history may have come first). */
  async noteMade(claimId: string): Promise<void> {
    if (this.recentlyMade.has(claimId)) return;
    this.run('noteMade').run(claimId);
    this.recentlyMade.set(claimId, true);
  }

  /** Records that the import brings history for the claim: it gets no automatic first entry. */
  async noteGivenHistory(claimId: string): Promise<void> {
    if (this.recentlyGiven.has(claimId)) return;
    this.run('noteGiven').run(claimId);
    this.recentlyGiven.set(claimId, true);
    this.recentlyMade.set(claimId, true);
  }

  /** The claims the import created without bringing their history, as a subquery. */
  claimsWithoutHistory(): SQL {
    return sql`SELECT claim_id FROM scratch.import_history WHERE given = 0`;
  }
}
