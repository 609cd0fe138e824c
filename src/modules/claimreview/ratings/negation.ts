import { labelKey } from './label-text.js';

/**
 * The words around a verdict phrase that turn it round: "not true", "n'est pas vrai", "não é
 * verdade", "nicht richtig", "सच नहीं". Written as people write them; compared as labelKey gives them.
 */

/** Words that deny what follows them. */
const BEFORE = [
  // English (apostrophes are dropped: isn't → isnt)
  'not',
  'no',
  'never',
  'isnt',
  'arent',
  'wasnt',
  'werent',
  'dont',
  'doesnt',
  'didnt',
  'cannot',
  'cant',
  'hardly',
  'neither',
  'nor',
  // French (n'est → nest)
  'pas',
  'ne',
  'nest',
  'jamais',
  'aucun',
  'aucune',
  'ni',
  // Spanish, Portuguese, Italian
  'nunca',
  'tampoco',
  'não',
  'nem',
  'non',
  'mai',
  // German
  'nicht',
  'kein',
  'keine',
  'keiner',
  'nie',
  'niemals',
  'weder',
  // Hindi
  'न',
  'मत',
];

/** Words that deny what comes before them (Hindi puts its negation after the verb's object). */
const AFTER = ['नहीं', 'नही', 'nahi', 'nahin'];

/** Words that soften a denial: "not entirely true" is partly true, not false. */
const QUALIFIERS = [
  'entirely',
  'completely',
  'quite',
  'wholly',
  'totally',
  'fully',
  'exactly',
  'always',
  'necessarily',
  'strictly',
  'the whole',
  'tout à fait',
  'totalement',
  'entièrement',
  'complètement',
  'forcément',
  'vraiment',
  'del todo',
  'totalmente',
  'completamente',
  'exactamente',
  'tan',
  'muy',
  'bem',
  'inteiramente',
  'exatamente',
  'tão',
  'ganz',
  'gänzlich',
  'völlig',
  'komplett',
  'unbedingt',
  'wirklich',
  'so',
  'पूरी तरह',
];

/** Words a denial reaches over: "it is not", "this was not", "es ist nicht", "não é". */
const FILLERS = [
  'it',
  'its',
  'is',
  'was',
  'are',
  'were',
  'be',
  'this',
  'that',
  'thats',
  'claim',
  'the',
  // "not at all true" is a denial, not a softened one
  'at',
  'all',
  'es',
  'está',
  'é',
  'est',
  'cest',
  'ce',
  'ist',
  'sind',
  'war',
  'das',
  'era',
  'foi',
  'isso',
  'eso',
  'esto',
  'यह',
  'है',
  'था',
];

const keySet = (words: string[]) => new Set(words.flatMap((w) => labelKey(w).split(' ')));
const BEFORE_WORDS = keySet(BEFORE);
const AFTER_WORDS = keySet(AFTER);
const QUALIFIER_WORDS = keySet(QUALIFIERS);
const FILLER_WORDS = keySet(FILLERS);

/** How far back a denial is looked for, over qualifiers and fillers ("ce n'est pas tout à fait"). */
const REACH = 6;

export type Negation = { negated: boolean; qualified: boolean };

/**
 * Whether the words `from`..`to` (exclusive) of a clause are denied: by a negation before them,
 * over qualifiers and fillers only, or by one of the words that follow them in Hindi.
 */
export function negationOf(words: string[], from: number, to: number): Negation {
  let qualified = false;
  for (let i = from - 1; i >= 0 && i >= from - REACH; i--) {
    const word = words[i] ?? '';
    if (BEFORE_WORDS.has(word)) return { negated: true, qualified };
    if (QUALIFIER_WORDS.has(word)) qualified = true;
    else if (!FILLER_WORDS.has(word)) break;
  }
  for (let i = to; i < words.length && i < to + 2; i++) {
    if (AFTER_WORDS.has(words[i] ?? '')) return { negated: true, qualified };
  }
  return { negated: false, qualified };
}
