import { describe, expect, it } from 'vitest';
import { labelKey } from '../src/modules/claimreview/ratings/label-text.js';
import { statusOfScore } from '../src/modules/claimreview/ratings/meanings.js';
import { type RatingInput, readRating } from '../src/modules/claimreview/ratings/read-rating.js';
import { LANGUAGE_TABLES, PUBLISHER_TABLES } from '../src/modules/claimreview/ratings/tables.js';

const rating = (label: string | null, more: Partial<RatingInput> = {}) =>
  readRating({
    label,
    ratingValue: null,
    bestRating: null,
    worstRating: null,
    publisher: { name: null, url: null },
    reviewUrl: 'https://checker.example/review/1',
    ...more,
  });
const by = (name: string, url = 'https://checker.example/review/1') => ({
  publisher: { name, url: null },
  reviewUrl: url,
});

describe('rating tables', () => {
  const all = [
    ...PUBLISHER_TABLES.map((t) => ({ name: t.publisher, labels: t.labels })),
    ...LANGUAGE_TABLES.map((t) => ({ name: t.language, labels: t.labels })),
  ];

  it('give each label one meaning once written the same way (case, accents, punctuation)', () => {
    for (const table of all) {
      const seen = new Map<string, unknown>();
      for (const [label, meaning] of Object.entries(table.labels)) {
        const key = labelKey(label);
        if (seen.has(key)) expect(seen.get(key), `${table.name}: ${label}`).toBe(meaning);
        seen.set(key, meaning);
      }
    }
  });

  it('agree across languages: a word two languages share means the same in both', () => {
    const meanings = new Map<string, { language: string; meaning: unknown }>();
    for (const table of LANGUAGE_TABLES) {
      for (const [label, meaning] of Object.entries(table.labels)) {
        const key = labelKey(label);
        const before = meanings.get(key);
        if (before)
          expect(meaning, `${key}: ${before.language} / ${table.language}`).toBe(before.meaning);
        else meanings.set(key, { language: table.language, meaning });
      }
    }
  });

  it('score truth ratings from 0 to 1 with the status the score stands for; others have none', () => {
    for (const table of all) {
      for (const [label, meaning] of Object.entries(table.labels)) {
        const where = `${table.name}: ${label}`;
        if (meaning.kind === 'truth') {
          expect(meaning.score, where).not.toBeNull();
          expect(meaning.score ?? -1, where).toBeGreaterThanOrEqual(0);
          expect(meaning.score ?? 2, where).toBeLessThanOrEqual(1);
          expect(meaning.status, where).toBe(statusOfScore(meaning.score ?? 0));
        } else {
          expect(meaning.score, where).toBeNull();
          expect(['supported', 'refuted'], where).not.toContain(meaning.status);
        }
      }
    }
  });

  it('read every publisher label as its own table says, for that publisher', () => {
    for (const table of PUBLISHER_TABLES) {
      for (const [label, meaning] of Object.entries(table.labels)) {
        const read = rating(label, by(table.names[0] ?? ''));
        expect(read.knownPublisher).toBe(table.publisher);
        if (meaning.kind === 'none') expect(read.readFrom, label).toBeNull();
        else
          expect({ status: read.status, score: read.score }, label).toEqual({
            status: meaning.status,
            score: meaning.score,
          });
      }
    }
  });
});

