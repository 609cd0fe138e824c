import type { Tx } from '../../db/store.js';
import type { AuditAction, AuditEntityType } from '../../lib/vocabulary.js';
import { insertAudit } from './audit.repository.js';

// An import's audit rows are written many to a statement until it ends (see holdAudit).
export { dropHeldAudit, holdAudit, writeHeldAudit } from './audit.repository.js';

type Fields = Record<string, unknown>;

export type AuditWrite = {
  by: string | null;
  action: AuditAction;
  entityType: AuditEntityType;
  entityId: string;
  before?: Fields | null;
  after?: Fields | null;
};

/**
 * Appends one audit row, inside the caller's transaction: the fields that changed, before → after
 * (every field for a create or a delete).
 */
export async function recordAudit(tx: Tx, entry: AuditWrite, at: string): Promise<void> {
  const before = entry.before ?? {};
  const after = entry.after ?? {};
  const changes: Record<string, { before: unknown; after: unknown }> = {};
  for (const field of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (IGNORED.has(field)) continue;
    const was = before[field] ?? null;
    const is = after[field] ?? null;
    if (!same(was, is)) changes[field] = { before: was, after: is };
  }
  await insertAudit(tx, {
    at,
    keyName: entry.by,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    changes,
  });
}

/**
 * Equal as JSON; most fields are strings, numbers or null, compared without serialising them, and
 * so is a list or object against null (every field of a create).
 */
function same(was: unknown, is: unknown): boolean {
  if (was === is) return true;
  if (was === null || is === null || typeof was !== 'object' || typeof is !== 'object')
    return false;
  return JSON.stringify(was) === JSON.stringify(is);
}

/**
 * Bookkeeping every write changes (the version and time are in the row itself), and the counts
 * rows keep of other rows, whose own writes are audited.
 */
const IGNORED = new Set([
  'seq',
  'version',
  'createdAt',
  'updatedAt',
  'claimCount',
  'quoteCount',
  'rebuttalCount',
  'evidenceCount',
]);

/**
 * The audit row of a saved record: a `create` with every field when nothing was stored, else an
 * `update` from the stored row to it with `changes` applied.
 */
export async function recordSave<T extends { id: string }>(
  tx: Tx,
  entry: { by: string | null; entityType: AuditEntityType; stored: T | null; values: T },
  changes: Partial<T>,
  at: string,
): Promise<void> {
  const { by, entityType, stored, values } = entry;
  await recordAudit(
    tx,
    stored === null
      ? { by, action: 'create', entityType, entityId: values.id, after: values }
      : {
          by,
          action: 'update',
          entityType,
          entityId: stored.id,
          before: stored,
          after: { ...stored, ...changes },
        },
    at,
  );
}
