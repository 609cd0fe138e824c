import { UnprocessableError } from './problem.js';

/** A row a request body names by id or slug; naming nothing is a 422 pointing at the field. */
export function referenced<T>(row: T | null, what: string, ref: string, path: string): T {
  if (row === null) {
    throw new UnprocessableError('unknown-reference', `The ${what} '${ref}' does not exist.`, [
      { path, message: `no ${what} has the id or slug '${ref}'` },
    ]);
  }
  return row;
}

/** How many records a refusal names at most. */
export const REFERENCES_NAMED = 5;

/** Records that point at a row: how many in all, and the first few of them (their slugs). */
export type References = { count: number; first: string[] };

/** All of `slugs`, as References. */
export const referencesOf = (slugs: string[]): References => ({
  count: slugs.length,
  first: slugs,
});

/** Describes what still points at a row, for the 409 that refuses to delete it. */
export function describeReferences(parts: [References, what: string][]): string | null {
  const present = parts.filter(([{ count }]) => count > 0);
  if (present.length === 0) return null;
  return present
    .map(([{ count, first }, what]) => {
      const shown = first.slice(0, REFERENCES_NAMED).join(', ');
      return `${count} ${what}${shown ? ` (${shown}${count > REFERENCES_NAMED ? ', …' : ''})` : ''}`;
    })
    .join('; ');
}
