import { type Db, inTransaction } from '../../db/client.js';
import { nowIso } from '../../lib/dates.js';
import { AppError, type FieldError } from '../../lib/problem.js';
import type { AuditEntityType, ClaimStatus } from '../../lib/vocabulary.js';
import {
  type ActorValues,
  findActor,
  insertActor,
  updateActor,
} from '../actors/actors.repository.js';
import { recordAudit } from '../audit/audit.service.js';
import { linkId } from '../claims/claims.link-service.js';
import { findClaim, quotesOf, tagsByClaim } from '../claims/claims.repository.js';
import {
  appendStatusChange,
  type ClaimValues,
  findLink,
  hasStatusChange,
  insertClaim,
  normalizeQuote,
  type QuoteValues,
  replaceQuotes,
  replaceTags,
  saveLink,
  updateClaim,
} from '../claims/claims.write-repository.js';
import {
  type EvidenceValues,
  findEvidence,
  insertEvidence,
  updateEvidence,
} from '../evidence/evidence.repository.js';
import {
  findSource,
  findSourceByUrl,
  insertSource,
  type SourceValues,
  updateSource,
} from '../sources/sources.repository.js';
import { BundleResolver } from './bundle.resolve.js';
import { type Bundle, BundleSchema, RECORD_TYPES, type RecordType } from './bundle.schemas.js';

export type ImportCounts = { created: number; updated: number; unchanged: number };

export type ImportReport = {
  dryRun: boolean;
  /** Whether anything was (or, in a dry run, would be) written. */
  changed: boolean;
  counts: Record<RecordType, ImportCounts>;
  durationMs: number;
};

export type ImportOptions = {
  dryRun?: boolean;
  /** Who is writing, recorded in status history (e.g. `seed`, an API key's name). */
  by?: string | null;
};

export class BundleInvalidError extends AppError {
  constructor(errors: FieldError[]) {
    const count = errors.length === 1 ? '1 problem' : `${errors.length} problems`;
    super(422, 'invalid-bundle', 'Invalid bundle', `${count} in the bundle; nothing was written.`, {
      errors,
    });
  }
}

/** Thrown inside the transaction to roll a dry run back once its report is known. */
class DryRunRollback extends Error {
  constructor(readonly counts: Record<RecordType, ImportCounts>) {
    super('dry run');
  }
}

/**
 * Upserts a bundle by slug (or id), all or nothing: every record is checked first, then written
 * in one transaction. A record equal to the stored one is left alone, so a re-import changes nothing.
 */
export function importBundle(db: Db, input: unknown, options: ImportOptions = {}): ImportReport {
  const started = performance.now();
  const parsed = BundleSchema.safeParse(input);
  if (!parsed.success) {
    throw new BundleInvalidError(
      parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
    );
  }
  let counts: Record<RecordType, ImportCounts>;
  try {
    counts = inTransaction(db, () => {
      // References may point forward within the bundle; they are checked at commit instead.
      db.$client.pragma('defer_foreign_keys = ON');
      const plan = planImport(db, parsed.data);
      const result = applyPlan(db, plan, nowIso(), options.by ?? null);
      if (options.dryRun) throw new DryRunRollback(result);
      return result;
    });
  } catch (error) {
    if (!(error instanceof DryRunRollback)) throw error;
    counts = error.counts;
  }
  const changed = RECORD_TYPES.some((type) => counts[type].created + counts[type].updated > 0);
  return {
    dryRun: options.dryRun ?? false,
    changed,
    counts,
    durationMs: Math.round(performance.now() - started),
  };
}

type Planned<V> = { id: string; exists: boolean; values: V };

type Plan = {
  actors: Planned<ActorValues>[];
  sources: Planned<SourceValues>[];
  claims: (Planned<ClaimValues> & {
    tags: string[];
    quotes: QuoteValues[];
    statusNote: string | null;
  })[];
  links: { fromClaimId: string; toClaimId: string; kind: 'rebuts' | 'supports' }[];
  evidence: Planned<EvidenceValues>[];
  statuses: {
    claimId: string;
    status: ClaimStatus;
    previousStatus: ClaimStatus | null;
    note: string | null;
    changedBy: string | null;
    changedAt: string;
  }[];
};

