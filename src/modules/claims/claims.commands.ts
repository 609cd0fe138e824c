import type { SQL } from 'drizzle-orm';
import type { ClaimRow } from '../../db/schema.js';
import type { Tx } from '../../db/store.js';
import { fieldPath, type Outcome, type WriteContext } from '../../lib/api-schemas.js';
import { nowIso } from '../../lib/dates.js';
import { changedFields } from '../../lib/diff.js';
import { newId } from '../../lib/ids.js';
import { ConflictError, type FieldError, UnprocessableError } from '../../lib/problem.js';
import { referenced } from '../../lib/references.js';
import { uniqueSlug } from '../../lib/slugs.js';
import type { AnchoredText } from '../../lib/text-anchor.js';
import { assertCurrent } from '../../lib/versions.js';
import type { ClaimAttribution, ClaimStatus, LinkKind } from '../../lib/vocabulary.js';
import { findActor } from '../actors/actors.repository.js';
import { recordAudit } from '../audit/audit.commands.js';
import { evidenceOf, stanceCounts } from '../evidence/evidence.repository.js';
import { anchorInSource } from '../sources/sources.queries.js';
import { findSource } from '../sources/sources.repository.js';
import {
  countClaimChange,
  countLinkChange,
  countNewClaim,
  countNewQuote,
  countRemovedClaim,
} from './claims.counts.js';
import { getClaim, requireClaim } from './claims.queries.js';
import {
  claimAndSlugHolder,
  claimIdOf,
  findClaim,
  findLink,
  hasQuote,
  hasStatusChange,
  lastQuotePosition,
  linksOf,
  quotesOf,
  reviewOf,
  tagsByClaim,
} from './claims.repository.js';
import {
  appendFirstStatusEntriesOf,
  appendStatusChange,
  type ClaimValues,
  deleteClaimRow,
  deleteReviewRow,
  insertClaim,
  insertQuoteAt,
  normalizeQuote,
  type QuoteValues,
  replaceQuotes,
  replaceTags,
  type StatusEntry,
  saveLink,
  saveProvenanceRow,
  saveReviewRow,
  touchClaim,
  updateClaim,
} from './claims.rows.js';
import type {
  Claim,
  ClaimCreate,
  ClaimPatch,
  ImportedReview,
  QuoteInput,
} from './claims.schemas.js';
import { unbackedVerdict } from './verdicts.js';

/**
 * Every rule a claim obeys, the API's claim writes (create, change, delete) and every write an
 * import makes (claims, quotes, links, history), so the API, the importers and the seed enforce
 * the rules the same way. The API's verdicts and links: claims.status-commands.ts and
 * claims.link-commands.ts.
 */

// --- Rules ---------------------------------------------------------------------------------

/** A status that differs from the one before (`unverified` for a new claim) needs a note saying why. */
export function assertStatusNote(
  previous: ClaimStatus,
  status: ClaimStatus,
  note: string | null | undefined,
  ctx: WriteContext,
): void {
  if (status === previous || (note ?? '').trim() !== '') return;
  throw new UnprocessableError(
    'status-needs-note',
    `A change of status to '${status}' needs a note saying why.`,
    [{ path: fieldPath(ctx, 'statusNote'), message: 'is needed when the status changes' }],
  );
}

/** A verdict rests on evidence (see verdicts.ts): 422 when the claim has none backing it. */
export async function assertVerdictBacked(
  tx: Tx,
  claimId: string,
  status: ClaimStatus,
  ctx: WriteContext,
): Promise<void> {
  const broken = unbackedVerdict(status, await stanceCounts(tx, claimId));
  if (broken) {
    throw new UnprocessableError(
      'verdict-needs-evidence',
      `A ${status} verdict rests on evidence: ${broken}.`,
      [{ path: fieldPath(ctx, 'status'), message: broken }],
    );
  }
}

/** A slug names one claim: 409 when another claim (not `ownId`) has it. */
async function assertSlugFree(
  tx: Tx,
  slug: string,
  ownId: string | null,
  ctx: WriteContext,
): Promise<void> {
  const owner = await claimIdOf(tx, slug);
  if (owner !== null && owner !== ownId) throw slugTaken(slug, owner, ctx);
}

function slugTaken(slug: string, owner: string, ctx: WriteContext): ConflictError {
  return new ConflictError(`The slug '${slug}' is taken by another claim.`, [
    { path: fieldPath(ctx, 'slug'), message: `belongs to claim ${owner}` },
  ]);
}

