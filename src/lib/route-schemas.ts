import { z } from 'zod';
import { ProblemSchema } from './problem.js';

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
