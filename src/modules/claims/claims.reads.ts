import { and, asc, eq, getTableColumns, type Placeholder, type SQLWrapper, sql } from 'drizzle-orm';
import { constant, dialectOf, type RowOf, required, type SqlDialect } from '../../db/dialect.js';
import {
  actors,
  claimLinks,
  claimProvenance,
  claimReviews,
  claims,
  claimTags,
  quotes,
  sources,
} from '../../db/schema.js';
import { preparedFor } from '../../db/sqlite/prepared.js';
import type { Tx } from '../../db/store.js';
import { isId } from '../../lib/ids.js';
import type { LinkKind } from '../../lib/vocabulary.js';
import { reviewColumns } from './claims.repository.js';
import { LINKS_EMBEDDED } from './claims.schemas.js';

/**
 * A claim read whole in three statements, each prepared once per connection: the claim with its
 * claimant, tags, counts and provenance; its quotes with their sources and speakers; its first
 * links of each kind with the linked claims and their claimants. Related rows come from correlated subqueries (see
 * the dialect's rowOf and textListOf), not joins.
 */

const actorSummary = { id: actors.id, slug: actors.slug, name: actors.name, kind: actors.kind };
const sourceSummary = {
  id: sources.id,
  slug: sources.slug,
  kind: sources.kind,
  title: sources.title,
  description: sources.description,
};

/** An actor as lists and links show it, the one `id` names. */
const actorNamed = (d: SqlDialect, id: SQLWrapper) =>
  d.rowOf(actorSummary, sql`${actors}`, eq(actors.id, id));
const sourceNamed = (d: SqlDialect, id: SQLWrapper) =>
  d.rowOf(sourceSummary, sql`${sources}`, eq(sources.id, id));

/** Columns of a claim as lists show it: the row (with its stored counts), its claimant and tags. */
export const listedClaimColumns = (d: SqlDialect) => ({
  ...getTableColumns(claims),
  claimant: actorNamed(d, claims.claimantId),
  tags: d.textListOf(claimTags.tag, sql`${claimTags}`, eq(claimTags.claimId, claims.id)),
});

/** A claim's row, with its claimant, tags, counts, provenance and imported review's rating. */
const claimColumns = (tx: Tx) => {
  const d = dialectOf(tx);
  return {
    ...listedClaimColumns(d),
    provenance: d.rowOf(
      {
        format: claimProvenance.format,
        url: claimProvenance.url,
        importedAt: claimProvenance.importedAt,
        document: d.jsonValue(claimProvenance.document),
      },
      sql`${claimProvenance}`,
      eq(claimProvenance.claimId, claims.id),
    ),
    review: d.rowOf(reviewColumns, sql`${claimReviews}`, eq(claimReviews.claimId, claims.id)),
  };
};

const claimRow = (by: typeof claims.id | typeof claims.slug) =>
  preparedFor((tx) =>
    tx
      .select(claimColumns(tx))
      .from(claims)
      // No LIMIT: the key is unique, and SQLite runs a bound LIMIT with these subqueries far slower.
      .where(eq(by, sql.placeholder('ref'))),
  );
const claimRowById = claimRow(claims.id);
const claimRowBySlug = claimRow(claims.slug);

/** The same row with its quotes and links as arrays: the whole claim in one statement. */
const claimWithParts = (by: typeof claims.id | typeof claims.slug) =>
  preparedFor((tx) => {
    const d = dialectOf(tx);
    const { rowsOf } = d;
    if (!rowsOf)
      throw new Error('this engine reads the parts of a claim with statements of their own');
    // The claim being read, named as the outer query's row from inside the parts' subqueries.
    const claimId = sql.raw('"claims"."id"');
    return tx
      .select({
        ...claimColumns(tx),
        quotes: rowsOf<QuoteRow>(
          tx
            .select({ row: d.objectOf(quoteColumns(d)).as('row') })
            .from(quotes)
            .where(eq(quotes.claimId, claimId))
            .getSQL(),
        ),
        links: rowsOf<LinkRow>(linksOf(tx, claimId).getSQL()),
      })
      .from(claims)
      .where(eq(by, sql.placeholder('ref')));
  });
const claimWithPartsById = claimWithParts(claims.id);
const claimWithPartsBySlug = claimWithParts(claims.slug);

/**
 * The claim named by id or slug, with its claimant, tags, counts, provenance, quotes in their
 * order and first links of each kind (see readClaimLinks): one statement where the engine offers
 * `rowsOf` (a statement costs a round trip to the server), else three, each a point lookup.
 */
