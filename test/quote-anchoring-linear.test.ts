import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnchoredText, locateQuote, type QuoteSelector } from '../src/lib/text-anchor.js';
import type { Claim } from '../src/modules/claims/claims.schemas.js';
import { makeApp, makeKeys, send, type TestContext } from './helpers/app.js';

/** The anchoring as it was (code points split per call): the behaviour the linear one must keep. */
function reference(text: string, selector: QuoteSelector) {
  const points = Array.from(text);
  const slice = (s: number, e: number) => points.slice(s, e).join('');
  const length = Array.from(selector.exact).length;
  const before = (at: number, p: string) => {
    const n = Array.from(p).length;
    return at >= n && slice(at - n, at) === p;
  };
  const after = (at: number, s: string) => slice(at, at + Array.from(s).length) === s;
  const found: number[] = [];
  for (let at = 0; at + length <= points.length; at++) {
    if (slice(at, at + length) !== selector.exact) continue;
    if (selector.prefix !== undefined && !before(at, selector.prefix)) continue;
    if (selector.suffix !== undefined && !after(at + length, selector.suffix)) continue;
    found.push(at);
  }
  return found;
}

/** A small seeded generator: the same strings on every run. */
function random(seed: number) {
  let state = seed;
  return (n: number) => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state % n;
  };
}

describe('quote anchoring is linear in the text plus the quote', () => {
  it('finds the same occurrences as splitting the text into code points did', () => {
    const next = random(8);
    const alphabet = ['a', 'b', ' ', '🙂', 'é', '\u{1F600}'];
    const word = (max: number) =>
      Array.from({ length: next(max) }, () => alphabet[next(alphabet.length)]).join('');
    for (let round = 0; round < 2000; round++) {
      const text = new AnchoredText(word(40));
      const exact = word(4) || 'a';
      const selector: QuoteSelector = { exact };
      if (next(2)) selector.prefix = word(3) || 'b';
      if (next(2)) selector.suffix = word(3) || 'a';
      const expected = reference(text.text, selector);
      const located = locateQuote(text, selector);
      const [only] = expected;
      if (expected.length === 1 && only !== undefined) {
        expect(located).toEqual({ ok: true, start: only, end: only + [...exact].length });
      } else {
        expect(located.ok).toBe(false);
      }
      expect(text.between(selector.prefix ?? '', exact, selector.suffix ?? '')).toEqual(expected);
      // With offsets, the same prefix/suffix rule at that one place.
      const at = next(text.length + 1);
      const withOffsets = locateQuote(text, { ...selector, start: at });
      expect(withOffsets.ok).toBe(expected.includes(at));
    }
  });

  it('never matches half of a surrogate pair', () => {
    const text = new AnchoredText('x🙂y');
    expect(text.occurrences('\ude42')).toEqual([]);
    expect(locateQuote(text, { exact: 'y', prefix: '\ude42' }).ok).toBe(false);
    expect(locateQuote(text, { exact: 'y', prefix: '🙂' })).toEqual({ ok: true, start: 2, end: 3 });
  });
});

describe('POST /claims with quotes on a long source (the attack: seconds per quote)', () => {
  let ctx: TestContext;
  let key: string;
  // 'a' 500 k times, one of them after a unique run of 500 characters; an emoji so that code
  // points and UTF-16 units differ.
  const marker = `y${'x'.repeat(499)}`;
  const text = `🙂${'a'.repeat(250_000)}${marker}${'a'.repeat(250_000)}`;
  beforeAll(async () => {
    ctx = await makeApp({ seed: true });
    key = (await makeKeys(ctx.store)).editor;
    const created = await send(ctx.app, 'POST', '/sources', {
      key,
      body: { kind: 'article', slug: 'long', text },
    });
    expect(created.status).toBe(201);
  });
  afterAll(() => ctx.close());

  it('anchors 100 quotes picked by 500-character prefixes among 500 k occurrences', async () => {
    const quotes = Array.from({ length: 100 }, () => ({
      sourceId: 'long',
      exact: 'a',
      prefix: marker,
    }));
    const { status, body } = await send<Claim>(ctx.app, 'POST', '/claims', {
      key,
      body: { text: 'The end.', claimantId: 'mike-pompeo', statedAt: '2021-01-12', quotes },
    });
    expect(status).toBe(201);
    const start = 1 + 250_000 + marker.length;
    expect(body.quotes.map((q) => [q.start, q.end])).toEqual(quotes.map(() => [start, start + 1]));
  });

  it('counts overlapping occurrences of a long periodic quote without rescanning each one', async () => {
    const exact = 'a'.repeat(2_000);
    const { status, body } = await send<{ errors: { message: string }[] }>(
      ctx.app,
      'POST',
      '/claims',
      {
        key,
        body: {
          text: 'Many a.',
          claimantId: 'mike-pompeo',
          statedAt: '2021-01-12',
          quotes: [{ sourceId: 'long', exact, suffix: 'a'.repeat(500) }],
        },
      },
    );
    expect(status).toBe(422);
    expect(body.errors[0]?.message).toMatch(/occurs 495002 times in the source text \(at 1, 2, /);
  });
});
