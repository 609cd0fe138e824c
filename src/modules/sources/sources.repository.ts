import { and, asc, eq, getTableColumns, gt, inArray, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { type SourceRow, sources } from '../../db/schema.js';
import { isId } from '../../lib/ids.js';
import { containsText } from '../../lib/sql.js';
import type { SourceKind } from '../../lib/vocabulary.js';
import type { SourceSummary } from './sources.schemas.js';

export function findSource(db: Db, idOrSlug: string): SourceRow | null {
  const column = isId('source', idOrSlug) ? sources.id : sources.slug;
  return db.select().from(sources).where(eq(column, idOrSlug)).get() ?? null;
}

export type SourceListRow = Omit<SourceRow, 'text'> & { hasText: boolean };

const { text: _text, ...listColumns } = getTableColumns(sources);

/** Sources without their text (which can be long), saying whether one is recorded. */
export function listSourceRows(
  db: Db,
  filter: { q?: string; kind?: SourceKind; afterSlug?: string; limit: number },
): SourceListRow[] {
  const conditions: SQL[] = [];
  if (filter.kind) conditions.push(eq(sources.kind, filter.kind));
  if (filter.q) {
    const match = or(
      ...[sources.title, sources.description, sources.publisher, sources.url, sources.slug].map(
        (column) => containsText(column, filter.q ?? ''),
      ),
    );
    if (match) conditions.push(match);
  }
  if (filter.afterSlug) conditions.push(gt(sources.slug, filter.afterSlug));
  return db
    .select({ ...listColumns, hasText: sql<number>`${sources.text} IS NOT NULL`.mapWith(Boolean) })
    .from(sources)
    .where(and(...conditions))
    .orderBy(asc(sources.slug))
    .limit(filter.limit)
    .all();
}

export function sourceSummaries(db: Db, ids: Iterable<string>): Map<string, SourceSummary> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = db
    .select({
      id: sources.id,
      slug: sources.slug,
      kind: sources.kind,
      title: sources.title,
      description: sources.description,
    })
    .from(sources)
    .where(inArray(sources.id, unique))
    .all();
  return new Map(rows.map((row) => [row.id, row]));
}

export type SourceValues = Omit<typeof sources.$inferInsert, 'version' | 'createdAt' | 'updatedAt'>;

export function insertSource(db: Db, values: SourceValues, now: string): void {
  db.insert(sources)
    .values({ ...values, createdAt: now, updatedAt: now })
    .run();
}

/** Applies a change and bumps the version. */
export function updateSource(db: Db, id: string, values: Partial<SourceValues>, now: string): void {
  db.update(sources)
    .set({ ...values, version: sql`${sources.version} + 1`, updatedAt: now })
    .where(eq(sources.id, id))
    .run();
}

export function findSourceByUrl(db: Db, url: string): SourceRow | null {
  return db.select().from(sources).where(eq(sources.url, url)).get() ?? null;
}

export function deleteSourceRow(db: Db, id: string): void {
  db.delete(sources).where(eq(sources.id, id)).run();
}

/** Whole rows (text included) after a slug, for exports that page through every source. */
export function sourcesAfter(db: Db, afterSlug: string | null, limit: number): SourceRow[] {
  return db
    .select()
    .from(sources)
    .where(afterSlug === null ? undefined : gt(sources.slug, afterSlug))
    .orderBy(asc(sources.slug))
    .limit(limit)
    .all();
}

/** Where each source lives and what it is called, for documents that cite them. */
export function sourceCitations(
  db: Db,
  ids: Iterable<string>,
): Map<string, { url: string | null; title: string | null; description: string | null }> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = db
    .select({
      id: sources.id,
      url: sources.url,
      title: sources.title,
      description: sources.description,
    })
    .from(sources)
    .where(inArray(sources.id, unique))
    .all();
  return new Map(rows.map(({ id, ...citation }) => [id, citation]));
}