export async function readClaimWhole(tx: Tx, idOrSlug: string) {
  const byId = isId('claim', idOrSlug);
  if (dialectOf(tx).rowsOf) {
    const [found] = await (byId ? claimWithPartsById : claimWithPartsBySlug)(tx).execute({
      ref: idOrSlug,
    });
    if (!found) return null;
    const { quotes: quoteRows, links, ...row } = found;
    return { row, quotes: inQuoteOrder(quoteRows), links: inLinkOrder(links) };
  }
  const [row] = await (byId ? claimRowById : claimRowBySlug)(tx).execute({ ref: idOrSlug });
  if (!row) return null;
  const quoteRows = await quotesWhole(tx).execute({ claimId: row.id });
  const links = await linksWhole(tx).execute({ claimId: row.id });
  return {
    row,
    quotes: inQuoteOrder(quoteRows),
    links: inLinkOrder(links.map((link) => link.row)),
  };
}

export type ClaimDocumentRow = NonNullable<Awaited<ReturnType<typeof readClaimWhole>>>['row'];

type QuoteRow = RowOf<ReturnType<typeof quoteColumns>>;
const quotesWhole = preparedFor((tx) =>
  tx
    .select(quoteColumns(dialectOf(tx)))
    .from(quotes)
    // Ordered here, not by SQL: SQLite runs an ORDER BY over these subqueries several times slower.
    .where(eq(quotes.claimId, sql.placeholder('claimId'))),
);

const quoteColumns = (d: SqlDialect) => ({
  position: quotes.position,
  id: quotes.id,
  exact: quotes.exact,
  start: quotes.start,
  end: quotes.end,
  source: required(sourceNamed(d, quotes.sourceId)),
  speaker: actorNamed(d, quotes.speakerId),
  originalSource: sourceNamed(d, quotes.originalSourceId),
  wording: quotes.wording,
});

/** A claim's quotes in their order, each with its source, speaker and original source. */
function inQuoteOrder(rows: QuoteRow[]) {
  return rows.sort((a, b) => a.position - b.position).map(({ position: _, ...quote }) => quote);
}
/** The claim at a link's other end, as links show it, with its claimant. */
const linkedClaim = (d: SqlDialect, id: SQLWrapper) =>
  required(
    d.rowOf(
      {
        id: claims.id,
        slug: claims.slug,
        text: claims.text,
        status: claims.status,
        claimant: d.nested(actorNamed(d, claims.claimantId)),
      },
      sql`${claims}`,
      eq(claims.id, id),
    ),
  );

/**
 * The first links of each kind at each end of the claim, oldest first, each with the claim at the
 * other end: four index walks that stop after LINKS_EMBEDDED. Each link is one object in the
 * column `row` (the shape rowsOf takes).
 */
function linksOf(tx: Tx, claimId: SQLWrapper) {
  const d = dialectOf(tx);
  const at = (outgoing: boolean, kind: LinkKind) => {
    const [here, there] = outgoing
      ? [claimLinks.fromClaimId, claimLinks.toClaimId]
      : [claimLinks.toClaimId, claimLinks.fromClaimId];
    const first = tx
      .select({
        there: sql<string>`${there}`.as('there'),
        createdAt: claimLinks.createdAt,
        note: claimLinks.note,
      })
      .from(claimLinks)
      .where(and(eq(here, claimId), sql`${claimLinks.kind} = ${constant(kind)}`))
      .orderBy(asc(claimLinks.createdAt), asc(there))
      // A placeholder's type, which drizzle's limit asks for; the builder writes any SQL as it is.
      .limit(constant(LINKS_EMBEDDED) as unknown as Placeholder)
      .as('first');
    return tx
      .select({
        row: d
          .objectOf({
            outgoing: constant(outgoing ? 1 : 0),
            kind: constant(kind),
            createdAt: sql<string>`${first.createdAt}`,
            note: sql<string | null>`${first.note}`,
            claim: d.nested(linkedClaim(d, first.there)),
          })
          .as('row'),
      })
      .from(first);
  };
  return at(true, 'rebuts')
    .unionAll(at(true, 'supports'))
    .unionAll(at(false, 'rebuts'))
    .unionAll(at(false, 'supports'));
}
type LinkRow = Awaited<ReturnType<typeof linksOf>>[number]['row'];
const linksWhole = preparedFor((tx) => linksOf(tx, sql.placeholder('claimId')));

/**
 * The first LINKS_EMBEDDED links of each kind from and to a claim, each with the claim at its
 * other end, oldest link first (then by that claim's id).
 */
function inLinkOrder(rows: LinkRow[]) {
  return rows.sort(
    (a, b) =>
      a.createdAt.localeCompare(b.createdAt) ||
      (a.claim.id < b.claim.id ? -1 : a.claim.id > b.claim.id ? 1 : 0),
  );
}
