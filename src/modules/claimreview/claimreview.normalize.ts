import { decode as decodeEntities } from 'he';
import { detect } from 'tinyld';
import { isPartialIsoDate } from '../../lib/dates.js';
import type { FieldError } from '../../lib/problem.js';
import type { ClaimStatus } from '../../lib/vocabulary.js';
import { type RatingRead, readRating } from './ratings/read-rating.js';

/**
 * Reading what fact-checkers publish as schema.org ClaimReview, quirks included, into one plain
 * shape: the importer works from that shape only.
 */

export type NormalizedReview = {
  reviewUrl: string;
  /** The review's own title (`headline`, else `name`), in the fact-checker's words. */
  headline: string | null;
  claimText: string;
  language: string;
  claimant: { name: string; kind: 'person' | 'organization'; sameAs: string[] } | null;
  claimDate: string | null;
  reviewDate: string | null;
  appearances: { url: string; title: string | null }[];
  rating: {
    status: ClaimStatus;
    score: number | null;
    /** The label as published (`alternateName`, else `name`). */
    text: string | null;
    ratingValue: number | null;
    bestRating: number | null;
    worstRating: number | null;
    readFrom: RatingRead['readFrom'];
    unmapped: boolean;
  };
  publisher: { name: string | null; url: string | null };
  original: unknown;
};

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const list = (value: unknown): unknown[] =>
  Array.isArray(value) ? value : value === undefined ? [] : [value];
const typeOf = (value: Json): string[] =>
  list(value['@type']).filter((t): t is string => typeof t === 'string');

const CONTAINERS = ['@graph', 'dataFeedElement', 'item', 'claimReview'];

/**
 * Every ClaimReview in a document: one object, an array, a page's `@graph`, or a DataFeed, in
 * document order. The walk keeps a stack of its own: no nesting can overflow the call stack.
 */
export function extractReviews(document: unknown): Json[] {
  const found: Json[] = [];
  const stack: unknown[] = [document];
  // Children are pushed last first, so that they are taken in order.
  const pushAll = (nodes: unknown[]) => {
    for (let i = nodes.length - 1; i >= 0; i--) stack.push(nodes[i]);
  };
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      pushAll(node);
    } else if (!isObject(node)) {
      // not a container: nothing in it
    } else if (typeOf(node).includes('ClaimReview')) {
      found.push(node);
    } else if (typeof node.text === 'string' && Array.isArray(node.claimReview)) {
      for (const review of node.claimReview.filter(isObject))
        found.push(fromFactCheckApi(node, review));
    } else {
      pushAll(CONTAINERS.map((key) => node[key]));
    }
  }
  return found;
}

/**
 * The Google Fact Check Tools API's flattened shape (a claim with its `claimReview` list: `text`,
 * `claimant`, `claimDate`; `publisher`, `url`, `reviewDate`, `textualRating`, `languageCode`) as
 * the ClaimReview it stands for.
 */
function fromFactCheckApi(claim: Json, review: Json): Json {
  const publisher = isObject(review.publisher) ? review.publisher : {};
  return {
    '@type': 'ClaimReview',
    url: review.url,
    name: review.title,
    claimReviewed: claim.text,
    datePublished: review.reviewDate,
    inLanguage: review.languageCode,
    author: { '@type': 'Organization', name: publisher.name, url: publisher.site },
    itemReviewed: {
      '@type': 'Claim',
      ...(claim.claimant ? { author: { '@type': 'Person', name: claim.claimant } } : {}),
      datePublished: claim.claimDate,
    },
    reviewRating: { '@type': 'Rating', alternateName: review.textualRating },
  };
}

/**
 * Text as a reader sees it: entities decoded, then tags dropped, spaces folded; '' when absent.
 * In that order, so that `&lt;/script&gt;` is decoded into a tag and dropped, never left live; what
 * comes out holds no tag (see stripTags).
 */
