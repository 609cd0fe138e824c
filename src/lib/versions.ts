import { PreconditionFailedError } from './problem.js';

/** AIP-154: a write sent with a stale If-Match fails (412); one sent without it proceeds. */
export function assertCurrent(
  entity: string,
  current: number,
  expected: number[] | undefined,
): void {
  if (expected !== undefined && !expected.includes(current))
    throw new PreconditionFailedError(entity, current);
}
