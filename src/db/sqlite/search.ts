import { Placeholder, type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import { integer, SQLiteSyncDialect, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { qualified } from '../dialect.js';
import { claims } from '../schema.js';
import {
  type FoundSearch,
  isPrefix,
  SEARCHED_FIELDS,
  type Search,
  type SearchedField,
  type SearchSql,
} from '../search.js';
import type { Tx } from '../store.js';
import { preparedFor } from './prepared.js';
import { offThreadParts, readOffThread } from './read-worker.js';

/**
 * The FTS5 index over claims (custom migration `claim_search`; its triggers note the claims a
 * write changes and the store indexes them as it commits, migration 0022),
 * declared here only to query it: drizzle-kit does not manage virtual tables.
 */
export const claimSearch = sqliteTable('claim_search', {
  rowid: integer('rowid').notNull(),
  text: text('text'),
  quotes: text('quotes'),
  tags: text('tags'),
  claimant: text('claimant'),
  headline: text('headline'),
});

/** The index's columns by position, as highlight() and snippet() name them. */
const COLUMN_INDEX: Record<SearchedField, number> = {
  text: 0,
  quotes: 1,
  tags: 2,
  claimant: 3,
  headline: 4,
};

const p = (name: string) => sql.placeholder(name);

/**
 * The FTS5 query: every word, a short one as a prefix through the index's prefix indexes
 * (`prefix = '1 2 3'` in the migration), a longer one as a whole word (the index stems both). A
 * term's own doclist, or a prefix index's, is read only as far as the page needs.
 */
function expressionOf(search: Search): string {
  return search.words.map((word) => (isPrefix(word) ? `"${word}"*` : `"${word}"`)).join(' ');
}

const matchesExpression = () => sql`${claimSearch} MATCH ${p('expression')}`;

/** highlight() adds the open mark before each hit and nothing after: the text grows by a mark a hit. */
function hitCount(column: SearchedField): SQL {
  const marked = sql`highlight(claim_search, ${sql.raw(String(COLUMN_INDEX[column]))}, ${p('open')}, '')`;
  return sql`((length(${marked}) - length(${qualified(claimSearch[column])})) / length(${p('open')}))`;
}

/** Each column's hits times its weight; a column counted `once` gives its weight when it has any. */
const score = sql.join(
  SEARCHED_FIELDS.map(({ field, weight, once }) => {
    const hits = once ? sql`min(${hitCount(field)}, 1)` : hitCount(field);
    return sql`${hits} * ${sql.raw(String(weight))}`;
  }),
  sql` + `,
);

const snippetColumns = {
  seq: sql<number>`page.value`,
  snippet: sql<string>`snippet(claim_search, -1, ${p('open')}, ${p('close')}, '…', 24)`,
};
// The page's keys drive (CROSS JOIN keeps them outside): one index lookup each, never a walk
// over every match of a common word.
const snippetsFrom = sql`json_each(${p('seqs')}) AS page CROSS JOIN ${claimSearch}`;
const snippetsWhere = sql`${claimSearch.rowid} = page.value AND ${matchesExpression()}`;

const snippets = preparedFor((tx) =>
  tx.select(snippetColumns).from(snippetsFrom).where(snippetsWhere),
);

/** The statements a read worker runs for a search (see FoundSearch), as SQL text and values. */
const inWorker = {
  // OFFSET: the rows skipped are not scored, only stepped over in the index.
  ranked: workerStatement(
    sql`SELECT rowid, ${score} FROM ${claimSearch} WHERE ${matchesExpression()} ORDER BY rowid DESC LIMIT ${p('limit')} OFFSET ${p('offset')}`,
  ),
  snippets: workerStatement(
    sql`SELECT ${snippetColumns.seq}, ${snippetColumns.snippet} FROM ${snippetsFrom} WHERE ${snippetsWhere}`,
  ),
  // Claims among the newest matches: the index walked from the newest until all are met, each
  // tested against the page's list (`+`: not looked up one by one, a seek in the term's entries
  // that costs most for a rare word, whose entries have no index of their own).
  snippetsAmongNewest: workerStatement(
    sql`SELECT rowid, ${snippetColumns.snippet} FROM ${claimSearch} WHERE ${matchesExpression()} AND +rowid IN (SELECT value FROM json_each(${p('seqs')})) ORDER BY rowid DESC LIMIT ${p('count')}`,
  ),
};

/** The statement that finds a search's matches with the plan's other values, by their shape. */
const foundWith = new Map<string, (values: Record<string, unknown>) => [string, unknown[]]>();

function workerStatement(query: SQL): (values: Record<string, unknown>) => [string, unknown[]] {
  const { sql: text, params } = new SQLiteSyncDialect().sqlToQuery(query);
  return (values) => [
    text,
    params.map((param) => (param instanceof Placeholder ? values[param.name] : param)),
  ];
}

/**
 * The rows of one statement over `total` items (the newest matches, the page's claims) run in
 * slices side by side on the worker's threads, `statement(offset, count)` giving each slice's:
 * scoring a candidate or making a snippet tokenises the claim's text, and a page waits for all of
 * it. Null as readOffThread gives it.
 */
async function inParts(
  tx: Tx,
  total: number,
  minPart: number,
  statement: (offset: number, count: number) => [string, unknown[]],
): Promise<unknown[][] | null> {
  const parts = Math.max(1, Math.min(offThreadParts(tx), Math.floor(total / minPart)));
  const part = Math.ceil(total / parts);
  const slices = await Promise.all(
    Array.from({ length: parts }, (_, i) =>
      readOffThread(tx, ...statement(i * part, Math.min(part, total - i * part))),
    ),
  );
  const rows: unknown[][] = [];
  for (const slice of slices) {
    if (slice === null) return null;
    rows.push(...slice);
  }
  return rows;
}

/** Fewer candidates or snippets than this in a slice cost more in messages than they save. */
const MIN_RANKED_PART = 50;
const MIN_SNIPPETS_PART = 5;

const valuesOf = (search: Search) => ({ expression: expressionOf(search), open: search.open });

const offThread: FoundSearch = {
  async found(tx, search, limit, also) {
    const names = Object.keys(also.columns);
    let statement = foundWith.get(also.key);
    if (statement === undefined) {
      const columns = names.map((name) => sql`, (${also.columns[name]})`);
      statement = workerStatement(
        sql`SELECT (SELECT json_group_array(rowid) FROM (SELECT rowid FROM ${claimSearch} WHERE ${matchesExpression()} ORDER BY rowid DESC LIMIT ${p('limit')}))${sql.join(columns)}`,
      );
      foundWith.set(also.key, statement);
    }
    const values = { ...also.values, ...valuesOf(search), limit };
    const [row] = (await readOffThread(tx, ...statement(values))) ?? [];
    if (!row) return null;
    const [seqs, ...rest] = row;
    return {
      seqs: (JSON.parse(String(seqs)) as unknown[]).map(Number),
      also: Object.fromEntries(names.map((name, i) => [name, rest[i] ?? null])),
    };
  },
  async ranked(tx, search, limit) {
    const rows = await inParts(tx, limit, MIN_RANKED_PART, (offset, count) =>
      inWorker.ranked({ ...valuesOf(search), limit: count, offset }),
    );
    return rows?.map(([seq, score]) => [Number(seq), Number(score)] as [number, number]) ?? null;
  },
  foundClaims: () => ({
    from: sql`json_each(${p('found')}) AS found CROSS JOIN ${claims}`,
    on: sql`${claims.seq} = found.value`,
  }),
  // `+`: the walk's own index drives, each claim it meets tested against the found (a list built
  // once), rather than the found looked up one by one and sorted.
  isFound: (seq) => sql`+${seq} IN (SELECT value FROM json_each(${p('found')}))`,
  rankedGiven: () =>
    sql`(SELECT value ->> 0 AS ranked_seq, value ->> 1 AS ranked_score FROM json_each(${p('ranked')})) AS ranked`,
};

export const sqliteSearch: SearchSql = {
  values: valuesOf,
  matches: (seq) =>
    sql`EXISTS (SELECT 1 FROM ${claimSearch} WHERE ${matchesExpression()} AND ${qualified(claimSearch.rowid)} = ${seq})`,
  // CROSS: the index hands its matches over first; each finds its claim by key.
  matchedClaims: () => ({
    from: sql`${claimSearch} CROSS JOIN ${claims}`,
    on: sql`${claims.seq} = ${claimSearch.rowid} AND ${matchesExpression()}`,
  }),
  /**
   * The index hands matches over newest first and stops at `limit`, so the cost is that of the
   * candidates whatever the size of the record (a bound on the row key instead has FTS5 seek
   * through the doclist of a common word from its start). Relevance is hits counted per column,
   * weighed by SEARCHED_FIELDS; bm25 would shift with the corpus.
   */
  rankedNewest(limit: SQLWrapper) {
    return sql`(SELECT ${qualified(claimSearch.rowid)} AS ranked_seq, (${score}) AS ranked_score FROM ${claimSearch} WHERE ${matchesExpression()} ORDER BY ${qualified(claimSearch.rowid)} DESC LIMIT ${limit}) AS ranked`;
  },
  nthNewest: (offset) =>
    sql<
      number | null
    >`(SELECT rowid FROM ${claimSearch} WHERE ${matchesExpression()} ORDER BY rowid DESC LIMIT 1 OFFSET ${offset})`,
  async snippets(tx, search, seqs, { amongNewest = false } = {}) {
    if (seqs.length === 0) return new Map();
    const values = (page: number[]) => ({
      seqs: JSON.stringify(page),
      count: page.length,
      expression: expressionOf(search),
      open: search.open,
      close: search.close,
    });
    // Each claim's entry is found word by word: many common words cost much even for one page.
    const rows =
      (
        await inParts(tx, seqs.length, MIN_SNIPPETS_PART, (offset, count) =>
          (amongNewest ? inWorker.snippetsAmongNewest : inWorker.snippets)(
            values(seqs.slice(offset, offset + count)),
          ),
        )
      )?.map(([seq, snippet]) => ({
        seq: Number(seq),
        snippet: String(snippet),
      })) ?? (await snippets(tx).execute(values(seqs)));
    return new Map(rows.map((row) => [row.seq, row.snippet]));
  },
  offThread,
};
