import { and, eq, type SQL, sql } from 'drizzle-orm';
import { KEYED_COUNTS } from '../../db/counted-rows.js';
import {
  claimLinks,
  claimProvenance,
  claimReviews,
  claims,
  claimTags,
  quotes,
  statusHistory,
} from '../../db/schema.js';
import { preparedFor } from '../../db/sqlite/prepared.js';
import { readRows, rowsChanged, runStatement, type Tx } from '../../db/store.js';
import type { CountKind } from '../../lib/count-changes.js';
import { newId } from '../../lib/ids.js';
import type { ClaimStatus, LinkKind } from '../../lib/vocabulary.js';
import type { ImportedReview } from './claims.schemas.js';

/**
 * Row writes to the claims module's tables, with no rule of their own: the commands decide what
 * may be written and audit it.
 */

export type ClaimValues = Omit<
  typeof claims.$inferInsert,
  'seq' | 'version' | 'createdAt' | 'updatedAt' | StoredClaimCount
>;
export type QuoteValues = Omit<typeof quotes.$inferInsert, 'id' | 'claimId' | 'position'>;

export type StatusEntry = {
  claimId: string;
  status: ClaimStatus;
  previousStatus: ClaimStatus | null;
  note: string | null;
  changedBy: string | null;
};

/** The fields that make two quotes the same (for comparing stored quotes with new ones). */
export function normalizeQuote(q: QuoteValues): Required<QuoteValues> {
  return {
    sourceId: q.sourceId,
    exact: q.exact,
    start: q.start,
    end: q.end,
    speakerId: q.speakerId ?? null,
    originalSourceId: q.originalSourceId ?? null,
    wording: q.wording ?? 'verbatim',
  };
}

export async function insertClaim(tx: Tx, values: ClaimValues, now: string): Promise<void> {
  await insertClaimRow(tx).execute({
    language: 'en',
    status: 'unverified',
    statusNote: null,
    attribution: 'stated',
    attributionNote: null,
    statedAtNote: null,
    ...values,
    createdAt: now,
    updatedAt: now,
  });
}

const insertClaimRow = preparedFor((tx) =>
  tx.insert(claims).values({
    id: sql.placeholder('id'),
    slug: sql.placeholder('slug'),
    text: sql.placeholder('text'),
    language: sql.placeholder('language'),
    claimantId: sql.placeholder('claimantId'),
    statedAt: sql.placeholder('statedAt'),
    status: sql.placeholder('status'),
    statusNote: sql.placeholder('statusNote'),
    attribution: sql.placeholder('attribution'),
    attributionNote: sql.placeholder('attributionNote'),
    statedAtNote: sql.placeholder('statedAtNote'),
    createdAt: sql.placeholder('createdAt'),
    updatedAt: sql.placeholder('updatedAt'),
  }),
);

/** Applies a change and bumps the version. */
export async function updateClaim(
  tx: Tx,
  id: string,
  values: Partial<ClaimValues>,
  now: string,
): Promise<void> {
  await tx
    .update(claims)
    .set({ ...values, version: sql`${claims.version} + 1`, updatedAt: now })
    .where(eq(claims.id, id));
}

/** Bumps the version of a claim whose representation changed through a related row. */
export async function touchClaim(tx: Tx, id: string, now: string): Promise<void> {
  await touchClaimRow(tx).execute({ id, now });
}

// Once per link or evidence record an import brings for a claim it did not make: prepared.
const touchClaimRow = preparedFor((tx) =>
  tx
    .update(claims)
    .set({ version: sql`${claims.version} + 1`, updatedAt: sql`${sql.placeholder('now')}` })
    .where(eq(claims.id, sql.placeholder('id'))),
);

/** Deletes a claim; its tags, quotes, links, evidence and history go with it (cascade). */
export async function deleteClaimRow(tx: Tx, id: string): Promise<void> {
  await tx.delete(claims).where(eq(claims.id, id));
}

/** Sets a claim's tags; `fresh` for a claim just created, which has none to remove. */
export async function replaceTags(
  tx: Tx,
  claimId: string,
  tags: string[],
  fresh = false,
): Promise<void> {
  if (!fresh) await tx.delete(claimTags).where(eq(claimTags.claimId, claimId));
  const insert = insertTag(tx);
  for (const tag of new Set(tags)) await insert.execute({ claimId, tag });
}

