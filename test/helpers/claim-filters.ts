import { toSearch } from '../../src/db/search.js';
import type { ClaimFilter, Driver } from '../../src/modules/claims/claims.pages.js';
import type { ClaimSort } from '../../src/modules/claims/claims.schemas.js';

/** One value of every filter the claim lists offer. */
export const FILTERS: Record<string, ClaimFilter> = {
  status: { statuses: ['refuted'] },
  statuses: { statuses: ['refuted', 'disputed'] },
  claimant: { claimantId: 'act_x' },
  source: { sourceId: 'src_x' },
  tag: { tag: 'iran' },
  language: { language: 'de' },
  statedFrom: { statedFrom: '2010-01-12' },
  statedTo: { statedTo: '2010-12-31' },
  linkedTo: { linkedTo: { claimId: 'clm_x', kind: 'rebuts' } },
  q: { match: toSearch('iran security') },
};

/** No filter, each filter alone, and every pair of them. */
export function combinations(): [string, ClaimFilter][] {
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

/**
 * Every driver the plan may choose for these filters: a small tag's walk or a bounded set it
 * fetches and sorts (which one depends on the sets' sizes), or the one index it walks when every
 * set is large.
 */
export function driversFor(filter: ClaimFilter, sort: ClaimSort): Driver[] {
  if (filter.match && sort === 'relevance') return ['rank'];
  if (filter.linkedTo !== undefined) return ['set'];
  const fetched: Driver[] = [];
  if (filter.tag !== undefined) fetched.push('tag');
  if ((filter.statuses?.length ?? 0) > 1) fetched.push('statuses');
  if (filter.match) fetched.push('matches');
  const walked: Driver =
    filter.sourceId !== undefined
      ? 'source'
      : filter.claimantId !== undefined
        ? 'claimant'
        : filter.statuses?.length === 1
          ? 'status'
          : filter.language !== undefined
            ? 'language'
            : filter.tag !== undefined
              ? 'tag'
              : 'sort';
  return [...new Set([...fetched, walked])];
}