function planImport(db: Db, bundle: Bundle): Plan {
  const r = new BundleResolver(db, bundle);
  const target = (collection: Parameters<BundleResolver['target']>[0], slug: string) =>
    r.target(collection, slug) ?? { id: slug, exists: false };

  const actors = bundle.actors.map((a, i) => {
    const t = target('actors', a.slug);
    const values: ActorValues = {
      id: t.id,
      slug: a.slug,
      kind: a.kind,
      name: a.name,
      description: a.description ?? null,
      aliases: a.aliases,
      affiliationId: r.optionalRef('actors', a.affiliation, `actors.${i}.affiliation`),
    };
    if (values.affiliationId === t.id) {
      r.errors.push({
        path: `actors.${i}.affiliation`,
        message: 'an actor cannot be its own affiliation',
      });
    }
    return { ...t, values };
  });

  const urls = new Map<string, number>();
  const sources = bundle.sources.map((s, i) => {
    const t = target('sources', s.slug);
    if (s.url) {
      const owner = findSourceByUrl(db, s.url);
      if (urls.has(s.url) || (owner && owner.id !== t.id)) {
        r.errors.push({
          path: `sources.${i}.url`,
          message: `url ${s.url} belongs to another source`,
        });
      }
      urls.set(s.url, i);
    }
    const values: SourceValues = {
      id: t.id,
      slug: s.slug,
      kind: s.kind,
      title: s.title ?? null,
      description: s.description ?? null,
      url: s.url ?? null,
      publisher: s.publisher ?? null,
      publishedAt: s.publishedAt ?? null,
      text: s.text ?? null,
    };
    return { ...t, values };
  });

  const claims = bundle.claims.map((c, i) => {
    const t = target('claims', c.slug);
    const quotes = c.quotes.map((q, j): QuoteValues => {
      const path = `claims.${i}.quotes.${j}`;
      const sourceId = r.ref('sources', q.source, `${path}.source`);
      r.anchor(sourceId, q, path);
      return {
        sourceId,
        exact: q.exact,
        start: q.start,
        end: q.end,
        speakerId: r.optionalRef('actors', q.speaker, `${path}.speaker`),
        originalSourceId: r.optionalRef('sources', q.originalSource, `${path}.originalSource`),
      };
    });
    const values: ClaimValues = {
      id: t.id,
      slug: c.slug,
      text: c.text,
      language: c.language,
      claimantId: r.ref('actors', c.claimant, `claims.${i}.claimant`),
      statedAt: c.statedAt,
      status: c.status,
      statusNote: c.statusNote ?? null,
    };
    return {
      ...t,
      values,
      tags: [...new Set(c.tags)].sort(),
      quotes,
      statusNote: c.statusNote ?? null,
    };
  });

  const pairs = new Set<string>();
  const links = bundle.links.map((l, i) => {
    const fromClaimId = r.ref('claims', l.from, `links.${i}.from`);
    const toClaimId = r.ref('claims', l.to, `links.${i}.to`);
    if (fromClaimId === toClaimId) {
      r.errors.push({ path: `links.${i}`, message: 'a claim cannot rebut or support itself' });
    }
    const pair = `${fromClaimId} ${toClaimId}`;
    if (pairs.has(pair)) r.errors.push({ path: `links.${i}`, message: 'this link appears twice' });
    pairs.add(pair);
    return { fromClaimId, toClaimId, kind: l.kind };
  });

  const evidence = bundle.evidence.map((e, i) => {
    const t = target('evidence', e.slug);
    const sourceId = r.optionalRef('sources', e.source, `evidence.${i}.source`);
    if (e.quote && !sourceId) {
      r.errors.push({ path: `evidence.${i}.quote`, message: 'a quote needs the source it is in' });
    }
    if (e.quote && sourceId) r.anchor(sourceId, e.quote, `evidence.${i}.quote`);
    const values: EvidenceValues = {
      id: t.id,
      slug: e.slug,
      claimId: r.ref('claims', e.claim, `evidence.${i}.claim`),
      stance: e.stance,
      summary: e.summary,
      sourceId,
      quoteExact: e.quote?.exact ?? null,
      quoteStart: e.quote?.start ?? null,
      quoteEnd: e.quote?.end ?? null,
      url: e.url ?? null,
    };
    return { ...t, values };
  });

  const statuses = bundle.statuses.map((h, i) => ({
    claimId: r.ref('claims', h.claim, `statuses.${i}.claim`),
    status: h.status,
    previousStatus: h.previousStatus ?? null,
    note: h.note ?? null,
    changedBy: h.changedBy ?? null,
    changedAt: h.changedAt,
  }));

  if (r.errors.length > 0) throw new BundleInvalidError(r.errors);
  return { actors, sources, claims, links, evidence, statuses };
}

