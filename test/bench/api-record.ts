import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { CLAIM_STATUSES, type ClaimStatus, SOURCE_KINDS } from '../../src/lib/vocabulary.js';
import { seededRandom } from '../helpers/random.js';

/**
 * A synthetic record shaped like a real one, for the API benchmark: a Zipf vocabulary of pseudo
 * words (with a few real ones to search for), ~30-word claims quoting their sources' texts,
 * verdicts with their history and evidence, tags, languages, dates over fifteen years and rebuttal
 * links. Everything is drawn from a seeded generator, so a size always gives the same record, and
 * the bench can name what it queries (slugs, words, tags) without reading the record back.
 */

/** Bump when the record's shape changes: cached databases carry it in their file name. */
export const RECORD_VERSION = 1;

/** The word most claims contain (rank 1 of the vocabulary). */
export const COMMON_WORD = 'people';
/** A real word rare enough to match about one claim in a thousand. */
export const RARE_WORD = 'uranium';
/** The tag carried by about one claim in ten. */
export const TOPIC_TAG = 'iran';
/** The claimant of about 3 % of the claims. */
export const PROLIFIC_ACTOR = 0;
/** The claim that about one claim in a thousand rebuts. */
export const MOST_REBUTTED_CLAIM = 0;

export const claimSlug = (i: number) => `claim-${i}`;
export const evidenceSlug = (i: number) => `evidence-${i}`;

/** How many actors, sources and tags go with `claims` claims. */
export function recordShape(claims: number): { actors: number; sources: number; tags: number } {
  return {
    actors: Math.min(1000, Math.max(20, Math.round(claims / 10))),
    sources: Math.min(10_000, Math.max(20, Math.round(claims / 10))),
    tags: Math.min(500, Math.max(50, Math.round(claims / 2))),
  };
}

// --- Randomness ------------------------------------------------------------------------------

/** Ranks 0…n-1 drawn with probability ∝ 1 / (rank + 1)^s, by binary search of the cumulative sums. */
class Zipf {
  private readonly cdf: Float64Array;

  constructor(n: number, s: number) {
    this.cdf = new Float64Array(n);
    let sum = 0;
    for (let rank = 0; rank < n; rank++) {
      sum += 1 / (rank + 1) ** s;
      this.cdf[rank] = sum;
    }
    for (let rank = 0; rank < n; rank++) this.cdf[rank] = (this.cdf[rank] ?? 0) / sum;
  }

  draw(random: () => number): number {
    const r = random();
    let lo = 0;
    let hi = this.cdf.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.cdf[mid] ?? 1) < r) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

function between(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** A value by weight: `[[value, weight], …]`. */
function weighted<T>(random: () => number, table: readonly (readonly [T, number])[]): T {
  const total = table.reduce((sum, [, weight]) => sum + weight, 0);
  let r = random() * total;
  for (const [value, weight] of table) {
    r -= weight;
    if (r < 0) return value;
  }
  const last = table.at(-1);
  if (!last) throw new Error('weighted pick from an empty table');
  return last[0];
}

// --- Vocabulary ------------------------------------------------------------------------------

const VOCABULARY_SIZE = 24_000;

/** Real words at fixed ranks, so that searches for them match a known share of the claims. */
const REAL_WORDS: readonly (readonly [string, number])[] = [
  [COMMON_WORD, 0],
  ['government', 3],
  ['said', 5],
  ['country', 9],
  ['president', 14],
  ['iran', 25],
  ['minister', 33],
  ['security', 40],
  ['economy', 60],
  ['election', 80],
  ['nuclear', 110],
  ['sanctions', 150],
  ['border', 200],
  ['climate', 260],
  ['vaccine', 330],
  ['inflation', 420],
  ['police', 520],
  ['refugees', 700],
  ['pipeline', 1000],
  [RARE_WORD, 2500],
  ['referendum', 6000],
];

const ONSETS = ['b', 'd', 'f', 'g', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'z'];
const ONSETS_RARE = ['ch', 'sh', 'th', 'br', 'tr', 'st', 'kr', 'pl', 'gl', 'dr', 'h', 'j', 'w'];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'a', 'e', 'o', 'ai', 'ou', 'ei', 'ia'];
const CODAS = ['', '', '', '', 'n', 'r', 's', 'l', 'm', 'k', 'st', 'nd', 'rt'];

