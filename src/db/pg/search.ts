import { sql } from 'drizzle-orm';
import { claims } from '../schema.js';
import {
  isPrefix,
  SEARCHED_FIELDS,
  type Search,
  type SearchedField,
  type SearchSql,
} from '../search.js';
import { readRows } from '../store.js';

/**
 * Search on PostgreSQL: each claim's words in `claim_search.document`, a tsvector made in the
 * write's transaction, once per claim as it commits (each field under its LABEL; migrations-pg,
 * noted-search.ts) under a GIN
 * index, read with the text-search configuration `factcheck` (accents removed, English stems, no
 * stop words), as SQLite's FTS5 index reads them.
 */

/**
 * The weight label each field's words carry in the document (claim_search_document, 0007 and
 * 0020). PostgreSQL has four labels for five fields: the review's headline shares the quotes' C,
 * for both weigh the same.
 */
const LABEL: Record<SearchedField, 'A' | 'B' | 'C' | 'D'> = {
  text: 'A',
  tags: 'B',
  quotes: 'C',
  claimant: 'D',
  headline: 'C',
};

/** Every word: a short one as a prefix (`:*`), a longer one as a whole word, stemmed. */
function queryOf(search: Search, join: ' & ' | ' | '): string {
  // Words are letters and digits only: nothing in them is tsquery syntax.
  return search.words.map((word) => (isPrefix(word) ? `'${word}':*` : `'${word}'`)).join(join);
}

const query = sql`to_tsquery('factcheck', ${sql.placeholder('expression')})`;
const matching = sql`claim_search.document @@ ${query}`;

/**
 * Relevance weighs each label by its field's weight in SEARCHED_FIELDS, as SQLite's hit counts do
 * (ts_rank takes them as {D, C, B, A}, none above 1). ts_rank counts a word's later hits less and
 * less (the j-th by 1/j²), which keeps a field counted `once` near one hit. Without normalisation
 * by the corpus, so a cursor over it holds.
 */
function rankWeights(): string {
  const top = Math.max(...SEARCHED_FIELDS.map((f) => f.weight));
  const of = (label: string) => {
    const weights = new Set(
      SEARCHED_FIELDS.filter((f) => LABEL[f.field] === label).map((f) => f.weight),
    );
    // A label has one weight: fields that share it must weigh the same, or relevance would lie.
    if (weights.size > 1) throw new Error(`fields labelled ${label} weigh differently`);
    return [...weights][0] ?? 0;
  };
  return `{${['D', 'C', 'B', 'A'].map((label) => of(label) / top).join(', ')}}`;
}

const score = sql`ts_rank(${sql.raw(`'${rankWeights()}'`)}, claim_search.document, ${query})`;

/**
 * ts_headline's options: one fragment of about SQLite's 24 words, hits wrapped in the search's
 * marks (quoted: they are letters, digits, `-`, `_` and control characters, never a quote).
 */
function headlineOptions(search: Search): string {
  return `StartSel="${search.open}", StopSel="${search.close}", MaxWords=24, MinWords=12, ShortWord=0, MaxFragments=1, FragmentDelimiter=" … "`;
}

/** Where a snippet is looked for first: FTS5's column order, which picks among equal columns. */
const SNIPPET_ORDER: SearchedField[] = ['text', 'quotes', 'tags', 'claimant', 'headline'];

/** Fields whose label no other field carries: the document alone tells whether they hold a word. */
const ownLabel = (field: SearchedField) =>
  SEARCHED_FIELDS.every((f) => f.field === field || LABEL[f.field] !== LABEL[field]);

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
   * quotes, tags, claimant and review headline (FTS5's column order) that holds any of the words,
   * as the document was made from it (the view `claim_search_rows` names each field's text as the
   * field). A field that shares its label (quotes and headline, both C) is told apart by its own
   * words, parsed again for the page's claims only.
   */
  async snippets(tx, search, seqs) {
    if (seqs.length === 0) return new Map();
    const any = sql`to_tsquery('factcheck', ${queryOf(search, ' | ')})`;
    const options = headlineOptions(search);
    const headline = (text: unknown) => sql`ts_headline('factcheck', ${text}, ${any}, ${options})`;
    // The last field is what is left when no other holds a word.
    const cases = SNIPPET_ORDER.map((field, i) => {
      const text = headline(sql`r.${sql.identifier(field)}`);
      if (i === SNIPPET_ORDER.length - 1) return sql`ELSE ${text}`;
      if (!ownLabel(field)) {
        const words = sql`to_tsvector('factcheck', claim_search_words(coalesce(r.${sql.identifier(field)}, '')))`;
        return sql`WHEN ${words} @@ ${any} THEN ${text}`;
      }
      const label = sql.raw(`'{${LABEL[field].toLowerCase()}}'`);
      return sql`WHEN ts_filter(s.document, ${label}) @@ ${any} THEN ${text}`;
    });
    const rows = await readRows<{ seq: number; snippet: string }>(
      tx,
      sql`SELECT r.seq AS seq, CASE ${sql.join(cases, sql` `)} END AS snippet
        FROM claim_search_rows r JOIN claim_search s ON s.claim_seq = r.seq
        WHERE r.seq IN (SELECT json_array_elements_text(${JSON.stringify(seqs)}::json)::bigint)`,
    );
    return new Map(rows.map((row) => [Number(row.seq), row.snippet]));
  },
};
