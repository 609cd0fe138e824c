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

/** Describes what still points at a row, for the 409 that refuses to delete it. */
export function describeReferences(
  parts: [count: number, what: string, examples: string[]][],
): string | null {
  const present = parts.filter(([count]) => count > 0);
  if (present.length === 0) return null;
  return present
    .map(([count, what, examples]) => {
      const shown = examples.slice(0, 5).join(', ');
      return `${count} ${what}${shown ? ` (${shown}${count > 5 ? ', …' : ''})` : ''}`;
    })
    .join('; ');
}