/**
 * The vocabulary by rank: pronounceable pseudo words (shorter ones more frequent, as in natural
 * language) with the real words placed at their ranks. None starts with a real word, so a prefix
 * search for a real word matches only that word.
 */
export function vocabulary(): string[] {
  const random = seededRandom(0x5eed_0001);
  const real = REAL_WORDS.map(([word]) => word);
  const seen = new Set<string>();
  const words: string[] = [];
  while (words.length < VOCABULARY_SIZE - REAL_WORDS.length) {
    const syllables = weighted(random, [
      [1, 2],
      [2, 5],
      [3, 4],
      [4, 1],
    ] as const);
    let word = '';
    for (let s = 0; s < syllables; s++) {
      word += random() < 0.85 ? pick(random, ONSETS) : pick(random, ONSETS_RARE);
      word += pick(random, VOWELS);
      if (s === syllables - 1 || random() < 0.2) word += pick(random, CODAS);
    }
    if (word.length < 2 || seen.has(word)) continue;
    if (real.some((r) => word.startsWith(r))) continue;
    seen.add(word);
    words.push(word);
  }
  // Stable: among words of one length, the order drawn.
  words.sort((a, b) => a.length - b.length);
  for (const [word, rank] of REAL_WORDS) words.splice(rank, 0, word);
  return words;
}

// --- Text ------------------------------------------------------------------------------------

const SCRIPTS: Record<string, Record<string, string>> = {
  fa: Object.fromEntries(
    [...'abcdefghijklmnopqrstuvwxyz'].map((c, i) => [c, [...'ابپتثجچحخدذرزژسشصضطظعغفقکگ'][i] ?? c]),
  ),
  ar: Object.fromEntries(
    [...'abcdefghijklmnopqrstuvwxyz'].map((c, i) => [c, [...'ابتثجحخدذرزسشصضطظعغفقكلمنه'][i] ?? c]),
  ),
  ru: Object.fromEntries(
    [...'abcdefghijklmnopqrstuvwxyz'].map((c, i) => [c, [...'абцдефгхийклмнопярстуввхыз'][i] ?? c]),
  ),
};
const ACCENTS: Record<string, [string, string]> = {
  de: ['a', 'ä'],
  fr: ['e', 'é'],
  es: ['n', 'ñ'],
  'pt-BR': ['a', 'ã'],
};

/** A word as written in a language: another script, or an accent now and then. */
function inLanguage(word: string, language: string, random: () => number): string {
  const script = SCRIPTS[language];
  if (script) return [...word].map((c) => script[c] ?? c).join('');
  const accent = ACCENTS[language];
  if (accent && random() < 0.1) return word.replace(accent[0], accent[1]);
  return word;
}

const capitalized = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/** A text with the positions of its words, to quote slices of it with exact offsets. */
type SourceText = {
  text: string;
  /** UTF-16 offsets of each word's start and end. */
  starts: Uint32Array;
  ends: Uint32Array;
  /** UTF-16 offsets of the surrogate pairs (emoji) in the text, ascending. */
  pairs: number[];
};

const EMOJI = ['😀', '🔥', '👍', '🇮🇷', '📢'];

// --- The record ------------------------------------------------------------------------------

const LANGUAGES = [
  ['en', 60],
  ['de', 10],
  ['fr', 9],
  ['es', 8],
  ['fa', 6],
  ['ar', 3],
  ['ru', 2],
  ['pt-BR', 2],
] as const;

const STATUS_WEIGHTS: readonly (readonly [ClaimStatus, number])[] = [
  ['unverified', 35],
  ['unsubstantiated', 9],
  ['disputed', 9],
  ['supported', 10],
  ['refuted', 22],
  ['misleading', 10],
  ['not_checkable', 5],
];
if (STATUS_WEIGHTS.length !== CLAIM_STATUSES.length) {
  throw new Error('every claim status needs a weight in the benchmark record');
}

