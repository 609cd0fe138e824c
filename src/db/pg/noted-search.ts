/**
 * Search documents made once per write (migrations-pg 0005): while `factcheck.defer_search` is on
 * in a transaction, the triggers only note the claims it changes in `search_pending`, a temporary
 * table of the connection's own, and this makes each noted claim's document once, from
 * `claim_search_rows`, then forgets them. The noted ids are looked up in the claims' id index one
 * by one: autovacuum never analyses a temporary table, and joined to it, the planner took it for
 * 1,360 rows and read every claim for a write's one (85 ms a write at 100,000 claims).
 */
export const MAKE_NOTED_DOCUMENTS = `INSERT INTO claim_search (claim_seq, document)
  SELECT r.seq, r.document FROM claim_search_rows r
  WHERE r.id = ANY (ARRAY(SELECT claim_id FROM search_pending))
  ON CONFLICT (claim_seq) DO UPDATE SET document = excluded.document;
  DELETE FROM search_pending;`;

/** Sent at the start of a write: the noting table (made once per connection) and the setting. */
export function noteSearchIn(makeTable: boolean): string {
  const table = makeTable
    ? 'CREATE TEMP TABLE IF NOT EXISTS search_pending (claim_id text PRIMARY KEY);'
    : '';
  return `${table} SET LOCAL factcheck.defer_search = on;`;
}
