import type { SourceRow } from '../../db/schema.js';
import type { Tx } from '../../db/store.js';
import { fieldPath, type Outcome, type WriteContext } from '../../lib/api-schemas.js';
import { nowIso } from '../../lib/dates.js';
import { changedFields } from '../../lib/diff.js';
import { newId } from '../../lib/ids.js';
import { ConflictError, type FieldError } from '../../lib/problem.js';
import { describeReferences, referencesOf } from '../../lib/references.js';
import { uniqueSlug } from '../../lib/slugs.js';
import { AnchoredText } from '../../lib/text-anchor.js';
import { assertCurrent } from '../../lib/versions.js';
import { recordAudit, recordSave } from '../audit/audit.commands.js';
import { claimsReferencingSource, quotesInSource } from '../claims/claims.repository.js';
import { evidenceCitingSource } from '../evidence/evidence.repository.js';
import { getSource, requireSource } from './sources.queries.js';
import {
  deleteSourceRow,
  findSource,
  findSourceByUrl,
  insertSource,
  type SourceValues,
  sourceIdOf,
  updateSource,
} from './sources.repository.js';
import type { SourceCreate, SourceDetail, SourcePatch } from './sources.schemas.js';

/**
 * Every write of a source (the API's create, change and delete, and an import's upsert) goes
 * through `saveSource` or `deleteSource`, so each rule is written once and holds on every path.
 */

export async function createSource(
  tx: Tx,
  input: SourceCreate,
  ctx: WriteContext,
): Promise<SourceDetail> {
  const values: SourceValues = {
    id: newId('source'),
    slug: input.slug ?? (await slugFromLabel(tx, input.title ?? input.description ?? input.kind)),
    kind: input.kind,
    title: input.title ?? null,
    description: input.description ?? null,
    url: input.url ?? null,
    publisher: input.publisher ?? null,
    publishedAt: input.publishedAt ?? null,
    publishedAtNote: input.publishedAtNote ?? null,
    text: input.text ?? null,
  };
  await saveSource(tx, null, values, ctx, nowIso());
  return getSource(tx, values.id);
}

export async function patchSource(
  tx: Tx,
  idOrSlug: string,
  patch: SourcePatch,
  ctx: WriteContext,
): Promise<SourceDetail> {
  const before = await requireSource(tx, idOrSlug);
  assertCurrent('source', before.version, ctx.ifMatch);
  const changes = changedFields(before, patch);
  await saveSource(tx, before, { ...valuesOf(before), ...changes }, ctx, nowIso());
  return getSource(tx, before.id);
}

export async function deleteSource(tx: Tx, idOrSlug: string, ctx: WriteContext): Promise<void> {
  const before = await requireSource(tx, idOrSlug);
  assertCurrent('source', before.version, ctx.ifMatch);
  const claims = await claimsReferencingSource(tx, before.id);
  const evidence = (await evidenceCitingSource(tx, before.id)).map((item) => item.slug);
  const references = describeReferences([
    [claims, 'claims quoting it'],
    [referencesOf(evidence), 'evidence items citing it'],
  ]);
  if (references)
    throw new ConflictError(`Source '${before.slug}' is still referenced by ${references}.`);
  await deleteSourceRow(tx, before.id);
  await recordAudit(
    tx,
    { by: ctx.by, action: 'delete', entityType: 'source', entityId: before.id, before },
    nowIso(),
  );
}

/** Writes an import's source as given. Equal to the stored row: nothing is written. */
export async function upsertSource(
  tx: Tx,
  values: SourceValues,
  ctx: WriteContext,
  now: string,
): Promise<Outcome> {
  return saveSource(tx, await findSource(tx, values.id), values, ctx, now);
}

