import { type Db, inTransaction } from '../../db/client.js';
import type { EvidenceRow } from '../../db/schema.js';
import type { WriteContext } from '../../lib/api-schemas.js';
import { nowIso } from '../../lib/dates.js';
import { changedFields } from '../../lib/diff.js';
import { assertCurrent } from '../../lib/etag.js';
import { newId } from '../../lib/ids.js';
import { ConflictError, UnprocessableError } from '../../lib/problem.js';
import { referenced } from '../../lib/references.js';
import { chooseSlug } from '../../lib/slugs.js';
import type { QuoteSelector } from '../../lib/text-anchor.js';
import { unbackedVerdict } from '../../lib/verdicts.js';
import { recordAudit } from '../audit/audit.service.js';
import { requireClaim } from '../claims/claims.service.js';
import { touchClaim } from '../claims/claims.write-repository.js';
import { findSource } from '../sources/sources.repository.js';
import { anchorInSource } from '../sources/sources.service.js';
import {
  deleteEvidenceRow,
  type EvidenceValues,
  findEvidence,
  insertEvidence,
  stanceCounts,
  updateEvidence,
} from './evidence.repository.js';
import type { Evidence, EvidenceCreate, EvidencePatch } from './evidence.schemas.js';
import { getEvidence, requireEvidence } from './evidence.service.js';

/** Adds, changes and removes evidence; the claim's version moves on with it (its count changes). */

export function createEvidence(
  db: Db,
  claimRef: string,
  input: EvidenceCreate,
  { by, ifMatch }: WriteContext,
): Evidence {
  return inTransaction(db, () => {
    const claim = requireClaim(db, claimRef);
    assertCurrent('claim', claim.version, ifMatch);
    const id = newId('evidence');
    const values: EvidenceValues = {
      id,
      slug: claimSlug(db, input.slug, input.summary),
      claimId: claim.id,
      stance: input.stance,
      summary: input.summary,
      ...citation(db, input.sourceId ?? null, input.quote ?? null),
      url: input.url ?? null,
    };
    const now = nowIso();
    insertEvidence(db, values, now);
    touchClaim(db, claim.id, now);
    recordAudit(
      db,
      { by, action: 'create', entityType: 'evidence', entityId: id, after: values },
      now,
    );
    return getEvidence(db, id);
  });
}

export function patchEvidence(
  db: Db,
  idOrSlug: string,
  patch: EvidencePatch,
  ctx: WriteContext,
): Evidence {
  return inTransaction(db, () => {
    const before = requireEvidence(db, idOrSlug);
    assertCurrent('evidence item', before.version, ctx.ifMatch);
    const { sourceId, quote, ...fields } = patch;
    const cites = sourceId !== undefined || quote !== undefined;
    const changes = changedFields(before, {
      ...fields,
      ...(cites
        ? citation(
            db,
            sourceId === undefined ? before.sourceId : sourceId,
            quote === undefined ? storedQuote(before) : quote,
          )
        : {}),
    } satisfies Partial<EvidenceValues>);
    if (changes.slug !== undefined) claimSlug(db, changes.slug, '');
    if (changes.stance) assertStillBacked(db, before, changes.stance);
    if (Object.keys(changes).length === 0) return getEvidence(db, before.id);
    const now = nowIso();
    updateEvidence(db, before.id, changes, now);
    touchClaim(db, before.claimId, now);
    const after = requireEvidence(db, before.id);
    recordAudit(
      db,
      { by: ctx.by, action: 'update', entityType: 'evidence', entityId: before.id, before, after },
      now,
    );
    return getEvidence(db, before.id);
  });
}

export function deleteEvidence(db: Db, idOrSlug: string, ctx: WriteContext): void {
  inTransaction(db, () => {
    const before = requireEvidence(db, idOrSlug);
    assertCurrent('evidence item', before.version, ctx.ifMatch);
    assertStillBacked(db, before, null);
    const now = nowIso();
    deleteEvidenceRow(db, before.id);
    touchClaim(db, before.claimId, now);
    recordAudit(
      db,
      { by: ctx.by, action: 'delete', entityType: 'evidence', entityId: before.id, before },
      now,
    );
  });
}

/** Refuses to take away the last item a claim's verdict rests on (409). */
function assertStillBacked(
  db: Db,
  item: EvidenceRow,
  newStance: EvidenceRow['stance'] | null,
): void {
  const claim = requireClaim(db, item.claimId);
  const counts = stanceCounts(db, claim.id);
  counts[item.stance] = (counts[item.stance] ?? 0) - 1;
  if (newStance) counts[newStance] = (counts[newStance] ?? 0) + 1;
  const broken = unbackedVerdict(claim.status, counts);
  if (broken) {
    throw new ConflictError(
      `Evidence '${item.slug}' backs the verdict of claim '${claim.slug}': ${broken}. Change the claim's status first.`,
    );
  }
}

/** The cited source and the quote anchored in it, as stored columns. */
function citation(db: Db, sourceRef: string | null, quote: QuoteSelector | null) {
  if (quote && !sourceRef) {
    throw new UnprocessableError('quote-without-source', 'A quote needs the source it is in.', [
      { path: 'body.sourceId', message: 'is needed with a quote' },
    ]);
  }
  if (!sourceRef) return { sourceId: null, quoteExact: null, quoteStart: null, quoteEnd: null };
  if (!quote) {
    const source = referenced(findSource(db, sourceRef), 'source', sourceRef, 'body.sourceId');
    return { sourceId: source.id, quoteExact: null, quoteStart: null, quoteEnd: null };
  }
  const at = anchorInSource(db, sourceRef, quote, 'body.quote');
  if (!at.ok)
    throw new UnprocessableError('quote-not-anchored', 'The quote could not be anchored.', [
      at.error,
    ]);
  return { sourceId: at.sourceId, quoteExact: at.exact, quoteStart: at.start, quoteEnd: at.end };
}

function storedQuote(row: EvidenceRow): QuoteSelector | null {
  return row.quoteExact === null || row.quoteStart === null || row.quoteEnd === null
    ? null
    : { exact: row.quoteExact, start: row.quoteStart, end: row.quoteEnd };
}

function claimSlug(db: Db, wanted: string | undefined, label: string): string {
  return chooseSlug(wanted, label, (slug) => findEvidence(db, slug) !== null, 'evidence item');
}
