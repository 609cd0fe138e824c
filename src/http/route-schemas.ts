import { z } from 'zod';
import { ProblemSchema } from '../lib/problem.js';

/** The problem responses an operation documents, e.g. `...problems(400, 404)`. */
export function problems<const C extends number>(
  ...codes: C[]
): Record<C | 500, typeof ProblemSchema> {
  const entries = [...codes, 500].map((code) => [code, ProblemSchema] as const);
  return Object.fromEntries(entries) as Record<C | 500, typeof ProblemSchema>;
}

/** 304 of a conditional GET: the client's copy (its ETag) is current; no body. */
export const NotModifiedSchema = z
  .null()
  .describe('Not modified: the copy with this ETag is current');

/** OpenAPI security requirement of operations that need an API key. */
export const SECURED = [{ bearerAuth: [] }];

/** The problems every write may answer, and the ones writing to an existing resource adds. */
export const writeProblems = () => problems(400, 401, 403, 409, 413, 415, 422);
export const updateProblems = () => problems(400, 401, 403, 404, 409, 412, 413, 415, 422);

export const NoContentSchema = z.null().describe('Done; no body');

export const IfMatchHeadersSchema = z.object({
  'if-match': z
    .string()
    .optional()
    .describe('The ETag the change is based on; a stale one fails with 412 (absent: no check)'),
});

export const IdempotencyHeadersSchema = z.object({
  'idempotency-key': z
    .string()
    .min(1)
    .max(255)
    .optional()
    .describe('Makes a retried POST safe: the same key and body return the first response'),
});

export const IfNoneMatchHeadersSchema = z.object({
  'if-none-match': z
    .string()
    .optional()
    .describe('The ETag of the copy you have: 304 without a body when it is still current'),
});
