import { and, asc, eq, getTableColumns, gt, inArray, or, type SQL, sql } from 'drizzle-orm';
import { dialectOf, idList } from '../../db/dialect.js';
import { type SourceRow, sources } from '../../db/schema.js';
import { rowsAfterSlug } from '../../db/slug-pages.js';
import { preparedFor } from '../../db/sqlite/prepared.js';
import { rowsChanged, type Tx } from '../../db/store.js';
import { isId } from '../../lib/ids.js';
import type { SourceKind } from '../../lib/vocabulary.js';
import type { SourceSummary } from './sources.schemas.js';

/** Every column a source's writer sets: the row without its bookkeeping and its stored count. */
export type SourceValues = Omit<SourceRow, 'version' | 'createdAt' | 'updatedAt' | 'quoteCount'>;

export async function findSource(tx: Tx, idOrSlug: string): Promise<SourceRow | null> {
  const find = isId('source', idOrSlug) ? sourceById : sourceBySlug;
  const [row] = await find(tx).execute({ key: idOrSlug });
  return row ?? null;
}

// Looked up once per record (and per quote placed in a source) by an import: prepared.
const sourceById = preparedFor((tx) =>
  tx
    .select()
    .from(sources)
    .where(eq(sources.id, sql.placeholder('key')))
    .limit(1),
);
const sourceBySlug = preparedFor((tx) =>
  tx
    .select()
    .from(sources)
    .where(eq(sources.slug, sql.placeholder('key')))
    .limit(1),
);

export type SourceListRow = Omit<SourceRow, 'text'> & { hasText: boolean };

const { text: _text, ...listColumns } = getTableColumns(sources);

/**
 * Sources without their text (which can be long), saying whether one is recorded: the page's
 * query (awaited, its rows; its statement for a test of its plan with `toSQL`).
 */
export function listSourceRows(
  tx: Tx,
  filter: { q?: string; kind?: SourceKind; afterSlug?: string; limit: number },
) {
  const conditions: SQL[] = [];
  if (filter.kind) conditions.push(eq(sources.kind, filter.kind));
  if (filter.q) {
    const match = or(
      ...[sources.title, sources.description, sources.publisher, sources.url, sources.slug].map(
        (column) => dialectOf(tx).containsText(column, filter.q ?? ''),
      ),
    );
    if (match) conditions.push(match);
  }
  if (filter.afterSlug) conditions.push(gt(sources.slug, filter.afterSlug));
  return tx
    .select({ ...listColumns, hasText: sql<number>`${sources.text} IS NOT NULL`.mapWith(Boolean) })
    .from(sources)
    .where(and(...conditions))
    .orderBy(asc(sources.slug))
    .limit(filter.limit);
}

export async function sourceSummaries(
  tx: Tx,
  ids: Iterable<string>,
): Promise<Map<string, SourceSummary>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await summariesOf(tx).execute(idList(unique));
  return new Map(rows.map((row) => [row.id, row]));
}

// Every page of an export or a list reads them: prepared.
const summariesOf = preparedFor((tx) =>
  tx
    .select({
      id: sources.id,
      slug: sources.slug,
      kind: sources.kind,
      title: sources.title,
      description: sources.description,
    })
    .from(sources)
    .where(dialectOf(tx).inIdList(sources.id)),
);

export async function insertSource(tx: Tx, values: SourceValues, now: string): Promise<void> {
  await tx.insert(sources).values({ ...values, createdAt: now, updatedAt: now });
}

/** Applies a change and bumps the version. */
export async function updateSource(
  tx: Tx,
  id: string,
  values: Partial<SourceValues>,
  now: string,
): Promise<void> {
  await tx
    .update(sources)
    .set({ ...values, version: sql`${sources.version} + 1`, updatedAt: now })
    .where(eq(sources.id, id));
}

/** Moves the source's stored quote count; how many rows it changed (0: no such source). */
export async function addToQuoteCount(tx: Tx, id: string, delta: number): Promise<number> {
  return rowsChanged(await moveQuoteCount(tx).execute({ id, delta }));
}

// Once per quote written: prepared.
const moveQuoteCount = preparedFor((tx) =>
  tx
    .update(sources)
    .set({ quoteCount: sql`${sources.quoteCount} + ${sql.placeholder('delta')}` })
    .where(eq(sources.id, sql.placeholder('id'))),
);

export async function findSourceByUrl(tx: Tx, url: string): Promise<SourceRow | null> {
  const [row] = await tx.select().from(sources).where(eq(sources.url, url)).limit(1);
  return row ?? null;
}

export async function deleteSourceRow(tx: Tx, id: string): Promise<void> {
  await tx.delete(sources).where(eq(sources.id, id));
}

/** Whole rows (text included) after a slug, for exports that page through every source. */
export const sourcesAfter = rowsAfterSlug(sources);

/** Where each source lives and what it is called, for documents that cite them. */
export async function sourceCitations(
  tx: Tx,
  ids: Iterable<string>,
): Promise<Map<string, { url: string | null; title: string | null; description: string | null }>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await tx
    .select({
      id: sources.id,
      url: sources.url,
      title: sources.title,
      description: sources.description,
    })
    .from(sources)
    .where(inArray(sources.id, unique));
  return new Map(rows.map(({ id, ...citation }) => [id, citation]));
}

/** The id of the source an id or slug names, or null: a lookup that reads no more than the index. */
export async function sourceIdOf(tx: Tx, idOrSlug: string): Promise<string | null> {
  const find = isId('source', idOrSlug) ? sourceIdById : sourceIdBySlug;
  const [row] = await find(tx).execute({ key: idOrSlug });
  return row?.id ?? null;
}

const sourceIdById = preparedFor((tx) =>
  tx
    .select({ id: sources.id })
    .from(sources)
    .where(eq(sources.id, sql.placeholder('key')))
    .limit(1),
);
const sourceIdBySlug = preparedFor((tx) =>
  tx
    .select({ id: sources.id })
    .from(sources)
    .where(eq(sources.slug, sql.placeholder('key')))
    .limit(1),
);
