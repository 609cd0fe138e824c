import { and, desc, eq, gte, type SQL, sql } from 'drizzle-orm';
import { rowCompare } from '../../db/keyset.js';
import { type AuditRow, auditLog } from '../../db/schema.js';
import { preparedFor } from '../../db/sqlite/prepared.js';
import type { Tx } from '../../db/store.js';
import type { AuditEntityType } from '../../lib/vocabulary.js';

export async function insertAudit(tx: Tx, row: Omit<AuditRow, 'id'>): Promise<void> {
  await insertRow(tx).execute(row);
}

// One row per write, many per import: prepared.
const insertRow = preparedFor((tx) =>
  tx.insert(auditLog).values({
    at: sql.placeholder('at'),
    keyName: sql.placeholder('keyName'),
    action: sql.placeholder('action'),
    entityType: sql.placeholder('entityType'),
    entityId: sql.placeholder('entityId'),
    changes: sql.placeholder('changes'),
  }),
);

/** The page's query: awaited, its rows; its statement for a test of its plan (`toSQL`). */
export function listAuditRows(
  tx: Tx,
  filter: {
    entityType?: AuditEntityType;
    entityId?: string;
    since?: string;
    before?: { at: string; id: number };
    limit: number;
  },
) {
  const conditions: SQL[] = [];
  if (filter.entityType) {
    // With an entity named, its own entries are walked, not every entry of its type: the type is
    // compared through lower() (a no-op on these lowercase names) so that no planner takes its
    // index for a way in, whatever its statistics say.
    const type = filter.entityId ? sql`lower(${auditLog.entityType})` : auditLog.entityType;
    conditions.push(sql`${type} = ${filter.entityType}`);
  }
  if (filter.entityId) conditions.push(eq(auditLog.entityId, filter.entityId));
  if (filter.since) conditions.push(gte(auditLog.at, filter.since));
  if (filter.before) {
    conditions.push(
      rowCompare('<', [auditLog.at, auditLog.id], [filter.before.at, filter.before.id]),
    );
  }
  return tx
    .select()
    .from(auditLog)
    .where(and(...conditions))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(filter.limit);
}
