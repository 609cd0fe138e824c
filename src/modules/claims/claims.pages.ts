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
import { dialectOf, qualified, type SqlDialect } from '../../db/dialect.js';
import {
  claimLinks,
  claims,
  claimTags,
  languageCounts,
  sourceClaims,
  statusCounts,
  tagCounts,
} from '../../db/schema.js';
import { RANKED, type Search, type SearchSql } from '../../db/search.js';
import { type PreparedQuery, preparedFor } from '../../db/sqlite/prepared.js';
import type { Tx } from '../../db/store.js';
import type { Cursor } from '../../lib/cursor.js';
import { enclosingPeriods, inclusiveUpperBound } from '../../lib/dates.js';
import type { ClaimStatus, LinkKind } from '../../lib/vocabulary.js';
import { listedClaimColumns } from './claims.reads.js';
import { type ClaimSort, RELEVANCE_CANDIDATES } from './claims.schemas.js';

export type ClaimFilter = {
  statuses?: ClaimStatus[];
  claimantId?: string;
  sourceId?: string;
  tag?: string;
  language?: string;
  match?: Search;
  statedFrom?: string;
  statedTo?: string;
  /** The claims linked to this one by links of this kind (its rebuttals, its supporters). */
  linkedTo?: { claimId: string; kind: LinkKind };
};

export type PageRequest = { sort: ClaimSort; after?: Cursor; limit: number };

/**
 * A set without an index in the sort's order (a search's matches, several statuses' claims) is
 * fetched and sorted when it holds at most this many claims; a larger one is only tested on a walk
 * in the sort's order, which fills a page quickly since so many claims are in it. A tag this small
 * drives the page whatever else filters it: its walk meets at most this many claims.
 */
export const SORTED_SET_LIMIT = 10_000;

/**
 * A page of claims in at most three statements: when a search, a tag or several statuses narrow
 * it, how many claims they hold (the plan); the page itself, each row with its claimant, tags and
 * counts; with a search, the page's snippets. The page's statement depends only on the plan and on
 * which filters are set (their values are placeholders), so it is built and prepared once per such
 * shape and connection.
 */
export async function readClaimPage(
  tx: Tx,
  filter: ClaimFilter,
  page: PageRequest,
  // Chosen from the sizes of the sets unless given (tests compare the plans).
  given?: PagePlan,
) {
  const plan = given ?? (await planOf(tx, filter, page.sort));
  const shape = shapeOf(filter, page, plan);
  const key = JSON.stringify(shape);
  let query = statements.get(key);
  if (query === undefined) {
    query = preparedFor((db) => buildPage(db, shape));
    statements.set(key, query);
  }
  const { search } = dialectOf(tx);
  const rows = await query(tx).execute(valuesOf(search, filter, page, plan));
  if (!filter.match) return rows.map((row) => ({ ...row, snippet: null }));
  const found = await search.snippets(
    tx,
    filter.match,
    rows.slice(0, page.limit).map((row) => row.seq),
    { amongNewest: plan.driver === 'rank' },
  );
  return rows.map((row) => ({ ...row, snippet: found.get(row.seq) ?? null }));
}

export type ClaimPageRow = Awaited<ReturnType<typeof readClaimPage>>[number];

/**
 * What drives a page. Fetched and sorted: `rank` (a search's newest candidates, ranked), `matches`
 * (a search's matches), `statuses` (several statuses' claims), each bounded; walked in the sort's
 * order through an index `(scope, sort key, seq)` of a table that copies the claims' sort keys:
 * `source` (a source's claims), `tag` (a tag's claims), `set` (a claim's rebuttals or supporters);
 * or of claims: `claimant`, `status` (one), `language`, else `sort` (the sort key's own). Every
 * other filter only tests the rows met, so a page costs the rows walked to fill it, never a sort
 * of all matches.
 */
export type Driver =
  | 'rank'
  | 'matches'
  | 'tag'
  | 'statuses'
  | 'set'
  | 'source'
  | 'claimant'
  | 'status'
  | 'language'
  | 'sort';

/**
 * `candidates`: how many of the newest matches `rank` ranks (RELEVANCE_CANDIDATES unless given).
 * `found`: the search's matches, newest first, found on another thread (see FoundSearch) when
 * there are at most SORTED_SET_LIMIT; `ranked`: the ranked candidates found there likewise, in
 * the page's order (score, then row key, descending).
 */
export type PagePlan = {
  driver: Driver;
  candidates?: number;
  found?: number[];
  ranked?: [number, number][];
};

const FETCHED: ReadonlySet<Driver> = new Set(['rank', 'matches', 'statuses']);