// Each tag with the claim's sort keys (its tag lists' order), read by the claim's id.
const insertTag = preparedFor((tx) =>
  tx.insert(claimTags).select(
    tx
      .select({
        claimId: claims.id,
        tag: sql<string>`${sql.placeholder('tag')}`.as('tag'),
        claimSeq: claims.seq,
        statedAt: claims.statedAt,
        createdAt: claims.createdAt,
      })
      .from(claims)
      .where(eq(claims.id, sql.placeholder('claimId'))),
  ),
);

/** Sets a claim's quotes, in order; `fresh` for a claim just created, which has none to remove. */
export async function replaceQuotes(
  tx: Tx,
  claimId: string,
  values: QuoteValues[],
  fresh = false,
): Promise<void> {
  if (!fresh) await tx.delete(quotes).where(eq(quotes.claimId, claimId));
  for (const [position, quote] of values.entries())
    await insertQuoteAt(tx, claimId, position, quote);
}

/** Adds one quote at `position` (after the claim's others), leaving those as they are. */
export async function insertQuoteAt(
  tx: Tx,
  claimId: string,
  position: number,
  quote: QuoteValues,
): Promise<void> {
  await insertQuote(tx).execute({
    id: newId('quote'),
    claimId,
    position,
    ...normalizeQuote(quote),
  });
}

const insertQuote = preparedFor((tx) =>
  tx.insert(quotes).values({
    id: sql.placeholder('id'),
    claimId: sql.placeholder('claimId'),
    position: sql.placeholder('position'),
    sourceId: sql.placeholder('sourceId'),
    exact: sql.placeholder('exact'),
    start: sql.placeholder('start'),
    end: sql.placeholder('end'),
    speakerId: sql.placeholder('speakerId'),
    originalSourceId: sql.placeholder('originalSourceId'),
    wording: sql.placeholder('wording'),
  }),
);

/** Appends a history entry. */
export async function appendStatusChange(
  tx: Tx,
  entry: StatusEntry,
  changedAt: string,
): Promise<void> {
  await insertStatusChange(tx).execute({ ...entry, changedAt });
}

const insertStatusChange = preparedFor((tx) =>
  tx.insert(statusHistory).values({
    claimId: sql.placeholder('claimId'),
    status: sql.placeholder('status'),
    previousStatus: sql.placeholder('previousStatus'),
    note: sql.placeholder('note'),
    changedBy: sql.placeholder('changedBy'),
    changedAt: sql.placeholder('changedAt'),
  }),
);

/** The first history entry of each claim `claimIds` selects: its status, as it was created. */
export async function appendFirstStatusEntriesOf(
  tx: Tx,
  claimIds: SQL,
  by: string | null,
  at: string,
): Promise<void> {
  const into = (column: { name: string }) => sql.identifier(column.name);
  // The row key is left out: each engine gives the next one.
  await runStatement(
    tx,
    sql`INSERT INTO ${statusHistory} (${into(statusHistory.claimId)}, ${into(statusHistory.status)}, ${into(statusHistory.note)}, ${into(statusHistory.changedBy)}, ${into(statusHistory.changedAt)})
        SELECT ${claims.id}, ${claims.status}, ${claims.statusNote}, ${by}, ${at} FROM ${claims}
        WHERE ${claims.id} IN (${claimIds}) ORDER BY ${claims.seq}`,
  );
}

/** Inserts the link, or changes the kind and note of the one between the same claims. */
export async function saveLink(
  tx: Tx,
  link: { fromClaimId: string; toClaimId: string; kind: LinkKind; note: string | null },
  now: string,
): Promise<void> {
  await saveLinkRow(tx).execute({ ...link, createdAt: now });
}

