import QuickLRU from 'quick-lru';
import { engineOf, type ImportScratch, type ImportSupport } from '../../db/engine.js';
import type { Tx } from '../../db/store.js';
import type { Outcome, WriteContext } from '../../lib/api-schemas.js';
import type { DeferredCounts } from '../../lib/count-changes.js';
import { keysetPages } from '../../lib/cursor.js';
import { nowIso } from '../../lib/dates.js';
import { type EntityKind, isId, newId } from '../../lib/ids.js';
import { pacer } from '../../lib/pacer.js';
import { AppError } from '../../lib/problem.js';
import { AnchoredText } from '../../lib/text-anchor.js';
import { assertAffiliationAcyclic } from '../actors/actors.commands.js';
import { actorIdOf } from '../actors/actors.repository.js';
import { dropHeldAudit, holdAudit, writeHeldAudit } from '../audit/audit.commands.js';
import { appendFirstStatusEntries } from '../claims/claims.commands.js';
import { claimIdOf, claimsWithUnbackedVerdicts } from '../claims/claims.repository.js';
import { unbackedVerdict } from '../claims/verdicts.js';
import { evidenceIdOf } from '../evidence/evidence.repository.js';
import { findSource, sourceIdOf } from '../sources/sources.repository.js';
import { RECORD_TYPES, type RecordType } from './bundle.schemas.js';
import {
  type DifferingRecord,
  type ImportCounts,
  type ImportError,
  ImportInvalidError,
  type ImportOptions,
  type ImportReport,
} from './import-report.js';
import { writeRecord } from './import-writes.js';
import { type CheckedRecord, checkRecord } from './record-check.js';

/** At most this many problems are listed; the detail still counts them all. */
const MAX_LISTED = 1000;
/** References whose ids are kept in memory: most records name the same few actors and sources. */
const REFS_KEPT = 10_000;

export type Kind = 'actor' | 'source' | 'claim' | 'evidence';
const ID_OF: Record<Kind, (tx: Tx, ref: string) => Promise<string | null>> = {
  actor: actorIdOf,
  source: sourceIdOf,
  claim: claimIdOf,
  evidence: evidenceIdOf,
};

/** The write API names references `…Id`; a bundle record names them without the suffix. */
const RECORD_FIELDS: Record<string, string> = {
  affiliationId: 'affiliation',
  claimantId: 'claimant',
  claimId: 'claim',
  sourceId: 'source',
  speakerId: 'speaker',
  originalSourceId: 'originalSource',
};

/**
 * One import, all or nothing, inside the transaction the caller's store opened: records are read
 * one by one, their references resolved (they may point forward: a reference to a record not met
 * yet reserves its id, which must be met by the end), and each is written by its module's command,
 * which holds every rule of that resource. Once anything is wrong nothing will be committed: the
 * session keeps checking references but stops writing. Quote offsets and verdicts are checked in
 * bulk at the end, when every source and evidence item is in. State that grows with the input lives
 * in temporary tables, so memory stays flat however many records stream through.
 */
export class ImportSession {
  private readonly started = performance.now();
  readonly now = nowIso();
  private readonly errors: ImportError[] = [];
  private errorCount = 0;
  private records = 0;
  /** SQLite is synchronous: without this, a long import would keep every other request waiting. */
  private readonly pace = pacer();
  readonly counts: Record<RecordType, ImportCounts>;
  /** Whether records the database holds are left as they are (`existing: 'keep'`). */
  readonly keeping: boolean;
  private readonly differing: DifferingRecord[] = [];

  readonly scratch: ImportScratch;
  /**
   * The ids references resolved to, for the most recent ones: a reference keeps its id for the
   * whole import (met, stored or reserved), so it is looked up once rather than once per record.
   * (Kept in two generations of a Map, the older dropped whole: lru-cache's strict order cost an
   * import 3 % of its time.)
   */
  private readonly resolved = new QuickLRU<string, string>({ maxSize: REFS_KEPT });

  private constructor(
    readonly tx: Tx,
    private readonly parts: ImportSupport,
    private readonly options: ImportOptions,
  ) {
    this.scratch = parts.scratch;
    this.keeping = options.existing === 'keep';
    const counts = this.keeping
      ? { created: 0, updated: 0, unchanged: 0, kept: 0 }
      : { created: 0, updated: 0, unchanged: 0 };
    this.counts = Object.fromEntries(RECORD_TYPES.map((type) => [type, { ...counts }])) as Record<
      RecordType,
      ImportCounts
    >;
  }

  static async open(tx: Tx, options: ImportOptions = {}): Promise<ImportSession> {
    // Claims are indexed for search, the stored counts moved and the indexes a large import set
    // aside built again, once, when the import ends (as far as the engine defers them).
    const parts = await engineOf(tx).openImport(tx, {
      minRecords: options.largeImportRecords,
      countSlice: options.countSlice,
    });
    holdAudit(tx, parts.audit);
    return new ImportSession(tx, parts, options);
  }

