import { z } from 'zod';
import { RefSchema } from '../../lib/api-schemas.js';
import { ActorRecordSchema } from '../actors/actors.schemas.js';
import {
  ClaimRecordSchema,
  LinkRecordSchema,
  QuoteRecordSchema,
  StatusRecordSchema,
} from '../claims/claims.schemas.js';
import { EvidenceRecordSchema } from '../evidence/evidence.schemas.js';
import { SourceRecordSchema } from '../sources/sources.schemas.js';

/**
 * The bundle: the whole record, or part of it, as one JSON document whose records reference each
 * other by slug (or id). The seed is a bundle; imports and exports speak the same format. Each
 * record's shape is its module's (one definition each); references are named without the `Id` suffix.
 */

export const BundleSchema = z
  .strictObject({
    format: z.literal('factcheck-bundle'),
    version: z.literal(1),
    actors: z.array(ActorRecordSchema).default([]),
    sources: z.array(SourceRecordSchema).default([]),
    claims: z.array(ClaimRecordSchema).default([]),
    links: z.array(LinkRecordSchema).default([]),
    evidence: z.array(EvidenceRecordSchema).default([]),
    quotes: z.array(QuoteRecordSchema.extend({ claim: RefSchema })).default([]),
    statuses: z.array(StatusRecordSchema).default([]),
  })
  .meta({
    id: 'Bundle',
    description: 'Records of the record, referring to each other by slug or id',
  });

export type Bundle = z.infer<typeof BundleSchema>;

/** A bundle as an export writes it: only the collections that have records (quotes go with claims). */
export const ExportedBundleSchema = BundleSchema.partial()
  .required({ format: true, version: true })
  .meta({ id: 'ExportedBundle', description: 'The whole record as one bundle document' });

/** One record of an import, as an NDJSON line carries it: a bundle record with its `type`. */
export const ImportRecordSchema = z.discriminatedUnion('type', [
  ActorRecordSchema.extend({ type: z.literal('actor') }),
  SourceRecordSchema.extend({ type: z.literal('source') }),
  ClaimRecordSchema.extend({ type: z.literal('claim') }),
  QuoteRecordSchema.extend({ type: z.literal('quote'), claim: RefSchema }),
  LinkRecordSchema.extend({ type: z.literal('link') }),
  EvidenceRecordSchema.extend({ type: z.literal('evidence') }),
  StatusRecordSchema.extend({ type: z.literal('status') }),
]);

export type ImportRecord = z.infer<typeof ImportRecordSchema>;
export type ImportRecordType = ImportRecord['type'];

/** The bundle's collections and the record type each holds. */
export const COLLECTION_TYPES = {
  actors: 'actor',
  sources: 'source',
  claims: 'claim',
  quotes: 'quote',
  links: 'link',
  evidence: 'evidence',
  statuses: 'status',
} as const satisfies Record<string, ImportRecordType>;

export const RECORD_TYPES = Object.keys(COLLECTION_TYPES) as (keyof typeof COLLECTION_TYPES)[];
export type RecordType = keyof typeof COLLECTION_TYPES;
