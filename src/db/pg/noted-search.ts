/**
 * Search documents made once per write (migrations-pg 0005): while `factcheck.defer_search` is on
 * in a transaction, the triggers only note the claims it changes in `search_pending`, a temporary
 * table of the connection's own, and this makes each noted claim's document once, from
 * `claim_search_rows`, then forgets them.
 */
export const MAKE_NOTED_DOCUMENTS = `INSERT INTO claim_search (claim_seq, document)
  SELECT r.seq, r.document FROM search_pending p JOIN claim_search_rows r ON r.id = p.claim_id
  ON CONFLICT (claim_seq) DO UPDATE SET document = excluded.document;
  DELETE FROM search_pending;`;

/** Sent at the start of a write: the noting table (made once per connection) and the setting. */
export function noteSearchIn(makeTable: boolean): string {
  const table = makeTable
    ? 'CREATE TEMP TABLE IF NOT EXISTS search_pending (claim_id text PRIMARY KEY);'
    : '';
  return `${table} SET LOCAL factcheck.defer_search = on;`;
}