export async function planOf(tx: Tx, filter: ClaimFilter, sort: ClaimSort): Promise<PagePlan> {
  const offThread = dialectOf(tx).search.offThread;
  if (filter.match && sort === 'relevance') {
    const ranked = await offThread?.ranked(tx, filter.match, RELEVANCE_CANDIDATES);
    // In the page's order: the most relevant first, the newest first among equals.
    ranked?.sort(([seqA, scoreA], [seqB, scoreB]) => scoreB - scoreA || seqB - seqA);
    return ranked ? { driver: 'rank', ranked } : { driver: 'rank' };
  }
  // Several filters with an index in the sort's order: the smallest of their sets is walked.
  const indexed = indexedSets(filter);
  const compared = indexed.length > 1 && !filter.sourceId && !filter.claimantId;
  // At most one more than the limit: past it, the search is only tested on a walk. The sets'
  // sizes come in the same statement.
  const found =
    filter.match && offThread
      ? await offThread.found(tx, filter.match, SORTED_SET_LIMIT + 1, {
          columns: sizeColumns(filter, { nth: false, compared }),
          key: sizesKey(filter, { nth: false, compared }),
          values: sizeValues(filter, { nth: false, compared }),
        })
      : null;
  const few = found !== null && found.seqs.length <= SORTED_SET_LIMIT ? { found: found.seqs } : {};
  const sizes =
    (found?.also as SetSizes | undefined) ??
    ((filter.match && found === null) ||
    filter.tag !== undefined ||
    (filter.statuses?.length ?? 0) > 1 ||
    compared
      ? await setSizes(tx, filter, { nth: found === null, compared })
      : null);
  if (filter.linkedTo !== undefined) return { driver: 'set', ...few };
  const small = (n: number | null | undefined) => n !== undefined && (n ?? 0) <= SORTED_SET_LIMIT;
  if (filter.tag !== undefined && small(sizes?.tag)) return { driver: 'tag', ...few };
  if ((filter.statuses?.length ?? 0) > 1 && small(sizes?.statuses)) {
    return { driver: 'statuses', ...few };
  }
  // Fewer matches than the limit: the newest-but-limit one does not exist.
  if (filter.match && (found === null ? sizes?.nth === null : 'found' in few)) {
    return { driver: 'matches', ...few };
  }
  const walked = (driver: Driver): PagePlan => ({ driver, ...few });
  if (filter.sourceId !== undefined) return walked('source');
  if (filter.claimantId !== undefined) return walked('claimant');
  if (compared && sizes) {
    const sizeOf = (driver: Driver) =>
      (driver === 'status' ? sizes.statuses : driver === 'language' ? sizes.language : sizes.tag) ??
      0;
    const [smallest] = [...indexed].sort((a, b) => sizeOf(a) - sizeOf(b));
    if (smallest) return walked(smallest);
  }
  if (filter.statuses?.length === 1) return walked('status');
  if (filter.language !== undefined) return walked('language');
  // A large tag and no other index: every claim its walk meets is in the page.
  if (filter.tag !== undefined) return walked('tag');
  return walked('sort');
}

/** The filters whose claims an index of claims (or of a tag's) holds in the sort's order. */
function indexedSets(filter: ClaimFilter): Driver[] {
  const sets: Driver[] = [];
  if (filter.statuses?.length === 1) sets.push('status');
  if (filter.language !== undefined) sets.push('language');
  if (filter.tag !== undefined) sets.push('tag');
  return sets;
}

const sizeStatements = new Map<string, (tx: Tx) => PreparedQuery<SetSizes[]>>();
type SetSizes = {
  tag: number | null;
  statuses: number | null;
  language: number | null;
  nth: number | null;
};

type SizeWanted = { nth: boolean; compared: boolean };

/**
 * What the plan reads of the page's sets, each a scalar subquery: the tag's, the statuses' and
 * (when `compared`, for several indexed sets) the language's stored counts, and with `nth`, the
 * row key of the search's (`offset` + 1)th newest match (null when fewer match).
 */
function sizeColumns(filter: ClaimFilter, wanted: SizeWanted, search?: SearchSql) {
  const { statuses, counted, language, nth } = sizesShape(filter, wanted);
  return {
    tag: filter.tag === undefined ? sql<null>`NULL` : tagSize(),
    statuses: counted ? statusesSize(statuses) : sql<null>`NULL`,
    language: language ? languageSize() : sql<null>`NULL`,
    nth: nth && search ? search.nthNewest(p('offset')) : sql<null>`NULL`,
  };
}

