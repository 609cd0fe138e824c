import { z } from 'zod';

const PARTIAL_ISO =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2}))?)?)?$/;

/** An ISO 8601 date at the precision known: `2021`, `2021-01`, `2021-01-12` or a full date-time. */
export function isPartialIsoDate(value: string): boolean {
  const match = PARTIAL_ISO.exec(value);
  if (!match) return false;
  const [, , month, day] = match;
  if (month && (Number(month) < 1 || Number(month) > 12)) return false;
  if (day) {
    const date = new Date(`${value.slice(0, 10)}T00:00:00Z`);
    if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value.slice(0, 10)) {
      return false;
    }
  }
  return value.length <= 10 || !Number.isNaN(Date.parse(value));
}

export const PartialIsoDateSchema = z
  .string()
  .refine(isPartialIsoDate, 'must be an ISO 8601 date: YYYY, YYYY-MM, YYYY-MM-DD or a date-time')
  .meta({
    id: 'PartialDate',
    description: 'ISO 8601 date at the precision known: YYYY, YYYY-MM, YYYY-MM-DD or a date-time',
    examples: ['2021-01-12'],
  });

/** Upper bound that keeps every refinement of `value` (`2021-01` keeps `2021-01-31T23:00Z`). */
export function inclusiveUpperBound(value: string): string {
  return `${value}~`;
}

/**
 * The coarser dates whose period contains `value` (`2021-01-12` → `2021`, `2021-01`): a claim
 * stated "in January 2021" may have been made on or after the 12th, so a range from then keeps it.
 */
export function enclosingPeriods(value: string): string[] {
  return [4, 7, 10]
    .filter((length) => value.length > length)
    .map((length) => value.slice(0, length));
}

/**
 * The time now as ISO 8601, to the millisecond. Made once per millisecond: an import asks for it
 * a dozen times in one.
 */
export function nowIso(): string {
  const ms = Date.now();
  if (ms !== lastMs) {
    lastMs = ms;
    lastIso = new Date(ms).toISOString();
  }
  return lastIso;
}

let lastMs = Number.NaN;
let lastIso = '';
