import type { EvidenceRow } from '../../db/schema.js';
import type { Tx } from '../../db/store.js';
import { fieldPath, type Outcome, type WriteContext } from '../../lib/api-schemas.js';
import { nowIso } from '../../lib/dates.js';
import { changedFields } from '../../lib/diff.js';
import { newId } from '../../lib/ids.js';
import { ConflictError, UnprocessableError } from '../../lib/problem.js';
import { referenced } from '../../lib/references.js';
import { chooseSlug } from '../../lib/slugs.js';
import type { QuoteSelector } from '../../lib/text-anchor.js';
import { assertCurrent } from '../../lib/versions.js';
import { recordAudit } from '../audit/audit.commands.js';
import type { KnownTarget } from '../claims/claims.commands.js';
import { requireClaim } from '../claims/claims.queries.js';
import { touchClaim } from '../claims/claims.rows.js';
import { unbackedVerdict } from '../claims/verdicts.js';
import { anchorInSource } from '../sources/sources.queries.js';
import { findSource } from '../sources/sources.repository.js';
import { countEvidenceMove } from './evidence.counts.js';
import { getEvidence, requireEvidence, storedQuote } from './evidence.queries.js';
import {
  deleteEvidenceRow,
  type EvidenceValues,
  evidenceIdOf,
  findEvidence,
  insertEvidence,
  stanceCounts,
  updateEvidence,
} from './evidence.repository.js';
import type { Evidence, EvidenceCreate, EvidencePatch } from './evidence.schemas.js';

/**
 * Every write to evidence, from the API and from imports, with the rules of the resource: a quote
 * needs its source, slugs are unique, the item a verdict rests on stays. The claim's version moves
 * on with its evidence (its representation counts the items).
 */

export async function createEvidence(
  tx: Tx,
  claimRef: string,
  input: EvidenceCreate,
  ctx: WriteContext,
): Promise<Evidence> {
  const claim = await requireClaim(tx, claimRef);
  assertCurrent('claim', claim.version, ctx.ifMatch);
  const id = newId('evidence');
  const values: EvidenceValues = {
    id,
    slug: await chooseSlug(
      input.slug,
      input.summary,
      (slug) => slugTaken(tx, slug),
      'evidence item',
    ),
    claimId: claim.id,
    stance: input.stance,
    summary: input.summary,
    ...(await citation(tx, input.sourceId ?? null, input.quote ?? null, ctx)),
    url: input.url ?? null,
  };
  const now = nowIso();
  await insertEvidence(tx, values, now);
  await countEvidenceMove(tx, ctx, null, claim.id);
  await touchClaim(tx, claim.id, now);
  await recordAudit(
    tx,
    { by: ctx.by, action: 'create', entityType: 'evidence', entityId: id, after: values },
    now,
  );
  return getEvidence(tx, id);
}

export async function patchEvidence(
  tx: Tx,
  idOrSlug: string,
  patch: EvidencePatch,
  ctx: WriteContext,
): Promise<Evidence> {
  const before = await requireEvidence(tx, idOrSlug);
  assertCurrent('evidence item', before.version, ctx.ifMatch);
  const { sourceId, quote, ...fields } = patch;
  const cites = sourceId !== undefined || quote !== undefined;
  const changes = changedFields(before, {
    ...fields,
    ...(cites
      ? await citation(
          tx,
          sourceId === undefined ? before.sourceId : sourceId,
          quote === undefined ? storedQuote(before) : quote,
          ctx,
        )
      : {}),
  } satisfies Partial<EvidenceValues>);
  if (Object.keys(changes).length === 0) return getEvidence(tx, before.id);
  if (changes.slug !== undefined) await assertSlugFree(tx, changes.slug, before.id);
  await assertStillBacked(tx, before, { ...before, ...changes });
  const now = nowIso();
  await updateEvidence(tx, before.id, changes, now);
  await touchClaim(tx, before.claimId, now);
  const after = await requireEvidence(tx, before.id);
  await recordAudit(
    tx,
    { by: ctx.by, action: 'update', entityType: 'evidence', entityId: before.id, before, after },
    now,
  );
  return getEvidence(tx, before.id);
}

export async function deleteEvidence(tx: Tx, idOrSlug: string, ctx: WriteContext): Promise<void> {
  const before = await requireEvidence(tx, idOrSlug);
  assertCurrent('evidence item', before.version, ctx.ifMatch);
  await assertStillBacked(tx, before, null);
  const now = nowIso();
  await deleteEvidenceRow(tx, before.id);
  await countEvidenceMove(tx, ctx, before.claimId, null);
  await touchClaim(tx, before.claimId, now);
  await recordAudit(
    tx,
    { by: ctx.by, action: 'delete', entityType: 'evidence', entityId: before.id, before },
    now,
  );
}

/**
 * An import's evidence item, references already resolved to ids (the claim and source may be
 * written later by the same import: foreign keys are checked at commit). Quote offsets are not
 * checked here: the importer checks every anchor in bulk at the end, with the same definition as
 * the API's (AnchoredText). A change bumps the claims it touches unless `keepVersion` says the
 * import made that claim (a new claim has no earlier version to move on from).
 */