function sizesShape(filter: ClaimFilter, { nth, compared }: SizeWanted) {
  const statuses = filter.statuses?.length ?? 0;
  return {
    statuses,
    counted: statuses > 1 || (compared && statuses === 1),
    language: compared && filter.language !== undefined,
    nth: nth && filter.match !== undefined,
  };
}

function sizesKey(filter: ClaimFilter, wanted: SizeWanted): string {
  const { statuses, counted, language, nth } = sizesShape(filter, wanted);
  return `${filter.tag !== undefined}|${counted ? statuses : 0}|${language}|${nth}`;
}

function sizeValues(filter: ClaimFilter, wanted: SizeWanted): Record<string, unknown> {
  const { language } = sizesShape(filter, wanted);
  const values: Record<string, unknown> = { offset: SORTED_SET_LIMIT };
  if (filter.tag !== undefined) values.tag = filter.tag;
  if (language) values.language = filter.language;
  filter.statuses?.forEach((status, i) => {
    values[`status${i}`] = status;
  });
  return values;
}

/** The page's sets' sizes (sizeColumns) in one statement on `tx`. */
async function setSizes(
  tx: Tx,
  filter: ClaimFilter,
  wanted: SizeWanted,
): Promise<SetSizes | undefined> {
  const key = sizesKey(filter, wanted);
  let query = sizeStatements.get(key);
  if (query === undefined) {
    query = preparedFor((db) =>
      db.select(sizeColumns(filter, wanted, dialectOf(db).search)).from(sql`(SELECT 1) AS one`),
    );
    sizeStatements.set(key, query);
  }
  const { nth } = sizesShape(filter, wanted);
  const match = nth && filter.match ? dialectOf(tx).search.values(filter.match) : {};
  const [sizes] = await query(tx).execute({ ...sizeValues(filter, wanted), ...match });
  return sizes;
}

const tagSize = () =>
  sql<
    number | null
  >`(SELECT ${qualified(tagCounts.claimCount)} FROM ${tagCounts} WHERE ${qualified(tagCounts.tag)} = ${p('tag')})`;

const languageSize = () =>
  sql<
    number | null
  >`(SELECT ${qualified(languageCounts.claimCount)} FROM ${languageCounts} WHERE ${qualified(languageCounts.language)} = ${p('language')})`;

const statusesSize = (n: number) =>
  sql<
    number | null
  >`(SELECT coalesce(sum(${qualified(statusCounts.claimCount)}), 0) FROM ${statusCounts} WHERE ${qualified(statusCounts.status)} IN (${sql.join(
    Array.from({ length: n }, (_, i) => p(`status${i}`)),
    sql`, `,
  )}))`;

/** A page's statement as SQL text with its values in order, to look at its query plan. */
export function claimPageStatement(
  tx: Tx,
  filter: ClaimFilter,
  page: PageRequest,
  plan: PagePlan,
): { sql: string; params: unknown[] } {
  const query = buildPage(tx, shapeOf(filter, page, plan)).toSQL();
  const values = valuesOf(dialectOf(tx).search, filter, page, plan);
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
  search: boolean;
  /** The search's matches come found (`found`, `ranked`) rather than from the index. */
  found: boolean;
  driver: Driver;
  statedFrom: number | null;
  statedTo: boolean;
  linkedTo: boolean;
  sort: ClaimSort;
  after: boolean;
};

type PageQuery = ReturnType<typeof buildPage>;
const statements = new Map<string, (tx: Tx) => PreparedQuery<Awaited<PageQuery>>>();

function shapeOf(filter: ClaimFilter, page: PageRequest, plan: PagePlan): Shape {
  return {
    statuses: filter.statuses?.length ?? 0,
    claimant: filter.claimantId !== undefined,
    source: filter.sourceId !== undefined,
    tag: filter.tag !== undefined,
    language: filter.language !== undefined,
    search: filter.match !== undefined,
    found: plan.found !== undefined || plan.ranked !== undefined,
    driver: plan.driver,
    statedFrom: filter.statedFrom === undefined ? null : enclosingPeriods(filter.statedFrom).length,
    statedTo: filter.statedTo !== undefined,
    linkedTo: filter.linkedTo !== undefined,
    sort: page.sort,
    after: page.after !== undefined,
  };
}

