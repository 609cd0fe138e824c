import { upsertActor } from '../actors/actors.commands.js';
import { actorValuesOf } from '../actors/actors.records.js';
import {
  addClaimQuote,
  appendImportedStatus,
  upsertClaim,
  upsertLink,
} from '../claims/claims.commands.js';
import {
  claimUpsertOf,
  linkValuesOf,
  quoteValuesOf,
  statusEntryOf,
} from '../claims/claims.records.js';
import { findClaim, hasStatusChange } from '../claims/claims.repository.js';
import type { QuoteValues } from '../claims/claims.rows.js';
import { upsertEvidence } from '../evidence/evidence.commands.js';
import { evidenceValuesOf } from '../evidence/evidence.records.js';
import { upsertSource } from '../sources/sources.commands.js';
import { sourceValuesOf } from '../sources/sources.records.js';
import type { ImportRecord } from './bundle.schemas.js';
import type { ImportSession } from './import-session.js';
import {
  actorDifferences,
  claimDifferences,
  evidenceDifferences,
  linkDifferences,
  quoteDifferences,
  sourceDifferences,
  statusDifferences,
} from './stored-differences.js';

type RecordOf<T extends ImportRecord['type']> = Extract<ImportRecord, { type: T }>;
type QuoteRecord = RecordOf<'quote'> | RecordOf<'claim'>['quotes'][number];

/**
 * Writes one record through its module's command: the session resolves its references to ids,
 * the module maps the record to its row and applies every rule of that resource. When the session
 * keeps existing records, a stored one is compared instead of written (see stored-differences).
 */
export async function writeRecord(s: ImportSession, record: ImportRecord, path: string) {
  switch (record.type) {
    case 'actor':
      return actor(s, record, path);
    case 'source':
      return source(s, record, path);
    case 'claim':
      return claim(s, record, path);
    case 'quote':
      return quote(s, record, path);
    case 'link':
      return link(s, record, path);
    case 'evidence':
      return evidence(s, record, path);
    case 'status':
      return status(s, record, path);
  }
}

async function actor(s: ImportSession, r: RecordOf<'actor'>, path: string) {
  const { id, fresh } = await s.target('actor', r.slug, r.id, path);
  const affiliationId = await s.optionalRef('actor', r.affiliation, `${path}.affiliation`);
  const values = actorValuesOf(r, { id, affiliationId });
  const differing = s.keeping && !fresh ? await actorDifferences(s.tx, values) : null;
  if (differing) return s.keep('actors', { type: 'actor', key: r.slug, fields: differing });
  await s.apply(path, 'actors', () => upsertActor(s.tx, values, s.context(path), s.now));
  if (affiliationId !== null) await s.scratch.noteAffiliated(id, path);
}

async function source(s: ImportSession, r: RecordOf<'source'>, path: string) {
  const { id, fresh } = await s.target('source', r.slug, r.id, path);
  const values = sourceValuesOf(r, id);
  const differing = s.keeping && !fresh ? await sourceDifferences(s.tx, values) : null;
  if (differing) return s.keep('sources', { type: 'source', key: r.slug, fields: differing });
  await s.apply(path, 'sources', () => upsertSource(s.tx, values, s.context(path), s.now));
}

/** A quote's references as ids. */
async function quoteValues(s: ImportSession, q: QuoteRecord, path: string) {
  return quoteValuesOf(q, {
    sourceId: await s.ref('source', q.source, `${path}.source`),
    speakerId: await s.optionalRef('actor', q.speaker, `${path}.speaker`),
    originalSourceId: await s.optionalRef('source', q.originalSource, `${path}.originalSource`),
  });
}

/**
 * A quote about to be written is checked in bulk when the import ends, once every source is in;
 * one a kept record holds is not, for it is not written.
 */
function checkAnchor(s: ImportSession, { sourceId, exact, start, end }: QuoteValues, path: string) {
  return s.scratch.checkAnchor({ path, sourceId, exact, start, end });
}

