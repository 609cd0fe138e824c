import { AppError, type FieldError, problemType } from '../../lib/problem.js';
import type { ImportRecordType, RecordType } from './bundle.schemas.js';

export type ImportCounts = {
  created: number;
  updated: number;
  unchanged: number;
  /** Only when existing records are kept: stored records left as they are though the import's differ. */
  kept?: number;
};

/** A stored record an import left as it is (`existing: 'keep'`) though the import's record differs. */
export type DifferingRecord = {
  type: ImportRecordType;
  /** The record's slug as the import names it (a link: `from→to`; a quote or status: its claim). */
  key: string;
  /** The bundle fields that differ (a quote or status entry the stored claim lacks: `quotes`, `history`). */
  fields: string[];
};

export type ImportReport = {
  dryRun: boolean;
  /** Whether anything was (or, in a dry run, would be) written. */
  changed: boolean;
  records: number;
  counts: Record<RecordType, ImportCounts>;
  /** Only when existing records are kept: the kept records that differ from the import's (listed up to a limit). */
  differing?: DifferingRecord[];
  durationMs: number;
};

/**
 * What an import does with a record the database holds already (same slug or id): `update` brings
 * it in line with the import's; `keep` leaves it as it is, only adding what is missing, and lists
 * the stored records that differ (so a seed never overwrites what editors did).
 */
export type ExistingRecords = 'update' | 'keep';

export type ImportOptions = {
  dryRun?: boolean;
  /** Who is writing, recorded in the audit log and status history (`seed`, an API key's name). */
  by?: string | null;
  /** `update` unless said otherwise. */
  existing?: ExistingRecords;
  /**
   * From how many records on an import counts as large and sets secondary indexes aside until it
   * ends (see DeferredIndexes); the default suits the page cache. For tests.
   */
  largeImportRecords?: number;
  /** How many rows' stored counts one statement changes as the import ends. For tests. */
  countSlice?: number;
  /** Nothing else uses the store while the import runs: the command line (see WriteOptions). */
  alone?: boolean;
};

/** A problem with one record: where, what, and (for a broken rule) the rule's problem code. */
export type ImportError = { path: string; message: string; code?: string };

/**
 * An import refused: every problem listed (up to a limit), nothing written. When every listed
 * problem breaks the same rule, the problem's type is that rule's, as the API's own answer for a
 * single write would be; otherwise it is `invalid-import`.
 */
export class ImportInvalidError extends AppError {
  constructor(errors: ImportError[], total: number) {
    const count = total === 1 ? '1 problem' : `${total} problems`;
    const listed = total > errors.length ? ` (the first ${errors.length} listed)` : '';
    const codes = new Set(errors.map((error) => error.code ?? 'invalid-import'));
    const [only] = codes;
    super(
      422,
      codes.size === 1 && only ? only : 'invalid-import',
      'Invalid import',
      `${count} in the import${listed}; nothing was written.`,
      { errors: errors.map(toFieldError) },
    );
  }
}

function toFieldError({ path, message, code }: ImportError): FieldError {
  return code ? { path, message, type: problemType(code) } : { path, message };
}

/** Per record type, what an import created, updated, left unchanged and kept (types it met only). */
export function describeCounts(report: ImportReport): string {
  const parts = Object.entries(report.counts)
    .filter(([, c]) => c.created + c.updated + c.unchanged + (c.kept ?? 0) > 0)
    .map(
      ([type, c]) =>
        `${type} ${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged${c.kept ? `, ${c.kept} kept` : ''}`,
    );
  return parts.join('; ') || 'no records';
}
