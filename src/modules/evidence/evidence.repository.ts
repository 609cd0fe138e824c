import { asc, count, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { preparedFor } from '../../db/prepared.js';
import { type EvidenceRow, evidence } from '../../db/schema.js';
import { isId } from '../../lib/ids.js';
import type { StanceCounts } from '../../lib/verdicts.js';

export function evidenceOf(db: Db, claimId: string): EvidenceRow[] {
  return db
    .select()
    .from(evidence)
    .where(eq(evidence.claimId, claimId))
    .orderBy(asc(evidence.createdAt), asc(evidence.slug))
    .all();
}

export function evidenceCounts(db: Db, claimIds: string[]): Map<string, number> {
  if (claimIds.length === 0) return new Map();
  const rows = db
    .select({ claimId: evidence.claimId, n: count() })
    .from(evidence)
    .where(inArray(evidence.claimId, claimIds))
    .groupBy(evidence.claimId)
    .all();
  return new Map(rows.map((row) => [row.claimId, row.n]));
}

export function findEvidence(db: Db, idOrSlug: string): EvidenceRow | null {
  const find = isId('evidence', idOrSlug) ? evidenceById(db) : evidenceBySlug(db);
  return find.get({ key: idOrSlug }) ?? null;
}

const evidenceById = preparedFor((db) =>
  db
    .select()
    .from(evidence)
    .where(eq(evidence.id, sql.placeholder('key')))
    .prepare(),
);
const evidenceBySlug = preparedFor((db) =>
  db
    .select()
    .from(evidence)
    .where(eq(evidence.slug, sql.placeholder('key')))
    .prepare(),
);

export type EvidenceValues = Omit<
  typeof evidence.$inferInsert,
  'version' | 'createdAt' | 'updatedAt'
>;

export function insertEvidence(db: Db, values: EvidenceValues, now: string): void {
  db.insert(evidence)
    .values({ ...values, createdAt: now, updatedAt: now })
    .run();
}

/** Applies a change and bumps the version. */
export function updateEvidence(
  db: Db,
  id: string,
  values: Partial<EvidenceValues>,
  now: string,
): void {
  db.update(evidence)
    .set({ ...values, version: sql`${evidence.version} + 1`, updatedAt: now })
    .where(eq(evidence.id, id))
    .run();
}

/** Evidence citing the source, with the quotes anchored in its text (to re-check a new text). */
export function evidenceCitingSource(db: Db, sourceId: string): EvidenceRow[] {
  return db.select().from(evidence).where(eq(evidence.sourceId, sourceId)).all();
}

export function stanceCounts(db: Db, claimId: string): StanceCounts {
  const rows = db
    .select({ stance: evidence.stance, n: count() })
    .from(evidence)
    .where(eq(evidence.claimId, claimId))
    .groupBy(evidence.stance)
    .all();
  return Object.fromEntries(rows.map((row) => [row.stance, row.n]));
}

export function deleteEvidenceRow(db: Db, id: string): void {
  db.delete(evidence).where(eq(evidence.id, id)).run();
}

export function evidenceAfter(db: Db, afterSlug: string | null, limit: number): EvidenceRow[] {
  return db
    .select()
    .from(evidence)
    .where(afterSlug === null ? undefined : gt(evidence.slug, afterSlug))
    .orderBy(asc(evidence.slug))
    .limit(limit)
    .all();
}
