import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientOf } from '../src/db/sqlite/connection.js';
import type { Store } from '../src/db/store.js';
import {
  type ClaimFilter,
  claimPageStatement,
  type Driver,
} from '../src/modules/claims/claims.pages.js';
import {
  linksAfterQuery,
  statusChangeRowsQuery,
  statusChangesAfterQuery,
} from '../src/modules/claims/claims.repository.js';
import { CLAIM_SORTS, type ClaimSort } from '../src/modules/claims/claims.schemas.js';
import { makeStore } from './helpers/app.js';
import { combinations, driversFor } from './helpers/claim-filters.js';
import { listFilters } from './helpers/list-filters.js';

/**
 * Every filter the claim lists offer, alone and in pairs, under every sort, with and without a
 * cursor, a search's matches read from the index or found by the read worker: the plan must walk an index in the sort's order (or fetch a small set: a search's
 * matches, several statuses' claims) and never scan the claims table or sort all the matches.
 */

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
  plan: Plan,
): Promise<string[]> {
  return store.read(async (tx) => {
    const page = {
      sort,
      limit: 21,
      after: after ? { sort, key: sort === 'relevance' ? 3 : '2020', tie: 10 } : undefined,
    };
    const { sql, params } = claimPageStatement(tx, filter, page, plan);
    const rows = clientOf(tx)
      .prepare(`EXPLAIN QUERY PLAN ${sql}`)
      .all(...params) as { detail: string }[];
    return rows.map((row) => row.detail);
  });
}

