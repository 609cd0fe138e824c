import { and, asc, eq, getTableColumns, type SQLWrapper, sql } from 'drizzle-orm';
import { dialectOf, required, type SqlDialect } from '../../db/dialect.js';
import {
  actors,
  claimLinks,
  claimProvenance,
  claims,
  claimTags,
  quotes,
  sources,
} from '../../db/schema.js';
import { preparedFor } from '../../db/sqlite/prepared.js';
import type { Tx } from '../../db/store.js';
import { isId } from '../../lib/ids.js';
import type { LinkKind } from '../../lib/vocabulary.js';
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
  claimant: required(actorNamed(d, claims.claimantId)),
  tags: d.textListOf(claimTags.tag, sql`${claimTags}`, eq(claimTags.claimId, claims.id)),
});

const claimWhole = (by: typeof claims.id | typeof claims.slug) =>
  preparedFor((tx) =>
    tx
      .select({
        ...listedClaimColumns(dialectOf(tx)),
        provenance: dialectOf(tx).rowOf(
          {
            format: claimProvenance.format,
            url: claimProvenance.url,
            importedAt: claimProvenance.importedAt,
            document: dialectOf(tx).jsonValue(claimProvenance.document),
          },
          sql`${claimProvenance}`,
          eq(claimProvenance.claimId, claims.id),
        ),
      })
      .from(claims)
      // No LIMIT: the key is unique, and SQLite runs a bound LIMIT with these subqueries far slower.
      .where(eq(by, sql.placeholder('ref'))),
  );
const claimById = claimWhole(claims.id);
const claimBySlug = claimWhole(claims.slug);

export type ClaimDocumentRow = NonNullable<Awaited<ReturnType<typeof readClaimRow>>>;

/** The claim named by id or slug, with its claimant, tags, counts and provenance. */
export async function readClaimRow(tx: Tx, idOrSlug: string) {
  const find = isId('claim', idOrSlug) ? claimById : claimBySlug;
  const [row] = await find(tx).execute({ ref: idOrSlug });
  return row ?? null;
}

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
});

/** A claim's quotes in their order, each with its source, speaker and original source. */
export async function readClaimQuotes(tx: Tx, claimId: string) {
  const rows = await quotesWhole(tx).execute({ claimId });
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
        claimant: d.nested(required(actorNamed(d, claims.claimantId))),
      },
      sql`${claims}`,
      eq(claims.id, id),
    ),
  );

const linksWhole = preparedFor((tx) => {
  const claimId = sql.placeholder('claimId');
  // The first links of one kind at one end of the claim, oldest first, each with the claim at
  // the other end: an index walk that stops after LINKS_EMBEDDED.
  const at = (outgoing: boolean, kind: LinkKind) => {
    const [here, there] = outgoing
      ? [claimLinks.fromClaimId, claimLinks.toClaimId]
      : [claimLinks.toClaimId, claimLinks.fromClaimId];
    const first = tx
      .select({ there: sql<string>`${there}`.as('there'), createdAt: claimLinks.createdAt })
      .from(claimLinks)
      .where(and(eq(here, claimId), eq(claimLinks.kind, kind)))
      .orderBy(asc(claimLinks.createdAt), asc(there))
      .limit(LINKS_EMBEDDED)
      .as('first');
    return tx
      .select({
        outgoing: sql<number>`${sql.raw(outgoing ? '1' : '0')}`,
        kind: sql<LinkKind>`${sql.raw(`'${kind}'`)}`,
        createdAt: first.createdAt,
        claim: linkedClaim(dialectOf(tx), first.there),
      })
      .from(first);
  };
  return at(true, 'rebuts')
    .unionAll(at(true, 'supports'))
    .unionAll(at(false, 'rebuts'))
    .unionAll(at(false, 'supports'));
});

/**
 * The first LINKS_EMBEDDED links of each kind from and to a claim, each with the claim at its
 * other end, oldest link first (then by that claim's id).
 */
export async function readClaimLinks(tx: Tx, claimId: string) {
  return (await linksWhole(tx).execute({ claimId })).sort(
    (a, b) =>
      a.createdAt.localeCompare(b.createdAt) ||
      (a.claim.id < b.claim.id ? -1 : a.claim.id > b.claim.id ? 1 : 0),
  );
}
