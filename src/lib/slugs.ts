import slugify from '@sindresorhus/slugify';

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
