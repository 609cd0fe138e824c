import { type SQL, sql } from 'drizzle-orm';
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { ValidationError } from '../../lib/problem.js';

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

const OPEN = '\u0002';
const CLOSE = '\u0003';

/** Turns what a user typed into an FTS5 query: every word must match, as a prefix. */
export function toMatchExpression(q: string): string {
  const words = q.match(/[\p{L}\p{N}]+/gu);
  if (!words) {
    throw new ValidationError('The search has no word to look for.', [
      { path: 'query.q', message: 'must contain at least one letter or digit' },
    ]);
  }
  return words.map((word) => `"${word}"*`).join(' ');
}

export function matches(expression: string): SQL {
  return sql`${claimSearch} MATCH ${expression}`;
}

/** Hits counted per column (text ×4, tags ×2, quotes ×1): depends only on the row itself, so a
 * cursor over it stays valid while other rows are added (bm25 would shift with the corpus). */
export const relevanceScore: SQL<number> = sql<number>`(${hitCount(0)} * 4 + ${hitCount(2)} * 2 + ${hitCount(1)})`;

function hitCount(column: number): SQL {
  const marked = sql`highlight(claim_search, ${sql.raw(String(column))}, char(2), '')`;
  return sql`(length(${marked}) - length(replace(${marked}, char(2), '')))`;
}

export const snippetSql: SQL<string> = sql<string>`snippet(claim_search, -1, char(2), char(3), '…', 24)`;

/** The snippet as HTML: the claim's own text escaped, hits wrapped in <mark>. */
export function snippetToHtml(raw: string): string {
  return raw
    .replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`)
    .replaceAll(OPEN, '<mark>')
    .replaceAll(CLOSE, '</mark>');
}
