import type { Statement } from 'better-sqlite3';
import type { Db } from '../../db/client.js';

/**
 * An import's working memory, kept in temporary tables (on disk, gone with the connection) so that
 * it does not grow in RAM with the input: the keys met or referenced, the quotes whose offsets are
 * checked at the end, and the automatic first history entries an imported history replaces.
 */
export class ImportScratch {
  private statements: Record<string, Statement> = {};

  constructor(private readonly db: Db) {}

  create(): void {
    this.db.$client.exec(`
      CREATE TEMP TABLE IF NOT EXISTS import_keys (
        kind TEXT NOT NULL, key TEXT NOT NULL, id TEXT NOT NULL, defined INTEGER NOT NULL, path TEXT,
        PRIMARY KEY (kind, key));
      CREATE TEMP TABLE IF NOT EXISTS import_anchors (
        path TEXT NOT NULL, source_id TEXT NOT NULL, exact TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL);
      CREATE TEMP TABLE IF NOT EXISTS import_history (claim_id TEXT PRIMARY KEY, automatic_id INTEGER, given INTEGER NOT NULL);
      DELETE FROM import_keys; DELETE FROM import_anchors; DELETE FROM import_history;
    `);
    const sql = {
      keyId: 'SELECT id, defined FROM import_keys WHERE kind = ? AND key = ?',
      reserve:
        'INSERT OR IGNORE INTO import_keys (kind, key, id, defined, path) VALUES (?, ?, ?, 0, ?)',
      define: `INSERT INTO import_keys (kind, key, id, defined) VALUES (?, ?, ?, 1)
               ON CONFLICT (kind, key) DO UPDATE SET defined = 1`,
      anchor:
        'INSERT INTO import_anchors (path, source_id, exact, start, "end") VALUES (?, ?, ?, ?, ?)',
      history: 'SELECT automatic_id, given FROM import_history WHERE claim_id = ?',
      noteAutomatic: 'INSERT INTO import_history (claim_id, automatic_id, given) VALUES (?, ?, 0)',
      noteGiven: `INSERT INTO import_history (claim_id, automatic_id, given) VALUES (?, NULL, 1)
                  ON CONFLICT (claim_id) DO UPDATE SET automatic_id = NULL, given = 1`,
    };
    this.statements = Object.fromEntries(
      Object.entries(sql).map(([name, text]) => [name, this.db.$client.prepare(text)]),
    );
  }

  drop(): void {
    this.db.$client.exec(
      'DROP TABLE IF EXISTS temp.import_keys; DROP TABLE IF EXISTS temp.import_anchors; DROP TABLE IF EXISTS temp.import_history;',
    );
  }

  private run(name: string): Statement {
    const statement = this.statements[name];
    if (!statement) throw new Error(`import scratch statement ${name} is not prepared`);
    return statement;
  }

  keyId(kind: string, key: string): string | null {
    const row = this.run('keyId').get(kind, key) as { id: string } | undefined;
    return row?.id ?? null;
  }

  isDefined(kind: string, key: string): boolean {
    const row = this.run('keyId').get(kind, key) as { defined: number } | undefined;
    return row?.defined === 1;
  }

  /** Holds an id for a key referenced before it is met; it must be defined by the end. */
  reserve(kind: string, key: string, id: string, path: string): void {
    this.run('reserve').run(kind, key, id, path);
  }

  define(kind: string, key: string, id: string): void {
    this.run('define').run(kind, key, id);
  }

  /** Keys referenced but never met, nor found in the database. */
  undefinedReferences(limit = 1000): { kind: string; key: string; path: string }[] {
    return this.db.$client
      .prepare('SELECT kind, key, path FROM import_keys WHERE defined = 0 ORDER BY rowid LIMIT ?')
      .all(limit) as { kind: string; key: string; path: string }[];
  }

  checkAnchor(
    path: string,
    sourceId: string,
    anchor: { exact: string; start: number; end: number },
  ): void {
    this.run('anchor').run(path, sourceId, anchor.exact, anchor.start, anchor.end);
  }

  /**
   * Quotes that are not their source's text at their offsets (SQLite counts characters, that is
   * code points, as the offsets do); sources that do not exist are reported as unknown references.
   */
  misplacedAnchors(limit = 1000): { path: string; exact: string; problem: string }[] {
    const rows = this.db.$client
      .prepare(
        `SELECT a.path, a.exact, a.start, a."end", s.text IS NULL AS noText, length(s.text) AS length,
                substr(s.text, a.start + 1, a."end" - a.start) AS found
         FROM import_anchors a JOIN sources s ON s.id = a.source_id
         WHERE s.text IS NULL OR a."end" <= a.start OR a."end" > length(s.text)
            OR substr(s.text, a.start + 1, a."end" - a.start) <> a.exact
         ORDER BY a.rowid LIMIT ?`,
      )
      .all(limit) as {
      path: string;
      exact: string;
      start: number;
      end: number;
      noText: number;
      length: number;
      found: string;
    }[];
    return rows.map((row) => ({
      path: row.path,
      exact: row.exact,
      problem: row.noText
        ? 'the source has no text to anchor a quote in'
        : row.end <= row.start
          ? `offsets [${row.start}, ${row.end}) are not a valid range`
          : row.end > row.length
            ? `offsets [${row.start}, ${row.end}) run past the end of the text (${row.length} code points)`
            : `the text at [${row.start}, ${row.end}) is ${JSON.stringify(row.found)}, not ${JSON.stringify(row.exact)}`,
    }));
  }

  /** Whether this import created the claim (or brings its history, before creating it). */
  madeHere(claimId: string): boolean {
    return this.run('history').get(claimId) !== undefined;
  }

  /** Whether the import brings history of its own for the claim (then it gets no automatic entry). */
  historyGiven(claimId: string): boolean {
    const row = this.run('history').get(claimId) as { given: number } | undefined;
    return row?.given === 1;
  }

  noteAutomaticHistory(claimId: string, historyId: number): void {
    this.run('noteAutomatic').run(claimId, historyId);
  }

  /**
   * Records that the import brings history for the claim; returns the automatic first entry it
   * made for that claim earlier, if any, which the given history replaces.
   */
  noteGivenHistory(claimId: string): number | null {
    const row = this.run('history').get(claimId) as { automatic_id: number | null } | undefined;
    this.run('noteGiven').run(claimId);
    return row?.automatic_id ?? null;
  }
}
