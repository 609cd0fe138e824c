import { and, desc, eq, gte, lt, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { preparedFor } from '../../db/prepared.js';
import { type AuditRow, auditLog } from '../../db/schema.js';
import type { AuditEntityType } from '../../lib/vocabulary.js';

export function insertAudit(db: Db, row: Omit<AuditRow, 'id'>): void {
  insertRow(db).run(row);
}

const insertRow = preparedFor((db) =>
  db
    .insert(auditLog)
    .values({
      at: sql.placeholder('at'),
      keyName: sql.placeholder('keyName'),
      action: sql.placeholder('action'),
      entityType: sql.placeholder('entityType'),
      entityId: sql.placeholder('entityId'),
      changes: sql.placeholder('changes'),
    })
    .prepare(),
);

export function listAuditRows(
  db: Db,
  filter: {
    entityType?: AuditEntityType;
    entityId?: string;
    since?: string;
    beforeId?: number;
    limit: number;
  },
): AuditRow[] {
  const conditions: SQL[] = [];
  if (filter.entityType) conditions.push(eq(auditLog.entityType, filter.entityType));
  if (filter.entityId) conditions.push(eq(auditLog.entityId, filter.entityId));
  if (filter.since) conditions.push(gte(auditLog.at, filter.since));
  if (filter.beforeId !== undefined) conditions.push(lt(auditLog.id, filter.beforeId));
  return db
    .select()
    .from(auditLog)
    .where(and(...conditions))
    .orderBy(desc(auditLog.id))
    .limit(filter.limit)
    .all();
}
