import { type Db, inTransaction } from '../../db/client.js';
import type { SourceRow } from '../../db/schema.js';
import type { WriteContext } from '../../lib/api-schemas.js';
import { nowIso } from '../../lib/dates.js';
import { changedFields } from '../../lib/diff.js';
import { assertCurrent } from '../../lib/etag.js';
import { newId } from '../../lib/ids.js';
import { ConflictError, type FieldError } from '../../lib/problem.js';
import { describeReferences } from '../../lib/references.js';
import { chooseSlug } from '../../lib/slugs.js';
import { AnchoredText } from '../../lib/text-anchor.js';
import { recordAudit } from '../audit/audit.service.js';
import { claimsReferencingSource, quotesInSource } from '../claims/claims.repository.js';
import { evidenceCitingSource } from '../evidence/evidence.repository.js';
import {
  deleteSourceRow,
  findSource,
  findSourceByUrl,
  insertSource,
  type SourceValues,
  updateSource,
} from './sources.repository.js';
import type { SourceCreate, SourceDetail, SourcePatch } from './sources.schemas.js';
import { getSource, requireSource } from './sources.service.js';

/** Creates, changes and deletes sources, each write audited in its own transaction. */

export function createSource(db: Db, input: SourceCreate, { by }: WriteContext): SourceDetail {
  return inTransaction(db, () => {
    const id = newId('source');
    const values: SourceValues = {
      id,
      slug: claimSlug(db, input.slug, input.title ?? input.description ?? input.kind),
      kind: input.kind,
      title: input.title ?? null,
      description: input.description ?? null,
      url: claimUrl(db, input.url ?? null, id),
      publisher: input.publisher ?? null,
      publishedAt: input.publishedAt ?? null,
      text: input.text ?? null,
    };
    const now = nowIso();
    insertSource(db, values, now);
    recordAudit(
      db,
      { by, action: 'create', entityType: 'source', entityId: id, after: values },
      now,
    );
    return getSource(db, id);
  });
}

export function patchSource(
  db: Db,
  idOrSlug: string,
  patch: SourcePatch,
  ctx: WriteContext,
): SourceDetail {
  return inTransaction(db, () => {
    const before = requireSource(db, idOrSlug);
    assertCurrent('source', before.version, ctx.ifMatch);
    const changes = changedFields(before, patch);
    if (changes.slug !== undefined) claimSlug(db, changes.slug, '');
    if (changes.url) claimUrl(db, changes.url, before.id);
    if (changes.text !== undefined) assertQuotesHold(db, before, changes.text);
    if (Object.keys(changes).length === 0) return getSource(db, before.id);
    const now = nowIso();
    updateSource(db, before.id, changes, now);
    const after = requireSource(db, before.id);
    recordAudit(
      db,
      { by: ctx.by, action: 'update', entityType: 'source', entityId: before.id, before, after },
      now,
    );
    return getSource(db, before.id);
  });
}

export function deleteSource(db: Db, idOrSlug: string, ctx: WriteContext): void {
  inTransaction(db, () => {
    const before = requireSource(db, idOrSlug);
    assertCurrent('source', before.version, ctx.ifMatch);
    const claims = claimsReferencingSource(db, before.id);
    const evidence = evidenceCitingSource(db, before.id).map((e) => e.slug);
    const references = describeReferences([
      [claims.length, 'claims quoting it', claims],
      [evidence.length, 'evidence items citing it', evidence],
    ]);
    if (references)
      throw new ConflictError(`Source '${before.slug}' is still referenced by ${references}.`);
    deleteSourceRow(db, before.id);
    recordAudit(
      db,
      { by: ctx.by, action: 'delete', entityType: 'source', entityId: before.id, before },
      nowIso(),
    );
  });
}

/** A new text must still hold every quote anchored in the old one, at the same offsets. */
function assertQuotesHold(db: Db, source: SourceRow, text: string | null): void {
  const broken = quotesBrokenBy(db, source, text);
  if (broken.length > 0) {
    throw new ConflictError(
      `The new text would break ${broken.length} quote(s) anchored in source '${source.slug}'; fix or remove them first.`,
      broken,
    );
  }
}

/** The stored quotes (of claims and evidence) that a new text for the source would break. */
export function quotesBrokenBy(db: Db, source: SourceRow, text: string | null): FieldError[] {
  const anchored = new AnchoredText(text ?? '');
  const broken: FieldError[] = [];
  for (const quote of quotesInSource(db, source.id)) {
    const problem = text === null ? 'the text would be removed' : anchored.mismatch(quote);
    if (problem)
      broken.push({ path: `claims/${quote.claimSlug}/quotes/${quote.position}`, message: problem });
  }
  for (const item of evidenceCitingSource(db, source.id)) {
    if (item.quoteExact === null || item.quoteStart === null || item.quoteEnd === null) continue;
    const problem =
      text === null
        ? 'the text would be removed'
        : anchored.mismatch({ exact: item.quoteExact, start: item.quoteStart, end: item.quoteEnd });
    if (problem) broken.push({ path: `evidence/${item.slug}/quote`, message: problem });
  }
  return broken;
}

function claimSlug(db: Db, wanted: string | undefined, label: string): string {
  return chooseSlug(wanted, label, (slug) => findSource(db, slug) !== null, 'source');
}

function claimUrl(db: Db, url: string | null, selfId: string): string | null {
  const owner = url ? findSourceByUrl(db, url) : null;
  if (owner && owner.id !== selfId)
    throw new ConflictError(`The url ${url} belongs to source '${owner.slug}'.`);
  return url;
}
