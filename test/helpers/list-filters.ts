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
 * order.
 */
export function listFilters(): [string, Query, RegExp][] {
  const cases: [string, Query, RegExp][] = [
    ...slugListCases('sources', listSourceRows, 'speech' as const, 'iran'),
    ...slugListCases('actors', listActorRows, 'person' as const, 'pompeo'),
  ];
  for (const before of [undefined, { at: '2024-06-01T00:00:00Z', id: 1000 }]) {
    const cursor = before ? ', after a cursor' : '';
    for (const [name, filter, index] of [
      ['no filter', {}, /audit_log_at_idx/],
      ['since', { since: '2024-01-01' }, /audit_log_at_idx/],
      ['entityType', { entityType: 'claim' as const }, /audit_log_entity_type_idx/],
      [
        'entityType since',
        { entityType: 'claim' as const, since: '2024-01-01' },
        /audit_log_entity_type_idx/,
      ],
      ['entityId', { entityId: 'clm_1' }, /audit_log_entity_id_idx/],
      ['entityId since', { entityId: 'clm_1', since: '2024-01-01' }, /audit_log_entity_id_idx/],
      [
        'entityType and entityId',
        { entityType: 'claim' as const, entityId: 'clm_1' },
        /audit_log_entity_id_idx/,
      ],
    ] as const) {
      cases.push([
        `audit, ${name}${cursor}`,
        (tx) => listAuditRows(tx, { ...filter, before, limit: 21 }),
        index,
      ]);
    }
  }
  return cases;
}

/** A list in slug order with a `kind` and a `q` filter: its unique slug index, or kind and slug. */
function slugListCases<K extends string>(
  table: 'sources' | 'actors',
  list: (
    tx: Tx,
    filter: { kind?: K; q?: string; afterSlug?: string; limit: number },
  ) => { toSQL(): Statement },
  kind: K,
  word: string,
): [string, Query, RegExp][] {
  const bySlug = new RegExp(`${table}_slug_unique`);
  const byKind = new RegExp(`${table}_kind_slug_idx`);
  const filters = [
    ['no filter', {}, bySlug],
    ['kind', { kind }, byKind],
    ['q', { q: word }, bySlug],
    ['kind and q', { kind, q: word }, byKind],
  ] as const;
  return [undefined, 'm'].flatMap((afterSlug) =>
    filters.map(([name, filter, index]): [string, Query, RegExp] => [
      `${table}, ${name}${afterSlug ? ', after a cursor' : ''}`,
      (tx) => list(tx, { ...filter, afterSlug, limit: 21 }),
      index,
    ]),
  );
}
