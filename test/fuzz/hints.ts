import fc from 'fast-check';
import type { Pools } from './pools.js';
import { type Hint, type JsonSchema, typesOf } from './schema-arbitrary.js';

type Arb = fc.Arbitrary<unknown>;

/**
 * Names the API gives to references and dates, mapped to values that reach real rows: a request
 * made only from the schema names an actor that does not exist and stops at the first 422.
 */
export function hintsFrom(pools: Pools, cursors: string[], clean = false): Hint {
  const dates = clean ? wellFormedDate : partialDate;
  const languages = clean ? knownLanguage : languageTag;
  const allRefs = [...pools.claims, ...pools.actors, ...pools.sources, ...pools.evidence];
  const urls = pools.sources.flatMap((s) => (s.url ? [s.url] : []));
  const words = [
    ...new Set(
      pools.sources.flatMap((s) => (s.text ?? '').split(/\W+/u).filter((w) => w.length > 3)),
    ),
  ].slice(0, 300);

  return (name: string, schema: JsonSchema): Arb | undefined => {
    const text = stringBranch(schema);
    if (!text) return undefined;
    // Real values, as far as the schema lets them through (a bundle's `id` must start `act_`).
    const pick = (values: string[]): Arb | undefined => {
      const pattern = typeof text.pattern === 'string' ? new RegExp(text.pattern) : null;
      const max = typeof text.maxLength === 'number' ? text.maxLength : Number.POSITIVE_INFINITY;
      const fit = values.filter((v) => v.length <= max && (!pattern || pattern.test(v)));
      return fit.length ? fc.constantFrom(...fit) : undefined;
    };
    const ref = (rows: { id: string; slug: string }[]) => pick(rows.flatMap((r) => [r.id, r.slug]));
    if (/^(claimantId|claimant|speakerId|speaker|affiliationId|affiliation)$/.test(name)) {
      return ref(pools.actors);
    }
    if (/^(sourceId|source|originalSourceId|originalSource)$/.test(name)) {
      return ref(pools.sources);
    }
    if (/^(claimId|claim|from|to|rebuttalId|supportId)$/.test(name)) return ref(pools.claims);
    if (name === 'entityId') return ref(allRefs);
    // Clean requests make new records: an import naming a stored id with a new slug renames it.
    if (name === 'id') return clean ? undefined : pick(allRefs.map((r) => r.id));
    if (name === 'slug') {
      const fresh = fc.stringMatching(/^[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}$/);
      const taken = pick(allRefs.map((r) => r.slug));
      return taken && !clean
        ? fc.oneof({ arbitrary: taken, weight: 1 }, { arbitrary: fresh, weight: 3 })
        : fresh;
    }
    if (name === 'exact' || name === 'prefix' || name === 'suffix') return excerpt(pools);
    // Only where the schema says no more than "a string" (a date-time format is its own guide).
    if (/(At|From|To|^since|^date\w*|Date)$/.test(name) && !text.format && !text.pattern) {
      return dates;
    }
    if (name === 'language' || name === 'inLanguage') return languages;
    if (name === 'tag' || name === 'tags[]') {
      if (clean) return fc.constantFrom(...(pools.tags.length ? pools.tags : ['tag']));
      return fc.oneof(
        fc.constantFrom(...(pools.tags.length ? pools.tags : ['tag'])),
        fc.string({ minLength: 1, maxLength: 12 }),
      );
    }
    if (name === 'q') return clean ? searchWords(words) : searchQuery(words);
    if (name === 'cursor' && cursors.length > 0) {
      if (clean) return fc.constantFrom(...cursors);
      return fc.oneof(
        fc.constantFrom(...cursors),
        fc.base64String({ minLength: 4, maxLength: 40 }),
        fc.constantFrom(...cursors).map((c) => `${c.slice(0, -2)}AA`),
      );
    }
    if (name === 'name' && pools.keyNames.length > 0) {
      return fc.oneof(
        { arbitrary: fc.constantFrom(...pools.keyNames), weight: 1 },
        { arbitrary: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.@-]{0,20}$/), weight: 3 },
      );
    }
    if (name === 'url') {
      const fresh = clean
        ? fc.stringMatching(/^https:\/\/[a-z]{3,10}\.example\/[a-z0-9-]{0,20}$/)
        : fc.webUrl({ withQueryParameters: true, withFragments: true });
      return urls.length ? fc.oneof(fc.constantFrom(...urls), fresh) : fresh;
    }
    if (name === 'alternateName') {
      return fc.constantFrom('False', 'True', 'Mostly false', 'Misleading', 'Half true', 'Nope');
    }
    return undefined;
  };
}

/**
 * Quotes anchored in a real source text: `exact` taken from it (with matching offsets or
 * context), and the member naming the source set to that source.
 */
export function anchorHint(pools: Pools, clean = false) {
  const texts = pools.sources.filter((s) => (s.text ?? '').length > 0);
  if (texts.length === 0) return undefined;
  // Wild requests also quote sources that have no text, with offsets of their own (even empty
  // or reversed ranges): nothing can check those against a text, so rules must.
  const textless = pools.sources.filter((s) => !s.text);
  const anchor = fc.record({
    source:
      clean || textless.length === 0
        ? fc.constantFrom(...texts)
        : fc.oneof(
            { arbitrary: fc.constantFrom(...texts), weight: 3 },
            { arbitrary: fc.constantFrom(...textless), weight: 1 },
          ),
    bySlug: fc.boolean(),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 80 }),
    // 0: left as generated (offsets that point nowhere); 2: offsets added.
    apply: fc.integer({ min: clean ? 1 : 0, max: 3 }),
  });
  return (keys: string[]) => {
    const sourceKey = keys.find((k) => k === 'sourceId' || k === 'source');
    if (keys.includes('exact')) {
      return (value: Record<string, unknown>) =>
        anchor.map((a) => (a.apply === 0 ? value : anchored(value, a, sourceKey, keys)));
    }
    if (keys.includes('quote') && sourceKey) {
      return (value: Record<string, unknown>) =>
        anchor.map((a) => {
          const quote = value.quote;
          if (a.apply === 0 || quote === null || typeof quote !== 'object') return value;
          const inner = anchored({ ...(quote as Record<string, unknown>) }, a, undefined, [
            'start',
            'end',
          ]);
          return { ...value, quote: inner, [sourceKey]: ref(a) };
        });
    }
    return undefined;
  };
}

