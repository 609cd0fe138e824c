import { type Db, inTransaction } from '../../db/client.js';
import type { ClaimRow } from '../../db/schema.js';
import type { WriteContext } from '../../lib/api-schemas.js';
import { nowIso } from '../../lib/dates.js';
import { changedFields } from '../../lib/diff.js';
import { assertCurrent } from '../../lib/etag.js';
import { newId } from '../../lib/ids.js';
import { type FieldError, UnprocessableError, ValidationError } from '../../lib/problem.js';
import { referenced } from '../../lib/references.js';
import { chooseSlug } from '../../lib/slugs.js';
import { unbackedVerdict } from '../../lib/verdicts.js';
import { findActor } from '../actors/actors.repository.js';
import { recordAudit } from '../audit/audit.service.js';
import { evidenceOf, stanceCounts } from '../evidence/evidence.repository.js';
import { findSource } from '../sources/sources.repository.js';
import { anchorInSource } from '../sources/sources.service.js';
import { findClaim, linksOf, quotesOf, tagsByClaim } from './claims.repository.js';
import type { Claim, ClaimCreate, ClaimPatch, QuoteInput, StatusInput } from './claims.schemas.js';
import { getClaim, requireClaim } from './claims.service.js';
import {
  appendStatusChange,
  type ClaimValues,
  deleteClaimRow,
  insertClaim,
  normalizeQuote,
  type QuoteValues,
  replaceQuotes,
  replaceTags,
  touchClaim,
  updateClaim,
} from './claims.write-repository.js';

/** Creates, changes and deletes claims and their verdicts, each write audited in its transaction. */

export function createClaim(db: Db, input: ClaimCreate, { by }: WriteContext): Claim {
  return inTransaction(db, () => getClaim(db, insertNewClaim(db, input, by, nowIso(), 'body')));
}

/** Inserts a claim with its tags, quotes and first status (inside the caller's transaction). */
export function insertNewClaim(
  db: Db,
  input: ClaimCreate,
  by: string | null,
  now: string,
  path: string,
): string {
  const id = newId('claim');
  const claimant = referenced(
    findActor(db, input.claimantId),
    'actor',
    input.claimantId,
    `${path}.claimantId`,
  );
  const quotes = anchorQuotes(db, input.quotes ?? [], `${path}.quotes`);
  const values: ClaimValues = {
    id,
    slug: claimSlug(db, input.slug, input.text),
    text: input.text,
    language: input.language ?? 'en',
    claimantId: claimant.id,
    statedAt: input.statedAt,
    status: 'unverified',
    statusNote: null,
  };
  const tags = [...new Set(input.tags ?? [])].sort();
  insertClaim(db, values, now);
  replaceTags(db, id, tags, true);
  replaceQuotes(db, id, quotes, true);
  appendStatusChange(
    db,
    { claimId: id, status: 'unverified', previousStatus: null, note: null, changedBy: by },
    now,
  );
  recordAudit(
    db,
    { by, action: 'create', entityType: 'claim', entityId: id, after: { ...values, tags, quotes } },
    now,
  );
  return id;
}

export function patchClaim(db: Db, idOrSlug: string, patch: ClaimPatch, ctx: WriteContext): Claim {
  return inTransaction(db, () => {
    const before = requireClaim(db, idOrSlug);
    assertCurrent('claim', before.version, ctx.ifMatch);
    const { tags, quotes, claimantId, ...fields } = patch;
    const changes = changedFields(before, {
      ...fields,
      ...(claimantId !== undefined
        ? {
            claimantId: referenced(
              findActor(db, claimantId),
              'actor',
              claimantId,
              'body.claimantId',
            ).id,
          }
        : {}),
    } satisfies Partial<ClaimValues>);
    if (changes.slug !== undefined) claimSlug(db, changes.slug, '');
    const statusChanged = changes.status !== undefined;
    if (statusChanged && patch.statusNote === undefined) {
      throw new ValidationError('A status change needs a note.', [
        { path: 'body.statusNote', message: 'is needed when the status changes' },
      ]);
    }
    if (changes.status) assertVerdictBacked(db, before.id, changes.status);

    const tagsBefore = tagsByClaim(db, [before.id]).get(before.id) ?? [];
    const newTags = tags === undefined ? undefined : [...new Set(tags)].sort();
    const tagsChanged =
      newTags !== undefined && JSON.stringify(newTags) !== JSON.stringify(tagsBefore);
    const quotesBefore = quotesOf(db, before.id).map(normalizeQuote);
    const newQuotes = quotes === undefined ? undefined : anchorQuotes(db, quotes, 'body.quotes');
    const quotesChanged =
      newQuotes !== undefined && JSON.stringify(newQuotes) !== JSON.stringify(quotesBefore);
    if (Object.keys(changes).length === 0 && !tagsChanged && !quotesChanged)
      return getClaim(db, before.id);

    const now = nowIso();
    updateClaim(db, before.id, changes, now);
    if (tagsChanged && newTags) replaceTags(db, before.id, newTags);
    if (quotesChanged && newQuotes) replaceQuotes(db, before.id, newQuotes);
    // A verdict's note is part of the verdict: rewording it is recorded like a status change.
    if (statusChanged || changes.statusNote !== undefined) {
      appendStatusChange(
        db,
        {
          claimId: before.id,
          status: changes.status ?? before.status,
          previousStatus: before.status,
          note: changes.statusNote ?? before.statusNote,
          changedBy: ctx.by,
        },
        now,
      );
    }
    recordAudit(
      db,
      {
        by: ctx.by,
        action: 'update',
        entityType: 'claim',
        entityId: before.id,
        before: {
          ...before,
          ...(tagsChanged ? { tags: tagsBefore } : {}),
          ...(quotesChanged ? { quotes: quotesBefore } : {}),
        },
        after: {
          ...requireClaim(db, before.id),
          ...(tagsChanged ? { tags: newTags } : {}),
          ...(quotesChanged ? { quotes: newQuotes } : {}),
        },
      },
      now,
    );
    return getClaim(db, before.id);
  });
}