  /** Ends the session whatever became of it: what it took from the connection is given back. */
  close(): void {
    dropHeldAudit(this.tx);
    this.parts.indexes.release();
  }

  /** Whether records are still being written (nothing has failed yet). */
  get writing(): boolean {
    return this.errorCount === 0;
  }

  /** Checks and writes one record; `path` names it in errors (`claims.7`, `lines.12`). */
  async add(raw: unknown, path: string): Promise<void> {
    await this.addChecked(checkRecord(raw, path));
  }

  /** Writes a record whose shape was checked (see record-check), or lists its problems. */
  async addChecked(checked: CheckedRecord): Promise<void> {
    await this.pace();
    this.records++;
    if (checked.problems) {
      for (const problem of checked.problems) this.fail(problem.path, problem.message);
      return;
    }
    await writeRecord(this, checked.record, checked.path);
    if (this.writing) this.parts.indexes.noteRecord();
  }

  fail(path: string, message: string, code?: string): void {
    this.errorCount++;
    if (this.errors.length < MAX_LISTED) this.errors.push({ path, message, code });
  }

  /**
   * How a command run for the record at `path` names the record's fields in its errors (`names`:
   * where a record type calls a field otherwise, as a status record calls the note `note`).
   */
  context(path: string, names: Record<string, string> = {}): WriteContext {
    return new RecordContext(path, names, this.options.by ?? null, this.parts.countChanges);
  }

  /**
   * Runs a module's command for the record at `path`, counting its outcome; a rule it refuses is
   * listed as that record's problem (with the rule's own problem code) instead of ending the import.
   */
  async apply(path: string, type: RecordType, command: () => Promise<Outcome>): Promise<void> {
    if (!this.writing) return;
    try {
      this.counts[type][await command()]++;
    } catch (thrown) {
      // A constraint of the database itself is this record's problem too, listed like a rule's.
      const error = engineOf(this.tx).translateError(thrown);
      // A fault of the database (a full disk: 507, I/O: 503) is not the record's: it ends the import.
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      if (!error.errors?.length) this.fail(path, error.message, error.code);
      for (const e of error.errors ?? []) this.fail(e.path, e.message, error.code);
    }
  }

  /**
   * Leaves a stored record as it is (`existing: 'keep'`): unchanged when it equals the import's
   * (no `fields` differ), else kept and listed with the fields that differ.
   */
  keep(type: RecordType, record: DifferingRecord): void {
    if (!this.writing) return;
    const counts = this.counts[type];
    if (record.fields.length === 0) {
      counts.unchanged++;
      return;
    }
    counts.kept = (counts.kept ?? 0) + 1;
    if (this.differing.length < MAX_LISTED) this.differing.push(record);
  }

  /** The id a reference names: met earlier, in the database, or reserved until it is met. */
  async ref(kind: Kind, ref: string, path: string): Promise<string> {
    const cacheKey = `${kind}\u0000${ref}`;
    const known = this.resolved.get(cacheKey);
    if (known !== undefined) return known;
    const resolved = await this.resolve(kind, ref, path);
    this.resolved.set(cacheKey, resolved);
    return resolved;
  }

  private async resolve(kind: Kind, ref: string, path: string): Promise<string> {
    const known = await this.scratch.keyId(kind, ref);
    if (known) return known;
    const stored = await ID_OF[kind](this.tx, ref);
    if (stored) return stored;
    const reserved = isId(kind as EntityKind, ref) ? ref : newId(kind as EntityKind);
    await this.scratch.reserve(kind, ref, reserved, path);
    return reserved;
  }

  async optionalRef(kind: Kind, ref: string | null | undefined, path: string) {
    return ref ? this.ref(kind, ref, path) : null;
  }

  /**
   * Where a record lands: its stored row's id, its given id, or the id a reference reserved; and
   * whether it is fresh (no stored row holds that id or the slug).
   */
  async target(kind: Kind, slug: string, givenId: string | undefined, path: string) {
    const idOf = ID_OF[kind];
    const stored = (givenId ? await idOf(this.tx, givenId) : null) ?? (await idOf(this.tx, slug));
    if (!givenId) {
      // Most records are met once, named by no record before them: their key is taken in one step.
      const id = stored ?? newId(kind as EntityKind);
      if (await this.scratch.defineNew(kind, slug, id)) return { id, fresh: stored === null };
    }
    const reserved =
      (await this.scratch.keyId(kind, slug)) ??
      (givenId ? await this.scratch.keyId(kind, givenId) : null);
    if (reserved !== null && (await this.scratch.isDefined(kind, slug))) {
      this.fail(`${path}.slug`, `${kind} '${slug}' appears twice in the import`, 'conflict');
    }
    if (reserved !== null && stored !== null && reserved !== stored) {
      // Named before it was met, the slug got an id of its own; the record now says it is another.
      this.fail(
        `${path}.slug`,
        `${kind} '${slug}' was referenced earlier in the import before this record gave it to stored ${kind} ${stored}; put this record first`,
        'conflict',
      );
    }
    if (givenId && (await this.scratch.isDefined(kind, givenId))) {
      this.fail(`${path}.id`, `${kind} id ${givenId} appears twice in the import`, 'conflict');
    }
    const id = stored ?? reserved ?? givenId ?? newId(kind as EntityKind);
    if (givenId && id !== givenId) {
      this.fail(
        `${path}.id`,
        `${kind} '${slug}' is stored (or referenced earlier) as ${id}, not ${givenId}`,
        'conflict',
      );
    }
    await this.scratch.define(kind, slug, id);
    if (givenId) await this.scratch.define(kind, givenId, id);
    // Neither the id nor the slug is held by a stored row: the command need not look again.
    return { id, fresh: stored === null };
  }

