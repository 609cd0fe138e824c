import {
  and,
  asc,
  desc,
  eq,
  gte,
  inArray,
  lte,
  or,
  Placeholder,
  type SQL,
  type SQLWrapper,
  sql,
} from 'drizzle-orm';
import { claimLinks, claims, claimTags, quotes } from '../../db/schema.js';
import { qualified } from '../../db/sqlite/aggregates.js';
import { type PreparedQuery, preparedFor } from '../../db/sqlite/prepared.js';
import {
  claimSearch,
  matches,
  nthNewestMatch,
  relevanceScore,
  SEARCH_PLACEHOLDERS,
  type Search,
  snippetsOf,
} from '../../db/sqlite/search.js';
import type { Tx } from '../../db/store.js';
import type { Cursor } from '../../lib/cursor.js';
import { enclosingPeriods, inclusiveUpperBound } from '../../lib/dates.js';
import type { ClaimStatus } from '../../lib/vocabulary.js';
import { listedClaimColumns } from './claims.reads.js';
import type { ClaimSort } from './claims.schemas.js';

export type ClaimFilter = {
  statuses?: ClaimStatus[];
  claimantId?: string;
  sourceId?: string;
  tag?: string;
  language?: string;
  match?: Search;
  statedFrom?: string;
  statedTo?: string;
  rebuttalsOf?: string;
};

export type PageRequest = { sort: ClaimSort; after?: Cursor; limit: number };

/** Relevance ranks at most this many matches: the newest (all of them when there are fewer). */
export const RELEVANCE_CANDIDATES = 1000;

/**
 * A search sorted by date fetches and sorts its matches when they are at most this many; a
 * commoner one walks the date order and tests each claim met, which fills a page quickly since
 * at least this many claims match.
 */
export const SORTED_MATCHES = 10_000;

/**
 * A page of claims in at most three statements: with a search, a look at how many claims it
 * matches; the page itself, each row with its claimant, tags and counts; the page's snippets. The
 * page's statement depends only on which filters are set (their values are placeholders), so it
 * is built and prepared once per such shape and connection.
 */
export async function readClaimPage(
  tx: Tx,
  filter: ClaimFilter,
  page: PageRequest,
  // Chosen from the number of matches unless given (tests compare the plans).
  given?: SearchPlan,
) {
  const plan = filter.match ? (given ?? (await searchPlan(tx, filter.match, page.sort))) : null;
  const shape = shapeOf(filter, page, plan);
  const key = JSON.stringify(shape);
  let query = statements.get(key);
  if (query === undefined) {
    query = preparedFor((db) => buildPage(db, shape));
    statements.set(key, query);
  }
  const rows = await query(tx).execute(valuesOf(filter, page, plan));
  if (!filter.match) return rows.map((row) => ({ ...row, snippet: null }));
  const found = await snippetsOf(
    tx,
    filter.match,
    rows.slice(0, page.limit).map((row) => row.seq),
  );
  return rows.map((row) => ({ ...row, snippet: found.get(row.seq) ?? null }));
}

export type ClaimPageRow = Awaited<ReturnType<typeof readClaimPage>>[number];

/** How a search is paged: ranked, fetched whole and sorted, or tested along the date order. */
export type SearchPlan = { kind: 'rank'; floor: number } | { kind: 'fetch' } | { kind: 'walk' };

async function searchPlan(tx: Tx, search: Search, sort: ClaimSort): Promise<SearchPlan> {
  if (sort === 'relevance') {
    const floor = await nthNewestMatch(tx, search.expression, RELEVANCE_CANDIDATES);
    return { kind: 'rank', floor: floor ?? 0 };
  }
  const common = (await nthNewestMatch(tx, search.expression, SORTED_MATCHES + 1)) !== null;
  return { kind: common ? 'walk' : 'fetch' };
}

/** A page's statement as SQL text with its values in order, to look at its query plan. */
export function claimPageStatement(
  tx: Tx,
  filter: ClaimFilter,
  page: PageRequest,
  plan: SearchPlan | null = null,
): { sql: string; params: unknown[] } {
  const query = buildPage(tx, shapeOf(filter, page, plan)).toSQL();
  const values = valuesOf(filter, page, plan);
  return {
    sql: query.sql,
    params: query.params.map((param) =>
      param instanceof Placeholder ? values[param.name] : param,
    ),
  };
}

