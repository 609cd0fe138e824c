import { sql } from 'drizzle-orm';
import { claims } from '../schema.js';
import { isPrefix, type Search, type SearchSql } from '../search.js';
import { readRows } from '../store.js';

/**
 * Search on PostgreSQL: each claim's words in `claim_search.document`, a tsvector kept by
 * triggers in the write's transaction (text weighted A, tags B, quotes C; migrations-pg) under a
 * GIN index, read with the text-search configuration `factcheck` (accents removed, English stems,
 * no stop words), as SQLite's FTS5 index reads them.
 */

/** Every word: a short one as a prefix (`:*`), a longer one as a whole word, stemmed. */
function queryOf(search: Search, join: ' & ' | ' | '): string {
  // Words are letters and digits only: nothing in them is tsquery syntax.
  return search.words.map((word) => (isPrefix(word) ? `'${word}':*` : `'${word}'`)).join(join);
}

const query = sql`to_tsquery('factcheck', ${sql.placeholder('expression')})`;
const matching = sql`claim_search.document @@ ${query}`;

/**
 * Relevance weighs the claim's text (A) 4, its tags (B) 2, its quotes (C) 1, as SQLite's hit
 * counts do ({D, C, B, A}); without normalisation by the corpus, so a cursor over it holds.
 */
const score = sql`ts_rank('{0.1, 0.25, 0.5, 1}', claim_search.document, ${query})`;

/**
 * ts_headline's options: one fragment of about SQLite's 24 words, hits wrapped in the search's
 * marks (quoted: they are letters, digits, `-`, `_` and control characters, never a quote).
 */
function headlineOptions(search: Search): string {
  return `StartSel="${search.open}", StopSel="${search.close}", MaxWords=24, MinWords=12, ShortWord=0, MaxFragments=1, FragmentDelimiter=" … "`;
}

export const pgSearch: SearchSql = {
  values: (search) => ({ expression: queryOf(search, ' & ') }),
  matches: (seq) =>
    sql`EXISTS (SELECT 1 FROM claim_search WHERE claim_search.claim_seq = ${seq} AND ${matching})`,
  matchedClaims: () => ({
    from: sql`claim_search CROSS JOIN ${claims}`,
    on: sql`${claims.seq} = claim_search.claim_seq AND ${matching}`,
  }),
  rankedNewest: (limit) =>
    sql`(SELECT claim_search.claim_seq AS ranked_seq, ${score} AS ranked_score FROM claim_search WHERE ${matching} ORDER BY claim_search.claim_seq DESC LIMIT ${limit}) AS ranked`,
  nthNewest: (offset) =>
    sql<
      number | null
    >`(SELECT claim_search.claim_seq FROM claim_search WHERE ${matching} ORDER BY claim_search.claim_seq DESC LIMIT 1 OFFSET ${offset})`,
  /**
   * ts_headline parses the text again, so only the page's claims get one: of the first of text,
   * quotes and tags (FTS5's column order) that holds any of the words.
   */
  async snippets(tx, search, seqs) {
    if (seqs.length === 0) return new Map();
    const any = sql`to_tsquery('factcheck', ${queryOf(search, ' | ')})`;
    const options = headlineOptions(search);
    const headline = (text: unknown) => sql`ts_headline('factcheck', ${text}, ${any}, ${options})`;
    const tags = sql`(SELECT string_agg(t.tag, ' ' ORDER BY t.tag) FROM claim_tags t WHERE t.claim_id = c.id)`;
    const quotes = sql`(SELECT string_agg(q.exact, ' … ' ORDER BY q.position) FROM quotes q WHERE q.claim_id = c.id)`;
    const rows = await readRows<{ seq: number; snippet: string }>(
      tx,
      sql`SELECT c.seq AS seq, CASE
          WHEN ts_filter(s.document, '{a}') @@ ${any} THEN ${headline(sql`c.text`)}
          WHEN ts_filter(s.document, '{c}') @@ ${any} THEN ${headline(quotes)}
          ELSE ${headline(tags)} END AS snippet
        FROM claims c JOIN claim_search s ON s.claim_seq = c.seq
        WHERE c.seq IN (SELECT json_array_elements_text(${JSON.stringify(seqs)}::json)::bigint)`,
    );
    return new Map(rows.map((row) => [Number(row.seq), row.snippet]));
  },
};
