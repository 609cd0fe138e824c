import slugify from '@sindresorhus/slugify';
import { ConflictError } from './problem.js';

/** Whether a slug is in use already (a lookup in the store). */
export type SlugTaken = (slug: string) => Promise<boolean>;

/**
 * A readable slug from free text (`Iran is al-Qaeda’s new home base` → `iran-is-al-qaedas-new-home-base`),
 * made unique with `-2`, `-3`… Text with nothing to transliterate falls back to `fallback`.
 */
export async function uniqueSlug(
  text: string,
  taken: SlugTaken,
  fallback: string,
): Promise<string> {
  const words = slugify(text, { decamelize: false }).split('-');
  let base = '';
  for (const word of words) {
    if (base.length + word.length + 1 > 60) break;
    base = base ? `${base}-${word}` : word;
  }
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(base)) base = fallback;
  if (!(await taken(base))) return base;
  // The numbers in use are found by doubling, then halving the gap: a few lookups however many
  // records share the words (one lookup a number made the thousandth such claim cost a thousand).
  // Where numbers were freed, the one found may be below the highest in use; it is free all the same.
  let inUse = 1;
  let free = 2;
  while (await taken(`${base}-${free}`)) {
    inUse = free;
    free *= 2;
  }
  while (free - inUse > 1) {
    const middle = Math.floor((inUse + free) / 2);
    if (await taken(`${base}-${middle}`)) inUse = middle;
    else free = middle;
  }
  return `${base}-${free}`;
}

/** The slug a client asked for (409 when taken), or one made from `label`. */
export async function chooseSlug(
  wanted: string | undefined,
  label: string,
  taken: SlugTaken,
  entity: string,
): Promise<string> {
  if (wanted === undefined) return uniqueSlug(label, taken, entity.split(' ')[0] ?? 'item');
  if (await taken(wanted)) {
    throw new ConflictError(`The slug '${wanted}' is taken by another ${entity}.`);
  }
  return wanted;
}