/** Which filters are set, and how many values the list-valued ones have. */
type Shape = {
  statuses: number;
  claimant: boolean;
  source: boolean;
  tag: boolean;
  language: boolean;
  search: SearchPlan['kind'] | null;
  statedFrom: number | null;
  statedTo: boolean;
  rebuttalsOf: boolean;
  sort: ClaimSort;
  after: boolean;
};

type PageQuery = ReturnType<typeof buildPage>;
const statements = new Map<string, (tx: Tx) => PreparedQuery<Awaited<PageQuery>>>();

function shapeOf(filter: ClaimFilter, page: PageRequest, plan: SearchPlan | null): Shape {
  return {
    statuses: filter.statuses?.length ?? 0,
    claimant: filter.claimantId !== undefined,
    source: filter.sourceId !== undefined,
    tag: filter.tag !== undefined,
    language: filter.language !== undefined,
    search: plan?.kind ?? null,
    statedFrom: filter.statedFrom === undefined ? null : enclosingPeriods(filter.statedFrom).length,
    statedTo: filter.statedTo !== undefined,
    rebuttalsOf: filter.rebuttalsOf !== undefined,
    sort: page.sort,
    after: page.after !== undefined,
  };
}

function valuesOf(
  filter: ClaimFilter,
  page: PageRequest,
  plan: SearchPlan | null,
): Record<string, unknown> {
  const values: Record<string, unknown> = { limit: page.limit };
  filter.statuses?.forEach((status, i) => {
    values[`status${i}`] = status;
  });
  if (filter.claimantId !== undefined) values.claimantId = filter.claimantId;
  if (filter.sourceId !== undefined) values.sourceId = filter.sourceId;
  if (filter.tag !== undefined) values.tag = filter.tag;
  if (filter.language !== undefined) values.language = filter.language;
  if (filter.rebuttalsOf !== undefined) values.rebuttalsOf = filter.rebuttalsOf;
  if (filter.statedFrom !== undefined) {
    const periods = enclosingPeriods(filter.statedFrom);
    values.statedFrom = filter.statedFrom;
    // The coarsest period that may overlap sorts first: a range bound the index can seek to.
    values.statedFloor = periods[0] ?? filter.statedFrom;
    periods.forEach((period, i) => {
      values[`period${i}`] = period;
    });
  }
  if (filter.statedTo !== undefined) values.statedTo = inclusiveUpperBound(filter.statedTo);
  if (filter.match) {
    values.expression = filter.match.expression;
    // Relevance counts hits by the marks highlight() puts around them.
    values.open = filter.match.open;
  }
  if (plan?.kind === 'rank') values.floor = plan.floor;
  if (page.after) {
    values.afterKey = page.after.key;
    values.afterSeq = page.after.tie;
  }
  return values;
}

const p = (name: string) => sql.placeholder(name);

/** `+column`: the term filters rows but cannot pick the index, so the sort's index is walked. */
const filterOnly = (column: SQLWrapper): SQL => sql`+${column}`;

/**
 * What drives a page: a search's bounded candidates, or a small set named by the route (a
 * source's quotes, a claim's rebuttals), fetched whole and sorted; else one index walked in
 * the sort's order: the claimant's, a single status's or a language's (each `(column, sort key,
 * seq)`), else the sort key's own. Every other filter only tests the rows met on the way, so a
 * page costs the rows walked to fill it, never a sort of all matches.
 */
type Driver = 'matches' | 'set' | 'claimant' | 'status' | 'language' | 'sort';

function driverOf(shape: Shape): Driver {
  // A search's bounded candidates (see searchPlan) are fetched by the full-text index and sorted.
  if (shape.search === 'rank' || shape.search === 'fetch') return 'matches';
  if (shape.source || shape.rebuttalsOf) return 'set';
  if (shape.claimant) return 'claimant';
  if (shape.statuses === 1) return 'status';
  if (shape.language) return 'language';
  return 'sort';
}

