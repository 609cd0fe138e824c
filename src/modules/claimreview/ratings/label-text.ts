/**
 * Labels and verdict sentences made comparable: the tables' keys and the ratings read go through
 * the same functions, so `Pants on Fire!`, `pants-fire`, `PANTS_ON_FIRE` and `Pants on fire` are
 * one key, and `Não é bem assim` matches `não_é_bem_assim` and `nao e bem assim`.
 */

/** Accents (combining marks of Latin, Greek, Cyrillic) dropped, `ß` as `ss`, lower case. */
function fold(text: string): string {
  return (
    text
      .normalize('NFKD')
      // Only U+0300–U+036F: the vowel signs of Devanagari and other scripts are marks too, and
      // dropping them would change the word.
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/ß/g, 'ss')
      .toLowerCase()
      // `isn't`, `n'est`, `c'est`: one word each, so a negation stays one token.
      .replace(/['’‘`´ʼ]/g, '')
  );
}

/** Words only: anything else (hyphens and underscores of slugs, punctuation) separates them. */
export function labelKey(text: string): string {
  return fold(text)
    .replace(/[^\p{L}\p{N}\p{M}]+/gu, ' ')
    .trim();
}

/** Where a verdict sentence's clauses end: a negation reaches no further. */
const CLAUSE_BREAK = /[.!?;:,()[\]{}"“”„«»‹›…–—।॥。，！？；：、]|\s-\s/u;

/** A sentence as clauses of words (each clause's words as labelKey gives them). */
export function clausesOf(text: string): string[][] {
  return fold(text)
    .split(CLAUSE_BREAK)
    .map((clause) => labelKey(clause))
    .filter((clause) => clause !== '')
    .map((clause) => clause.split(' '));
}
