import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { preparedFor } from '../../db/prepared.js';
import {
  claimLinks,
  claimProvenance,
  claims,
  claimTags,
  quotes,
  statusHistory,
} from '../../db/schema.js';
import { newId } from '../../lib/ids.js';
import type { ClaimStatus, LinkKind } from '../../lib/vocabulary.js';

/** Writes to the claims module's tables: claims, their tags, quotes, links and status history. */

export type ClaimValues = Omit<
  typeof claims.$inferInsert,
  'seq' | 'version' | 'createdAt' | 'updatedAt'
>;
export type QuoteValues = Omit<typeof quotes.$inferInsert, 'id' | 'claimId' | 'position'>;

/** The fields that make two quotes the same (for comparing stored quotes with new ones). */
export function normalizeQuote(q: QuoteValues): QuoteValues {
  return {
    sourceId: q.sourceId,
    exact: q.exact,
    start: q.start,
    end: q.end,
    speakerId: q.speakerId ?? null,
    originalSourceId: q.originalSourceId ?? null,
  };
}

export function insertClaim(db: Db, values: ClaimValues, now: string): void {
  insertClaimRow(db).run({
    language: 'en',
    status: 'unverified',
    statusNote: null,
    ...values,
    createdAt: now,
    updatedAt: now,
  });
}

const insertClaimRow = preparedFor((db) =>
  db
    .insert(claims)
    .values({
      id: sql.placeholder('id'),
      slug: sql.placeholder('slug'),
      text: sql.placeholder('text'),
      language: sql.placeholder('language'),
      claimantId: sql.placeholder('claimantId'),
      statedAt: sql.placeholder('statedAt'),
      status: sql.placeholder('status'),
      statusNote: sql.placeholder('statusNote'),
      createdAt: sql.placeholder('createdAt'),
      updatedAt: sql.placeholder('updatedAt'),
    })
    .prepare(),
);

/** Applies a change and bumps the version. */
export function updateClaim(db: Db, id: string, values: Partial<ClaimValues>, now: string): void {
  db.update(claims)
    .set({ ...values, version: sql`${claims.version} + 1`, updatedAt: now })
    .where(eq(claims.id, id))
    .run();
}

/** Sets a claim's tags; `fresh` for a claim just created, which has none to remove. */
export function replaceTags(db: Db, claimId: string, tags: string[], fresh = false): void {
  if (!fresh) db.delete(claimTags).where(eq(claimTags.claimId, claimId)).run();
  const insert = insertTag(db);
  for (const tag of new Set(tags)) insert.run({ claimId, tag });
}

const insertTag = preparedFor((db) =>
  db
    .insert(claimTags)
    .values({ claimId: sql.placeholder('claimId'), tag: sql.placeholder('tag') })
    .prepare(),
);

/** Sets a claim's quotes, in order; `fresh` for a claim just created, which has none to remove. */
export function replaceQuotes(db: Db, claimId: string, values: QuoteValues[], fresh = false): void {
  if (!fresh) db.delete(quotes).where(eq(quotes.claimId, claimId)).run();
  const insert = insertQuote(db);
  for (const [position, quote] of values.entries()) {
    insert.run({
      id: newId('quote'),
      claimId,
      position,
      sourceId: quote.sourceId,
      exact: quote.exact,
      start: quote.start,
      end: quote.end,
      speakerId: quote.speakerId ?? null,
      originalSourceId: quote.originalSourceId ?? null,
    });
  }
}

const insertQuote = preparedFor((db) =>
  db
    .insert(quotes)
    .values({
      id: sql.placeholder('id'),
      claimId: sql.placeholder('claimId'),
      position: sql.placeholder('position'),
      sourceId: sql.placeholder('sourceId'),
      exact: sql.placeholder('exact'),
      start: sql.placeholder('start'),
      end: sql.placeholder('end'),
      speakerId: sql.placeholder('speakerId'),
      originalSourceId: sql.placeholder('originalSourceId'),
    })
    .prepare(),
);

export function appendStatusChange(
  db: Db,
  entry: {
    claimId: string;
    status: ClaimStatus;
    previousStatus: ClaimStatus | null;
    note: string | null;
    changedBy: string | null;
  },
  now: string,
): number {
  const row = insertStatusChange(db).get({ ...entry, changedAt: now });
  if (!row) throw new Error(`status change of claim ${entry.claimId} was not stored`);
  return row.id;
}

const insertStatusChange = preparedFor((db) =>
  db
    .insert(statusHistory)
    .values({
      claimId: sql.placeholder('claimId'),
      status: sql.placeholder('status'),
      previousStatus: sql.placeholder('previousStatus'),
      note: sql.placeholder('note'),
      changedBy: sql.placeholder('changedBy'),
      changedAt: sql.placeholder('changedAt'),
    })
    .returning({ id: statusHistory.id })
    .prepare(),
);

export function findLink(db: Db, fromClaimId: string, toClaimId: string) {
  return (
    db
      .select()
      .from(claimLinks)
      .where(and(eq(claimLinks.fromClaimId, fromClaimId), eq(claimLinks.toClaimId, toClaimId)))
      .get() ?? null
  );
}

export function saveLink(
  db: Db,
  link: { fromClaimId: string; toClaimId: string; kind: LinkKind },
  now: string,
): void {
  db.insert(claimLinks)
    .values({ ...link, createdAt: now })
    .onConflictDoUpdate({
      target: [claimLinks.fromClaimId, claimLinks.toClaimId],
      set: { kind: link.kind },
    })
    .run();
}

/** Bumps the version of a claim whose representation changed through a related row. */
export function touchClaim(db: Db, id: string, now: string): void {
  db.update(claims)
    .set({ version: sql`${claims.version} + 1`, updatedAt: now })
    .where(eq(claims.id, id))
    .run();
}

export function deleteClaimRow(db: Db, id: string): void {
  db.delete(claims).where(eq(claims.id, id)).run();
}

export function deleteLink(db: Db, fromClaimId: string, toClaimId: string): void {
  db.delete(claimLinks)
    .where(and(eq(claimLinks.fromClaimId, fromClaimId), eq(claimLinks.toClaimId, toClaimId)))
    .run();
}

export function hasStatusChange(
  db: Db,
  entry: { claimId: string; status: ClaimStatus; changedAt: string },
): boolean {
  return (
    db
      .select({ id: statusHistory.id })
      .from(statusHistory)
      .where(
        and(
          eq(statusHistory.claimId, entry.claimId),
          eq(statusHistory.status, entry.status),
          eq(statusHistory.changedAt, entry.changedAt),
        ),
      )
      .get() !== undefined
  );
}

export function deleteStatusChange(db: Db, id: number): void {
  db.delete(statusHistory).where(eq(statusHistory.id, id)).run();
}

/** Keeps (or replaces) the document an imported claim came from. */
export function saveProvenance(db: Db, row: typeof claimProvenance.$inferInsert): void {
  db.insert(claimProvenance)
    .values(row)
    .onConflictDoUpdate({
      target: claimProvenance.claimId,
      set: { format: row.format, url: row.url, importedAt: row.importedAt, document: row.document },
    })
    .run();
}
