import type { EvidenceRow } from '../../db/schema.js';
import { storedQuote } from './evidence.queries.js';
import type { EvidenceValues } from './evidence.repository.js';
import type { EvidenceRecord } from './evidence.schemas.js';

/**
 * Evidence as a bundle record and back: export writes exactly what an import restores, so that
 * exporting, importing into an empty database and exporting again gives the same output.
 */

/** The record an export writes; the claim and source named by slug. */
export function toEvidenceRecord(
  row: EvidenceRow,
  claimSlug: string,
  sourceSlug: string | null,
): EvidenceRecord {
  return {
    id: row.id,
    slug: row.slug,
    claim: claimSlug,
    stance: row.stance,
    summary: row.summary,
    source: sourceSlug,
    quote: storedQuote(row),
    url: row.url,
  };
}

/** The columns an import writes, with the references it resolved to ids. */
export function evidenceValuesOf(
  record: EvidenceRecord,
  ids: { id: string; claimId: string; sourceId: string | null },
): EvidenceValues {
  return {
    id: ids.id,
    slug: record.slug,
    claimId: ids.claimId,
    stance: record.stance,
    summary: record.summary,
    sourceId: ids.sourceId,
    quoteExact: record.quote?.exact ?? null,
    quoteStart: record.quote?.start ?? null,
    quoteEnd: record.quote?.end ?? null,
    url: record.url ?? null,
  };
}
