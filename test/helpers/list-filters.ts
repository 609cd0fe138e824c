import type { Tx } from '../../src/db/store.js';
import { listActorRows } from '../../src/modules/actors/actors.repository.js';
import { listAuditRows } from '../../src/modules/audit/audit.repository.js';
import { listSourceRows } from '../../src/modules/sources/sources.repository.js';

type Statement = { sql: string; params: unknown[] };
type Query = (tx: Tx) => { toSQL(): Statement };

/**
 * Every filter of the source, actor and audit lists, alone and together, with and without a
 * cursor: the page query of each, and the index (by its name) its plan must walk in the list's
 * order. `q` on sources and actors matches within words, so it filters the walk of the list's
 * order. (The audit list's `since` is not here: its walk by id stops at the page, but the last
 * page of a narrow range would read on to the log's oldest entry.)
 */
export function listFilters(): [string, Query, RegExp][] {
  const cases: [string, Query, RegExp][] = [];
  for (const after of [undefined, 'm']) {
    const cursor = after ? ', after a cursor' : '';
    for (const [name, filter, index] of [
      ['no filter', {}, /sources_slug_unique/],
      ['kind', { kind: 'speech' as const }, /sources_kind_slug_idx/],
      ['q', { q: 'iran' }, /sources_slug_unique/],
      ['kind and q', { kind: 'speech' as const, q: 'iran' }, /sources_kind_slug_idx/],
    ] as const) {
      cases.push([
        `sources, ${name}${cursor}`,
        (tx) => listSourceRows(tx, { ...filter, afterSlug: after, limit: 21 }),
        index,
      ]);
    }
    for (const [name, filter, index] of [
      ['no filter', {}, /actors_slug_unique/],
      ['kind', { kind: 'person' as const }, /actors_kind_slug_idx/],
      ['q', { q: 'pompeo' }, /actors_slug_unique/],
      ['kind and q', { kind: 'person' as const, q: 'pompeo' }, /actors_kind_slug_idx/],
    ] as const) {
      cases.push([
        `actors, ${name}${cursor}`,
        (tx) => listActorRows(tx, { ...filter, afterSlug: after, limit: 21 }),
        index,
      ]);
    }
  }
  for (const beforeId of [undefined, 1000]) {
    const cursor = beforeId ? ', after a cursor' : '';
    for (const [name, filter, index] of [
      ['no filter', {}, /audit_log|PRIMARY KEY|audit_log_pkey/],
      ['entityType', { entityType: 'claim' as const }, /audit_log_entity_type_idx/],
      ['entityId', { entityId: 'clm_1' }, /audit_log_entity_id_idx/],
      [
        'entityType and entityId',
        { entityType: 'claim' as const, entityId: 'clm_1' },
        /audit_log_entity_id_idx/,
      ],
    ] as const) {
      cases.push([
        `audit, ${name}${cursor}`,
        (tx) => listAuditRows(tx, { ...filter, beforeId, limit: 21 }),
        index,
      ]);
    }
  }
  return cases;
}
