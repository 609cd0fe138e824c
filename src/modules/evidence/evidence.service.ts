import type { Db } from '../../db/client.js';
import type { EvidenceRow } from '../../db/schema.js';
import { optional } from '../../lib/maps.js';
import { NotFoundError } from '../../lib/problem.js';
import { requireClaim } from '../claims/claims.service.js';
import { sourceSummaries } from '../sources/sources.repository.js';
import { evidenceOf, findEvidence } from './evidence.repository.js';
import type { Evidence } from './evidence.schemas.js';

export function listClaimEvidence(db: Db, claimIdOrSlug: string): Evidence[] {
  const claim = requireClaim(db, claimIdOrSlug);
  return toEvidence(db, evidenceOf(db, claim.id));
}

export function requireEvidence(db: Db, idOrSlug: string): EvidenceRow {
  const row = findEvidence(db, idOrSlug);
  if (!row) throw new NotFoundError('evidence item', idOrSlug);
  return row;
}

export function getEvidence(db: Db, idOrSlug: string): Evidence {
  const [item] = toEvidence(db, [requireEvidence(db, idOrSlug)]);
  if (!item) throw new NotFoundError('evidence item', idOrSlug);
  return item;
}

function toEvidence(db: Db, rows: EvidenceRow[]): Evidence[] {
  const sources = sourceSummaries(
    db,
    rows.flatMap((row) => (row.sourceId ? [row.sourceId] : [])),
  );
  return rows.map((row) => ({
    id: row.id,
    slug: row.slug,
    claimId: row.claimId,
    stance: row.stance,
    summary: row.summary,
    source: optional(sources, row.sourceId),
    quote:
      row.quoteExact !== null && row.quoteStart !== null && row.quoteEnd !== null
        ? { exact: row.quoteExact, start: row.quoteStart, end: row.quoteEnd }
        : null,
    url: row.url,
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  }));
}
