import { and, asc, count, eq, sql } from 'drizzle-orm';
import { afterPosition } from '../../db/keyset.js';
import { type EvidenceRow, evidence } from '../../db/schema.js';
import { rowsAfterSlug } from '../../db/slug-pages.js';
import { preparedFor } from '../../db/sqlite/prepared.js';
import type { Tx } from '../../db/store.js';
import type { Cursor } from '../../lib/cursor.js';
import { isId } from '../../lib/ids.js';
import type { StanceCounts } from '../claims/verdicts.js';

export type EvidenceValues = Omit<
  typeof evidence.$inferInsert,
  'version' | 'createdAt' | 'updatedAt'
>;

export async function evidenceOf(tx: Tx, claimId: string): Promise<EvidenceRow[]> {
  return tx
    .select()
    .from(evidence)
    .where(eq(evidence.claimId, claimId))
    .orderBy(asc(evidence.createdAt), asc(evidence.slug));
}

/** A page of a claim's evidence, oldest first (then by slug), after a position if given. */
export async function evidencePage(
  tx: Tx,
  claimId: string,
  after: Cursor | undefined,
  limit: number,
): Promise<EvidenceRow[]> {
  return tx
    .select()
    .from(evidence)
    .where(
      and(
        eq(evidence.claimId, claimId),
        after ? afterPosition(evidence.createdAt, evidence.slug, after) : undefined,
      ),
    )
    .orderBy(asc(evidence.createdAt), asc(evidence.slug))
    .limit(limit);
}

export async function findEvidence(tx: Tx, idOrSlug: string): Promise<EvidenceRow | null> {
  const find = isId('evidence', idOrSlug) ? evidenceById : evidenceBySlug;
  const [row] = await find(tx).execute({ key: idOrSlug });
  return row ?? null;
}

// Looked up once per record by an import: prepared.
const evidenceById = preparedFor((tx) =>
  tx
    .select()
    .from(evidence)
    .where(eq(evidence.id, sql.placeholder('key'))),
);
const evidenceBySlug = preparedFor((tx) =>
  tx
    .select()
    .from(evidence)
    .where(eq(evidence.slug, sql.placeholder('key'))),
);

export async function insertEvidence(tx: Tx, values: EvidenceValues, now: string): Promise<void> {
  await insertEvidenceRow(tx).execute({
    sourceId: null,
    quoteExact: null,
    quoteStart: null,
    quoteEnd: null,
    url: null,
    ...values,
    createdAt: now,
    updatedAt: now,
  });
}

// Once per evidence record of an import: prepared.
const insertEvidenceRow = preparedFor((tx) =>
  tx.insert(evidence).values({
    id: sql.placeholder('id'),
    slug: sql.placeholder('slug'),
    claimId: sql.placeholder('claimId'),
    stance: sql.placeholder('stance'),
    summary: sql.placeholder('summary'),
    sourceId: sql.placeholder('sourceId'),
    quoteExact: sql.placeholder('quoteExact'),
    quoteStart: sql.placeholder('quoteStart'),
    quoteEnd: sql.placeholder('quoteEnd'),
    url: sql.placeholder('url'),
    createdAt: sql.placeholder('createdAt'),
    updatedAt: sql.placeholder('updatedAt'),
  }),
);

/** Applies a change and bumps the version. */
export async function updateEvidence(
  tx: Tx,
  id: string,
  values: Partial<EvidenceValues>,
  now: string,
): Promise<void> {
  await tx
    .update(evidence)
    .set({ ...values, version: sql`${evidence.version} + 1`, updatedAt: now })
    .where(eq(evidence.id, id));
}

/** Evidence citing the source, with the quotes anchored in its text (to re-check a new text). */
export async function evidenceCitingSource(tx: Tx, sourceId: string): Promise<EvidenceRow[]> {
  return tx
    .select()
    .from(evidence)
    .where(eq(evidence.sourceId, sourceId))
    .orderBy(asc(evidence.slug));
}

export async function stanceCounts(tx: Tx, claimId: string): Promise<StanceCounts> {
  const rows = await tx
    .select({ stance: evidence.stance, n: count() })
    .from(evidence)
    .where(eq(evidence.claimId, claimId))
    .groupBy(evidence.stance);
  return Object.fromEntries(rows.map((row) => [row.stance, row.n]));
}

export async function deleteEvidenceRow(tx: Tx, id: string): Promise<void> {
  await tx.delete(evidence).where(eq(evidence.id, id));
}

export const evidenceAfter = rowsAfterSlug(evidence);

/** The id of the evidence an id or slug names, or null: a lookup that reads no more than the index. */
export async function evidenceIdOf(tx: Tx, idOrSlug: string): Promise<string | null> {
  const find = isId('evidence', idOrSlug) ? evidenceIdById : evidenceIdBySlug;
  const [row] = await find(tx).execute({ key: idOrSlug });
  return row?.id ?? null;
}

const evidenceIdById = preparedFor((tx) =>
  tx
    .select({ id: evidence.id })
    .from(evidence)
    .where(eq(evidence.id, sql.placeholder('key')))
    .limit(1),
);
const evidenceIdBySlug = preparedFor((tx) =>
  tx
    .select({ id: evidence.id })
    .from(evidence)
    .where(eq(evidence.slug, sql.placeholder('key')))
    .limit(1),
);