function buildPage(tx: Tx, shape: Shape) {
  const driver = driverOf(shape);
  const fetched = driver === 'matches' || driver === 'set';
  const conditions = filterConditions(shape, driver);
  const sortColumn = shape.sort.endsWith('createdAt') ? claims.createdAt : claims.statedAt;
  const descending = shape.sort.startsWith('-') || shape.sort === 'relevance';
  const order = descending ? desc : asc;
  const score = shape.search === 'rank' ? relevanceScore(SEARCH_PLACEHOLDERS) : sql<null>`NULL`;
  const key = shape.sort === 'relevance' ? score : sortColumn;
  if (shape.after) {
    const op = descending ? sql`<` : sql`>`;
    conditions.push(sql`(${key}, ${claims.seq}) ${op} (${p('afterKey')}, ${p('afterSeq')})`);
  }
  const base = tx
    .select({ ...listedClaimColumns, score: sql<number | null>`${score}` })
    .from(claims);
  const filtered =
    driver === 'matches'
      ? base
          .innerJoin(claimSearch, eq(claimSearch.rowid, claims.seq))
          .where(and(matches(SEARCH_PLACEHOLDERS), ...conditions))
      : base.where(and(...conditions));
  // Fetched rows are sorted once fetched: no index may be walked in search of them.
  const sortBy = (column: SQLWrapper) => order(fetched ? filterOnly(column) : column);
  return filtered.orderBy(sortBy(key), sortBy(claims.seq)).limit(p('limit'));
}

function filterConditions(shape: Shape, driver: Driver): SQL[] {
  const conditions: SQL[] = [];
  const column = (name: Driver, col: SQLWrapper): SQL =>
    driver === name ? sql`${col}` : filterOnly(col);
  // A date range bounds a walk in date order (every index has the date after its filter column);
  // in creation order, or over a set, it only tests the rows met.
  const byDate = driver !== 'set' && driver !== 'matches' && shape.sort.endsWith('statedAt');
  const dated = byDate ? sql`${claims.statedAt}` : filterOnly(claims.statedAt);
  if (shape.statuses > 0) {
    const statuses = Array.from({ length: shape.statuses }, (_, i) => p(`status${i}`));
    conditions.push(inArray(column('status', claims.status), statuses));
  }
  if (shape.claimant) conditions.push(eq(column('claimant', claims.claimantId), p('claimantId')));
  if (shape.language) conditions.push(eq(column('language', claims.language), p('language')));
  if (shape.statedFrom !== null) {
    const periods = Array.from({ length: shape.statedFrom }, (_, i) => p(`period${i}`));
    const from = gte(filterOnly(claims.statedAt), p('statedFrom'));
    conditions.push(gte(dated, p('statedFloor')));
    // A claim matches when its date, at its precision, overlaps the range.
    conditions.push(
      periods.length > 0 ? (or(from, inArray(filterOnly(claims.statedAt), periods)) ?? from) : from,
    );
  }
  if (shape.statedTo) conditions.push(lte(dated, p('statedTo')));
  if (shape.tag) {
    conditions.push(
      sql`EXISTS (SELECT 1 FROM ${claimTags} WHERE ${qualified(claimTags.claimId)} = ${qualified(claims.id)} AND ${qualified(claimTags.tag)} = ${p('tag')})`,
    );
  }
  if (shape.source) {
    conditions.push(
      sql`${qualified(claims.id)} IN (SELECT ${qualified(quotes.claimId)} FROM ${quotes} WHERE ${qualified(quotes.sourceId)} = ${p('sourceId')} UNION SELECT ${qualified(quotes.claimId)} FROM ${quotes} WHERE ${qualified(quotes.originalSourceId)} = ${p('sourceId')})`,
    );
  }
  if (shape.search === 'rank') conditions.push(sql`${claimSearch.rowid} >= ${p('floor')}`);
  if (shape.search === 'walk') {
    conditions.push(
      sql`EXISTS (SELECT 1 FROM ${claimSearch} WHERE ${claimSearch} MATCH ${p('expression')} AND ${qualified(claimSearch.rowid)} = ${qualified(claims.seq)})`,
    );
  }
  if (shape.rebuttalsOf) {
    conditions.push(
      sql`${qualified(claims.id)} IN (SELECT ${qualified(claimLinks.fromClaimId)} FROM ${claimLinks} WHERE ${qualified(claimLinks.toClaimId)} = ${p('rebuttalsOf')} AND ${qualified(claimLinks.kind)} = 'rebuts')`,
    );
  }
  return conditions;
}
