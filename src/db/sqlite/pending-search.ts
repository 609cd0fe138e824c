import type Database from 'better-sqlite3';

type Indexing = { remove: Database.Statement; index: Database.Statement };

type Statements = Indexing & {
  any: Database.Statement;
  count: Database.Statement;
  clear: Database.Statement;
  /** The same for the first noted claims (by id), as many as the bound number. */
  first: Indexing & { forget: Database.Statement };
};

const prepared = new WeakMap<Database.Database, Statements>();

const FIRST_NOTED = '(SELECT claim_id FROM search_pending ORDER BY claim_id LIMIT ?)';

/**
 * The index's rows of the claims whose row key (`seq`) meets `condition`, made from their rows
 * (`claim_search_rows`, or a table of the same columns).
 */
const indexWhere = (condition: string, rows = 'claim_search_rows') =>
  `INSERT INTO claim_search (rowid, text, quotes, tags, claimant, headline)
   SELECT seq, text, quotes, tags, claimant, headline FROM ${rows} WHERE ${condition}`;

/** The statements that make the index's rows of the claims noted in `noted` again. */
function indexingOf(sqlite: Database.Database, noted: string): Indexing {
  // The noted claims drive (CROSS JOIN): a few keys looked up, never a walk over every claim.
  const rows = `SELECT c.seq FROM ${noted} p CROSS JOIN claims c WHERE c.id = p.claim_id`;
  return {
    remove: sqlite.prepare(`DELETE FROM claim_search WHERE rowid IN (${rows})`),
    index: sqlite.prepare(indexWhere(`seq IN (${rows})`)),
  };
}

function statementsOf(sqlite: Database.Database): Statements {
  let found = prepared.get(sqlite);
  if (!found) {
    found = {
      ...indexingOf(sqlite, 'search_pending'),
      any: sqlite.prepare('SELECT 1 FROM search_pending LIMIT 1'),
      count: sqlite.prepare('SELECT count(*) FROM search_pending').pluck(),
      clear: sqlite.prepare('DELETE FROM search_pending'),
      first: {
        ...indexingOf(sqlite, FIRST_NOTED),
        forget: sqlite.prepare(`DELETE FROM search_pending WHERE claim_id IN ${FIRST_NOTED}`),
      },
    };
    prepared.set(sqlite, found);
  }
  return found;
}

/**
 * Brings the search index up to date with the claims the transaction changed, as the triggers of
 * migration 0022 noted them: each one's row made again, once, from `claim_search_rows` (a deleted
 * claim's row went with it). Every write transaction runs it just before it commits, so a
 * committed state never has the index behind its rows.
 */
export function indexPendingClaims(sqlite: Database.Database): void {
  const { any, remove, index, clear } = statementsOf(sqlite);
  if (any.get() === undefined) return;
  remove.run();
  index.run();
  clear.run();
}

/** Indexes the first `count` noted claims (by id) and forgets them; how many there were. */
export function indexFirstNotedClaims(sqlite: Database.Database, count: number): number {
  const { remove, index, forget } = statementsOf(sqlite).first;
  remove.run(count);
  index.run(count);
  return forget.run(count).changes;
}

/**
 * Indexes every claim in row-key order, a slice at a time: each call the next `count` claims after
 * those of the call before; how many it indexed (0 once all were). For an import that indexes every
 * claim anew (see DeferredSearchIndex), which needs no notes of which ones it wrote. `from`: the
 * claims' index rows by `seq`, when they are in a table of their own (see side-search-index).
 */
export function claimsInRowOrder(
  sqlite: Database.Database,
  from?: string,
): (count: number) => number {
  const last = sqlite
    .prepare(`SELECT seq FROM ${from ?? 'claims'} WHERE seq > ? ORDER BY seq LIMIT 1 OFFSET ?`)
    .pluck();
  const index = sqlite.prepare(indexWhere('seq > ? AND seq <= ?', from));
  let after = 0;
  return (count) => {
    const through = (last.get(after, count - 1) as number | undefined) ?? Number.MAX_SAFE_INTEGER;
    const indexed = index.run(after, through).changes;
    after = through;
    return indexed;
  };
}

/** How many claims a write left to index. */
export function claimsToIndex(sqlite: Database.Database): number {
  return statementsOf(sqlite).count.get() as number;
}

/** Whether a write left claims to index (one written by hand, outside the app, does). */
export function claimsNoted(sqlite: Database.Database): boolean {
  return statementsOf(sqlite).any.get() !== undefined;
}

const afterCommits = new WeakMap<Database.Database, () => void>();

/** What runs after each write the connection commits (the search index's merging, see store). */
export function afterEachCommit(sqlite: Database.Database, then: () => void): void {
  afterCommits.set(sqlite, then);
}

/** Commits a write transaction, its claims indexed first. */
export function commitWrite(sqlite: Database.Database): void {
  indexPendingClaims(sqlite);
  sqlite.exec('COMMIT');
  afterCommits.get(sqlite)?.();
}
