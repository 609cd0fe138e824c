import type { SourceRow } from '../../db/schema.js';
import type { Tx } from '../../db/store.js';
import type { Page } from '../../lib/api-schemas.js';
import { decodeCursor, keysetPage, SLUG_ORDER, slugPosition } from '../../lib/cursor.js';
import { type FieldError, NotFoundError } from '../../lib/problem.js';
import { AnchoredText, locateQuote, type QuoteSelector } from '../../lib/text-anchor.js';
import { findSource, listSourceRows, type SourceListRow } from './sources.repository.js';
import type { Source, SourceDetail, SourceListQuery } from './sources.schemas.js';

export async function requireSource(tx: Tx, idOrSlug: string): Promise<SourceRow> {
  const row = await findSource(tx, idOrSlug);
  if (!row) throw new NotFoundError('source', idOrSlug);
  return row;
}

export async function getSource(tx: Tx, idOrSlug: string): Promise<SourceDetail> {
  const { text, ...row } = await requireSource(tx, idOrSlug);
  const [source] = toSources([{ ...row, hasText: text !== null }]);
  if (!source) throw new NotFoundError('source', idOrSlug);
  return { ...source, text };
}

export async function listSources(tx: Tx, query: SourceListQuery): Promise<Page<Source>> {
  const after = query.cursor ? decodeCursor(query.cursor, SLUG_ORDER, query) : undefined;
  const rows = await listSourceRows(tx, {
    q: query.q,
    kind: query.kind,
    afterSlug: after ? String(after.key) : undefined,
    limit: query.limit + 1,
  });
  const page = keysetPage(rows, query.limit, slugPosition, (items) => items, query);
  return { items: toSources(page.items), nextCursor: page.nextCursor };
}

/** Rows as the API lists them, quotes counted as stored. */
export function toSources(rows: SourceListRow[]): Source[] {
  return rows.map((row) => ({
    id: row.id,
    slug: row.slug,
    kind: row.kind,
    title: row.title,
    description: row.description,
    url: row.url,
    publisher: row.publisher,
    publishedAt: row.publishedAt,
    publishedAtNote: row.publishedAtNote,
    hasText: row.hasText,
    quoteCount: row.quoteCount,
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  }));
}

export type Anchoring =
  | { ok: true; sourceId: string; exact: string; start: number; end: number }
  | { ok: false; error: FieldError };

/**
 * Places a quote in a source's text for the server (the client need not count code points).
 * A source that does not exist, has no text, or does not hold the words gives an error at `path`.
 */
export async function anchorInSource(
  tx: Tx,
  sourceRef: string,
  selector: QuoteSelector,
  path: string,
  /** Texts already indexed in this write, by source id: many quotes in one text index it once. */
  texts: Map<string, AnchoredText> = new Map(),
): Promise<Anchoring> {
  const source = await findSource(tx, sourceRef);
  const fail = (message: string): Anchoring => ({ ok: false, error: { path, message } });
  if (!source) return fail(`no source has the id or slug '${sourceRef}'`);
  if (source.text === null) return fail(`source '${source.slug}' has no text to anchor a quote in`);
  let text = texts.get(source.id);
  if (!text) {
    text = new AnchoredText(source.text);
    texts.set(source.id, text);
  }
  const located = locateQuote(text, selector);
  if (!located.ok) return fail(`quote ${JSON.stringify(selector.exact)} ${located.reason}`);
  return {
    ok: true,
    sourceId: source.id,
    exact: selector.exact,
    start: located.start,
    end: located.end,
  };
}