export async function upsertEvidence(
  tx: Tx,
  values: EvidenceValues,
  ctx: WriteContext,
  now: string,
  keepVersion: (claimId: string) => Promise<boolean>,
  known: KnownTarget = {},
): Promise<Outcome> {
  assertQuoteHasSource(values.quoteExact != null, values.sourceId != null, ctx);
  if (!known.fresh) await assertSlugFree(tx, values.slug, values.id);
  const stored = known.fresh ? null : await findEvidence(tx, values.id);
  const outcome = outcomeOf(stored, values);
  if (outcome === 'unchanged') return outcome;
  if (stored) {
    // An import checks every verdict against its evidence once all records are in.
    if (!ctx.deferred) {
      await assertStillBacked(tx, stored, { claimId: values.claimId, stance: values.stance });
    }
    await updateEvidence(tx, values.id, values, now);
  } else {
    await insertEvidence(tx, values, now);
  }
  await countEvidenceMove(tx, ctx, stored?.claimId ?? null, values.claimId);
  const claims = new Set([values.claimId, ...(stored ? [stored.claimId] : [])]);
  for (const claimId of claims) {
    if (!(await keepVersion(claimId))) await touchClaim(tx, claimId, now);
  }
  await recordAudit(
    tx,
    {
      by: ctx.by,
      action: outcome === 'created' ? 'create' : 'update',
      entityType: 'evidence',
      entityId: values.id,
      before: stored,
      after: values,
    },
    now,
  );
  return outcome;
}

/** Created when nothing is stored; unchanged when every given field already has that value. */
function outcomeOf(stored: EvidenceRow | null, values: EvidenceValues): Outcome {
  if (!stored) return 'created';
  return Object.keys(changedFields(stored, values)).length === 0 ? 'unchanged' : 'updated';
}

/**
 * Refuses to take away an item a claim's verdict rests on (409): its removal (`after` null), a
 * change of stance, or a move to another claim.
 */
async function assertStillBacked(
  tx: Tx,
  item: EvidenceRow,
  after: Pick<EvidenceRow, 'claimId' | 'stance'> | null,
): Promise<void> {
  const stays = after !== null && after.claimId === item.claimId;
  if (stays && after.stance === item.stance) return;
  const claim = await requireClaim(tx, item.claimId);
  const counts = await stanceCounts(tx, claim.id);
  counts[item.stance] = (counts[item.stance] ?? 0) - 1;
  if (stays) counts[after.stance] = (counts[after.stance] ?? 0) + 1;
  const broken = unbackedVerdict(claim.status, counts);
  if (broken) {
    throw new ConflictError(
      `Evidence '${item.slug}' backs the verdict of claim '${claim.slug}': ${broken}. Change the claim's status first.`,
    );
  }
}

/** A quote is words of a source: without the source it cannot be placed (422). */
function assertQuoteHasSource(hasQuote: boolean, hasSource: boolean, ctx: WriteContext): void {
  if (hasQuote && !hasSource) {
    throw new UnprocessableError('quote-without-source', 'A quote needs the source it is in.', [
      { path: fieldPath(ctx, 'quote'), message: 'a quote needs the source it is in' },
    ]);
  }
}

/** The cited source and the quote anchored in it, as stored columns (API input). */
async function citation(
  tx: Tx,
  sourceRef: string | null,
  quote: QuoteSelector | null,
  ctx: WriteContext,
): Promise<Pick<EvidenceValues, 'sourceId' | 'quoteExact' | 'quoteStart' | 'quoteEnd'>> {
  assertQuoteHasSource(quote !== null, sourceRef !== null, ctx);
  if (!sourceRef) return { sourceId: null, quoteExact: null, quoteStart: null, quoteEnd: null };
  if (!quote) {
    const path = fieldPath(ctx, 'sourceId');
    const source = referenced(await findSource(tx, sourceRef), 'source', sourceRef, path);
    return { sourceId: source.id, quoteExact: null, quoteStart: null, quoteEnd: null };
  }
  const at = await anchorInSource(tx, sourceRef, quote, fieldPath(ctx, 'quote'));
  if (!at.ok) {
    throw new UnprocessableError('quote-not-anchored', 'The quote could not be anchored.', [
      at.error,
    ]);
  }
  return { sourceId: at.sourceId, quoteExact: at.exact, quoteStart: at.start, quoteEnd: at.end };
}

async function slugTaken(tx: Tx, slug: string): Promise<boolean> {
  return (await findEvidence(tx, slug)) !== null;
}

async function assertSlugFree(tx: Tx, slug: string, ownId: string): Promise<void> {
  const holder = await evidenceIdOf(tx, slug);
  if (holder !== null && holder !== ownId) {
    throw new ConflictError(`The slug '${slug}' is taken by another evidence item.`);
  }
}
