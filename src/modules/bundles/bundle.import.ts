import type { Readable } from 'node:stream';
import { z } from 'zod';
import type { Store } from '../../db/store.js';
import { COLLECTION_TYPES, RECORD_TYPES } from './bundle.schemas.js';
import { checkedLines } from './checked-lines.js';
import { ImportInvalidError, type ImportOptions, type ImportReport } from './import-report.js';
import { ImportSession } from './import-session.js';

export type { ImportOptions, ImportReport } from './import-report.js';
export { describeCounts, ImportInvalidError } from './import-report.js';

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
 * Runs one import in one write transaction: `feed` adds the records, the session checks and
 * writes them; any problem rolls everything back (422), and so does a dry run after its report.
 */
export async function runImport(
  store: Store,
  options: ImportOptions,
  feed: (session: ImportSession) => Promise<void>,
): Promise<ImportReport> {
  const report = await store.write(
    async (tx) => {
      const session = await ImportSession.open(tx, options);
      try {
        await feed(session);
        return await session.finish();
      } finally {
        session.close();
      }
    },
    { rollback: options.dryRun ?? false, deferForeignKeys: true, alone: options.alone },
  );
  // A large import leaves a write-ahead log as large as itself: fold it in and cut it back. Only
  // an optimisation (SQLite checkpoints on its own too): its failure is not the import's.
  if (!report.dryRun && report.records >= CHECKPOINT_AFTER_RECORDS) {
    await store.checkpoint().catch(() => {});
  }
  return report;
}

const CHECKPOINT_AFTER_RECORDS = 1000;

/**
 * Imports a bundle document: upsert by slug or id, all or nothing, in one transaction. A record
 * equal to the stored one is left alone, so a re-import changes nothing.
 */
export async function importBundle(
  store: Store,
  input: unknown,
  options: ImportOptions = {},
): Promise<ImportReport> {
  const envelope = EnvelopeSchema.safeParse(input);
  if (!envelope.success) {
    const errors = envelope.error.issues.map((issue) => ({
      path: issue.path.join('.'),
      message: issue.message,
    }));
    throw new ImportInvalidError(errors, errors.length);
  }
  return runImport(store, options, async (session) => {
    for (const collection of RECORD_TYPES) {
      const type = COLLECTION_TYPES[collection];
      for (const [index, record] of envelope.data[collection].entries()) {
        await session.add(withType(record, type), `${collection}.${index}`);
      }
    }
  });
}

/**
 * Imports NDJSON, one record a line with its `type`, streamed: records are written as they
 * arrive, inside one transaction, and memory does not grow with the input. Errors name the line
 * (`lines.12.quotes.0.start`). Each line is read as a JSON body is: UTF-8, at most NDJSON_LINE_LIMIT
 * bytes and JSON_MAX_DEPTH deep, well-formed strings. An input expected to be large
 * (`expectedBytes`: a file's size, a request's length, null for a stream of unknown length) is
 * read and checked on a thread of its own.
 */
export function importNdjson(
  store: Store,
  input: Readable,
  options: ImportOptions = {},
  {
    expectedBytes = 0,
    onRecord = () => {},
  }: { expectedBytes?: number | null; onRecord?: () => void } = {},
): Promise<ImportReport> {
  return runImport(store, options, async (session) => {
    // An error of the input stream itself, such as a size limit, ends the loop.
    for await (const checked of checkedLines(input, expectedBytes)) {
      await session.addChecked(checked);
      onRecord();
    }
  });
}

function withType(record: unknown, type: string): unknown {
  return typeof record === 'object' && record !== null && !Array.isArray(record)
    ? { ...record, type }
    : record;
}
