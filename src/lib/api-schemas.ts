import { z } from 'zod';
import type { DeferredCounts } from './count-changes.js';

/** Shapes shared by every resource's routes. */

export const IdParamsSchema = z.object({
  // An empty or over-long value names nothing: the lookup answers 404 rather than a 400.
  id: z.string().describe('The public id (e.g. `clm_…`) or the slug'),
});

export const PageQuerySchema = z.strictObject({
  // Digits only: `1e1` or `0x10` are not page sizes a person means.
  limit: z
    .preprocess(
      (value) => (typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : value),
      z.number({ error: 'must be a whole number from 1 to 100' }).int().min(1).max(100),
    )
    .default(20)
    .describe('Items per page, 1–100 (default 20)'),
  cursor: z
    .string()
    .min(1)
    .max(1000)
    .optional()
    .describe('The `nextCursor` of the previous page, passed back unchanged'),
});

export type PageQuery = z.infer<typeof PageQuerySchema>;

/** The options of every import endpoint: the same names and types wherever one is taken. */
export const ImportQuerySchema = z.strictObject({
  // `?dryRun=true` arrives as a string; a boolean where a client sends one (the handler's own
  // parse, when the route's check was set aside).
  dryRun: z
    .union([z.boolean(), z.enum(['true', 'false']).transform((value) => value === 'true')])
    .default(false)
    .describe('Check and report without writing'),
});

export const SlugSchema = z
  .string()
  .min(1)
  .max(120)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lowercase words joined by hyphens')
  .meta({
    id: 'Slug',
    description: 'Human-readable unique key, e.g. `mike-pompeo`',
    examples: ['mike-pompeo'],
  });

export const TimestampSchema = z.iso.datetime().describe('ISO 8601 date-time (UTC)');

/** `{ items, nextCursor }`, the envelope of every paginated list. */
export function pageOf<T extends z.ZodType>(item: T, id: string) {
  return z
    .object({
      items: z.array(item),
      nextCursor: z
        .string()
        .nullable()
        .meta({
          description: 'Pass as `cursor` to get the next page; null on the last page',
          examples: [
            'eyJzb3J0Ijoic2x1ZyIsImtleSI6ImFydGljbGUiLCJ0aWUiOiJhcnRpY2xlIiwiZmlsdGVycyI6IlQxUE5vWXdycWd3RCJ9',
          ],
        }),
    })
    .meta({ id });
}

export type Page<T> = { items: T[]; nextCursor: string | null };

/** A point in time, normalised to UTC so it compares with stored timestamps. */
export const SinceSchema = z.iso
  .datetime({ offset: true })
  .transform((value) => new Date(value).toISOString())
  .describe('Only entries at or after this time (ISO 8601 date-time)');

/**
 * Who writes, on which version, and where a field is named in errors: passed by the routes, the
 * importers, the seed and the CLIs into every command. `ifMatch`: the versions an If-Match header
 * accepts (absent: no condition). `at`: the path of a field in what the caller sent (default
 * `body.<field>`; an import names the record, e.g. `actors.3.affiliation`).
 */
export type WriteContext = {
  by: string | null;
  ifMatch?: number[];
  at?: (field: string) => string;
  /**
   * Set by an import: the rules that span several records (affiliation cycles, the evidence a
   * verdict rests on) hold for the record as a whole, checked when every record is in, not
   * record by record, since records may come in any order.
   */
  deferred?: boolean;
  /**
   * Set by an import: the changes its writes make to the stored counts, applied when it ends
   * rather than row by row (a record may name a row written later, with no count to change yet).
   */
  counts?: DeferredCounts;
};

/** Where a field stands in the request or record being written, for a problem's `errors`. */
export function fieldPath(ctx: WriteContext, field: string): string {
  return ctx.at ? ctx.at(field) : `body.${field}`;
}

/** What an upsert did to a record. */
export type Outcome = 'created' | 'updated' | 'unchanged';

/** A reference to another record, by its slug or public id (bundles and imports). */
export const RefSchema = z.string().trim().min(1).max(200).describe('Slug or id of another record');

const OffsetSchema = z.number().int().min(0);

/**
 * `end` after `start` when both are given: refused as a field error naming the quote here, before
 * the database's CHECK can refuse the row. Kept by `.extend()`, so every quote shape built on
 * these has it (bundle and NDJSON records, the write API's quotes).
 */
const endAfterStart = (quote: { start?: number; end?: number }) =>
  quote.start === undefined || quote.end === undefined || quote.end > quote.start;
const END_AFTER_START = {
  path: ['end'],
  error: 'must be greater than start',
  // Only of offsets that are otherwise valid: `end: 0` is told once, as below its minimum.
  when: (payload: { issues: unknown[] }) => payload.issues.length === 0,
};

/** Words of a source's text at code-point offsets [start, end): a quote as stored and exported. */
export const AnchorSchema = z
  .strictObject({
    exact: z.string().min(1),
    start: OffsetSchema,
    end: OffsetSchema,
  })
  .refine(endAfterStart, END_AFTER_START);

/**
 * How a client places words of a source's text, for the server to anchor: the words, and where
 * (offsets) or between what (prefix/suffix) when they occur more than once. See lib/text-anchor.
 */
export const QuoteSelectorSchema = z
  .strictObject({
    exact: z.string().min(1).max(10_000).describe('The words exactly as in the source text'),
    start: z.number().int().min(0).optional().describe('Code-point offset, to pick one occurrence'),
    end: z.number().int().min(1).optional(),
    prefix: z
      .string()
      .min(1)
      .max(500)
      .optional()
      .describe('Text just before, to pick one occurrence'),
    suffix: z
      .string()
      .min(1)
      .max(500)
      .optional()
      .describe('Text just after, to pick one occurrence'),
  })
  .refine(endAfterStart, END_AFTER_START);
