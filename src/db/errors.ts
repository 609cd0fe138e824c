import { AppError, BusyError, ConflictError, UnprocessableError } from '../lib/problem.js';

/* The store's faults in the app's terms, whichever engine keeps the record. */

/** No room left for the write: the disk, or the quota DB_MAX_SIZE_MB sets, is full. */
export class StorageFullError extends AppError {
  constructor() {
    super(
      507,
      'storage-full',
      'Insufficient Storage',
      'The database has no room left for this write (its disk or quota is full); nothing was written. Retry once space has been freed.',
    );
  }
}

/** The database cannot be read or written now (I/O error, damaged or missing file). */
export class StorageUnavailableError extends AppError {
  constructor() {
    super(
      503,
      'storage-unavailable',
      'Service Unavailable',
      'The database cannot be read or written right now (the fault is logged); retry later.',
      { headers: { 'Retry-After': '30' } },
    );
  }
}

export function withCause(problem: AppError, cause: unknown): AppError {
  problem.cause = cause;
  return problem;
}

/** What a write refused by a constraint means to a client, whichever engine refused it. */
export const refusedBy = {
  /** A unique key a concurrent write took a moment ago (a slug): 409. */
  unique: () =>
    new ConflictError(
      'Another write got there first: a record with the same unique key exists now. Fetch it and retry.',
    ),
  /** A reference to a record that is not (or no longer) there: 422. */
  reference: () =>
    new UnprocessableError(
      'unknown-reference',
      'The write refers to a record that does not exist (or no longer does).',
    ),
  /** A CHECK or NOT NULL: 422. */
  rule: () => new UnprocessableError('constraint', 'The write breaks a rule of the record.'),
};

/** One snapshot (export) more than the store lets stream at once: 503, retry in a while. */
export function tooManySnapshots(max: number): BusyError {
  return new BusyError(
    `${max} exports are streaming already, the most that may run at once; retry when one has ended.`,
    30,
  );
}
