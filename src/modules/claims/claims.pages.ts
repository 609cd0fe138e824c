import {
  and,
  asc,
  desc,
  eq,
  gte,
  inArray,
  lte,
  or,
  type SQL,
  type SQLWrapper,
  sql,
} from 'drizzle-orm';
import { actors, claimLinks, claims, claimTags, quotes } from '../../db/schema.js';
import { type PreparedQuery, preparedFor } from '../../db/sqlite/prepared.js';
import {
  claimSearch,
  matches,
  relevanceScore,
  type Search,
  type SearchParameters,
  snippetSql,
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

/**
 * A page of claims in one statement: each row with its claimant, tags and counts (and with a
 * search, its snippet and score). The statement depends only on which filters are set (their
 * values are placeholders), so it is built and prepared once per such shape and connection.
 */
export async function readClaimPage(tx: Tx, filter: ClaimFilter, page: PageRequest) {
  const shape = shapeOf(filter, page);
  const key = JSON.stringify(shape);
  let query = statements.get(key);
  if (query === undefined) {
    query = preparedFor((db) => buildPage(db, shape));
    statements.set(key, query);
  }
  return query(tx).execute(valuesOf(filter, page));
}

export type ClaimPageRow = Awaited<ReturnType<typeof readClaimPage>>[number];

/** Which filters are set, and how many values the list-valued ones have. */
type Shape = {
  statuses: number;
  claimant: boolean;
  source: boolean;
  tag: boolean;
  language: boolean;
  match: boolean;
  statedFrom: number | null;
  statedTo: boolean;
  rebuttalsOf: boolean;
  sort: ClaimSort;
  after: boolean;
};

type PageQuery = ReturnType<typeof buildPage>;
const statements = new Map<string, (tx: Tx) => PreparedQuery<Awaited<PageQuery>>>();

function shapeOf(filter: ClaimFilter, page: PageRequest): Shape {
  return {
    statuses: filter.statuses?.length ?? 0,
    claimant: filter.claimantId !== undefined,
    source: filter.sourceId !== undefined,
    tag: filter.tag !== undefined,
    language: filter.language !== undefined,
    match: filter.match !== undefined,
    statedFrom: filter.statedFrom === undefined ? null : enclosingPeriods(filter.statedFrom).length,
    statedTo: filter.statedTo !== undefined,
    rebuttalsOf: filter.rebuttalsOf !== undefined,
    sort: page.sort,
    after: page.after !== undefined,
  };
}

function valuesOf(filter: ClaimFilter, page: PageRequest): Record<string, unknown> {
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
    values.open = filter.match.open;
    values.close = filter.match.close;
  }
  if (page.after) {
    values.afterKey = page.after.key;
    values.afterSeq = page.after.tie;
  }
  return values;
}

const p = (name: string) => sql.placeholder(name);

/** `+column`: the term filters rows but cannot pick the index, so the sort's index is walked. */
const filterOnly = (column: SQLWrapper): SQL => sql`+${column}`;

function buildPage(tx: Tx, shape: Shape) {
  const search = shape.match ? SEARCH : undefined;
  const conditions = filterConditions(shape);
  const sortColumn = shape.sort.endsWith('createdAt') ? claims.createdAt : claims.statedAt;
  const descending = shape.sort.startsWith('-') || shape.sort === 'relevance';
  const order = descending ? desc : asc;
  const score = search ? relevanceScore(SEARCH) : sql<null>`NULL`;
  const key = shape.sort === 'relevance' ? score : sortColumn;
  if (shape.after) {
    const op = descending ? sql`<` : sql`>`;
    conditions.push(sql`(${key}, ${claims.seq}) ${op} (${p('afterKey')}, ${p('afterSeq')})`);
  }
  const base = tx
    .select({
      ...listedClaimColumns,
      snippet: search ? snippetSql(SEARCH) : sql<string | null>`NULL`,
      score: sql<number | null>`${score}`,
    })
    .from(claims)
    .innerJoin(actors, eq(actors.id, claims.claimantId));
  const filtered = search
    ? base
        .innerJoin(claimSearch, eq(claimSearch.rowid, claims.seq))
        .where(and(matches(SEARCH), ...conditions))
    : base.where(and(...conditions));
  return filtered.orderBy(order(key), order(claims.seq)).limit(p('limit'));
}

/** The search's parts as placeholders: the statement is the same for every search. */
const SEARCH: SearchParameters = {
  expression: sql.placeholder('expression'),
  open: sql.placeholder('open'),
  close: sql.placeholder('close'),
};

/**
 * One index drives the walk in the sort's order: the claimant's, else a single status's, else a
 * language's (each `(column, sort key, seq)`), else the sort key's own; every other filter only
 * tests the rows met on the way, so a page costs the rows walked to fill it, never a sort.
 */
function filterConditions(shape: Shape): SQL[] {
  const conditions: SQL[] = [];
  const driver = shape.claimant
    ? 'claimant'
    : shape.statuses === 1
      ? 'status'
      : shape.language
        ? 'language'
        : 'sort';
  const column = (name: typeof driver, col: SQLWrapper): SQL =>
    driver === name ? sql`${col}` : filterOnly(col);
  if (shape.statuses > 0) {
    const statuses = Array.from({ length: shape.statuses }, (_, i) => p(`status${i}`));
    conditions.push(inArray(column('status', claims.status), statuses));
  }
  if (shape.claimant) conditions.push(eq(column('claimant', claims.claimantId), p('claimantId')));
  if (shape.language) conditions.push(eq(column('language', claims.language), p('language')));
  if (shape.statedFrom !== null) {
    const periods = Array.from({ length: shape.statedFrom }, (_, i) => p(`period${i}`));
    const from = gte(filterOnly(claims.statedAt), p('statedFrom'));
    conditions.push(gte(claims.statedAt, p('statedFloor')));
    // A claim matches when its date, at its precision, overlaps the range.
    conditions.push(
      periods.length > 0 ? (or(from, inArray(filterOnly(claims.statedAt), periods)) ?? from) : from,
    );
  }
  if (shape.statedTo) conditions.push(lte(claims.statedAt, p('statedTo')));
  if (shape.tag) {
    conditions.push(
      sql`EXISTS (SELECT 1 FROM ${claimTags} WHERE ${claimTags.claimId} = ${claims.id} AND ${claimTags.tag} = ${p('tag')})`,
    );
  }
  if (shape.source) {
    conditions.push(
      sql`EXISTS (SELECT 1 FROM ${quotes} WHERE ${quotes.claimId} = ${claims.id} AND (${quotes.sourceId} = ${p('sourceId')} OR ${quotes.originalSourceId} = ${p('sourceId')}))`,
    );
  }
  if (shape.rebuttalsOf) {
    conditions.push(
      sql`EXISTS (SELECT 1 FROM ${claimLinks} WHERE ${claimLinks.fromClaimId} = ${claims.id} AND ${claimLinks.toClaimId} = ${p('rebuttalsOf')} AND ${claimLinks.kind} = 'rebuts')`,
    );
  }
  return conditions;
}
