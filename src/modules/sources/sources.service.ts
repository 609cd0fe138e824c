import type { Db } from '../../db/client.js';
import type { SourceRow } from '../../db/schema.js';
import type { Page } from '../../lib/api-schemas.js';
import { decodeCursor, keysetPage, SLUG_ORDER, slugPosition } from '../../lib/cursor.js';
import { type FieldError, NotFoundError } from '../../lib/problem.js';
import { AnchoredText, locateQuote, type QuoteSelector } from '../../lib/text-anchor.js';
import { quoteCountsBySource } from '../claims/claims.repository.js';
import { findSource, listSourceRows, type SourceListRow } from './sources.repository.js';
import type { Source, SourceDetail, SourceListQuery } from './sources.schemas.js';

export function requireSource(db: Db, idOrSlug: string): SourceRow {
  const row = findSource(db, idOrSlug);
  if (!row) throw new NotFoundError('source', idOrSlug);
  return row;
}

export function getSource(db: Db, idOrSlug: string): SourceDetail {
  const { text, ...row } = requireSource(db, idOrSlug);
  const [source] = toSources(db, [{ ...row, hasText: text !== null }]);
  if (!source) throw new NotFoundError('source', idOrSlug);
  return { ...source, text };
}

export function listSources(db: Db, query: SourceListQuery): Page<Source> {
  const after = query.cursor ? decodeCursor(query.cursor, SLUG_ORDER) : undefined;
  const rows = listSourceRows(db, {
    q: query.q,
    kind: query.kind,
    afterSlug: after ? String(after.key) : undefined,
    limit: query.limit + 1,
  });
  return keysetPage(rows, query.limit, slugPosition, (page) => toSources(db, page));
}

function toSources(db: Db, rows: SourceListRow[]): Source[] {
  const quoteCounts = quoteCountsBySource(
    db,
    rows.map((row) => row.id),
  );
  return rows.map((row) => ({
    id: row.id,
    slug: row.slug,
    kind: row.kind,
    title: row.title,
    description: row.description,
    url: row.url,
    publisher: row.publisher,
    publishedAt: row.publishedAt,
    hasText: row.hasText,
    quoteCount: quoteCounts.get(row.id) ?? 0,
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
export function anchorInSource(
  db: Db,
  sourceRef: string,
  selector: QuoteSelector,
  path: string,
): Anchoring {
  const source = findSource(db, sourceRef);
  const fail = (message: string): Anchoring => ({ ok: false, error: { path, message } });
  if (!source) return fail(`no source has the id or slug '${sourceRef}'`);
  if (source.text === null) return fail(`source '${source.slug}' has no text to anchor a quote in`);
  const located = locateQuote(new AnchoredText(source.text), selector);
  if (!located.ok) return fail(`quote ${JSON.stringify(selector.exact)} ${located.reason}`);
  return {
    ok: true,
    sourceId: source.id,
    exact: selector.exact,
    start: located.start,
    end: located.end,
  };
}