/** Deletes a claim with its quotes, tags, links, evidence and history (foreign keys cascade). */
export function deleteClaim(db: Db, idOrSlug: string, ctx: WriteContext): void {
  inTransaction(db, () => {
    const before = requireClaim(db, idOrSlug);
    assertCurrent('claim', before.version, ctx.ifMatch);
    const now = nowIso();
    const links = linksOf(db, before.id);
    const evidence = evidenceOf(db, before.id).map((item) => item.id);
    const tags = tagsByClaim(db, [before.id]).get(before.id) ?? [];
    const quotes = quotesOf(db, before.id).map(normalizeQuote);
    deleteClaimRow(db, before.id);
    // The claims it was linked to show it no more: their representations change.
    const others = new Set(Object.values(links).flat());
    for (const other of others) touchClaim(db, other, now);
    recordAudit(
      db,
      {
        by: ctx.by,
        action: 'delete',
        entityType: 'claim',
        entityId: before.id,
        before: { ...before, tags, quotes, links, evidence },
      },
      now,
    );
  });
}

/** Records a verdict: the status, its note, who and when, in the claim and its history. */
export function changeStatus(
  db: Db,
  idOrSlug: string,
  input: StatusInput,
  ctx: WriteContext,
): Claim {
  return inTransaction(db, () => {
    const before = requireClaim(db, idOrSlug);
    assertCurrent('claim', before.version, ctx.ifMatch);
    assertVerdictBacked(db, before.id, input.status);
    const now = nowIso();
    updateClaim(db, before.id, { status: input.status, statusNote: input.note }, now);
    appendStatusChange(
      db,
      {
        claimId: before.id,
        status: input.status,
        previousStatus: before.status,
        note: input.note,
        changedBy: ctx.by,
      },
      now,
    );
    recordAudit(
      db,
      {
        by: ctx.by,
        action: 'status',
        entityType: 'claim',
        entityId: before.id,
        before: { status: before.status, statusNote: before.statusNote },
        after: { status: input.status, statusNote: input.note },
      },
      now,
    );
    return getClaim(db, before.id);
  });
}

function assertVerdictBacked(db: Db, claimId: string, status: ClaimRow['status']): void {
  const broken = unbackedVerdict(status, stanceCounts(db, claimId));
  if (broken) {
    throw new UnprocessableError(
      'verdict-needs-evidence',
      `A ${status} verdict rests on evidence: ${broken}.`,
      [{ path: 'body.status', message: broken }],
    );
  }
}

/** Anchors every quote in its source's text, or fails naming each one that cannot be (422). */
function anchorQuotes(db: Db, inputs: QuoteInput[], path: string): QuoteValues[] {
  const errors: FieldError[] = [];
  const anchored = inputs.map((input, i): QuoteValues | null => {
    const at = anchorInSource(db, input.sourceId, input, `${path}.${i}`);
    if (!at.ok) {
      errors.push(at.error);
      return null;
    }
    const speaker = input.speakerId ? findActor(db, input.speakerId) : null;
    if (input.speakerId && !speaker) {
      errors.push({
        path: `${path}.${i}.speakerId`,
        message: `no actor has the id or slug '${input.speakerId}'`,
      });
    }
    const original = input.originalSourceId ? findSource(db, input.originalSourceId) : null;
    if (input.originalSourceId && !original) {
      errors.push({
        path: `${path}.${i}.originalSourceId`,
        message: `no source has the id or slug '${input.originalSourceId}'`,
      });
    }
    return {
      sourceId: at.sourceId,
      exact: at.exact,
      start: at.start,
      end: at.end,
      speakerId: speaker?.id ?? null,
      originalSourceId: original?.id ?? null,
    };
  });
  if (errors.length > 0) {
    throw new UnprocessableError(
      'quote-not-anchored',
      `${errors.length} quote problem(s); nothing was written.`,
      errors,
    );
  }
  return anchored.filter((quote): quote is QuoteValues => quote !== null);
}

function claimSlug(db: Db, wanted: string | undefined, label: string): string {
  return chooseSlug(wanted, label, (slug) => findClaim(db, slug) !== null, 'claim');
}
