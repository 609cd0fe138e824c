import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cleanText,
  extractReviews,
  stripTags,
} from '../src/modules/claimreview/claimreview.normalize.js';
import { makeApp, makeKeys, type TestContext } from './helpers/app.js';

let ctx: TestContext;
let key: string;
beforeAll(async () => {
  ctx = await makeApp({ seed: false });
  key = (await makeKeys(ctx.store)).editor;
});
afterAll(() => ctx.close());

const post = (payload: string) =>
  ctx.app.inject({
    method: 'POST',
    url: '/import/claimreview',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/ld+json' },
    payload,
  });

const review = (claimReviewed: string, url = 'https://checker.example/r/1') => ({
  '@type': 'ClaimReview',
  url,
  claimReviewed,
  author: { '@type': 'Organization', name: 'Example Checks', url: 'https://checker.example' },
  datePublished: '2024-05-01',
  itemReviewed: { '@type': 'Claim', author: { '@type': 'Person', name: 'Some Speaker' } },
  reviewRating: { '@type': 'Rating', alternateName: 'False' },
});

describe('ClaimReview import: markup in entities', () => {
  it('decodes &lt;/script&gt; before dropping tags, so no live </script> is stored or served', async () => {
    const hostile = '&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; Vaccines contain chips';
    const response = await post(JSON.stringify(review(hostile)));
    expect(response.statusCode, response.body).toBe(200);
    const texts = await ctx.peek.values<string>('SELECT text FROM claims');
    expect(texts).toEqual(['alert(1) Vaccines contain chips']);
    const [slug] = await ctx.peek.values<string>('SELECT slug FROM claims');
    for (const url of [`/claims/${slug}`, `/claims/${slug}/claimreview`, '/export/claimreview']) {
      const served = await ctx.app.inject(url);
      expect(served.body).not.toMatch(/<\/?script/i);
    }
  });

  it('keeps a < that opens no tag as text', async () => {
    const response = await post(
      JSON.stringify(
        review('Inflation &lt; 2% and <b>rising</b> &amp; 3 <4', 'https://c.example/r/2'),
      ),
    );
    expect(response.statusCode, response.body).toBe(200);
    const text = await ctx.peek.value('SELECT text FROM claims ORDER BY seq DESC LIMIT 1');
    expect(text).toBe('Inflation < 2% and rising & 3 <4');
  });
});

describe('cleanText and stripTags', () => {
  it.each([
    ['<b>bold</b> text', 'bold text'],
    ['&lt;img src=x onerror=alert(1)&gt;after', 'after'],
    ['a <!-- c > d --> b', 'a b'],
    ['a <!--> b', 'a b'],
    ['<<b>script>alert(1)', '< script>alert(1)'],
    ['x &lt;script unterminated', 'x'],
    ['&amp;lt;b&amp;gt; stays text', '&lt;b&gt; stays text'],
    ['3 < 4 > 2', '3 < 4 > 2'],
    ['a <', 'a <'],
  ])('%j → %j, and a second pass changes nothing', (input, expected) => {
    const once = cleanText(input);
    expect(once).toBe(expected);
    expect(stripTags(once)).toBe(once);
    expect(once).not.toMatch(/<[A-Za-z/!?]/);
  });

  it('reads inputs that made the old pattern quadratic (one pass: the output tells)', () => {
    const lt = '<'.repeat(200_000);
    expect(cleanText(lt)).toBe(lt);
    expect(cleanText('<a'.repeat(100_000))).toBe('');
    expect(cleanText(`x${'<!--'.repeat(50_000)}`)).toBe('x');
    expect(cleanText('<a>'.repeat(100_000))).toBe('');
    expect(cleanText(`${'&lt;'.repeat(100_000)}b`)).toBe('<'.repeat(99_999));
  });
});

describe('ClaimReview import: nesting', () => {
  it('answers a document nested 10,000 deep with 400, not 500', async () => {
    const deep = `${'{"@graph":['.repeat(10_000)}${JSON.stringify(review('Deep'))}${']}'.repeat(10_000)}`;
    const response = await post(deep);
    expect(response.statusCode).toBe(400);
    expect(JSON.parse(response.body)).toMatchObject({ type: 'urn:factcheck:problem:invalid-json' });
    expect(await ctx.peek.value(`SELECT count(*) FROM claims WHERE text = 'Deep'`)).toBe(0);
  });

  it('extractReviews walks any depth without recursion, in document order', () => {
    let document: unknown = review('Innermost');
    for (let i = 0; i < 10_000; i++) document = { '@graph': [document] };
    const found = extractReviews({ '@graph': [review('First'), document, review('Last')] });
    expect(found.map((r) => r.claimReviewed)).toEqual(['First', 'Innermost', 'Last']);
  });
});