describe('reading a rating', () => {
  it.each([
    ['Pants on Fire!', 'refuted', 0],
    ['pants-fire', 'refuted', 0],
    ['PANTS_ON_FIRE', 'refuted', 0],
    ['really_false', 'refuted', 0],
    ['não_é_bem_assim', 'misleading', 0.5],
    ['NAO E BEM ASSIM', 'misleading', 0.5],
    ['GRÖSSTENTEILS FALSCH', 'misleading', 0.25],
    ['Größtenteils richtig', 'supported', 0.75],
    ['ENGANOSO', 'misleading', 0.25],
    ['engañoso', 'misleading', 0.25],
    ['Plutot vrai', 'supported', 0.75],
    ['Verdadeiro, mas', 'supported', 0.75],
    ['VERDADEIRO MAS', 'supported', 0.75],
    ['फ़र्ज़ी', 'refuted', 0],
    ['भ्रामक', 'misleading', 0.25],
  ])('%s → %s (%s), however it is written', (label, status, score) => {
    expect(rating(label)).toMatchObject({ status, score, readFrom: 'label', unmapped: false });
  });

  it.each([
    ['This is not correct.', 'refuted', 0],
    ['Not true.', 'refuted', 0],
    ["That isn't true: the figures are from 2019.", 'refuted', 0],
    ['Not entirely true', 'misleading', 0.5],
    ['This is not entirely accurate.', 'misleading', 0.5],
    ['Not at all true.', 'refuted', 0],
    ['Not entirely false: the law changed in 2021.', 'misleading', 0.5],
    ['Isso não é verdade.', 'refuted', 0],
    ["Ce n'est pas vrai.", 'refuted', 0],
    ['Pas tout à fait vrai', 'misleading', 0.5],
    ['No es cierto que el gobierno lo aprobara.', 'refuted', 0],
    ['No es del todo cierto.', 'misleading', 0.5],
    ['Das ist nicht richtig.', 'refuted', 0],
    ['यह दावा सच नहीं है', 'refuted', 0],
    [
      'There is no evidence that the vaccine does this, and the claim is not true.',
      'unsubstantiated',
      null,
    ],
    ['The photo is out of context: it was taken in 2015.', 'misleading', null],
    ['This is correct, but the figures are old.', 'supported', 1],
    ['Mostly true. The figures are right; the trend is not.', 'supported', 0.75],
    ['FALSO: As imagens foram retiradas de outro vídeo.', 'refuted', 0],
  ])('reads the verdict of “%s” → %s (%s)', (label, status, score) => {
    const read = rating(label);
    expect({ status: read.status, score: read.score }).toEqual({ status, score });
    expect(read.unmapped).toBe(false);
  });

  it('never reads a denied verdict as itself, nor a denial with no meaning as one', () => {
    for (const label of [
      'not true',
      'not entirely true',
      'not quite right',
      'pas vrai',
      'não é verdade',
    ]) {
      expect(rating(label).status, label).not.toBe('supported');
    }
    // "not false" does not say true: nothing else in it, so it is not read.
    expect(rating('Not false')).toMatchObject({ status: 'unverified', unmapped: true });
  });

  it.each([
    ['Labeled Satire', 'not_checkable'],
    ['Sarcasm', 'not_checkable'],
    ['Full Flop', 'not_checkable'],
    ['Outdated', 'misleading'],
    ['Miscaptioned', 'misleading'],
    ['Missing context', 'misleading'],
    ['Altered photo', 'misleading'],
    ['Misattributed', 'misleading'],
    ['Scam', 'misleading'],
    ['Legend', 'unsubstantiated'],
    ['Research In Progress', 'unverified'],
    ['Ainda é cedo para dizer', 'unverified'],
    ['Verdict Pending', 'unverified'],
  ])('%s, not about truth → %s, no score', (label, status) => {
    expect(rating(label)).toMatchObject({ status, score: null, unmapped: false });
  });

  it('uses the publisher’s own table first, then knows it by its site', () => {
    // "Exaggerated" is half true on Africa Check's scale.
    expect(rating('Exaggerated', by('Africa Check'))).toMatchObject({
      status: 'misleading',
      score: 0.5,
      knownPublisher: 'Africa Check',
    });
    expect(
      rating('Two Pinocchios', by('', 'https://www.washingtonpost.com/politics/2020/x')),
    ).toMatchObject({
      status: 'misleading',
      score: 0.5,
      knownPublisher: 'The Washington Post Fact Checker',
    });
  });

  it('reads the numbers only when the label is absent, unknown or says nothing', () => {
    const scale = { ratingValue: 4, bestRating: 5, worstRating: 1 };
    // The label decides: numbers some publishers give every review cannot overrule it.
    expect(rating('False', scale)).toMatchObject({
      status: 'refuted',
      score: 0,
      readFrom: 'label',
    });
    expect(rating('Our desk had doubts', scale)).toMatchObject({
      status: 'supported',
      score: 0.75,
      readFrom: 'scale',
      unmapped: true,
    });
    expect(rating(null, { ratingValue: 2, bestRating: 5, worstRating: 1 })).toMatchObject({
      status: 'misleading',
      score: 0.25,
      readFrom: 'scale',
      unmapped: false,
    });
    // Scales that count the other way (best 1, worst 4) are read the same way.
    expect(rating(null, { ratingValue: 4, bestRating: 1, worstRating: 4 })).toMatchObject({
      status: 'refuted',
      score: 0,
    });
    // Alt News' section name says nothing: the numbers decide, else nothing does.
    expect(rating('Fact check', { ...by('Alt News'), ...scale })).toMatchObject({
      readFrom: 'scale',
      unmapped: false,
    });
    expect(rating('Fact check', by('Alt News'))).toMatchObject({
      status: 'unverified',
      readFrom: null,
      unmapped: false,
    });
    // No scale: best = worst, or the value outside it.
    expect(rating('Huh', { ratingValue: 2, bestRating: 2, worstRating: 2 }).readFrom).toBeNull();
    expect(rating('Huh', { ratingValue: 9, bestRating: 5, worstRating: 1 }).readFrom).toBeNull();
  });

  it('reads a hostile sentence in bounded time', () => {
    const started = performance.now();
    const read = rating(`${'word '.repeat(200_000)}false`);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(read.readFrom).toBeNull();
  });
});
