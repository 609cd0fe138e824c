import { asc, eq, getTableColumns, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import {
  actors,
  claimLinks,
  claimProvenance,
  claims,
  claimTags,
  evidence,
  quotes,
  sources,
} from '../../db/schema.js';
import { textListOf } from '../../db/sqlite/aggregates.js';
import { preparedFor } from '../../db/sqlite/prepared.js';
import type { Tx } from '../../db/store.js';
import { isId } from '../../lib/ids.js';

/**
 * A claim read whole in three statements, each prepared once per connection: the claim with its
 * claimant, tags, counts and provenance; its quotes with their sources and speakers; its links
 * with the linked claims and their claimants.
 */

const actorSummary = { id: actors.id, slug: actors.slug, name: actors.name, kind: actors.kind };

/** Columns of a claim as lists show it: the row, its claimant, tags and counts. */
export const listedClaimColumns = {
  ...getTableColumns(claims),
  claimant: actorSummary,
  tags: textListOf(claimTags.tag, sql`${claimTags}`, eq(claimTags.claimId, claims.id)),
  rebuttalCount: sql<number>`(SELECT count(*) FROM ${claimLinks} WHERE ${claimLinks.toClaimId} = ${claims.id} AND ${claimLinks.kind} = 'rebuts')`,
  evidenceCount: sql<number>`(SELECT count(*) FROM ${evidence} WHERE ${evidence.claimId} = ${claims.id})`,
};

const claimWhole = (by: typeof claims.id | typeof claims.slug) =>
  preparedFor((tx) =>
    tx
      .select({
        ...listedClaimColumns,
        provenance: {
          format: claimProvenance.format,
          url: claimProvenance.url,
          importedAt: claimProvenance.importedAt,
          document: claimProvenance.document,
        },
      })
      .from(claims)
      .innerJoin(actors, eq(actors.id, claims.claimantId))
      .leftJoin(claimProvenance, eq(claimProvenance.claimId, claims.id))
      .where(eq(by, sql.placeholder('ref')))
      .limit(1),
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

const original = alias(sources, 'original_source');
const speaker = alias(actors, 'speaker');

const quotesWhole = preparedFor((tx) =>
  tx
    .select({
      id: quotes.id,
      exact: quotes.exact,
      start: quotes.start,
      end: quotes.end,
      source: {
        id: sources.id,
        slug: sources.slug,
        kind: sources.kind,
        title: sources.title,
        description: sources.description,
      },
      speaker: { id: speaker.id, slug: speaker.slug, name: speaker.name, kind: speaker.kind },
      originalSource: {
        id: original.id,
        slug: original.slug,
        kind: original.kind,
        title: original.title,
        description: original.description,
      },
    })
    .from(quotes)
    .innerJoin(sources, eq(sources.id, quotes.sourceId))
    .leftJoin(speaker, eq(speaker.id, quotes.speakerId))
    .leftJoin(original, eq(original.id, quotes.originalSourceId))
    .where(eq(quotes.claimId, sql.placeholder('claimId')))
    .orderBy(asc(quotes.position)),
);

/** A claim's quotes in their order, each with its source, speaker and original source. */
export function readClaimQuotes(tx: Tx, claimId: string) {
  return quotesWhole(tx).execute({ claimId });
}

const linksWhole = preparedFor((tx) => {
  const claimId = sql.placeholder('claimId');
  const outgoing = eq(claimLinks.fromClaimId, claimId);
  return tx
    .select({
      outgoing: sql<number>`${outgoing}`,
      kind: claimLinks.kind,
      claim: {
        id: claims.id,
        slug: claims.slug,
        text: claims.text,
        status: claims.status,
      },
      claimant: actorSummary,
    })
    .from(claimLinks)
    .innerJoin(
      claims,
      sql`${claims.id} = CASE WHEN ${outgoing} THEN ${claimLinks.toClaimId} ELSE ${claimLinks.fromClaimId} END`,
    )
    .innerJoin(actors, eq(actors.id, claims.claimantId))
    .where(or(outgoing, eq(claimLinks.toClaimId, claimId)))
    .orderBy(asc(claims.seq));
});

/** The links from and to a claim, each with the claim at its other end, in that claim's order. */
export function readClaimLinks(tx: Tx, claimId: string) {
  return linksWhole(tx).execute({ claimId });
}
