import type { Db } from '../../db/client.js';
import type { Page } from '../../lib/api-schemas.js';
import { decodeCursor, keysetPage } from '../../lib/cursor.js';
import type { AuditAction, AuditEntityType } from '../../lib/vocabulary.js';
import { insertAudit, listAuditRows } from './audit.repository.js';
import type { AuditEntry, AuditQuery } from './audit.schemas.js';

type Fields = Record<string, unknown>;

/**
 * Appends one audit row, inside the caller's transaction: the fields that changed, before → after
 * (every field for a create or a delete).
 */
export function recordAudit(
  db: Db,
  entry: {
    by: string | null;
    action: AuditAction;
    entityType: AuditEntityType;
    entityId: string;
    before?: Fields | null;
    after?: Fields | null;
  },
  at: string,
): void {
  const before = entry.before ?? {};
  const after = entry.after ?? {};
  const changes: Record<string, { before: unknown; after: unknown }> = {};
  for (const field of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (IGNORED.has(field)) continue;
    const was = before[field] ?? null;
    const is = after[field] ?? null;
    if (JSON.stringify(was) !== JSON.stringify(is)) changes[field] = { before: was, after: is };
  }
  insertAudit(db, {
    at,
    keyName: entry.by,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    changes,
  });
}

/** Bookkeeping every write changes; the version and time are in the row itself. */
const IGNORED = new Set(['seq', 'version', 'createdAt', 'updatedAt']);

export function listAudit(db: Db, query: AuditQuery): Page<AuditEntry> {
  const after = query.cursor ? decodeCursor(query.cursor, 'id') : undefined;
  const rows = listAuditRows(db, {
    entityType: query.entityType,
    entityId: query.entityId,
    since: query.since,
    beforeId: after ? Number(after.key) : undefined,
    limit: query.limit + 1,
  });
  return keysetPage(
    rows,
    query.limit,
    (last) => ({ sort: 'id', key: last.id, tie: last.id }),
    (page) => page,
  );
}
