import type { EvidenceRow } from '../../db/schema.js';
import type { Tx } from '../../db/store.js';
import type { Page, PageQuery } from '../../lib/api-schemas.js';
import { keysetList } from '../../lib/cursor.js';
import { optional } from '../../lib/maps.js';
import { NotFoundError } from '../../lib/problem.js';
import { requireClaim } from '../claims/claims.queries.js';
import { sourceSummaries } from '../sources/sources.repository.js';
import { evidencePage, findEvidence } from './evidence.repository.js';
import type { Evidence } from './evidence.schemas.js';

/** The position of evidence in a claim's list of it: when it was added, then its slug. */
const EVIDENCE_ORDER = 'evidence';

export async function listClaimEvidence(
  tx: Tx,
  claimIdOrSlug: string,
  query: PageQuery,
): Promise<Page<Evidence>> {
  const claim = await requireClaim(tx, claimIdOrSlug);
  const page = await keysetList(
    query,
    { order: EVIDENCE_ORDER, filters: { claim: claim.id } },
    (after, limit) => evidencePage(tx, claim.id, after, limit),
    (last) => ({ key: last.createdAt, tie: last.slug }),
  );
  return { items: await toEvidence(tx, page.items), nextCursor: page.nextCursor };
}

export async function requireEvidence(tx: Tx, idOrSlug: string): Promise<EvidenceRow> {
  const row = await findEvidence(tx, idOrSlug);
  if (!row) throw new NotFoundError('evidence item', idOrSlug);
  return row;
}

export async function getEvidence(tx: Tx, idOrSlug: string): Promise<Evidence> {
  const [item] = await toEvidence(tx, [await requireEvidence(tx, idOrSlug)]);
  if (!item) throw new NotFoundError('evidence item', idOrSlug);
  return item;
}

async function toEvidence(tx: Tx, rows: EvidenceRow[]): Promise<Evidence[]> {
  const sources = await sourceSummaries(
    tx,
    rows.flatMap((row) => (row.sourceId ? [row.sourceId] : [])),
  );
  return rows.map((row) => ({
    id: row.id,
    slug: row.slug,
    claimId: row.claimId,
    stance: row.stance,
    summary: row.summary,
    source: optional(sources, row.sourceId),
    quote: storedQuote(row),
    url: row.url,
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  }));
}

/** The quote as stored, or null when the item quotes nothing. */
export function storedQuote(
  row: EvidenceRow,
): { exact: string; start: number; end: number } | null {
  return row.quoteExact === null || row.quoteStart === null || row.quoteEnd === null
    ? null
    : { exact: row.quoteExact, start: row.quoteStart, end: row.quoteEnd };
}