function valuesOf(
  search: SearchSql,
  filter: ClaimFilter,
  page: PageRequest,
  plan: PagePlan,
): Record<string, unknown> {
  const values: Record<string, unknown> = {
    limit: page.limit,
    ...(filter.match && search.values(filter.match)),
  };
  filter.statuses?.forEach((status, i) => {
    values[`status${i}`] = status;
  });
  if (filter.claimantId !== undefined) values.claimantId = filter.claimantId;
  if (filter.sourceId !== undefined) values.sourceId = filter.sourceId;
  if (filter.tag !== undefined) values.tag = filter.tag;
  if (filter.language !== undefined) values.language = filter.language;
  if (filter.linkedTo !== undefined) {
    values.linkedTo = filter.linkedTo.claimId;
    values.linkKind = filter.linkedTo.kind;
  }
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
  if (plan.driver === 'rank') values.candidates = plan.candidates ?? RELEVANCE_CANDIDATES;
  if (plan.found) values.found = JSON.stringify(plan.found);
  if (plan.ranked) values.ranked = JSON.stringify(plan.ranked);
  if (page.after) {
    values.afterKey = page.after.key;
    values.afterSeq = page.after.tie;
  }
  return values;
}

const p = (name: string) => sql.placeholder(name);

/**
 * A table that keeps the listed claims' sort keys, walked in the sort's order within its scope:
 * a source's claims, a tag's, a claim's rebuttals or supporters.
 */
type Copies = {
  table: typeof sourceClaims | typeof claimTags | typeof claimLinks;
  scope: SQL[];
  seq: SQLWrapper;
  statedAt: SQLWrapper;
  createdAt: SQLWrapper;
};

function copiesOf(driver: Driver): Copies | null {
  if (driver === 'source') {
    const { claimSeq, statedAt, createdAt } = sourceClaims;
    const scope = [eq(sourceClaims.sourceId, p('sourceId'))];
    return { table: sourceClaims, scope, seq: claimSeq, statedAt, createdAt };
  }
  if (driver === 'tag') {
    const { claimSeq, statedAt, createdAt } = claimTags;
    return {
      table: claimTags,
      scope: [eq(claimTags.tag, p('tag'))],
      seq: claimSeq,
      statedAt,
      createdAt,
    };
  }
  if (driver === 'set') {
    const scope = [eq(claimLinks.toClaimId, p('linkedTo')), eq(claimLinks.kind, p('linkKind'))];
    const { fromSeq, fromStatedAt, fromCreatedAt } = claimLinks;
    return {
      table: claimLinks,
      scope,
      seq: fromSeq,
      statedAt: fromStatedAt,
      createdAt: fromCreatedAt,
    };
  }
  return null;
}

function buildPage(tx: Tx, shape: Shape) {
  const d = dialectOf(tx);
  const { filterOnly } = d;
  const listedColumns = listedClaimColumns(d);
  const { driver } = shape;
  const fetched = FETCHED.has(driver);
  const copies = copiesOf(driver);
  const conditions = filterConditions(d, shape, driver, copies);
  // Claims met through copies are walked in the copies' order: their sort key and seq.
  const walked = copies ?? claims;
  const sortColumn = shape.sort.endsWith('createdAt') ? walked.createdAt : walked.statedAt;
  const seq = copies?.seq ?? claims.seq;
  const descending = shape.sort.startsWith('-') || shape.sort === 'relevance';
  const order = descending ? desc : asc;
  const score = driver === 'rank' ? RANKED.score : sql<null>`NULL`;
  const key = shape.sort === 'relevance' ? score : sortColumn;
  if (shape.after) {
    const op = descending ? sql`<` : sql`>`;
    conditions.push(sql`(${key}, ${seq}) ${op} (${p('afterKey')}, ${p('afterSeq')})`);
  }
  const searched = driver === 'matches';
  const linkNote = linkNoteOf(shape, driver);
  if (copies) {
    // CROSS: SQLite keeps the copies outermost, walked in the sort's order.
    return tx
      .select({ ...listedColumns, linkNote, score: sql<number | null>`NULL` })
      .from(copies.table)
      .crossJoin(claims)
      .where(and(...copies.scope, sql`${claims.seq} = ${copies.seq}`, ...conditions))
      .orderBy(order(key), order(seq))
      .limit(p('limit'));
  }
  if (!fetched) {
    return tx
      .select({ ...listedColumns, linkNote, score: sql<number | null>`NULL` })
      .from(claims)
      .where(and(...conditions))
      .orderBy(order(key), order(claims.seq))
      .limit(p('limit'));
  }
  // A fetched set is sorted on its keys alone (no index may be walked in search of it: `+`), and
  // only the page's claims are then read whole: their claimant, tags and counts. Ranked candidates
  // come scored from the index; the claims only test the other filters.
  const offThread = shape.found ? d.search.offThread : undefined;
  const matched = searched ? (offThread?.foundClaims() ?? d.search.matchedClaims()) : null;
  const ranked = offThread?.rankedGiven() ?? d.search.rankedNewest(p('candidates'));
  const from = driver === 'rank' ? sql`${ranked} CROSS JOIN ${claims}` : (matched?.from ?? claims);
  const joined = driver === 'rank' ? eq(claims.seq, RANKED.seq) : matched?.on;
  const keyRows = tx
    .select({
      seq: sql<number>`${claims.seq}`.as('page_seq'),
      score: sql<number | null>`${score}`.as('page_score'),
    })
    .from(from)
    .where(and(joined, ...conditions))
    .$dynamic();
  // Ranked candidates handed over in the page's order are walked in it (CROSS JOIN keeps them
  // outermost) until the page is full: only the claims the page reaches are looked up, none sorted.
  const inOrder = driver === 'rank' && offThread !== undefined;
  const keys = (
    inOrder
      ? keyRows
      : keyRows.orderBy(
          // The score by its name: written out again, it would be computed again.
          order(driver === 'rank' ? sql`page_score` : filterOnly(key)),
          order(filterOnly(claims.seq)),
        )
  )
    .limit(p('limit'))
    .as('page');
  return tx
    .select({ ...listedColumns, linkNote, score: keys.score })
    .from(keys)
    .innerJoin(claims, eq(claims.seq, keys.seq))
    .orderBy(order(key === score ? keys.score : key), order(claims.seq));
}