export function cleanText(value: unknown): string {
  const first = list(value).find((v) => typeof v === 'string' || typeof v === 'number');
  if (first === undefined) return '';
  return stripTags(decodeEntities(String(first)))
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Drops what an HTML reader takes for markup, in one pass (linear: each `>` search starts where the
 * last one ended): a `<` followed by a letter, `/`, `!` or `?` opens a tag, comment or declaration
 * that runs to its `>` (a comment to its `-->`), or to the end of the text when it is not closed,
 * as a browser reads it. Each is replaced by a space; any other `<` is text (`a < b`, `<3`). So
 * every `<` left is followed by a character that opens nothing, and a second pass changes nothing.
 */
export function stripTags(text: string): string {
  const kept: string[] = [];
  let from = 0;
  for (let at = text.indexOf('<'); at !== -1; at = text.indexOf('<', at + 1)) {
    if (!opensMarkup(text.charCodeAt(at + 1))) continue;
    const comment = text.startsWith('<!--', at);
    // From `<!` on: `<!-->` and `<!--->` end where they begin, as in HTML.
    const close = comment ? text.indexOf('-->', at + 2) : text.indexOf('>', at + 1);
    kept.push(text.slice(from, at), ' ');
    if (close === -1) return kept.join('');
    from = close + (comment ? 3 : 1);
    at = from - 1;
  }
  kept.push(text.slice(from));
  return kept.join('');
}

/** After `<`: a letter (a tag), `/` (an end tag), `!` (a comment or declaration), `?`. */
function opensMarkup(code: number): boolean {
  const lower = code | 0x20;
  return (lower >= 0x61 && lower <= 0x7a) || code === 0x2f || code === 0x21 || code === 0x3f;
}

/** A date the way it is meant (`2020-06-24 00:03` → `2020-06-24T00:03`), or null. */
export function lenientDate(value: unknown): string | null {
  const text = cleanText(value);
  if (!text) return null;
  if (isPartialIsoDate(text)) return text;
  const spaced = text.replace(' ', 'T');
  if (isPartialIsoDate(spaced)) return spaced;
  const withZone = /T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(spaced) ? `${spaced}Z` : spaced;
  if (isPartialIsoDate(withZone)) return withZone;
  const parsed = Date.parse(text);
  return Number.isNaN(parsed) ? null : new Date(parsed).toISOString().slice(0, 10);
}

const NUMBER = (value: unknown): number | null => {
  const text = cleanText(value);
  if (text === '') return null;
  const number = Number(text);
  return Number.isFinite(number) ? number : null;
};

/**
 * A review's rating as the importer keeps it: the label and numbers as published, and the status
 * and score read from them (see ratings/read-rating.ts, the one reading every import path uses).
 */
export function readReviewRating(
  rating: unknown,
  publisher: NormalizedReview['publisher'],
  reviewUrl: string,
): NormalizedReview['rating'] {
  const r = isObject(rating) ? rating : {};
  const text = cleanText(r.alternateName) || cleanText(r.name) || null;
  const numbers = {
    ratingValue: NUMBER(r.ratingValue),
    bestRating: NUMBER(r.bestRating),
    worstRating: NUMBER(r.worstRating),
  };
  const read = readRating({ label: text, ...numbers, publisher, reviewUrl });
  return {
    status: read.status,
    score: read.score,
    text,
    ...numbers,
    readFrom: read.readFrom,
    unmapped: read.unmapped,
  };
}

const LANGUAGES = [
  'en',
  'es',
  'pt',
  'fr',
  'de',
  'it',
  'nl',
  'zh',
  'ja',
  'ko',
  'ar',
  'hi',
  'ur',
  'ru',
  'uk',
  'pl',
  'tr',
  'id',
  'fa',
  'bn',
  'ta',
  'th',
  'vi',
  'sv',
  'no',
  'da',
  'fi',
  'cs',
  'ro',
  'hu',
  'el',
  'he',
  'bg',
  'ms',
  'tl',
  'sw',
];

/** The claim's language: `inLanguage` when given, else detected from the text (BCP 47). */
export function languageOf(review: Json, text: string): string {
  const given = cleanText(isObject(review.inLanguage) ? review.inLanguage.name : review.inLanguage);
  if (given) {
    try {
      const [canonical] = Intl.getCanonicalLocales(given);
      if (canonical) return canonical;
    } catch {
      // not a tag: detect instead
    }
  }
  // A few thousand characters tell the language as well as a megabyte, at a bounded cost.
  return detect(text.slice(0, 4000), { only: LANGUAGES }) || 'und';
}

/** One review in the plain shape, or what it lacks (paths under `at`). */
export function normalizeReview(review: Json, at: string): NormalizedReview | FieldError[] {
  const item = isObject(review.itemReviewed) ? review.itemReviewed : {};
  const claimText = cleanText(review.claimReviewed) || cleanText(item.text) || cleanText(item.name);
  const reviewUrl = cleanText(review.url);
  const missing: FieldError[] = [];
  if (!claimText)
    missing.push({
      path: `${at}.claimReviewed`,
      message: 'no claim text (claimReviewed, or itemReviewed text/name)',
    });
  if (!/^https?:\/\//.test(reviewUrl))
    missing.push({ path: `${at}.url`, message: 'no review url' });
  if (missing.length > 0) return missing;

  const author = list(item.author).find(isObject);
  const authorName = author ? cleanText(author.name) : '';
  const appearances = [
    ...list(item.appearance),
    ...list(item.firstAppearance),
    ...(typeOf(item).includes('Claim') ? [] : [item]),
  ]
    .filter(isObject)
    .map((a) => ({
      url: cleanText(a.url),
      title: cleanText(a.headline) || cleanText(a.name) || null,
    }))
    .filter((a) => /^https?:\/\//.test(a.url));
  const by = list(review.author).find(isObject) ?? list(review.publisher).find(isObject);
  const publisher = {
    name: by ? cleanText(by.name) || null : null,
    url: by ? cleanText(by.url) || null : null,
  };
  return {
    reviewUrl,
    headline: cleanText(review.headline) || cleanText(review.name) || null,
    claimText,
    // A short claim says little about its language: the review's own title and summary help.
    language: languageOf(
      review,
      [
        claimText,
        cleanText(review.name),
        cleanText(review.headline),
        cleanText(review.description),
      ].join(' '),
    ),
    claimant: authorName
      ? {
          name: authorName,
          kind: author && typeOf(author).includes('Person') ? 'person' : 'organization',
          sameAs: list(author?.sameAs)
            .map(cleanText)
            .filter((u) => /^https?:\/\//.test(u)),
        }
      : null,
    claimDate: lenientDate(item.datePublished),
    reviewDate: lenientDate(review.datePublished),
    appearances: uniqueByUrl(appearances),
    rating: readReviewRating(list(review.reviewRating).find(isObject), publisher, reviewUrl),
    publisher,
    original: review,
  };
}

/** The first of each url, in order (linear: a Set, not a search per item). */
function uniqueByUrl<T extends { url: string }>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => !seen.has(item.url) && Boolean(seen.add(item.url)));
}