const TOPICS = [
  'economy',
  'health',
  'elections',
  'climate',
  'immigration',
  'energy',
  'security',
  'foreign-policy',
  'covid-19',
  'crime',
  'education',
  'taxes',
  'nuclear',
  'sanctions',
  'human-rights',
  'media',
  'military',
  'oil',
  'trade',
  'housing',
];

const ORGANIZATION_KINDS = ['Ministry', 'Institute', 'Party', 'News', 'Agency', 'Council', 'Times'];

const DAY = 86_400_000;
const FIRST_DAY = Date.UTC(2010, 0, 1);
const DAYS = Math.round((Date.UTC(2024, 11, 31) - FIRST_DAY) / DAY);

export type WriteReport = { records: number; bytes: number };

/**
 * Writes the record of `claims` claims as NDJSON, streamed: memory holds the vocabulary and the
 * sources' texts (bounded by the number of sources), never the claims. Every reference points
 * backwards, as an export's do.
 */
export async function writeApiRecord(file: string, claims: number): Promise<WriteReport> {
  const shape = recordShape(claims);
  const random = seededRandom(0xc1a1_0000 + claims);
  const words = vocabulary();
  const zipfWords = new Zipf(words.length, 1.0);
  const word = () => words[zipfWords.draw(random)] ?? COMMON_WORD;

  const out = createWriteStream(file);
  let buffered = '';
  let records = 0;
  let bytes = 0;
  const write = async (record: Record<string, unknown>) => {
    buffered += `${JSON.stringify(record)}\n`;
    records++;
    if (buffered.length < 1 << 16) return;
    bytes += Buffer.byteLength(buffered);
    const more = out.write(buffered);
    buffered = '';
    if (!more) await once(out, 'drain');
  };

  const sentence = (min: number, max: number, language = 'en') => {
    const n = between(random, min, max);
    const parts: string[] = [];
    for (let i = 0; i < n; i++) parts.push(inLanguage(word(), language, random));
    parts[0] = capitalized(parts[0] ?? '');
    return `${parts.join(' ')}.`;
  };

  // Actors: the last fifth are organisations, written first so that affiliations refer back.
  const organizations = Math.max(2, Math.round(shape.actors / 5));
  const firstOrganization = shape.actors - organizations;
  const actorSlugs: string[] = [];
  const actorOrder = [...Array(shape.actors).keys()].map(
    (i) => (i + firstOrganization) % shape.actors,
  );
  for (const i of actorOrder) {
    const person = i < firstOrganization;
    const name = person
      ? `${capitalized(pick(random, words))} ${capitalized(pick(random, words))}`
      : `${capitalized(pick(random, words))} ${pick(random, ORGANIZATION_KINDS)}`;
    const slug = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${i}`;
    actorSlugs[i] = slug;
    const affiliation =
      person && random() < 0.4
        ? actorSlugs[firstOrganization + between(random, 0, organizations - 1)]
        : undefined;
    await write({
      type: 'actor',
      slug,
      kind: person ? 'person' : 'organization',
      name,
      ...(random() < 0.5 ? { description: sentence(4, 10) } : {}),
      ...(random() < 0.2 ? { aliases: [`@${slug.replace(/-/g, '_')}`] } : {}),
      ...(affiliation ? { affiliation } : {}),
    });
  }

  // Sources: their texts stay in memory, for claims and evidence to quote.
  const texts: SourceText[] = [];
  const sourceSlugs: string[] = [];
  const publishers = Array.from({ length: 50 }, () => `${capitalized(word())} Media`);
  for (let i = 0; i < shape.sources; i++) {
    const kind = pick(random, SOURCE_KINDS);
    const social = kind === 'social_post';
    const text = sourceText(
      random,
      word,
      social ? between(random, 30, 80) : between(random, 200, 1200),
      social,
    );
    texts.push(text);
    const title = sentence(5, 10).slice(0, -1);
    const slug = `source-${i}`;
    sourceSlugs.push(slug);
    await write({
      type: 'source',
      slug,
      kind,
      title,
      ...(random() < 0.5 ? { description: sentence(4, 12) } : {}),
      url: `https://news.example/${i}/${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`,
      publisher: pick(random, publishers),
      publishedAt: isoDay(FIRST_DAY + between(random, 0, DAYS) * DAY),
      text: text.text,
    });
  }

  const zipfActors = new Zipf(shape.actors - 1, 0.5);
  const zipfSources = new Zipf(shape.sources, 0.6);
  const zipfTags = new Zipf(shape.tags - 1, 1.0);
  const tags = tagList(shape.tags, words);
  const quoteOf = (source: number) => {
    const text = texts[source];
    if (!text) throw new Error(`no source ${source}`);
    const count = text.starts.length;
    const length = Math.min(count, between(random, 6, 20));
    const first = between(random, 0, count - length);
    const from = text.starts[first] ?? 0;
    const to = text.ends[first + length - 1] ?? from + 1;
    const pairsBefore = (at: number) => text.pairs.filter((p) => p < at).length;
    return {
      exact: text.text.slice(from, to),
      start: from - pairsBefore(from),
      end: to - pairsBefore(to),
    };
  };

  let evidenceCount = 0;
  for (let i = 0; i < claims; i++) {
    const slug = claimSlug(i);
    const language = weighted(random, LANGUAGES);
    const claimTags = new Set<string>();
    for (
      let t: number = weighted(random, [
        [0, 20],
        [1, 35],
        [2, 30],
        [3, 10],
        [4, 5],
      ] as const);
      t > 0;
      t--
    )
      claimTags.add(tags[1 + zipfTags.draw(random)] ?? TOPIC_TAG);
    const onTopic = random() < 0.1;
    if (onTopic) claimTags.add(TOPIC_TAG);
    const textWords: string[] = [];
    for (let w = between(random, 20, 40); w > 0; w--) textWords.push(word());
    if (onTopic && random() < 0.5)
      textWords.splice(between(random, 0, textWords.length), 0, 'iran');
    const text = `${capitalized(textWords.map((w) => inLanguage(w, language, random)).join(' '))}.`;
    const quotes = [];
    for (let q = random() < 0.1 ? 2 : 1; q > 0; q--) {
      const source = zipfSources.draw(random);
      quotes.push({
        source: sourceSlugs[source],
        ...quoteOf(source),
        ...(random() < 0.05 ? { speaker: actorSlugs[between(random, 0, shape.actors - 1)] } : {}),
        ...(random() < 0.02
          ? { originalSource: sourceSlugs[between(random, 0, shape.sources - 1)] }
          : {}),
      });
    }
    const claimant = random() < 0.03 ? PROLIFIC_ACTOR : 1 + zipfActors.draw(random);
    const day = between(random, 0, DAYS);
    const precision = random();
    const stated = isoDay(FIRST_DAY + day * DAY);
    const statedAt =
      precision < 0.85 ? stated : precision < 0.95 ? stated.slice(0, 7) : stated.slice(0, 4);
    const status = weighted(random, STATUS_WEIGHTS);
    const steps = verdictSteps(status, random);
    const notes = steps.map((step) => `Rated ${step}: ${sentence(8, 16).toLowerCase()}`);
    await write({
      type: 'claim',
      slug,
      text,
      language,
      claimant: actorSlugs[claimant],
      statedAt,
      status,
      ...(status === 'unverified' ? {} : { statusNote: notes.at(-1) }),
      tags: [...claimTags],
      quotes,
    });

    if (steps.length > 0) {
      let at = FIRST_DAY + day * DAY + between(random, 1, 30) * DAY;
      await write({
        type: 'status',
        claim: slug,
        status: 'unverified',
        previousStatus: null,
        changedAt: new Date(at).toISOString(),
      });
      let previous: ClaimStatus = 'unverified';
      for (const [s, step] of steps.entries()) {
        at += between(random, 1, 60) * DAY + between(random, 0, DAY - 1);
        await write({
          type: 'status',
          claim: slug,
          status: step,
          previousStatus: previous,
          note: notes[s],
          changedAt: new Date(at).toISOString(),
        });
        previous = step;
      }
    }

    const stance =
      status === 'refuted'
        ? 'refutes'
        : status === 'supported'
          ? 'supports'
          : random() < 0.1
            ? 'context'
            : null;
    if (stance) {
      for (let e = random() < 0.3 ? 2 : 1; e > 0; e--) {
        const source = zipfSources.draw(random);
        const quoted = random() < 0.6;
        await write({
          type: 'evidence',
          slug: evidenceSlug(evidenceCount++),
          claim: slug,
          stance,
          summary: sentence(8, 16),
          ...(quoted ? { source: sourceSlugs[source], quote: quoteOf(source) } : {}),
          ...(random() < 0.3 ? { url: `https://check.example/${i}/${e}` } : {}),
        });
      }
    }

    if (i > 0 && random() < 0.1) {
      const target =
        random() < 0.01 ? MOST_REBUTTED_CLAIM : i - 1 - Math.floor(random() * Math.min(i, 5000));
      await write({ type: 'link', from: slug, kind: 'rebuts', to: claimSlug(target) });
      if (i > 1 && random() < 0.3) {
        const other = i - 1 - Math.floor(random() * Math.min(i, 5000));
        if (other !== target)
          await write({ type: 'link', from: slug, kind: 'supports', to: claimSlug(other) });
      }
    }
  }

  bytes += Buffer.byteLength(buffered);
  out.end(buffered);
  await once(out, 'finish');
  return { records, bytes };
}

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The verdicts a claim went through to reach `status`: sometimes `disputed` first. */
function verdictSteps(status: ClaimStatus, random: () => number): ClaimStatus[] {
  if (status === 'unverified') return [];
  if (status !== 'disputed' && random() < 0.1) return ['disputed', status];
  return [status];
}