async function claim(s: ImportSession, r: RecordOf<'claim'>, path: string) {
  const { id, fresh } = await s.target('claim', r.slug, r.id, path);
  const quotes = [];
  for (const [i, q] of r.quotes.entries())
    quotes.push(await quoteValues(s, q, `${path}.quotes.${i}`));
  const claimantId =
    r.claimant === null ? null : await s.ref('actor', r.claimant, `${path}.claimant`);
  const input = claimUpsertOf(r, { id, claimantId, quotes });
  const differing = s.keeping && !fresh ? await claimDifferences(s.tx, input) : null;
  if (differing) return s.keep('claims', { type: 'claim', key: r.slug, fields: differing });
  for (const [i, q] of quotes.entries()) await checkAnchor(s, q, `${path}.quotes.${i}`);
  await s.apply(path, 'claims', async () => {
    const outcome = await upsertClaim(s.tx, input, s.context(path), s.now, { fresh });
    // Its automatic first history entry is written when the import ends, unless history came.
    if (outcome === 'created') await s.scratch.noteMade(id);
    return outcome;
  });
}

/** A quote given as its own record joins its claim's quotes unless the claim has it already. */
async function quote(s: ImportSession, r: RecordOf<'quote'>, path: string) {
  const claimId = await s.ref('claim', r.claim, `${path}.claim`);
  const values = await quoteValues(s, r, path);
  if (s.keeping && (await isStoredClaim(s, claimId))) {
    const fields = await quoteDifferences(s.tx, claimId, values);
    return s.keep('quotes', { type: 'quote', key: r.claim, fields });
  }
  await checkAnchor(s, values, path);
  await s.apply(path, 'quotes', () =>
    addClaimQuote(s.tx, claimId, values, s.context(path), s.now, s.keepVersion),
  );
}

async function link(s: ImportSession, r: RecordOf<'link'>, path: string) {
  const fromClaimId = await s.ref('claim', r.from, `${path}.from`);
  const toClaimId = await s.ref('claim', r.to, `${path}.to`);
  if (await s.scratch.linkSeen(fromClaimId, toClaimId)) {
    s.fail(
      path,
      `the link from '${r.from}' to '${r.to}' appears twice in the import`,
      'duplicate-link',
    );
    return;
  }
  const values = linkValuesOf(r, { fromClaimId, toClaimId });
  const differing = s.keeping ? await linkDifferences(s.tx, values) : null;
  if (differing)
    return s.keep('links', { type: 'link', key: `${r.from}→${r.to}`, fields: differing });
  await s.apply(path, 'links', () =>
    upsertLink(s.tx, values, s.context(path), s.now, s.keepVersion),
  );
}

async function evidence(s: ImportSession, r: RecordOf<'evidence'>, path: string) {
  const { id, fresh } = await s.target('evidence', r.slug, r.id, path);
  const sourceId = await s.optionalRef('source', r.source, `${path}.source`);
  const claimId = await s.ref('claim', r.claim, `${path}.claim`);
  const values = evidenceValuesOf(r, { id, claimId, sourceId });
  const differing = s.keeping && !fresh ? await evidenceDifferences(s.tx, values) : null;
  if (differing) return s.keep('evidence', { type: 'evidence', key: r.slug, fields: differing });
  if (r.quote && sourceId) {
    await s.scratch.checkAnchor({ path: `${path}.quote`, sourceId, ...r.quote });
  }
  await s.apply(path, 'evidence', () =>
    upsertEvidence(s.tx, values, s.context(path), s.now, s.keepVersion, { fresh }),
  );
}

/** A history entry; a claim this import makes with history given gets no automatic first one. */
async function status(s: ImportSession, r: RecordOf<'status'>, path: string) {
  const claimId = await s.ref('claim', r.claim, `${path}.claim`);
  if (!s.writing) return;
  const entry = statusEntryOf(r, claimId);
  if (await isStoredClaim(s, claimId)) {
    if (s.keeping) {
      const fields = await statusDifferences(s.tx, entry, r.changedAt);
      return s.keep('statuses', { type: 'status', key: r.claim, fields });
    }
    // History is written by verdicts; an import may bring it only for the claims it creates.
    if (await hasStatusChange(s.tx, { ...entry, changedAt: r.changedAt }))
      s.counts.statuses.unchanged++;
    else {
      s.fail(
        `${path}.claim`,
        `claim '${r.claim}' exists already: its history cannot be imported`,
        'history-exists',
      );
    }
    return;
  }
  await s.scratch.noteGivenHistory(claimId);
  await s.apply(path, 'statuses', () =>
    appendImportedStatus(s.tx, entry, r.changedAt, s.context(path, { statusNote: 'note' })),
  );
}

/** A claim the database held before this import (not one it created). */
async function isStoredClaim(s: ImportSession, claimId: string): Promise<boolean> {
  return !(await s.scratch.madeHere(claimId)) && (await findClaim(s.tx, claimId)) !== null;
}