/**
 * The note of the link that puts each claim in a list of linked claims: read from the link row the
 * walk is on, else looked up (a plan a test chooses); null for other lists.
 */
function linkNoteOf(shape: Shape, driver: Driver): SQL<string | null> {
  if (!shape.linkedTo) return sql<null>`NULL`;
  if (driver === 'set') return sql<string | null>`${claimLinks.note}`;
  return sql<
    string | null
  >`(SELECT ${qualified(claimLinks.note)} FROM ${claimLinks} WHERE ${qualified(claimLinks.fromClaimId)} = ${qualified(claims.id)} AND ${qualified(claimLinks.toClaimId)} = ${p('linkedTo')} AND ${qualified(claimLinks.kind)} = ${p('linkKind')})`;
}

function filterConditions(
  { filterOnly, search }: SqlDialect,
  shape: Shape,
  driver: Driver,
  copies: Copies | null,
): SQL[] {
  const conditions: SQL[] = [];
  const column = (name: Driver, col: SQLWrapper): SQL =>
    driver === name ? sql`${col}` : filterOnly(col);
  // A date range bounds a walk in date order (every index has the date after its filter column,
  // the copies' indexes too); in creation order, or over a fetched set, it only tests the rows met.
  const byDate = !FETCHED.has(driver) && shape.sort.endsWith('statedAt');
  const dated = byDate ? sql`${copies?.statedAt ?? claims.statedAt}` : filterOnly(claims.statedAt);
  if (shape.statuses > 0) {
    const statuses = Array.from({ length: shape.statuses }, (_, i) => p(`status${i}`));
    const usable = driver === 'status' || driver === 'statuses';
    conditions.push(inArray(usable ? sql`${claims.status}` : filterOnly(claims.status), statuses));
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
  if (shape.tag && driver !== 'tag') {
    conditions.push(
      sql`EXISTS (SELECT 1 FROM ${claimTags} WHERE ${qualified(claimTags.claimId)} = ${qualified(claims.id)} AND ${qualified(claimTags.tag)} = ${p('tag')})`,
    );
  }
  if (shape.source && driver !== 'source') {
    conditions.push(
      sql`EXISTS (SELECT 1 FROM ${sourceClaims} WHERE ${qualified(sourceClaims.sourceId)} = ${p('sourceId')} AND ${qualified(sourceClaims.claimId)} = ${qualified(claims.id)})`,
    );
  }
  if (shape.search && driver !== 'rank' && driver !== 'matches') {
    const offThread = shape.found ? search.offThread : undefined;
    conditions.push(
      offThread?.isFound(qualified(claims.seq)) ?? search.matches(qualified(claims.seq)),
    );
  }
  if (shape.linkedTo && driver !== 'set') {
    conditions.push(
      sql`${qualified(claims.id)} IN (SELECT ${qualified(claimLinks.fromClaimId)} FROM ${claimLinks} WHERE ${qualified(claimLinks.toClaimId)} = ${p('linkedTo')} AND ${qualified(claimLinks.kind)} = ${p('linkKind')})`,
    );
  }
  return conditions;
}
