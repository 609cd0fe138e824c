import { randomBytes } from 'node:crypto';
import type { SQL, SQLWrapper } from 'drizzle-orm';
import { sql } from 'drizzle-orm';
import { ValidationError } from '../lib/problem.js';
import type { Tx } from './store.js';

/**
 * A search as a user typed it, read once for both engines: the words every match must hold, and
 * the marks that wrap each hit in snippets. The marks are made anew for each search from random
 * characters, so no stored text can contain them: a claim's own text can never pass for a hit.
 */
export type Search = { words: string[]; open: string; close: string };

export const MAX_WORDS = 12;
export const MAX_WORD_LENGTH = 64;

/**
 * Words of at most this many characters match as the beginning of a word; longer ones match as
 * whole words, in any of their forms (both engines stem them).
 */
export const PREFIX_LENGTH = 3;

export const isPrefix = (word: string): boolean => [...word].length <= PREFIX_LENGTH;

/**
 * What a search looks in, and what a hit in each weighs in relevance, on both engines: the claim's
 * text above its tags and its claimant above its quotes and the headline of the review it was imported
 * from (a fact-checker's title words the claim in its own way). A claimant's aliases mostly repeat its
 * name ("Mohammad Javad Zarif", "Javad Zarif"): its hits count `once` per claim, so that a claim
 * whose claimant has many names does not outrank one that says the word.
 */
export const SEARCHED_FIELDS = [
  { field: 'text', weight: 4, once: false, label: 'text' },
  { field: 'tags', weight: 2, once: false, label: 'tags' },
  { field: 'claimant', weight: 2, once: true, label: 'claimant’s name or aliases' },
  { field: 'quotes', weight: 1, once: false, label: 'quotes' },
  { field: 'headline', weight: 1, once: false, label: 'imported review’s headline' },
] as const;

export type SearchedField = (typeof SEARCHED_FIELDS)[number]['field'];

/**
 * Turns what a user typed into a search: every word must match. A short word matches every word
 * it begins (`ka` finds "Kabul"), a longer one that word in any of its forms (`sanction` finds
 * "sanctions"). Anything else typed (quotes, `*`, `-`, parentheses) separates words and means
 * nothing more: no text can make the search fail or change its meaning. A longer prefix would
 * have the index merge the postings of every word it begins, on each test of a claim: a cost that
 * grows with the record.
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
  return { words, open: `\u0002${nonce}\u0002`, close: `\u0003${nonce}\u0003` };
}

/**
 * The search index as each engine keeps it (FTS5 on SQLite, a tsvector on PostgreSQL), in the
 * pieces a page of claims is built from. Their statements take the search through placeholders
 * (`values`), so that one prepared statement serves every search.
 */
export interface SearchSql {
  /** The placeholder values the pieces below read the search from. */
  values(search: Search): Record<string, unknown>;
  /** The claim with row key `seq` matches the search. */
  matches(seq: SQLWrapper): SQL;
  /**
   * The matches beside their claims (`from`, joined `on` the row key, matching): what a page
   * fetches and sorts when a search is rare.
   */
  matchedClaims(): { from: SQL; on: SQL };
  /**
   * The `limit` newest matches with their relevance, as the table `ranked` (see RANKED).
   * Relevance weighs the hits in each field by SEARCHED_FIELDS, and depends only on the claim
   * itself: a cursor over it stays valid while claims are added.
   */
  rankedNewest(limit: SQLWrapper): SQL;
  /** The row key of the search's (`offset` + 1)th newest match, or null when fewer match. */
  nthNewest(offset: SQLWrapper): SQL<number | null>;
  /**
   * Snippets of these claims (by row key), with the search's marks around the hits.
   * `amongNewest`: they are among the few newest matches a ranked page ranks, which an engine
   * may walk instead of looking each claim up.
   */
  snippets(
    tx: Tx,
    search: Search,
    seqs: number[],
    options?: { amongNewest?: boolean },
  ): Promise<Map<number, string>>;
  /**
   * Where the engine's statements run on this process's thread (SQLite), a search's matches are
   * found on a thread of their own, and the page then reads only the claims found. Absent on
   * PostgreSQL, whose server does that work while this process serves other requests.
   */
  offThread?: FoundSearch;
}

/**
 * A search's matches found on another thread: a few words each in most claims but rarely together
 * make the index walk through every claim's entry of each word, in one step no page can bound.
 */
export interface FoundSearch {
  /**
   * The row keys of at most `limit` matches, with the values of `also` (scalar subqueries of the
   * page's plan, such as the stored sizes of its other sets, read from the same snapshot, with
   * their placeholders' `values`) in the same statement; null: find them on `tx` instead.
   */
  found(
    tx: Tx,
    search: Search,
    limit: number,
    also: { columns: Record<string, SQL>; key: string; values: Record<string, unknown> },
  ): Promise<{ seqs: number[]; also: Record<string, unknown> } | null>;
  /** The `limit` newest matches with their relevance, `[row key, score]`; null likewise. */
  ranked(tx: Tx, search: Search, limit: number): Promise<[number, number][] | null>;
  /** The found claims (placeholder `found`: their row keys) as matchedClaims gives matches. */
  foundClaims(): { from: SQL; on: SQL };
  /** The claim with row key `seq` is one of the found (placeholder `found`). */
  isFound(seq: SQLWrapper): SQL;
  /** The ranked matches given (placeholder `ranked`) as the table `ranked` (see RANKED). */
  rankedGiven(): SQL;
}

/** The columns of `rankedNewest`, named apart from the claims' own. */
export const RANKED = {
  seq: sql<number>`ranked.ranked_seq`,
  score: sql<number>`ranked.ranked_score`,
};

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
