import type { Tx } from '../../db/store.js';
import type { Page } from '../../lib/api-schemas.js';
import { decodeCursor, keysetPage } from '../../lib/cursor.js';
import { listAuditRows } from './audit.repository.js';
import type { AuditEntry, AuditQuery } from './audit.schemas.js';

export async function listAudit(tx: Tx, query: AuditQuery): Promise<Page<AuditEntry>> {
  const after = query.cursor ? decodeCursor(query.cursor, 'at', query) : undefined;
  const rows = await listAuditRows(tx, {
    entityType: query.entityType,
    entityId: query.entityId,
    since: query.since,
    before: after ? { at: String(after.key), id: Number(after.tie) } : undefined,
    limit: query.limit + 1,
  });
  return keysetPage(
    rows,
    query.limit,
    (last) => ({ sort: 'at', key: last.at, tie: last.id }),
    (page) => page,
    query,
  );
}
