import type { Db } from '../../db/client.js';
import type { QuoteRow } from '../../db/schema.js';
import { nowIso } from '../../lib/dates.js';
import { type EntityKind, isId, newId } from '../../lib/ids.js';
import { AppError, type FieldError } from '../../lib/problem.js';
import { unbackedVerdict } from '../../lib/verdicts.js';
import type { AuditEntityType, ClaimStatus } from '../../lib/vocabulary.js';
import {
  type ActorValues,
  findActor,
  insertActor,
  updateActor,
} from '../actors/actors.repository.js';
import { recordAudit } from '../audit/audit.service.js';
import { linkId } from '../claims/claims.link-service.js';
import {
  claimsWithUnbackedVerdicts,
  findClaim,
  quotesOf,
  tagsByClaim,
} from '../claims/claims.repository.js';
import {
  appendStatusChange,
  type ClaimValues,
  deleteStatusChange,
  findLink,
  hasStatusChange,
  insertClaim,
  normalizeQuote,
  type QuoteValues,
  replaceQuotes,
  replaceTags,
  saveLink,
  touchClaim,
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
import { quotesBrokenBy } from '../sources/sources.write-service.js';
import {
  type ImportRecord,
  ImportRecordSchema,
  RECORD_TYPES,
  type RecordType,
} from './bundle.schemas.js';
import { ImportScratch } from './import-scratch.js';

export type ImportCounts = { created: number; updated: number; unchanged: number };

export type ImportReport = {
  dryRun: boolean;
  /** Whether anything was (or, in a dry run, would be) written. */
  changed: boolean;
  records: number;
  counts: Record<RecordType, ImportCounts>;
  durationMs: number;
};

export type ImportOptions = {
  dryRun?: boolean;
  /** Who is writing, recorded in the audit log and status history (`seed`, an API key's name). */
  by?: string | null;
};

/** At most this many problems are listed; the detail still counts them all. */
const MAX_LISTED = 1000;

export class ImportInvalidError extends AppError {
  constructor(errors: FieldError[], total: number) {
    const count = total === 1 ? '1 problem' : `${total} problems`;
    const listed = total > errors.length ? ` (the first ${errors.length} listed)` : '';
    super(
      422,
      'invalid-import',
      'Invalid import',
      `${count} in the import${listed}; nothing was written.`,
      {
        errors,
      },
    );
  }
}

type Outcome = keyof ImportCounts;
type Kind = 'actor' | 'source' | 'claim' | 'evidence';
const FINDERS: Record<Kind, (db: Db, ref: string) => { id: string } | null> = {
  actor: findActor,
  source: findSource,
  claim: findClaim,
  evidence: findEvidence,
};

/**
 * One import, all or nothing: records are checked and written one by one inside a single
 * transaction, and the transaction commits only if every record was right. Records may come in any
 * order: a reference to a record not seen yet gets its id now and must be met before the end. State
 * that grows with the input (which keys were seen, which quotes to check) lives in temporary tables
 * on disk, so memory stays flat however many records stream through.
 */
export class ImportSession {
  private readonly started = performance.now();
  private readonly now = nowIso();
  private readonly errors: FieldError[] = [];
  private errorCount = 0;
  private records = 0;
  private readonly counts = Object.fromEntries(
    RECORD_TYPES.map((type) => [type, { created: 0, updated: 0, unchanged: 0 }]),
  ) as Record<RecordType, ImportCounts>;
  private readonly scratch: ImportScratch;
  private open = false;

  constructor(
    private readonly db: Db,
    private readonly options: ImportOptions = {},
  ) {
    this.scratch = new ImportScratch(db);
  }

  begin(): void {
    this.db.$client.exec('BEGIN IMMEDIATE');
    this.open = true;
    // References may point forward; foreign keys are checked at commit.
    this.db.$client.pragma('defer_foreign_keys = ON');
    this.scratch.create();
  }

  /** Checks and writes one record; `path` names it in errors (`claims.7`, `lines.12`). */
  add(raw: unknown, path: string): void {
    this.records++;
    const parsed = ImportRecordSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues)
        this.fail([path, ...issue.path.map(String)].join('.'), issue.message);
      return;
    }
    const record = parsed.data;
    // Once anything is wrong nothing will be committed: keep checking, stop writing.
    const write = () => this.errorCount === 0;
    switch (record.type) {
      case 'actor':
        this.actor(record, path, write);
        break;
      case 'source':
        this.source(record, path, write);
        break;
      case 'claim':
        this.claim(record, path, write);
        break;
      case 'quote':
        this.quote(record, path, write);
        break;
      case 'link':
        this.link(record, path, write);
        break;
      case 'evidence':
        this.evidence(record, path, write);
        break;
      case 'status':
        this.status(record, path, write);
        break;
    }
  }

  /** Runs further writes of the same import inside its transaction, unless something failed. */
  run(write: () => void): void {
    if (this.errorCount === 0) write();
  }

  /** Ends the import: commits, or rolls back on any error (422) and after a dry run. */
  finish(): ImportReport {
    try {
      for (const missing of this.scratch.undefinedReferences()) {
        this.fail(
          missing.path,
          `no ${missing.kind} '${missing.key}' in the import or the database`,
        );
      }
      for (const claim of claimsWithUnbackedVerdicts(this.db)) {
        this.fail(
          `claims/${claim.slug}`,
          unbackedVerdict(claim.status as ClaimStatus, {}) ?? 'verdict lacks evidence',
        );
      }
      for (const bad of this.scratch.misplacedAnchors()) {
        this.fail(bad.path, `quote ${JSON.stringify(bad.exact)}: ${bad.problem}`);
      }
      if (this.errorCount > 0) throw new ImportInvalidError(this.errors, this.errorCount);
      this.scratch.drop();
      this.db.$client.exec(this.options.dryRun ? 'ROLLBACK' : 'COMMIT');
      this.open = false;
    } finally {
      this.abort();
    }
    const changed = RECORD_TYPES.some(
      (type) => this.counts[type].created + this.counts[type].updated > 0,
    );
    return {
      dryRun: this.options.dryRun ?? false,
      changed,
      records: this.records,
      counts: this.counts,
      durationMs: Math.round(performance.now() - this.started),
    };
  }

  /** Rolls back whatever was written (a failed or interrupted import). */
  abort(): void {
    if (!this.open) return;
    this.open = false;
    if (this.db.$client.inTransaction) this.db.$client.exec('ROLLBACK');
  }

  /** A record refused before it could be read (e.g. a line that is not JSON). */
  reject(path: string, message: string): void {
    this.records++;
    this.fail(path, message);
  }

  private fail(path: string, message: string): void {
    this.errorCount++;
    if (this.errors.length < MAX_LISTED) this.errors.push({ path, message });
  }

  /** The id a reference names: met earlier, in the database, or reserved until it is met. */
  private ref(kind: Kind, ref: string, path: string): string {
    const known = this.scratch.keyId(kind, ref);
    if (known) return known;
    const stored = FINDERS[kind](this.db, ref);
    if (stored) return stored.id;
    const reserved = isId(kind as EntityKind, ref) ? ref : newId(kind as EntityKind);
    this.scratch.reserve(kind, ref, reserved, path);
    return reserved;
  }

  private optionalRef(kind: Kind, ref: string | null | undefined, path: string): string | null {
    return ref ? this.ref(kind, ref, path) : null;
  }

  /** Where a record lands: its stored row's id, its given id, or the id a reference reserved. */
  private target(kind: Kind, slug: string, givenId: string | undefined, path: string) {
    const stored =
      (givenId ? FINDERS[kind](this.db, givenId) : null) ?? FINDERS[kind](this.db, slug);
    const reserved =
      this.scratch.keyId(kind, slug) ?? (givenId ? this.scratch.keyId(kind, givenId) : null);
    if (reserved !== null && this.scratch.isDefined(kind, slug)) {
      this.fail(`${path}.slug`, `${kind} '${slug}' appears twice in the import`);
    }
    const id = stored?.id ?? reserved ?? givenId ?? newId(kind as EntityKind);
    if (givenId && id !== givenId) {
      this.fail(
        `${path}.id`,
        `${kind} '${slug}' is stored (or referenced earlier) as ${id}, not ${givenId}`,
      );
    }
    this.scratch.define(kind, slug, id);
    if (givenId) this.scratch.define(kind, givenId, id);
    return { id, exists: stored !== null };
  }

  /** A stored claim whose links or evidence changed moves to a new version (one made here has none yet). */
  private touch(claimId: string): void {
    if (!this.scratch.madeHere(claimId)) touchClaim(this.db, claimId, this.now);
  }

  private audit(
    outcome: Outcome,
    entityType: AuditEntityType,
    entityId: string,
    before: object | null,
    after: object,
  ) {
    if (outcome === 'unchanged') return;
    recordAudit(
      this.db,
      {
        by: this.options.by ?? null,
        action: outcome === 'created' ? 'create' : 'update',
        entityType,
        entityId,
        before: before as Record<string, unknown> | null,
        after: after as Record<string, unknown>,
      },
      this.now,
    );
  }

  private actor(
    r: Extract<ImportRecord, { type: 'actor' }>,
    path: string,
    write: () => boolean,
  ): void {
    const { id, exists } = this.target('actor', r.slug, r.id, path);
    const values: ActorValues = {
      id,
      slug: r.slug,
      kind: r.kind,
      name: r.name,
      description: r.description ?? null,
      aliases: r.aliases,
      affiliationId: this.optionalRef('actor', r.affiliation, `${path}.affiliation`),
    };
    if (values.affiliationId === id)
      this.fail(`${path}.affiliation`, 'an actor cannot be its own affiliation');
    if (!write()) return;
    const stored = exists ? findActor(this.db, id) : null;
    const outcome = outcomeOf(stored, values);
    if (outcome === 'created') insertActor(this.db, values, this.now);
    if (outcome === 'updated') updateActor(this.db, id, values, this.now);
    this.audit(outcome, 'actor', id, stored, values);
    this.counts.actors[outcome]++;
  }

  private source(
    r: Extract<ImportRecord, { type: 'source' }>,
    path: string,
    write: () => boolean,
  ): void {
    const { id, exists } = this.target('source', r.slug, r.id, path);
    const owner = r.url ? findSourceByUrl(this.db, r.url) : null;
    if (owner && owner.id !== id)
      this.fail(`${path}.url`, `url ${r.url} belongs to source '${owner.slug}'`);
    const values: SourceValues = {
      id,
      slug: r.slug,
      kind: r.kind,
      title: r.title ?? null,
      description: r.description ?? null,
      url: r.url ?? null,
      publisher: r.publisher ?? null,
      publishedAt: r.publishedAt ?? null,
      text: r.text ?? null,
    };
    if (!write()) return;
    const stored = exists ? findSource(this.db, id) : null;
    if (stored && stored.text !== values.text) {
      // A new text must still hold the quotes already anchored in it, as a PATCH must.
      for (const broken of quotesBrokenBy(this.db, stored, values.text ?? null)) {
        this.fail(`${path}.text`, `would break ${broken.path}: ${broken.message}`);
      }
      if (!write()) return;
    }
    const outcome = outcomeOf(stored, values);
    if (outcome === 'created') insertSource(this.db, values, this.now);
    if (outcome === 'updated') updateSource(this.db, id, values, this.now);
    this.audit(outcome, 'source', id, stored, values);
    this.counts.sources[outcome]++;
  }

  private quoteValues(
    q: Extract<ImportRecord, { type: 'quote' }> | ImportRecordQuote,
    path: string,
  ): QuoteValues {
    const sourceId = this.ref('source', q.source, `${path}.source`);
    this.scratch.checkAnchor(path, sourceId, q);
    return {
      sourceId,
      exact: q.exact,
      start: q.start,
      end: q.end,
      speakerId: this.optionalRef('actor', q.speaker, `${path}.speaker`),
      originalSourceId: this.optionalRef('source', q.originalSource, `${path}.originalSource`),
    };
  }

  private claim(
    r: Extract<ImportRecord, { type: 'claim' }>,
    path: string,
    write: () => boolean,
  ): void {
    const { id, exists } = this.target('claim', r.slug, r.id, path);
    const quotes = r.quotes.map((q, i) => this.quoteValues(q, `${path}.quotes.${i}`));
    const claimantId = this.ref('actor', r.claimant, `${path}.claimant`);
    const tags = [...new Set(r.tags)].sort();
    if (!write()) return;
    const stored = exists ? findClaim(this.db, id) : null;
    // A record without a status leaves a stored claim's verdict as it is; a new claim starts unverified.
    const status = r.status ?? stored?.status ?? 'unverified';
    const statusNote =
      r.status === undefined && stored ? stored.statusNote : (r.statusNote ?? null);
    const values: ClaimValues = {
      id,
      slug: r.slug,
      text: r.text,
      language: r.language,
      claimantId,
      statedAt: r.statedAt,
      status,
      statusNote,
    };
    if (!stored) {
      insertClaim(this.db, values, this.now);
      replaceTags(this.db, id, tags, true);
      replaceQuotes(this.db, id, quotes, true);
      const first = {
        claimId: id,
        status,
        previousStatus: null,
        note: statusNote,
        changedBy: this.options.by ?? null,
      };
      if (!this.scratch.historyGiven(id)) {
        this.scratch.noteAutomaticHistory(id, appendStatusChange(this.db, first, this.now));
      }
      this.audit('created', 'claim', id, null, { ...values, tags, quotes });
      this.counts.claims.created++;
      return;
    }
    const storedTags = tagsByClaim(this.db, [id]).get(id) ?? [];
    const tagsChanged = JSON.stringify(storedTags) !== JSON.stringify(tags);
    const storedQuotes = quotesOf(this.db, id).map(normalizeQuote);
    const quotesChanged =
      JSON.stringify(storedQuotes) !== JSON.stringify(quotes.map(normalizeQuote));
    if (outcomeOf(stored, values) === 'unchanged' && !tagsChanged && !quotesChanged) {
      this.counts.claims.unchanged++;
      return;
    }
    updateClaim(this.db, id, values, this.now);
    if (tagsChanged) replaceTags(this.db, id, tags);
    if (quotesChanged) replaceQuotes(this.db, id, quotes);
    if (status !== stored.status || statusNote !== stored.statusNote) {
      appendStatusChange(
        this.db,
        {
          claimId: id,
          status,
          previousStatus: stored.status,
          note: statusNote,
          changedBy: this.options.by ?? null,
        },
        this.now,
      );
    }
    this.audit('updated', 'claim', id, stored, values);
    this.counts.claims.updated++;
  }

  /** A quote given as its own record joins its claim's quotes unless the claim has it already. */
  private quote(
    r: Extract<ImportRecord, { type: 'quote' }>,
    path: string,
    write: () => boolean,
  ): void {
    const claimId = this.ref('claim', r.claim, `${path}.claim`);
    const values = this.quoteValues(r, path);
    if (!write()) return;
    const stored = quotesOf(this.db, claimId);
    const key = JSON.stringify(normalizeQuote(values));
    if (stored.some((q: QuoteRow) => JSON.stringify(normalizeQuote(q)) === key)) {
      this.counts.quotes.unchanged++;
      return;
    }
    replaceQuotes(this.db, claimId, [...stored.map(normalizeQuote), values]);
    this.audit('created', 'claim', claimId, null, { quote: values });
    this.counts.quotes.created++;
  }

  private link(
    r: Extract<ImportRecord, { type: 'link' }>,
    path: string,
    write: () => boolean,
  ): void {
    const fromClaimId = this.ref('claim', r.from, `${path}.from`);
    const toClaimId = this.ref('claim', r.to, `${path}.to`);
    if (fromClaimId === toClaimId) this.fail(path, 'a claim cannot rebut or support itself');
    if (!write()) return;
    const link = { fromClaimId, toClaimId, kind: r.kind };
    const stored = findLink(this.db, fromClaimId, toClaimId);
    const outcome: Outcome = !stored ? 'created' : stored.kind === r.kind ? 'unchanged' : 'updated';
    if (outcome !== 'unchanged') {
      saveLink(this.db, link, this.now);
      this.touch(fromClaimId);
      this.touch(toClaimId);
    }
    this.audit(outcome, 'link', linkId(fromClaimId, toClaimId), stored, link);
    this.counts.links[outcome]++;
  }

  private evidence(
    r: Extract<ImportRecord, { type: 'evidence' }>,
    path: string,
    write: () => boolean,
  ): void {
    const { id, exists } = this.target('evidence', r.slug, r.id, path);
    const sourceId = this.optionalRef('source', r.source, `${path}.source`);
    if (r.quote && !sourceId) this.fail(`${path}.quote`, 'a quote needs the source it is in');
    if (r.quote && sourceId) this.scratch.checkAnchor(`${path}.quote`, sourceId, r.quote);
    const values: EvidenceValues = {
      id,
      slug: r.slug,
      claimId: this.ref('claim', r.claim, `${path}.claim`),
      stance: r.stance,
      summary: r.summary,
      sourceId,
      quoteExact: r.quote?.exact ?? null,
      quoteStart: r.quote?.start ?? null,
      quoteEnd: r.quote?.end ?? null,
      url: r.url ?? null,
    };
    if (!write()) return;
    const stored = exists ? findEvidence(this.db, id) : null;
    const outcome = outcomeOf(stored, values);
    if (outcome === 'created') insertEvidence(this.db, values, this.now);
    if (outcome === 'updated') updateEvidence(this.db, id, values, this.now);
    if (outcome !== 'unchanged') this.touch(values.claimId);
    this.audit(outcome, 'evidence', id, stored, values);
    this.counts.evidence[outcome]++;
  }

  /** A history entry; the first one given for a claim made by this import replaces its automatic one. */
  private status(
    r: Extract<ImportRecord, { type: 'status' }>,
    path: string,
    write: () => boolean,
  ): void {
    const claimId = this.ref('claim', r.claim, `${path}.claim`);
    if (!write()) return;
    const entry = {
      claimId,
      status: r.status,
      previousStatus: r.previousStatus ?? null,
      note: r.note ?? null,
      changedBy: r.changedBy ?? null,
    };
    const entryExists = hasStatusChange(this.db, { ...entry, changedAt: r.changedAt });
    if (!entryExists && findClaim(this.db, claimId) && !this.scratch.madeHere(claimId)) {
      // History is written by verdicts; an import may bring it only for the claims it creates.
      this.fail(
        `${path}.claim`,
        `claim '${r.claim}' exists already: its history cannot be imported`,
      );
      return;
    }
    const automatic = this.scratch.noteGivenHistory(claimId);
    if (automatic !== null) deleteStatusChange(this.db, automatic);
    if (entryExists) {
      this.counts.statuses.unchanged++;
      return;
    }
    appendStatusChange(this.db, entry, r.changedAt);
    this.counts.statuses.created++;
  }
}

type ImportRecordQuote = Extract<ImportRecord, { type: 'claim' }>['quotes'][number];

/** Created when nothing is stored, unchanged when every field the import sets already has that value. */
function outcomeOf(stored: object | null, values: object): Outcome {
  if (!stored) return 'created';
  const row = stored as Record<string, unknown>;
  const same = Object.entries(values).every(
    ([key, value]) => JSON.stringify(row[key] ?? null) === JSON.stringify(value ?? null),
  );
  return same ? 'unchanged' : 'updated';
}