  /** Claims this import created keep version 1 while their links and evidence come in. */
  readonly keepVersion = (claimId: string) => this.scratch.madeHere(claimId);

  /** Ends the import: the bulk checks, then the report; any problem is a 422 (rolled back). */
  async finish(): Promise<ImportReport> {
    await writeHeldAudit(this.tx);
    await this.scratch.flush();
    for (const missing of await this.scratch.undefinedReferences()) {
      this.fail(
        missing.path,
        `no ${missing.kind} '${missing.key}' in the import or the database`,
        'unknown-reference',
      );
    }
    if (this.writing) await this.checkAffiliations();
    if (this.writing) await this.checkVerdicts();
    if (this.writing) await this.checkAnchors();
    if (this.errorCount > 0) throw new ImportInvalidError(this.errors, this.errorCount);
    await appendFirstStatusEntries(
      this.tx,
      this.scratch.claimsWithoutHistory(),
      this.context('claims'),
      this.now,
    );
    const endSearchIndex = await this.parts.searchIndex.rebuild();
    try {
      await this.parts.countChanges.apply();
      // A dry run is rolled back, which brings the indexes back as they were without building them.
      if (!this.options.dryRun) await this.parts.indexes.restore();
    } catch (error) {
      await endSearchIndex(false);
      throw error;
    }
    await endSearchIndex(true);
    await this.scratch.drop();
    const changed = RECORD_TYPES.some(
      (type) => this.counts[type].created + this.counts[type].updated > 0,
    );
    return {
      dryRun: this.options.dryRun ?? false,
      changed,
      records: this.records,
      counts: this.counts,
      ...(this.keeping ? { differing: this.differing } : {}),
      durationMs: Math.round(performance.now() - this.started),
    };
  }

  /** Affiliations form no cycle once every actor is in (the rule of actors.commands). */
  private async checkAffiliations(): Promise<void> {
    for (const { id, path } of await this.scratch.affiliated()) {
      try {
        await assertAffiliationAcyclic(this.tx, id, this.context(path));
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        for (const e of error.errors ?? []) this.fail(e.path, e.message, error.code);
      }
    }
  }

  private async checkVerdicts(): Promise<void> {
    for (const claim of await claimsWithUnbackedVerdicts(this.tx)) {
      this.fail(
        `claims/${claim.slug}`,
        unbackedVerdict(claim.status, {}) ?? 'verdict lacks evidence',
        'verdict-needs-evidence',
      );
    }
  }

  /** Quotes found off their offsets in bulk, each described by the one rule (AnchoredText). */
  private async checkAnchors(): Promise<void> {
    let current = null as { sourceId: string; text: AnchoredText | null; stored: boolean } | null;
    const pages = keysetPages(1000, (last: { sourceId: string; seq: number } | null) =>
      this.scratch.anchorPage(last, 1000),
    );
    for await (const anchors of pages) {
      for (const anchor of anchors) {
        await this.pace();
        if (current?.sourceId !== anchor.sourceId) {
          const source = await findSource(this.tx, anchor.sourceId);
          const text = source?.text ?? null;
          current = {
            sourceId: anchor.sourceId,
            text: text === null ? null : new AnchoredText(text),
            stored: source !== null,
          };
        }
        // A source that is nowhere is an unknown reference, reported as such.
        if (!current.stored) continue;
        const problem =
          current.text === null
            ? 'the source has no text to anchor a quote in'
            : current.text.mismatch(anchor);
        if (problem === null) continue;
        this.fail(
          anchor.path,
          `quote ${JSON.stringify(anchor.exact)}: ${problem}`,
          'quote-not-anchored',
        );
      }
    }
  }
}

/**
 * A record's write context: one per record, so its naming of fields is a method, not closures
 * made anew for each record.
 */
class RecordContext implements WriteContext {
  readonly deferred = true;

  constructor(
    private readonly path: string,
    private readonly names: Record<string, string>,
    readonly by: string | null,
    readonly counts: DeferredCounts,
  ) {}

  at(field: string): string {
    const parts = field.split('.').map((part) => this.names[part] ?? RECORD_FIELDS[part] ?? part);
    return [this.path, ...parts].join('.');
  }
}