// Once per link record of an import: prepared. With the linking claim's sort keys (its rebuttal
// and supporter lists' order); null when an import writes that claim later, whose insert fills them.
const saveLinkRow = preparedFor((tx) =>
  tx
    .insert(claimLinks)
    .select(
      tx
        .select({
          fromClaimId: sql<string>`${sql.placeholder('fromClaimId')}`.as('from_claim_id'),
          toClaimId: sql<string>`${sql.placeholder('toClaimId')}`.as('to_claim_id'),
          kind: sql<LinkKind>`${sql.placeholder('kind')}`.as('kind'),
          createdAt: sql<string>`${sql.placeholder('createdAt')}`.as('created_at'),
          fromSeq: claims.seq,
          fromStatedAt: claims.statedAt,
          fromCreatedAt: claims.createdAt,
          note: sql<string | null>`${sql.placeholder('note')}`.as('note'),
        })
        .from(sql`(SELECT 1) AS one`)
        .leftJoin(claims, eq(claims.id, sql.placeholder('fromClaimId')))
        // An upsert's SELECT needs a WHERE: SQLite would read its ON CONFLICT as the join's ON.
        .where(sql`true`),
    )
    .onConflictDoUpdate({
      target: [claimLinks.fromClaimId, claimLinks.toClaimId],
      set: { kind: sql`excluded.kind`, note: sql`excluded.note` },
    }),
);

export async function deleteLink(tx: Tx, fromClaimId: string, toClaimId: string): Promise<void> {
  await tx
    .delete(claimLinks)
    .where(and(eq(claimLinks.fromClaimId, fromClaimId), eq(claimLinks.toClaimId, toClaimId)));
}

export type StoredClaimCount =
  | 'rebuttalCount'
  | 'supporterCount'
  | 'rebutsCount'
  | 'supportsCount'
  | 'evidenceCount';

/** Moves one of the claim's stored counts; how many rows it changed (0: no such claim). */
export async function addToClaimCount(
  tx: Tx,
  id: string,
  column: StoredClaimCount,
  delta: number,
): Promise<number> {
  const result = await tx
    .update(claims)
    .set({ [column]: sql`${claims[column]} + ${delta}` })
    .where(eq(claims.id, id));
  return rowsChanged(result);
}

/**
 * Moves a count kept in a table of its own (the claims of a tag, a status, a language): the key's
 * row is made by its first claim and goes with its last. How many rows it changed (0: a key no
 * claim had lost one).
 */
export async function addToKeyedCount(
  tx: Tx,
  kind: CountKind,
  key: string,
  delta: number,
): Promise<number> {
  const where = KEYED_COUNTS.find(([keyed]) => keyed === kind);
  if (!where) throw new Error(`${kind} is not kept in a table of its own`);
  const table = sql.identifier(where[1]);
  const column = sql.identifier(where[2]);
  // An upsert's CHECK would refuse a negative insert before seeing the row it updates.
  if (delta > 0) {
    return (
      await readRows(
        tx,
        sql`INSERT INTO ${table} (${column}, claim_count) VALUES (${key}, ${delta})
            ON CONFLICT (${column}) DO UPDATE SET claim_count = ${table}.claim_count + excluded.claim_count
            RETURNING 1`,
      )
    ).length;
  }
  const changed = await readRows(
    tx,
    sql`UPDATE ${table} SET claim_count = claim_count + ${delta} WHERE ${column} = ${key} RETURNING 1`,
  );
  await runStatement(tx, sql`DELETE FROM ${table} WHERE ${column} = ${key} AND claim_count = 0`);
  return changed.length;
}

/** Keeps (or replaces) the document an imported claim came from. */
export async function saveProvenanceRow(
  tx: Tx,
  row: typeof claimProvenance.$inferInsert,
): Promise<void> {
  await tx
    .insert(claimProvenance)
    .values(row)
    .onConflictDoUpdate({
      target: claimProvenance.claimId,
      set: { format: row.format, url: row.url, importedAt: row.importedAt, document: row.document },
    });
}

/** Keeps (or replaces) the rating of the review a claim was imported from. */
export async function saveReviewRow(
  tx: Tx,
  claimId: string,
  review: ImportedReview,
): Promise<void> {
  await tx
    .insert(claimReviews)
    .values({ claimId, ...review })
    .onConflictDoUpdate({ target: claimReviews.claimId, set: review });
}

export async function deleteReviewRow(tx: Tx, claimId: string): Promise<void> {
  await tx.delete(claimReviews).where(eq(claimReviews.claimId, claimId));
}
