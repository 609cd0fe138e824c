import { randomBytes } from 'node:crypto';
import { type Placeholder, type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { ValidationError } from '../../lib/problem.js';
import { qualified } from '../dialect.js';
import type { Tx } from '../store.js';
import { preparedFor } from './prepared.js';

/**
 * The FTS5 index over claims (custom migration `claim_search`, kept up to date by triggers),
 * declared here only to query it: drizzle-kit does not manage virtual tables.
 */
export const claimSearch = sqliteTable('claim_search', {
  rowid: integer('rowid').notNull(),
  text: text('text'),
  quotes: text('quotes'),
  tags: text('tags'),
});

/** The index's columns by position, as highlight() and snippet() name them. */
const COLUMN_INDEX = { text: 0, quotes: 1, tags: 2 } as const;

/**
 * A search of the index: the FTS5 query, and the marks that wrap each hit in snippets and count
 * hits for relevance. The marks are made anew for each search from random characters, so no stored
 * text can contain them: a claim's own text can never pass for a hit.
 */
export type Search = { expression: string; open: string; close: string };

/** A search as a statement takes it: its values, or placeholders for them (a prepared statement). */
export type SearchParameters = { [K in keyof Search]: string | Placeholder<K> };

/** The search's parts as placeholders: a statement prepared once serves every search. */
export const SEARCH_PLACEHOLDERS: SearchParameters = {
  expression: sql.placeholder('expression'),
  open: sql.placeholder('open'),
  close: sql.placeholder('close'),
};

export const MAX_WORDS = 12;
export const MAX_WORD_LENGTH = 64;

/**
 * Words of at most this many characters match as the beginning of a word, through the index's
 * prefix indexes (`prefix = '1 2 3'` in the migration); longer ones match as whole words.
 */
export const PREFIX_LENGTH = 3;

/**
 * Turns what a user typed into a search: every word must match. A short word matches every word
 * it begins (`ka` finds "Kabul"), a longer one that word in any of its forms (`sanction` finds
 * "sanctions", the index stems both). A longer prefix would have FTS5 merge the doclists of every
 * term it begins, on each test of a claim: a cost that grows with the record, where a term's own
 * doclist, or a prefix index's, is read only as far as the page needs.
 */
export function toSearch(q: string): Search {
  const words = [...new Set((q.match(/[\p{L}\p{N}]+/gu) ?? []).map((w) => w.toLowerCase()))];
  if (words.length === 0) {
    throw new ValidationError('The search has no word to look for.', [
      { path: 'query.q', message: 'must contain at least one letter or digit' },
    ]);
  }
  // Each word costs a pass over its matches: a search has a bounded number of bounded words.
  if (words.length > MAX_WORDS || words.some((word) => word.length > MAX_WORD_LENGTH)) {
    throw new ValidationError('The search has too many words, or too long a word.', [
      {
        path: 'query.q',
        message: `must have at most ${MAX_WORDS} different words of at most ${MAX_WORD_LENGTH} characters`,
      },
    ]);
  }
  const nonce = randomBytes(12).toString('base64url');
  return {
    expression: words
      .map((word) => ([...word].length <= PREFIX_LENGTH ? `"${word}"*` : `"${word}"`))
      .join(' '),
    open: `\u0002${nonce}\u0002`,
    close: `\u0003${nonce}\u0003`,
  };
}

export function matches(search: SearchParameters): SQL {
  return sql`${claimSearch} MATCH ${search.expression}`;
}

/**
 * The `limit` newest matches with their relevance, as the table `ranked` (see RANKED): the
 * index hands matches over newest first and stops there, so the cost is that of the candidates
 * whatever the size of the record (a bound on the row key instead has FTS5 seek through the
 * doclist of a common word from its start).
 *
 * Relevance is hits counted per column (text ×4, tags ×2, quotes ×1): it depends only on the row
 * itself, so a cursor over it stays valid while other rows are added (bm25 would shift with the
 * corpus).
 */
export function rankedNewestMatches(search: SearchParameters, limit: SQLWrapper): SQL {
  const score = sql`(${hitCount(search, 'text')} * 4 + ${hitCount(search, 'tags')} * 2 + ${hitCount(search, 'quotes')})`;
  return sql`(SELECT ${qualified(claimSearch.rowid)} AS ranked_seq, ${score} AS ranked_score FROM ${claimSearch} WHERE ${matches(search)} ORDER BY ${qualified(claimSearch.rowid)} DESC LIMIT ${limit}) AS ranked`;
}

/** The columns of `rankedNewestMatches`, named apart from the claims' own. */
export const RANKED = {
  seq: sql<number>`ranked.ranked_seq`,
  score: sql<number>`ranked.ranked_score`,
};

/** highlight() adds the open mark before each hit and nothing after: the text grows by a mark a hit. */
function hitCount(search: SearchParameters, column: keyof typeof COLUMN_INDEX): SQL {
  const marked = sql`highlight(claim_search, ${sql.raw(String(COLUMN_INDEX[column]))}, ${search.open}, '')`;
  return sql`((length(${marked}) - length(${qualified(claimSearch[column])})) / length(${search.open}))`;
}

export function snippetSql(search: SearchParameters): SQL<string> {
  return sql<string>`snippet(claim_search, -1, ${search.open}, ${search.close}, '…', 24)`;
}

/** The snippet as HTML: the claim's own text escaped, the search's hits wrapped in <mark>. */
export function snippetToHtml(raw: string, search: Search): string {
  return raw
    .split(search.open)
    .map((part) => part.split(search.close).map(escapeHtml).join('</mark>'))
    .join('<mark>');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/**
 * The row key of the search's (`offset` + 1)th newest match, or null when fewer match: the index
 * hands matches over newest first and stops there, so this costs at most that many matches.
 */
export function nthNewestMatchSql(expression: SQLWrapper, offset: SQLWrapper): SQL<number | null> {
  return sql<
    number | null
  >`(SELECT rowid FROM ${claimSearch} WHERE ${claimSearch} MATCH ${expression} ORDER BY rowid DESC LIMIT 1 OFFSET ${offset})`;
}

const snippets = preparedFor((tx) =>
  tx
    .select({ seq: sql<number>`page.value`, snippet: snippetSql(SEARCH_PLACEHOLDERS) })
    // The page's keys drive (CROSS JOIN keeps them outside): one index lookup each, never a walk
    // over every match of a common word.
    .from(sql`json_each(${sql.placeholder('seqs')}) AS page CROSS JOIN ${claimSearch}`)
    .where(
      sql`${claimSearch.rowid} = page.value AND ${claimSearch} MATCH ${sql.placeholder('expression')}`,
    ),
);

/** Snippets of the page's claims only (by row key), with the search's marks around the hits. */
export async function snippetsOf(
  tx: Tx,
  search: Search,
  seqs: number[],
): Promise<Map<number, string>> {
  if (seqs.length === 0) return new Map();
  const rows = await snippets(tx).execute({
    seqs: JSON.stringify(seqs),
    expression: search.expression,
    open: search.open,
    close: search.close,
  });
  return new Map(rows.map((row) => [row.seq, row.snippet]));
}