/** `tags` tags: the topic tag first, then real topics, then pseudo words. */
function tagList(count: number, words: string[]): string[] {
  const tags = new Set<string>([TOPIC_TAG, ...TOPICS]);
  for (let rank = 200; tags.size < count; rank += 7) tags.add(words[rank % words.length] ?? '');
  return [...tags].slice(0, count);
}

function sourceText(
  random: () => number,
  word: () => string,
  length: number,
  social: boolean,
): SourceText {
  const starts = new Uint32Array(length);
  const ends = new Uint32Array(length);
  const pairs: number[] = [];
  let text = '';
  let sentenceLeft = 0;
  for (let w = 0; w < length; w++) {
    if (w > 0) text += ' ';
    if (social && random() < 0.05) {
      const emoji = pick(random, EMOJI);
      for (let u = 0; u < emoji.length; u++) {
        const code = emoji.charCodeAt(u);
        if (code >= 0xd800 && code <= 0xdbff) pairs.push(text.length + u);
      }
      text += `${emoji} `;
    }
    let next = word();
    if (sentenceLeft === 0) {
      next = capitalized(next);
      sentenceLeft = between(random, 8, 20);
    }
    sentenceLeft--;
    starts[w] = text.length;
    text += next;
    if (sentenceLeft === 0 || w === length - 1) text += '.';
    else if (random() < 0.05) text += ',';
    // A quote ends at a word, without the punctuation after it.
    ends[w] = text.length - (/[.,]$/.test(text) ? 1 : 0);
  }
  return { text, starts, ends, pairs };
}

// As a script: `node --import tsx test/bench/api-record.ts FILE CLAIMS`, so that the bench can
// measure the generator's own peak memory in a process of its own.
if (process.argv[1] === import.meta.filename) {
  const [file, claims] = process.argv.slice(2);
  if (!file || !Number.isInteger(Number(claims))) {
    console.error('Usage: api-record.ts FILE CLAIMS');
    process.exit(2);
  }
  const report = await writeApiRecord(file, Number(claims));
  console.log(`RECORDS ${report.records} ${report.bytes}`);
}
