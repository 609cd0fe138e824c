import type { SourceRow } from '../../db/schema.js';
import type { SourceValues } from './sources.repository.js';
import type { SourceRecord } from './sources.schemas.js';

/**
 * A source as a bundle holds it, and back: export and import share this one mapping, so a
 * re-import of an export gives the same rows.
 */

/** The record an export writes: everything a re-import restores, the text included. */
export function toSourceRecord(row: SourceRow): SourceRecord {
  return {
    id: row.id,
    slug: row.slug,
    kind: row.kind,
    title: row.title,
    description: row.description,
    url: row.url,
    publisher: row.publisher,
    publishedAt: row.publishedAt,
    // Only a date worked out says how: exports of other sources stay as they were.
    ...(row.publishedAtNote === null ? {} : { publishedAtNote: row.publishedAtNote }),
    text: row.text,
  };
}

/** The row an import writes, under the id the importer resolved for it. */
export function sourceValuesOf(record: SourceRecord, id: string): SourceValues {
  return {
    id,
    slug: record.slug,
    kind: record.kind,
    title: record.title ?? null,
    description: record.description ?? null,
    url: record.url ?? null,
    publisher: record.publisher ?? null,
    publishedAt: record.publishedAt ?? null,
    publishedAtNote: record.publishedAtNote ?? null,
    text: record.text ?? null,
  };
}