/** The slug asked for, or a free one made from the text (`-2`, `-3`… when taken). */
async function chooseClaimSlug(
  tx: Tx,
  wanted: string | undefined,
  text: string,
  ctx: WriteContext,
): Promise<string> {
  if (wanted === undefined)
    return uniqueSlug(text, async (slug) => (await findClaim(tx, slug)) !== null, 'claim');
  await assertSlugFree(tx, wanted, null, ctx);
  return wanted;
}

/** Anchors every quote in its source's text, or fails naming each one that cannot be (422). */
async function anchorQuotes(
  tx: Tx,
  inputs: QuoteInput[],
  ctx: WriteContext,
): Promise<QuoteValues[]> {
  const errors: FieldError[] = [];
  const anchored: QuoteValues[] = [];
  const texts = new Map<string, AnchoredText>();
  for (const [i, input] of inputs.entries()) {
    const at = await anchorInSource(
      tx,
      input.sourceId,
      input,
      fieldPath(ctx, `quotes.${i}`),
      texts,
    );
    if (!at.ok) errors.push(at.error);
    const speaker = input.speakerId ? await findActor(tx, input.speakerId) : null;
    if (input.speakerId && !speaker) {
      errors.push({
        path: fieldPath(ctx, `quotes.${i}.speakerId`),
        message: `no actor has the id or slug '${input.speakerId}'`,
      });
    }
    const original = input.originalSourceId ? await findSource(tx, input.originalSourceId) : null;
    if (input.originalSourceId && !original) {
      errors.push({
        path: fieldPath(ctx, `quotes.${i}.originalSourceId`),
        message: `no source has the id or slug '${input.originalSourceId}'`,
      });
    }
    if (at.ok) {
      anchored.push({
        sourceId: at.sourceId,
        exact: at.exact,
        start: at.start,
        end: at.end,
        speakerId: speaker?.id ?? null,
        originalSourceId: original?.id ?? null,
        wording: input.wording ?? 'verbatim',
      });
    }
  }
  if (errors.length > 0) {
    throw new UnprocessableError(
      'quote-not-anchored',
      `${errors.length} quote problem(s); nothing was written.`,
      errors,
    );
  }
  return anchored;
}

async function claimantOf(tx: Tx, ref: string | null, ctx: WriteContext): Promise<string | null> {
  if (ref === null) return null;
  return referenced(await findActor(tx, ref), 'actor', ref, fieldPath(ctx, 'claimantId')).id;
}

/** What a claim says of who states it, as the rule below reads it. */
type Attributed = {
  claimantId?: string | null;
  attribution?: ClaimAttribution;
  attributionNote?: string | null;
};

/**
 * Who states a claim is known, and said as the record knows it. A claim with no claimant is its
 * source's own statement (a news article's, whose author is not named): a quote must then show
 * which source states it, or the record could not say whose it is. The one exception is a claim a
 * fact-checker's review names no one for (a ClaimReview without author): the review is then what
 * the record knows of it, and no claimant is made up. An attribution note explains an inferred
 * claimant; on a stated one it would contradict what the claim says of itself.
 */