function applyPlan(
  db: Db,
  plan: Plan,
  now: string,
  by: string | null,
): Record<RecordType, ImportCounts> {
  const counts = Object.fromEntries(
    RECORD_TYPES.map((type) => [type, { created: 0, updated: 0, unchanged: 0 }]),
  ) as Record<RecordType, ImportCounts>;
  // Every created or updated record is audited like an API write, in the same transaction.
  const audit = (
    outcome: keyof ImportCounts,
    entityType: AuditEntityType,
    entityId: string,
    before: object | null,
    after: object,
  ) => {
    if (outcome === 'unchanged') return;
    recordAudit(
      db,
      {
        by,
        action: outcome === 'created' ? 'create' : 'update',
        entityType,
        entityId,
        before: before as Record<string, unknown> | null,
        after: after as Record<string, unknown>,
      },
      now,
    );
  };

  for (const { id, exists, values } of plan.actors) {
    const stored = exists ? findActor(db, id) : null;
    const outcome = !stored ? 'created' : isUnchanged(stored, values) ? 'unchanged' : 'updated';
    if (outcome === 'created') insertActor(db, values, now);
    if (outcome === 'updated') updateActor(db, id, values, now);
    audit(outcome, 'actor', id, stored, values);
    counts.actors[outcome]++;
  }

  for (const { id, exists, values } of plan.sources) {
    const stored = exists ? findSource(db, id) : null;
    const outcome = !stored ? 'created' : isUnchanged(stored, values) ? 'unchanged' : 'updated';
    if (outcome === 'created') insertSource(db, values, now);
    if (outcome === 'updated') updateSource(db, id, values, now);
    audit(outcome, 'source', id, stored, values);
    counts.sources[outcome]++;
  }

  const withHistory = new Set(plan.statuses.map((entry) => entry.claimId));
  for (const claim of plan.claims) {
    const stored = claim.exists ? findClaim(db, claim.id) : null;
    if (!stored) {
      insertClaim(db, claim.values, now);
      replaceTags(db, claim.id, claim.tags);
      replaceQuotes(db, claim.id, claim.quotes);
      // A bundle that brings the claim's history (an export) keeps it; otherwise it starts here.
      if (!withHistory.has(claim.id))
        appendStatusChange(
          db,
          {
            claimId: claim.id,
            status: claim.values.status ?? 'unverified',
            previousStatus: null,
            note: claim.statusNote,
            changedBy: by,
          },
          now,
        );
      audit('created', 'claim', claim.id, null, {
        ...claim.values,
        tags: claim.tags,
        quotes: claim.quotes,
      });
      counts.claims.created++;
      continue;
    }
    const tagsChanged = !sameJson(tagsByClaim(db, [claim.id]).get(claim.id) ?? [], claim.tags);
    const quotesChanged = !sameJson(
      quotesOf(db, claim.id).map(normalizeQuote),
      claim.quotes.map(normalizeQuote),
    );
    if (isUnchanged(stored, claim.values) && !tagsChanged && !quotesChanged) {
      counts.claims.unchanged++;
      continue;
    }
    updateClaim(db, claim.id, claim.values, now);
    if (tagsChanged) replaceTags(db, claim.id, claim.tags);
    if (quotesChanged) replaceQuotes(db, claim.id, claim.quotes);
    if (
      claim.values.status &&
      claim.values.status !== stored.status &&
      !withHistory.has(claim.id)
    ) {
      appendStatusChange(
        db,
        {
          claimId: claim.id,
          status: claim.values.status,
          previousStatus: stored.status,
          note: claim.statusNote,
          changedBy: by,
        },
        now,
      );
    }
    audit('updated', 'claim', claim.id, stored, claim.values);
    counts.claims.updated++;
  }

  for (const link of plan.links) {
    const stored = findLink(db, link.fromClaimId, link.toClaimId);
    const outcome = !stored ? 'created' : stored.kind === link.kind ? 'unchanged' : 'updated';
    if (outcome !== 'unchanged') saveLink(db, link, now);
    audit(outcome, 'link', linkId(link.fromClaimId, link.toClaimId), stored, link);
    counts.links[outcome]++;
  }

  for (const { id, exists, values } of plan.evidence) {
    const stored = exists ? findEvidence(db, id) : null;
    const outcome = !stored ? 'created' : isUnchanged(stored, values) ? 'unchanged' : 'updated';
    if (outcome === 'created') insertEvidence(db, values, now);
    if (outcome === 'updated') updateEvidence(db, id, values, now);
    audit(outcome, 'evidence', id, stored, values);
    counts.evidence[outcome]++;
  }
  for (const entry of plan.statuses) {
    if (hasStatusChange(db, entry)) {
      counts.statuses.unchanged++;
      continue;
    }
    const { changedAt, ...rest } = entry;
    appendStatusChange(db, rest, changedAt);
    counts.statuses.created++;
  }
  return counts;
}

/** Whether every field the import sets already has that value. */
function isUnchanged<V extends object>(stored: object, values: V): boolean {
  return Object.entries(values).every(([key, value]) =>
    sameJson((stored as Record<string, unknown>)[key] ?? null, value ?? null),
  );
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