type Anchor = {
  source: { id: string; slug: string; text: string | null };
  bySlug: boolean;
  at: number;
  length: number;
  apply: number;
};

const ref = (a: Anchor) => (a.bySlug ? a.source.slug : a.source.id);

function anchored(
  value: Record<string, unknown>,
  a: Anchor,
  sourceKey: string | undefined,
  keys: string[],
): Record<string, unknown> {
  if (!a.source.text) {
    const from = a.at % 100;
    const to = from + ([-1, 0, 1, a.length][a.length % 4] ?? 0);
    return { ...value, ...(sourceKey ? { [sourceKey]: ref(a) } : {}), start: from, end: to };
  }
  // Offsets count code points, as the API documents.
  const points = Array.from(a.source.text);
  const start = a.at % points.length;
  const end = Math.min(points.length, start + a.length);
  const next: Record<string, unknown> = { ...value, exact: points.slice(start, end).join('') };
  if (sourceKey) next[sourceKey] = ref(a);
  if ('start' in value || 'end' in value || (a.apply === 2 && keys.includes('start'))) {
    next.start = start;
    next.end = end;
  }
  // Context that is not there (before the first word) is left out rather than made up.
  const prefix = points.slice(Math.max(0, start - 20), start).join('');
  const suffix = points.slice(end, end + 20).join('');
  if ('prefix' in value) setOrDrop(next, 'prefix', prefix);
  if ('suffix' in value) setOrDrop(next, 'suffix', suffix);
  return next;
}

/** The schema itself when it takes a string, or its branch that does (`string | null`). */
function stringBranch(schema: JsonSchema): JsonSchema | undefined {
  if (typesOf(schema).includes('string')) return schema;
  const branches = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (!Array.isArray(branches)) return undefined;
  return branches.find((b) => typeof b === 'object' && typesOf(b).includes('string'));
}

function excerpt(pools: Pools): Arb {
  const texts = pools.sources.flatMap((s) => (s.text ? [Array.from(s.text)] : []));
  if (texts.length === 0) return fc.string({ minLength: 1, maxLength: 20 });
  return fc
    .tuple(fc.constantFrom(...texts), fc.nat(), fc.integer({ min: 1, max: 60 }))
    .map(([points, at, length]) => {
      const start = at % points.length;
      return points.slice(start, start + length).join('');
    });
}

const someDate = fc.date({
  min: new Date('1900-01-01'),
  max: new Date('2100-01-01'),
  noInvalidDate: true,
});

/** Dates in every precision the API documents, all of them real. */
const wellFormedDate: Arb = fc.oneof(
  fc.integer({ min: 1000, max: 2100 }).map(String),
  someDate.map((d) => d.toISOString().slice(0, 7)),
  someDate.map((d) => d.toISOString().slice(0, 10)),
  someDate.map((d) => d.toISOString()),
);

const knownLanguage: Arb = fc.constantFrom('en', 'fr', 'pt-BR', 'zh', 'zh-Hant-TW', 'de-CH-1901');

const partialDate: Arb = fc.oneof(
  { arbitrary: fc.integer({ min: 1000, max: 2100 }).map(String), weight: 2 },
  {
    arbitrary: fc
      .tuple(fc.integer({ min: 1900, max: 2100 }), fc.integer({ min: 1, max: 12 }))
      .map(([y, m]) => `${y}-${String(m).padStart(2, '0')}`),
    weight: 2,
  },
  { arbitrary: someDate.map((d) => d.toISOString().slice(0, 10)), weight: 4 },
  { arbitrary: someDate.map((d) => d.toISOString()), weight: 2 },
  {
    arbitrary: fc.constantFrom(
      '2021-02-30',
      '2021-13',
      '2021-00-10',
      '2021-1-5',
      '21',
      '0000',
      '-0001',
      '+275760-09-13',
      '9999-12-31T23:59:60Z',
      '2021-01-12T10:00:00+25:00',
      '2021-01-12 10:00',
      'today',
    ),
    weight: 1,
  },
);

const languageTag: Arb = fc.oneof(
  { arbitrary: knownLanguage, weight: 4 },
  fc.constantFrom('EN', 'en-', 'e', 'x-klingon', 'i-klingon', 'und', 'qaa', 'en_US', '123'),
);

function searchWords(words: string[]): Arb {
  const word = words.length ? fc.constantFrom(...words) : fc.constant('iran');
  return fc.array(word, { minLength: 1, maxLength: 3 }).map((parts) => parts.join(' '));
}

function searchQuery(words: string[]): Arb {
  const word = words.length ? fc.constantFrom(...words) : fc.constant('iran');
  const operator = fc.constantFrom('OR', 'AND', 'NOT', 'NEAR', '*', '"', '(', ')', '-', '^', ':');
  return fc
    .array(fc.oneof({ arbitrary: word, weight: 3 }, operator, fc.string({ maxLength: 6 })), {
      minLength: 1,
      maxLength: 5,
    })
    .map((parts) => parts.join(' '));
}

function setOrDrop(target: Record<string, unknown>, key: string, value: string): void {
  if (value) target[key] = value;
  else delete target[key];
}
