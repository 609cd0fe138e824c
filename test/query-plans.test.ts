import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientOf } from '../src/db/sqlite/connection.js';
import { toSearch } from '../src/db/sqlite/search.js';
import type { Store } from '../src/db/store.js';
import { type ClaimFilter, claimPageStatement } from '../src/modules/claims/claims.pages.js';
import { CLAIM_SORTS, type ClaimSort } from '../src/modules/claims/claims.schemas.js';
import { makeStore } from './helpers/app.js';

/**
 * Every filter the claim lists offer, alone and in pairs, under every sort, with and without a
 * cursor: the plan must walk an index in the sort's order (or fetch a small named set: a source's
 * quotes, a claim's rebuttals) and never scan the claims table or sort all the matches.
 */
const FILTERS: Record<string, ClaimFilter> = {
  status: { statuses: ['refuted'] },
  statuses: { statuses: ['refuted', 'disputed'] },
  claimant: { claimantId: 'act_x' },
  source: { sourceId: 'src_x' },
  tag: { tag: 'iran' },
  language: { language: 'de' },
  statedFrom: { statedFrom: '2010-01-12' },
  statedTo: { statedTo: '2010-12-31' },
  rebuttalsOf: { rebuttalsOf: 'clm_x' },
  q: { match: toSearch('iran security') },
};

function combinations(): [string, ClaimFilter][] {
  const names = Object.keys(FILTERS);
  const out: [string, ClaimFilter][] = [['none', {}]];
  names.forEach((a, i) => {
    out.push([a, FILTERS[a] ?? {}]);
    for (const b of names.slice(i + 1)) {
      if (a.startsWith('status') && b.startsWith('status')) continue;
      out.push([`${a}+${b}`, { ...FILTERS[a], ...FILTERS[b] }]);
    }
  });
  return out;
}

let store: Store;
let close: () => Promise<void>;
beforeAll(async () => {
  const made = await makeStore({ seed: false });
  store = made.store;
  close = () => made.store.close();
});
afterAll(() => close());

type Plan = Parameters<typeof claimPageStatement>[3];

async function planOf(
  filter: ClaimFilter,
  sort: ClaimSort,
  after: boolean,
  search: Plan = null,
): Promise<string[]> {
  return store.read(async (tx) => {
    const page = {
      sort,
      limit: 21,
      after: after ? { sort, key: sort === 'relevance' ? 3 : '2020', tie: 10 } : undefined,
    };
    const { sql, params } = claimPageStatement(tx, filter, page, search);
    const rows = clientOf(tx)
      .prepare(`EXPLAIN QUERY PLAN ${sql}`)
      .all(...params) as { detail: string }[];
    return rows.map((row) => row.detail);
  });
}

describe('every list filter and sort has a plan that pages without sorting or scanning all matches', () => {
  for (const sort of CLAIM_SORTS) {
    for (const [name, filter] of combinations()) {
      const searched = filter.match !== undefined;
      if (sort === 'relevance' && !searched) continue;
      // A common search walks the date order; a rarer one (≤ SORTED_MATCHES) or a ranked one
      // fetches its bounded candidates from the full-text index and sorts only those.
      const plans: Plan[] = !searched
        ? [null]
        : sort === 'relevance'
          ? [{ kind: 'rank', floor: 100 }]
          : [{ kind: 'walk' }, { kind: 'fetch' }];
      it(`${name}, sort ${sort}`, async () => {
        for (const plan of plans) {
          for (const after of [false, true]) {
            const text = (await planOf(filter, sort, after, plan)).join('\n');
            expect(text, text).not.toMatch(/^SCAN claims$/m);
            const fetched =
              plan?.kind === 'rank' ||
              plan?.kind === 'fetch' ||
              filter.sourceId !== undefined ||
              filter.rebuttalsOf !== undefined;
            if (fetched) {
              // The sort is over the candidates the index (or the named set) hands over.
              expect(text, text).toMatch(
                /claim_search VIRTUAL TABLE|SEARCH claims USING INDEX claims_id_unique \(id=\?\)/,
              );
            } else {
              // A claim's own tags are sorted per row (at most 50); the matches must never be.
              expect(text, text).not.toMatch(
                /TEMP B-TREE FOR (RIGHT PART OF |LAST TERM OF )?ORDER BY/,
              );
            }
          }
        }
      });
    }
  }
});
