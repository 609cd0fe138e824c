import type { Db } from '../../db/client.js';
import { type EntityKind, newId } from '../../lib/ids.js';
import type { FieldError } from '../../lib/problem.js';
import { AnchoredText } from '../../lib/text-anchor.js';
import { findActor } from '../actors/actors.repository.js';
import { findClaim } from '../claims/claims.repository.js';
import { findEvidence } from '../evidence/evidence.repository.js';
import { findSource } from '../sources/sources.repository.js';
import type { Bundle } from './bundle.schemas.js';

/** Where each bundle record lands: the id it keeps or gets, and whether it exists already. */
export type Target = { id: string; exists: boolean };

type Collection = 'actors' | 'sources' | 'claims' | 'evidence';

const KIND: Record<Collection, EntityKind> = {
  actors: 'actor',
  sources: 'source',
  claims: 'claim',
  evidence: 'evidence',
};

const FINDERS: Record<Collection, (db: Db, idOrSlug: string) => { id: string } | null> = {
  actors: findActor,
  sources: findSource,
  claims: findClaim,
  evidence: findEvidence,
};

/**
 * Checks a parsed bundle against itself and the database before anything is written: duplicate
 * slugs, references that name nothing, quotes that are not where they say. Collects every error.
 */
export class BundleResolver {
  readonly errors: FieldError[] = [];
  private readonly targets: Record<Collection, Map<string, Target>> = {
    actors: new Map(),
    sources: new Map(),
    claims: new Map(),
    evidence: new Map(),
  };
  private readonly texts = new Map<string, AnchoredText | null>();

  constructor(
    private readonly db: Db,
    private readonly bundle: Bundle,
  ) {
    for (const collection of ['actors', 'sources', 'claims', 'evidence'] as const) {
      bundle[collection].forEach((record, index) => {
        const path = `${collection}.${index}`;
        const byKey = this.targets[collection];
        if (byKey.has(record.slug)) {
          this.errors.push({
            path: `${path}.slug`,
            message: `slug '${record.slug}' appears twice`,
          });
          return;
        }
        const existing =
          (record.id ? FINDERS[collection](db, record.id) : null) ??
          FINDERS[collection](db, record.slug);
        const target = existing
          ? { id: existing.id, exists: true }
          : { id: record.id ?? newId(KIND[collection]), exists: false };
        byKey.set(record.slug, target);
        byKey.set(target.id, target);
      });
    }
  }

  /** The record at `collection[index]`, resolved (constructed for every record without a duplicate). */
  target(collection: Collection, slug: string): Target | undefined {
    return this.targets[collection].get(slug);
  }

  /** The id a reference (slug or id) names, in the bundle or the database; records an error if none. */
  ref(collection: Collection, ref: string, path: string): string {
    const inBundle = this.targets[collection].get(ref);
    if (inBundle) return inBundle.id;
    const stored = FINDERS[collection](this.db, ref);
    if (stored) return stored.id;
    this.errors.push({
      path,
      message: `no ${KIND[collection]} '${ref}' in the bundle or the database`,
    });
    return ref;
  }

  optionalRef(collection: Collection, ref: string | null | undefined, path: string): string | null {
    return ref ? this.ref(collection, ref, path) : null;
  }

  /** Checks that `anchor` is exactly the source's text at its offsets. */
  anchor(
    sourceId: string,
    anchor: { exact: string; start: number; end: number },
    path: string,
  ): void {
    const text = this.sourceText(sourceId);
    if (text === undefined) return; // the unknown source is reported already
    const problem = text ? text.mismatch(anchor) : 'the source has no text to anchor a quote in';
    if (problem)
      this.errors.push({ path, message: `quote ${JSON.stringify(anchor.exact)}: ${problem}` });
  }

  private sourceText(sourceId: string): AnchoredText | null | undefined {
    if (!this.texts.has(sourceId)) {
      const record = this.bundle.sources.find(
        (source) => this.targets.sources.get(source.slug)?.id === sourceId,
      );
      const text = record ? record.text : findSource(this.db, sourceId)?.text;
      if (text === undefined) return undefined;
      this.texts.set(sourceId, text ? new AnchoredText(text) : null);
    }
    return this.texts.get(sourceId);
  }
}