export async function assertAttribution(
  claim: Attributed,
  quotes: readonly unknown[],
  ctx: WriteContext,
  reviewed: () => Promise<boolean> = async () => false,
): Promise<void> {
  if (!claim.claimantId && quotes.length === 0 && !(await reviewed())) {
    throw new UnprocessableError(
      'claim-without-author',
      'A claim without a claimant must quote the source that states it.',
      [{ path: fieldPath(ctx, 'claimantId'), message: 'is null and the claim has no quote' }],
    );
  }
  if (claim.attributionNote && claim.attribution !== 'inferred') {
    throw new UnprocessableError(
      'attribution-note-without-inference',
      'An attribution note says why a claimant is inferred; this claim’s is stated.',
      [
        {
          path: fieldPath(ctx, 'attributionNote'),
          message: 'is given but attribution is not inferred',
        },
      ],
    );
  }
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

async function tagsOf(tx: Tx, claimId: string): Promise<string[]> {
  return (await tagsByClaim(tx, [claimId])).get(claimId) ?? [];
}

/** A claim cannot rebut or support itself. */
export function assertNotSelfLink(fromId: string, toId: string, ctx: WriteContext): void {
  if (fromId !== toId) return;
  throw new UnprocessableError('self-link', 'A claim cannot rebut or support itself.', [
    { path: fieldPath(ctx, 'claimId'), message: 'is the claim itself' },
  ]);
}

/** `note` absent: a stored link keeps its own (an import's record without one). */
export type LinkValues = {
  fromClaimId: string;
  toClaimId: string;
  kind: LinkKind;
  note?: string | null;
};

/** How the audit log names a link. */
export function linkId(fromId: string, toId: string): string {
  return `${fromId}→${toId}`;
}

// --- API -----------------------------------------------------------------------------------

export async function createClaim(tx: Tx, input: ClaimCreate, ctx: WriteContext): Promise<Claim> {
  return getClaim(tx, await insertNewClaim(tx, input, ctx, nowIso()));
}

/** Inserts a claim with its tags, quotes and first status; its id (also for a new rebuttal). */
export async function insertNewClaim(
  tx: Tx,
  input: ClaimCreate,
  ctx: WriteContext,
  now: string,
): Promise<string> {
  const id = newId('claim');
  const claimantId = await claimantOf(tx, input.claimantId, ctx);
  const quotes = await anchorQuotes(tx, input.quotes ?? [], ctx);
  const language = input.language ?? 'en';
  const values: ClaimValues = {
    id,
    slug: await chooseClaimSlug(tx, input.slug, input.text, ctx),
    text: input.text,
    language,
    claimantId,
    statedAt: input.statedAt,
    status: 'unverified',
    statusNote: null,
    attribution: input.attribution ?? 'stated',
    attributionNote: input.attributionNote ?? null,
    statedAtNote: input.statedAtNote ?? null,
  };
  await assertAttribution(values, quotes, ctx);
  const tags = [...new Set(input.tags ?? [])].sort();
  await insertClaim(tx, values, now);
  await replaceTags(tx, id, tags, true);
  await replaceQuotes(tx, id, quotes, true);
  await countNewClaim(tx, ctx, { claimantId, status: 'unverified', language, tags, quotes });
  await appendStatusChange(
    tx,
    { claimId: id, status: 'unverified', previousStatus: null, note: null, changedBy: ctx.by },
    now,
  );
  await recordAudit(
    tx,
    {
      by: ctx.by,
      action: 'create',
      entityType: 'claim',
      entityId: id,
      after: { ...values, tags, quotes },
    },
    now,
  );
  return id;
}

export async function patchClaim(
  tx: Tx,
  idOrSlug: string,
  patch: ClaimPatch,
  ctx: WriteContext,
): Promise<Claim> {
  const before = await requireClaim(tx, idOrSlug);
  assertCurrent('claim', before.version, ctx.ifMatch);
  const { tags, quotes, claimantId, ...fields } = patch;
  const changes = changedFields(before, {
    ...fields,
    ...(claimantId !== undefined ? { claimantId: await claimantOf(tx, claimantId, ctx) } : {}),
  } satisfies Partial<ClaimValues>);
  if (changes.slug !== undefined) await assertSlugFree(tx, changes.slug, before.id, ctx);
  const statusChanged = changes.status !== undefined;
  assertStatusNote(before.status, changes.status ?? before.status, patch.statusNote, ctx);
  if (changes.status) await assertVerdictBacked(tx, before.id, changes.status, ctx);

  const tagsBefore = await tagsOf(tx, before.id);
  const newTags = tags === undefined ? undefined : [...new Set(tags)].sort();
  const tagsChanged = newTags !== undefined && !sameJson(newTags, tagsBefore);
  const quotesBefore = (await quotesOf(tx, before.id)).map(normalizeQuote);
  const newQuotes = quotes === undefined ? undefined : await anchorQuotes(tx, quotes, ctx);
  const quotesChanged = newQuotes !== undefined && !sameJson(newQuotes, quotesBefore);
  if (Object.keys(changes).length === 0 && !tagsChanged && !quotesChanged)
    return getClaim(tx, before.id);
  const after = { ...before, ...changes };
  const quotesAfter = quotesChanged && newQuotes ? newQuotes : quotesBefore;
  await assertAttribution(
    after,
    quotesAfter,
    ctx,
    async () => (await reviewOf(tx, before.id)) !== null,
  );

  const now = nowIso();
  await updateClaim(tx, before.id, changes, now);
  if (tagsChanged && newTags) await replaceTags(tx, before.id, newTags);
  if (quotesChanged && newQuotes) await replaceQuotes(tx, before.id, newQuotes);
  await countClaimChange(
    tx,
    ctx,
    {
      claimantId: before.claimantId,
      status: before.status,
      language: before.language,
      tags: tagsBefore,
      quotes: quotesBefore,
    },
    {
      claimantId: after.claimantId,
      status: changes.status ?? before.status,
      language: changes.language ?? before.language,
      tags: tagsChanged && newTags ? newTags : tagsBefore,
      quotes: quotesAfter,
    },
  );
  // A verdict's note is part of the verdict: rewording it is recorded like a status change.
  if (statusChanged || changes.statusNote !== undefined) {
    await appendStatusChange(
      tx,
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
  await auditUpdate(tx, ctx, now, before, changes, {
    tags: tagsChanged ? [tagsBefore, newTags] : null,
    quotes: quotesChanged ? [quotesBefore, newQuotes] : null,
  });
  return getClaim(tx, before.id);
}

/** Deletes a claim with its quotes, tags, links, evidence and history (foreign keys cascade). */
export async function deleteClaim(tx: Tx, idOrSlug: string, ctx: WriteContext): Promise<void> {
  const before = await requireClaim(tx, idOrSlug);
  assertCurrent('claim', before.version, ctx.ifMatch);
  const now = nowIso();
  const links = await linksOf(tx, before.id);
  const evidence = (await evidenceOf(tx, before.id)).map((item) => item.id);
  const tags = await tagsOf(tx, before.id);
  const quotes = (await quotesOf(tx, before.id)).map(normalizeQuote);
  await deleteClaimRow(tx, before.id);
  await countRemovedClaim(tx, ctx, {
    claimantId: before.claimantId,
    status: before.status,
    language: before.language,
    tags,
    quotes,
    links,
  });
  // The claims it was linked to show it no more: their representations change.
  for (const other of new Set(Object.values(links).flat())) await touchClaim(tx, other, now);
  await recordAudit(
    tx,
    {
      by: ctx.by,
      action: 'delete',
      entityType: 'claim',
      entityId: before.id,
      before: { ...before, tags, quotes, links, evidence },
    },
    now,
  );
}

/** The audit row of a changed claim: its changed fields, and tags or quotes when they changed. */
async function auditUpdate(
  tx: Tx,
  ctx: WriteContext,
  now: string,
  before: ClaimRow,
  changes: Partial<ClaimValues>,
  related: {
    tags: [string[], string[] | undefined] | null;
    quotes: [unknown, unknown] | null;
    review?: [unknown, unknown] | null;
  },
): Promise<void> {
  await recordAudit(
    tx,
    {
      by: ctx.by,
      action: 'update',
      entityType: 'claim',
      entityId: before.id,
      before: {
        ...before,
        ...(related.tags ? { tags: related.tags[0] } : {}),
        ...(related.quotes ? { quotes: related.quotes[0] } : {}),
        ...(related.review ? { review: related.review[0] } : {}),
      },
      after: {
        ...before,
        ...changes,
        ...(related.tags ? { tags: related.tags[1] } : {}),
        ...(related.quotes ? { quotes: related.quotes[1] } : {}),
        ...(related.review ? { review: related.review[1] } : {}),
      },
    },
    now,
  );
}

// --- Imports -------------------------------------------------------------------------------

/**
 * A claim as an import gives it, references already resolved to ids. `status` absent: a stored
 * claim keeps its status and note; a new one starts `unverified`.
 */
/**
 * What a caller that has just looked in the same transaction knows about an upsert's target:
 * `fresh`, that no row holds its id or its slug (an import's reference resolution looks both up),
 * so the command need not look again. The UNIQUE constraints still stand behind it.
 */
export type KnownTarget = { fresh?: boolean };

export type ClaimUpsert = {
  values: {
    id: string;
    slug: string;
    text: string;
    language: string;
    claimantId: string | null;
    statedAt: string;
    status?: ClaimStatus;
    statusNote?: string | null;
    attribution?: ClaimAttribution;
    attributionNote?: string | null;
    statedAtNote?: string | null;
  };
  tags: string[];
  quotes: QuoteValues[];
  /** The imported review's rating; absent: a stored claim keeps its own; null: none. */
  review?: ImportedReview | null;
};

/**
 * Creates the claim or brings the stored one in line with the import. Quote anchoring and verdict
 * backing are not checked here: references may point forward, so the importer checks them for
 * every record at once when all are written, with the same definitions (AnchoredText.mismatch,
 * VERDICT_BACKING).
 */
export async function upsertClaim(
  tx: Tx,
  input: ClaimUpsert,
  ctx: WriteContext,
  now: string,
  known: KnownTarget = {},
): Promise<Outcome> {
  const { status: givenStatus, statusNote: givenNote, ...fields } = input.values;
  const tags = [...new Set(input.tags)].sort();
  const quotes = input.quotes.map(normalizeQuote);
  // A review given now, else (absent) the one the stored claim keeps.
  await assertAttribution(fields, quotes, ctx, async () =>
    input.review === undefined ? (await reviewOf(tx, fields.id)) !== null : input.review !== null,
  );
  const { stored, slugHolder } = known.fresh
    ? { stored: null, slugHolder: null }
    : await claimAndSlugHolder(tx, fields.id, fields.slug);
  if (slugHolder !== null) throw slugTaken(fields.slug, slugHolder, ctx);

  if (!stored) {
    const status = givenStatus ?? 'unverified';
    const statusNote = givenNote ?? null;
    assertStatusNote('unverified', status, statusNote, ctx);
    const values: ClaimValues = { ...fields, status, statusNote };
    await insertClaim(tx, values, now);
    await replaceTags(tx, fields.id, tags, true);
    await replaceQuotes(tx, fields.id, quotes, true);
    if (input.review) await saveReviewRow(tx, fields.id, input.review);
    await countNewClaim(tx, ctx, {
      claimantId: fields.claimantId,
      status,
      language: fields.language,
      tags,
      quotes,
    });
    // Its first history entry, unless the import brings its history: see appendFirstStatusEntries.
    await recordAudit(
      tx,
      {
        by: ctx.by,
        action: 'create',
        entityType: 'claim',
        entityId: fields.id,
        after: { ...values, tags, quotes, ...(input.review ? { review: input.review } : {}) },
      },
      now,
    );
    return 'created';
  }

  const { status, statusNote } = upsertedStatus(stored, input.values);
  assertStatusNote(stored.status, status, statusNote, ctx);
  const changes = changedFields(stored, { ...fields, status, statusNote });
  const tagsBefore = await tagsOf(tx, stored.id);
  const tagsChanged = !sameJson(tags, tagsBefore);
  const quotesBefore = (await quotesOf(tx, stored.id)).map(normalizeQuote);
  const quotesChanged = !sameJson(quotes, quotesBefore);
  const reviewBefore = input.review === undefined ? null : await reviewOf(tx, stored.id);
  const reviewChanged = input.review !== undefined && !sameJson(input.review, reviewBefore);
  if (Object.keys(changes).length === 0 && !tagsChanged && !quotesChanged && !reviewChanged) {
    return 'unchanged';
  }
  await updateClaim(tx, stored.id, changes, now);
  if (tagsChanged) await replaceTags(tx, stored.id, tags);
  if (quotesChanged) await replaceQuotes(tx, stored.id, quotes);
  if (reviewChanged) {
    if (input.review) await saveReviewRow(tx, stored.id, input.review);
    else await deleteReviewRow(tx, stored.id);
  }
  await countClaimChange(
    tx,
    ctx,
    {
      claimantId: stored.claimantId,
      status: stored.status,
      language: stored.language,
      tags: tagsBefore,
      quotes: quotesBefore,
    },
    { claimantId: fields.claimantId, status, language: fields.language, tags, quotes },
  );
  if (status !== stored.status || statusNote !== stored.statusNote) {
    await appendStatusChange(
      tx,
      {
        claimId: stored.id,
        status,
        previousStatus: stored.status,
        note: statusNote,
        changedBy: ctx.by,
      },
      now,
    );
  }
  await auditUpdate(tx, ctx, now, stored, changes, {
    tags: tagsChanged ? [tagsBefore, tags] : null,
    quotes: quotesChanged ? [quotesBefore, quotes] : null,
    review: reviewChanged ? [reviewBefore, input.review ?? null] : null,
  });
  return 'updated';
}

/** A stored claim's status and note once an import's record is upserted: absent, it keeps its own. */
export function upsertedStatus(
  stored: Pick<ClaimRow, 'status' | 'statusNote'>,
  given: Pick<ClaimUpsert['values'], 'status' | 'statusNote'>,
): Pick<ClaimRow, 'status' | 'statusNote'> {
  return given.status === undefined
    ? { status: stored.status, statusNote: stored.statusNote }
    : { status: given.status, statusNote: given.statusNote ?? null };
}

/**
 * A quote given as a record of its own joins its claim's quotes, after them, unless the claim has
 * an equal one. Anchoring is checked by the importer at the end, as for upsertClaim.
 */
export async function addClaimQuote(
  tx: Tx,
  claimId: string,
  quote: QuoteValues,
  ctx: WriteContext,
  now: string,
  keepVersion: (claimId: string) => Promise<boolean>,
): Promise<Outcome> {
  const added = normalizeQuote(quote);
  if (await hasQuote(tx, claimId, added)) return 'unchanged';
  await insertQuoteAt(tx, claimId, (await lastQuotePosition(tx, claimId)) + 1, added);
  await countNewQuote(tx, ctx, added);
  // The claim shows its quotes: a new one is a new version (unless the import made the claim).
  if (!(await keepVersion(claimId))) await touchClaim(tx, claimId, now);
  await recordAudit(
    tx,
    {
      by: ctx.by,
      action: 'update',
      entityType: 'claim',
      entityId: claimId,
      // The quote added, not the claim's every quote: a record per quote stays a row per quote.
      after: { addedQuote: added },
    },
    now,
  );
  return 'created';
}

/** Keeps (or replaces) the document an imported claim came from (ClaimReview imports). */
export async function saveProvenance(
  tx: Tx,
  row: Parameters<typeof saveProvenanceRow>[1],
): Promise<void> {
  await saveProvenanceRow(tx, row);
}

/**
 * A link as an import gives it: unchanged when stored with the same kind and note, else saved. A change
 * moves both claims' versions on, except for a claim `keepVersion` names (one the same import
 * created, whose first version this is).
 */
export async function upsertLink(
  tx: Tx,
  link: LinkValues,
  ctx: WriteContext,
  now: string,
  keepVersion: (claimId: string) => Promise<boolean>,
): Promise<Outcome> {
  assertNotSelfLink(link.fromClaimId, link.toClaimId, ctx);
  const stored = await findLink(tx, link.fromClaimId, link.toClaimId);
  const note = link.note === undefined ? (stored?.note ?? null) : link.note;
  if (stored?.kind === link.kind && stored.note === note) return 'unchanged';
  await saveLink(tx, { ...link, note }, now);
  await countLinkChange(tx, ctx, link, stored?.kind ?? null, link.kind);
  for (const claimId of [link.fromClaimId, link.toClaimId])
    if (!(await keepVersion(claimId))) await touchClaim(tx, claimId, now);
  const outcome: Outcome = stored ? 'updated' : 'created';
  await recordAudit(
    tx,
    {
      by: ctx.by,
      action: outcome === 'created' ? 'create' : 'update',
      entityType: 'link',
      entityId: linkId(link.fromClaimId, link.toClaimId),
      before: stored,
      after: { ...link, note },
    },
    now,
  );
  return outcome;
}

/**
 * A history entry an import brings (for a claim it creates: the importer decides that). Unchanged
 * when the claim has an entry with the same status at the same time; a status different from the
 * previous one (`unverified` for a first entry) needs a note.
 */
export async function appendImportedStatus(
  tx: Tx,
  entry: Omit<StatusEntry, 'changedBy'>,
  changedAt: string,
  ctx: WriteContext,
): Promise<Outcome> {
  const stored = await hasStatusChange(tx, {
    claimId: entry.claimId,
    status: entry.status,
    changedAt,
  });
  if (stored) return 'unchanged';
  assertStatusNote(entry.previousStatus ?? 'unverified', entry.status, entry.note, ctx);
  // A date may come with the entry, as data; who wrote it is always the key that imports it.
  await appendStatusChange(tx, { ...entry, changedBy: ctx.by }, changedAt);
  await recordAudit(
    tx,
    {
      by: ctx.by,
      action: 'status',
      entityType: 'claim',
      entityId: entry.claimId,
      after: { ...entry, changedAt },
    },
    nowIso(),
  );
  return 'created';
}

/**
 * The automatic first history entry (the status it was created with) of each claim `claimIds`
 * selects, in one statement: an import writes them when it ends, for the claims it created without
 * bringing their history, rather than writing each and removing it when the history comes.
 */
export async function appendFirstStatusEntries(
  tx: Tx,
  claimIds: SQL,
  ctx: WriteContext,
  now: string,
): Promise<void> {
  await appendFirstStatusEntriesOf(tx, claimIds, ctx.by, now);
}
