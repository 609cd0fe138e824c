import slugify from '@sindresorhus/slugify';
import { ConflictError } from './problem.js';

/**
 * A readable slug from free text (`Iran is al-Qaeda’s new home base` → `iran-is-al-qaedas-new-home-base`),
 * made unique with `-2`, `-3`… Text with nothing to transliterate falls back to `fallback`.
 */
export function uniqueSlug(
  text: string,
  taken: (slug: string) => boolean,
  fallback: string,
): string {
  const words = slugify(text, { decamelize: false }).split('-');
  let base = '';
  for (const word of words) {
    if (base.length + word.length + 1 > 60) break;
    base = base ? `${base}-${word}` : word;
  }
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(base)) base = fallback;
  if (!taken(base)) return base;
  for (let n = 2; ; n++) {
    if (!taken(`${base}-${n}`)) return `${base}-${n}`;
  }
}

/** The slug a client asked for (409 when taken), or one made from `label`. */
export function chooseSlug(
  wanted: string | undefined,
  label: string,
  taken: (slug: string) => boolean,
  entity: string,
): string {
  if (wanted === undefined) return uniqueSlug(label, taken, entity.split(' ')[0] ?? 'item');
  if (taken(wanted)) throw new ConflictError(`The slug '${wanted}' is taken by another ${entity}.`);
  return wanted;
}
