import { parseJsonInput } from '../../lib/json-input.js';
import type { NdjsonLine } from '../../lib/ndjson-lines.js';
import { type ImportRecord, ImportRecordSchema } from './bundle.schemas.js';
import type { ImportError } from './import-report.js';

/** One record read and checked for its shape: ready to write, or its problems (one at least). */
export type CheckedRecord =
  | { path: string; record: ImportRecord; problems?: undefined }
  | { path: string; problems: ImportError[] };

/** A record's shape checked, its problems named from `path` (`lines.12.quotes.0.start`). */
export function checkRecord(raw: unknown, path: string): CheckedRecord {
  const parsed = ImportRecordSchema.safeParse(raw);
  if (parsed.success) return { path, record: parsed.data };
  return {
    path,
    problems: parsed.error.issues.map((issue) => ({
      path: [path, ...issue.path.map(String)].join('.'),
      message: issue.message,
    })),
  };
}

/**
 * An NDJSON line read as a JSON body is (see json-input) and checked as a record; null for a
 * blank line, which holds no record.
 */
export function checkLine(read: NdjsonLine): CheckedRecord | null {
  const path = `lines.${read.line}`;
  if (read.text === undefined) return { path, problems: [{ path, message: read.error }] };
  if (read.text.trim() === '') return null;
  const parsed = parseJsonInput(read.text, path);
  if (!parsed.ok)
    return { path, problems: [{ path: parsed.fault.path, message: parsed.fault.message }] };
  return checkRecord(parsed.value, path);
}
