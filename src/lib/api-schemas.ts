import { z } from 'zod';

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

export const SlugSchema = z
  .string()
  .min(1)
  .max(120)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'must be lowercase words joined by hyphens')
  .meta({ id: 'Slug', description: 'Human-readable unique key, e.g. `mike-pompeo`' });

export const TimestampSchema = z.iso.datetime().describe('ISO 8601 date-time (UTC)');

/** `{ items, nextCursor }`, the envelope of every paginated list. */
export function pageOf<T extends z.ZodType>(item: T, id: string) {
  return z
    .object({
      items: z.array(item),
      nextCursor: z
        .string()
        .nullable()
        .describe('Pass as `cursor` to get the next page; null on the last page'),
    })
    .meta({ id });
}

export type Page<T> = { items: T[]; nextCursor: string | null };

/** A point in time, normalised to UTC so it compares with stored timestamps. */
export const SinceSchema = z.iso
  .datetime({ offset: true })
  .transform((value) => new Date(value).toISOString())
  .describe('Only entries at or after this time (ISO 8601 date-time)');

/** Who writes and on which version: passed from the routes into every write service. */
/** `ifMatch`: the versions an If-Match header accepts (none listed: no condition). */
export type WriteContext = { by: string | null; ifMatch?: number[] };
