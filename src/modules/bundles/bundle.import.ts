import { pipeline, type Readable } from 'node:stream';
import split2 from 'split2';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { COLLECTION_TYPES, RECORD_TYPES } from './bundle.schemas.js';
import {
  ImportInvalidError,
  type ImportOptions,
  type ImportReport,
  ImportSession,
} from './import-session.js';

export type { ImportOptions, ImportReport } from './import-session.js';
export { ImportInvalidError } from './import-session.js';

const Records = z.array(z.unknown()).default([]);

/** The bundle's envelope; each record is checked by the import session, which names it. */
const EnvelopeSchema = z.strictObject({
  format: z.literal('factcheck-bundle'),
  version: z.literal(1),
  actors: Records,
  sources: Records,
  claims: Records,
  quotes: Records,
  links: Records,
  evidence: Records,
  statuses: Records,
});

/**
 * Imports a bundle document: upsert by slug or id, all or nothing, in one transaction. A record
 * equal to the stored one is left alone, so a re-import changes nothing.
 */
export function importBundle(db: Db, input: unknown, options: ImportOptions = {}): ImportReport {
  const envelope = EnvelopeSchema.safeParse(input);
  if (!envelope.success) {
    const errors = envelope.error.issues.map((issue) => ({
      path: issue.path.join('.'),
      message: issue.message,
    }));
    throw new ImportInvalidError(errors, errors.length);
  }
  const session = new ImportSession(db, options);
  session.begin();
  try {
    for (const collection of RECORD_TYPES) {
      const type = COLLECTION_TYPES[collection];
      envelope.data[collection].forEach((record, index) => {
        session.add(withType(record, type), `${collection}.${index}`);
      });
    }
    return session.finish();
  } finally {
    session.abort();
  }
}

/**
 * Imports NDJSON, one record a line with its `type`, streamed: records are written in batches as
 * they arrive, inside one transaction, and memory does not grow with the input. Errors name the
 * line (`lines.12.quotes.0.start`).
 */
export async function importNdjson(
  db: Db,
  input: Readable,
  options: ImportOptions = {},
  onRecord: () => void = () => {},
): Promise<ImportReport> {
  const session = new ImportSession(db, options);
  session.begin();
  try {
    let line = 0;
    // pipeline (not pipe) so that an error upstream, such as a size limit, ends the loop.
    for await (const text of pipeline(input, split2(), () => {})) {
      line++;
      if (typeof text !== 'string' || text.trim() === '') continue;
      let record: unknown;
      try {
        record = JSON.parse(text);
      } catch (error) {
        session.reject(`lines.${line}`, `not JSON: ${(error as Error).message}`);
        continue;
      }
      session.add(record, `lines.${line}`);
      onRecord();
    }
    return session.finish();
  } finally {
    session.abort();
  }
}

function withType(record: unknown, type: string): unknown {
  return typeof record === 'object' && record !== null && !Array.isArray(record)
    ? { ...record, type }
    : record;
}

/** Per record type, what an import created, updated and left unchanged (types it met only). */
export function describeCounts(report: ImportReport): string {
  const parts = Object.entries(report.counts)
    .filter(([, c]) => c.created + c.updated + c.unchanged > 0)
    .map(
      ([type, c]) => `${type} ${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged`,
    );
  return parts.join('; ') || 'no records';
}