/** Inserts or updates the source, audited, after checking the rules on what changes. */
async function saveSource(
  tx: Tx,
  stored: SourceRow | null,
  values: SourceValues,
  ctx: WriteContext,
  now: string,
): Promise<Outcome> {
  const changes: Partial<SourceValues> = stored ? changedFields(stored, values) : values;
  if (Object.keys(changes).length === 0) return 'unchanged';
  if (changes.slug !== undefined) await assertSlugFree(tx, changes.slug, values.id, ctx);
  if (changes.url) await assertUrlFree(tx, changes.url, values.id, ctx);
  if (stored && changes.text !== undefined) await assertQuotesHold(tx, stored, changes.text, ctx);
  if (stored === null) await insertSource(tx, values, now);
  else await updateSource(tx, stored.id, changes, now);
  await recordSave(tx, { by: ctx.by, entityType: 'source', stored, values }, changes, now);
  return stored === null ? 'created' : 'updated';
}

async function assertSlugFree(tx: Tx, slug: string, selfId: string, ctx: WriteContext) {
  const owner = await sourceIdOf(tx, slug);
  if (owner !== null && owner !== selfId) {
    throw new ConflictError(`The slug '${slug}' is taken by another source.`, [
      { path: fieldPath(ctx, 'slug'), message: `is taken by source ${owner}` },
    ]);
  }
}

/** A url is one source's: the same page recorded twice would split its quotes. */
async function assertUrlFree(tx: Tx, url: string, selfId: string, ctx: WriteContext) {
  const owner = await findSourceByUrl(tx, url);
  if (owner && owner.id !== selfId) {
    throw new ConflictError(`The url ${url} belongs to source '${owner.slug}'.`, [
      { path: fieldPath(ctx, 'url'), message: `belongs to source '${owner.slug}'` },
    ]);
  }
}

/** A new text must still hold every quote anchored in the old one, at the same offsets. */
async function assertQuotesHold(
  tx: Tx,
  source: SourceRow,
  text: string | null,
  ctx: WriteContext,
): Promise<void> {
  const broken = await quotesBrokenBy(tx, source, text);
  if (broken.length === 0) return;
  // The API names each broken quote as a path of the record (its documented answer); an import
  // names its own record's text, so the error stays with the line that caused it.
  const errors = ctx.at
    ? broken.map((quote) => ({
        path: fieldPath(ctx, 'text'),
        message: `would break ${quote.path}: ${quote.message}`,
      }))
    : broken;
  throw new ConflictError(
    `The new text would break ${broken.length} quote(s) anchored in source '${source.slug}'; fix or remove them first.`,
    errors,
  );
}

/** The stored quotes (of claims and evidence) that a new text for the source would break. */
export async function quotesBrokenBy(
  tx: Tx,
  source: SourceRow,
  text: string | null,
): Promise<FieldError[]> {
  const anchored = new AnchoredText(text ?? '');
  const problemWith = (quote: { exact: string; start: number; end: number }) =>
    text === null ? 'the text would be removed' : anchored.mismatch(quote);
  const broken: FieldError[] = [];
  for (const quote of await quotesInSource(tx, source.id)) {
    const problem = problemWith(quote);
    if (problem)
      broken.push({ path: `claims/${quote.claimSlug}/quotes/${quote.position}`, message: problem });
  }
  for (const item of await evidenceCitingSource(tx, source.id)) {
    if (item.quoteExact === null || item.quoteStart === null || item.quoteEnd === null) continue;
    const problem = problemWith({
      exact: item.quoteExact,
      start: item.quoteStart,
      end: item.quoteEnd,
    });
    if (problem) broken.push({ path: `evidence/${item.slug}/quote`, message: problem });
  }
  return broken;
}

/** A free slug made from the title (or description, or kind): `a-report`, else `a-report-2`, … */
async function slugFromLabel(tx: Tx, label: string): Promise<string> {
  return uniqueSlug(label, async (slug) => (await findSource(tx, slug)) !== null, 'source');
}

/** The row as its writer sets it: the stored count is the commands' to keep, not a value to save. */
function valuesOf({
  version: _v,
  createdAt: _c,
  updatedAt: _u,
  quoteCount: _n,
  ...values
}: SourceRow): SourceValues {
  return values;
}