const FETCHED_FROM =
  /claim_search VIRTUAL TABLE|SEARCH claims USING (COVERING )?INDEX claims_status_(stated|created)_at_idx \(status=\?|SCAN (found|json_each) VIRTUAL TABLE/;

/** A search's matches as the read worker hands them over (see FoundSearch), or none. */
const FOUND: Partial<Plan>[] = [{}, { found: [3, 2, 1] }];
const RANKED: Partial<Plan>[] = [
  {},
  {
    ranked: [
      [3, 2],
      [2, 5],
    ],
  },
];

/** The table that keeps the claims' sort keys a driver walks, in the sort's order, and its scope. */
const WALKED_COPIES: Partial<Record<Driver, RegExp>> = {
  source:
    /SEARCH source_claims USING (COVERING )?INDEX source_claims_(stated|created)_at_idx \(source_id=\?/,
  tag: /SEARCH claim_tags USING (COVERING )?INDEX claim_tags_(stated|created)_at_idx \(tag=\?/,
  set: /SEARCH claim_links USING (COVERING )?INDEX claim_links_to_claim_kind_(stated_at|from_created)_idx \(to_claim_id=\? AND kind=\?/,
};

describe('every list filter and sort has a plan that pages without sorting or scanning all matches', () => {
  for (const sort of CLAIM_SORTS) {
    for (const [name, filter] of combinations()) {
      if (sort === 'relevance' && !filter.match) continue;
      it(`${name}, sort ${sort}`, async () => {
        for (const driver of driversFor(filter, sort)) {
          const given = !filter.match ? [{}] : driver === 'rank' ? RANKED : FOUND;
          for (const [after, found] of [false, true].flatMap((a) =>
            given.map((g) => [a, g] as const),
          )) {
            const plan = { driver, candidates: 100, ...found };
            const text = (await planOf(filter, sort, after, plan)).join('\n');
            const why = `${driver}${'found' in found || 'ranked' in found ? ' (found)' : ''}:\n${text}`;
            expect(text, why).not.toMatch(/^SCAN claims$/m);
            if (['rank', 'matches', 'statuses'].includes(driver)) {
              // Sorted: only the bounded set that the index hands over.
              expect(text, why).toMatch(FETCHED_FROM);
            } else {
              const copies = WALKED_COPIES[driver];
              // The claims of a source, a tag or a link in the sort's order, not fetched and sorted.
              if (copies) expect(text, why).toMatch(copies);
              if (driver === 'source') expect(text, why).not.toMatch(/quotes/);
              // A claim's own tags are sorted per row (at most 50); the matches must never be.
              expect(text, why).not.toMatch(
                /TEMP B-TREE FOR (RIGHT PART OF |LAST TERM OF )?ORDER BY/,
              );
            }
          }
        }
      });
    }
  }
});

describe('the verdict changes page by their own index', () => {
  it.each([
    ['no filter', {}],
    ['since', { since: '2024-06-01T00:00:00Z' }],
    ['a cursor', { before: { changedAt: '2024-06-01T00:00:00Z', id: 10 } }],
  ])('%s: walks the index of verdicts newest first, no sort', async (_, filter) => {
    const text = await store.read(async (tx) => {
      const { sql, params } = statusChangeRowsQuery(tx, { ...filter, limit: 21 }).toSQL();
      const rows = clientOf(tx)
        .prepare(`EXPLAIN QUERY PLAN ${sql}`)
        .all(...params) as { detail: string }[];
      return rows.map((row) => row.detail).join('\n');
    });
    expect(text).toMatch(/USING INDEX status_history_verdicts_idx/);
    expect(text).not.toMatch(/TEMP B-TREE/);
  });
});

describe('an export page starts where the last one ended', () => {
  const planOfStatement = (statement: { sql: string; params: unknown[] }) =>
    store.read(async (tx) =>
      (
        clientOf(tx)
          .prepare(`EXPLAIN QUERY PLAN ${statement.sql}`)
          .all(...statement.params) as { detail: string }[]
      )
        .map((row) => row.detail)
        .join('\n'),
    );

  it('the status history and the links seek the claims’ slug index to the position', async () => {
    const history = await planOfStatement(
      await store.read(async (tx) =>
        statusChangesAfterQuery(
          tx,
          { slug: 'pompeo-masri-killed-in-tehran', changedAt: '2021-01-12', id: 9 },
          500,
        ).toSQL(),
      ),
    );
    const links = await planOfStatement(
      await store.read(async (tx) =>
        linksAfterQuery(tx, ['pompeo-masri-killed-in-tehran', 'iran-no-al-qaeda'], 500).toSQL(),
      ),
    );
    for (const text of [history, links]) {
      expect(text).toMatch(/SEARCH \w+ USING INDEX claims_slug_unique \(slug>\?\)/);
      // Only the few rows of one claim are put in order, never the whole page's.
      expect(text).not.toMatch(/TEMP B-TREE FOR ORDER BY/);
    }
  });
});

describe('the stored counts are read in order from an index', () => {
  const plan = (text: string) =>
    store.read(async (tx) =>
      (clientOf(tx).prepare(`EXPLAIN QUERY PLAN ${text}`).all() as { detail: string }[])
        .map((row) => row.detail)
        .join('\n'),
    );

  it('the claimants by claim count and the tags by use, with no sort of every actor or tag', async () => {
    const claimants = await plan(
      'SELECT id FROM actors WHERE claim_count > 0 ORDER BY claim_count DESC, slug LIMIT 100',
    );
    expect(claimants).toContain('actors_claim_count_idx');
    expect(claimants).not.toContain('TEMP B-TREE');
    const tags = await plan('SELECT tag FROM tag_counts ORDER BY claim_count DESC, tag LIMIT 1000');
    expect(tags).toContain('tag_counts_claim_count_idx');
    expect(tags).not.toContain('TEMP B-TREE');
  });
});

describe('the lists of sources, actors and audit entries walk an index in their order', () => {
  const planOfQuery = (query: ReturnType<typeof listFilters>[number][1]) =>
    store.read(async (tx) => {
      const { sql, params } = query(tx).toSQL();
      return (
        clientOf(tx)
          .prepare(`EXPLAIN QUERY PLAN ${sql}`)
          .all(...params) as { detail: string }[]
      )
        .map((row) => row.detail)
        .join('\n');
    });

  it.each(listFilters())('%s', async (_, query, index) => {
    const text = await planOfQuery(query);
    expect(text).toMatch(index);
    expect(text).not.toMatch(/TEMP B-TREE/);
  });
});
