import type { ClaimStatus } from '../../../lib/vocabulary.js';
import { clausesOf, labelKey } from './label-text.js';
import { FALSE, HALF_TRUE, type Meaning, statusOfScore } from './meanings.js';
import { type Negation, negationOf } from './negation.js';
import type { Labels, PublisherTable } from './table.js';
import { LANGUAGE_TABLES, PUBLISHER_TABLES } from './tables.js';

/** What a review says of its rating, as the importer found it. */
export type RatingInput = {
  label: string | null;
  ratingValue: number | null;
  bestRating: number | null;
  worstRating: number | null;
  publisher: { name: string | null; url: string | null };
  reviewUrl: string;
};

export type RatingRead = {
  status: ClaimStatus;
  /** 0 (false) to 1 (true); null when the rating is not about truth, or says nothing. */
  score: number | null;
  /**
   * Where the status came from: the label whole or its first clause (`label`), a verdict phrase
   * found in it (`sentence`), the numbers (`scale`), or nowhere (null: `unverified`).
   */
  readFrom: 'label' | 'sentence' | 'scale' | null;
  /** The label is in no table and holds no verdict phrase: worth adding to a table. */
  unmapped: boolean;
  /** The publisher whose table was used first, when the review is one of theirs. */
  knownPublisher: string | null;
};

type Keyed = Map<string, Meaning>;

const keyed = (labels: Labels, into: Keyed = new Map()): Keyed => {
  for (const [label, meaning] of Object.entries(labels)) {
    const key = labelKey(label);
    // The first table to name a label decides (see tables.ts for the order).
    if (!into.has(key)) into.set(key, meaning);
  }
  return into;
};

const PUBLISHERS = PUBLISHER_TABLES.map((table) => ({
  table,
  labels: keyed(table.labels),
  names: new Set(table.names.map(labelKey)),
}));
/** Every language's labels and phrases, in one map. */
const PHRASES: Keyed = LANGUAGE_TABLES.reduce((map, t) => keyed(t.labels, map), new Map());
/** Labels of every publisher, for reviews by a publisher with no table of its own. */
const ANY_PUBLISHER: Keyed = PUBLISHER_TABLES.reduce((map, t) => keyed(t.labels, map), new Map());
const LONGEST_PHRASE = Math.max(...[...PHRASES.keys()].map((key) => key.split(' ').length));

/**
 * A verdict leads its sentence, and no label is longer: the first thousand characters hold it,
 * and reading no more keeps a hostile rating of a megabyte as cheap as a short one.
 */
const SENTENCE_READ = 1000;

/**
 * The status and score of a review's rating. The label decides when it is understood: in the
 * publisher's own table, then the language tables, then any publisher's, whole then by its first
 * clause ("FALSO: …"), then by the first verdict phrase of the sentence, negations read. Only when
 * the label is absent, unknown or known to say nothing do the numbers decide (their place between
 * worst and best); publishers' numbers are not comparable (some give every review the same, some
 * count the other way), so they never overrule a label.
 */
export function readRating(input: RatingInput): RatingRead {
  const publisher = publisherOf(input);
  const knownPublisher = publisher?.table.publisher ?? null;
  const label = input.label?.trim() ? input.label : null;
  const found =
    label === null ? null : readLabel(label.slice(0, SENTENCE_READ), publisher?.labels ?? null);
  if (found && found.meaning.kind !== 'none') {
    const { status, score } = found.meaning;
    return { status, score, readFrom: found.from, unmapped: false, knownPublisher };
  }
  const unmapped = label !== null && found === null;
  const position = scalePosition(input);
  if (position !== null) {
    return {
      status: statusOfScore(position),
      score: position,
      readFrom: 'scale',
      unmapped,
      knownPublisher,
    };
  }
  return {
    status: 'unverified',
    score: null,
    readFrom: null,
    unmapped: unmapped || found === null,
    knownPublisher,
  };
}

function readLabel(
  label: string,
  own: Keyed | null,
): { meaning: Meaning; from: 'label' | 'sentence' } | null {
  const whole = labelKey(label);
  const first = clausesOf(label)[0]?.join(' ') ?? whole;
  for (const key of first === whole ? [whole] : [whole, first]) {
    const meaning = own?.get(key) ?? PHRASES.get(key) ?? ANY_PUBLISHER.get(key);
    if (meaning) return { meaning, from: 'label' };
  }
  const phrase = firstVerdictPhrase(label);
  return phrase ? { meaning: phrase, from: 'sentence' } : null;
}

/** The first phrase of the language tables in the sentence, as its negation turns it. */
function firstVerdictPhrase(sentence: string): Meaning | null {
  for (const words of clausesOf(sentence)) {
    for (let i = 0; i < words.length; i++) {
      for (let n = Math.min(LONGEST_PHRASE, words.length - i); n >= 1; n--) {
        const meaning = PHRASES.get(words.slice(i, i + n).join(' '));
        if (!meaning) continue;
        const read = asNegated(meaning, negationOf(words, i, i + n));
        if (read) return read;
        // Denied without a meaning of its own ("not false"): read on after it.
        i += n - 1;
        break;
      }
    }
  }
  return null;
}

/**
 * A denied phrase never reads as itself: "not true" is false; "not entirely true" and "not
 * entirely false" are half true; a denial of anything else ("not false", "not satire") says
 * nothing sure, and null lets the reading go on.
 */
function asNegated(meaning: Meaning, negation: Negation): Meaning | null {
  if (!negation.negated) return meaning;
  if (meaning.kind !== 'truth' || meaning.score === null) return null;
  if (negation.qualified) return meaning.score === HALF_TRUE.score ? null : HALF_TRUE;
  return meaning.score >= 0.75 ? FALSE : null;
}

/** The review's place between worstRating (0) and bestRating (1), when the three make a scale. */
function scalePosition({ ratingValue, bestRating, worstRating }: RatingInput): number | null {
  if (ratingValue === null || bestRating === null || worstRating === null) return null;
  if (bestRating === worstRating) return null;
  const position = (ratingValue - worstRating) / (bestRating - worstRating);
  if (!(position >= 0 && position <= 1)) return null;
  // `|| 0`: a scale counting down gives -0 for its worst, which JSON and tests tell from 0.
  return Math.round(position * 1000) / 1000 || 0;
}

/** The publisher whose table fits the review: by the name it signs with, or by its site. */
function publisherOf(input: RatingInput): { table: PublisherTable; labels: Keyed } | undefined {
  const name = input.publisher.name ? labelKey(input.publisher.name) : null;
  const hosts = [input.publisher.url, input.reviewUrl].flatMap((url) => {
    const host = hostOf(url);
    return host ? [host] : [];
  });
  return PUBLISHERS.find(
    (p) =>
      (name !== null && p.names.has(name)) ||
      hosts.some((host) => p.table.hosts.some((h) => host === h || host.endsWith(`.${h}`))),
  );
}

function hostOf(url: string | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return null;
  }
}
