import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClaimReview } from '../src/modules/claimreview/claimreview.schemas.js';
import { makeApp, makeKeys, ok, send, type TestContext } from './helpers/app.js';
import { BROWSER_ACCEPT, htmlErrors, jsonLdOf, parsePage } from './helpers/html-page.js';

let ctx: TestContext;
let editor: string;
beforeAll(async () => {
  ctx = await makeApp();
  editor = (await makeKeys(ctx.store)).editor;
});
afterAll(() => ctx.close());

const HOME_BASE = 'pompeo-iran-al-qaeda-new-home-base';

/** GET as a browser following a link asks for it. */
function getPage(url: string, headers: Record<string, string> = {}) {
  return ctx.app.inject({ url, headers: { accept: BROWSER_ACCEPT, ...headers } });
}

/** The ClaimReview the API publishes for a claim, as JSON. */
async function reviewOf(slug: string): Promise<ClaimReview> {
  const response = await ctx.app.inject({ url: `/claims/${slug}/claimreview` });
  expect(response.statusCode).toBe(200);
  return JSON.parse(response.body) as ClaimReview;
}

describe('GET /claims/{id} asked for text/html: the claim’s page', () => {
  it('validates as HTML5 and embeds the claim’s ClaimReview, for every seeded claim', async () => {
    const list = await ok(
      send<{ items: { slug: string; status: string }[] }>(ctx.app, 'GET', '/claims?limit=100'),
    );
    expect(list.items.length).toBeGreaterThan(10);
    for (const { slug, status } of list.items) {
      const response = await getPage(`/claims/${slug}`);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(await htmlErrors(response.body), slug).toEqual([]);
      const page = parsePage(response.body);
      if (status === 'unverified') {
        // No verdict, no review: GET …/claimreview is a 404 too.
        expect(jsonLdOf(page)).toBeUndefined();
      } else {
        expect(jsonLdOf(page), slug).toEqual(await reviewOf(slug));
      }
    }
  }, 60_000);

  it('shows the claim, its claimant, status and note, quotes, related claims, evidence and history', async () => {
    const claim = await ok(send<Record<string, unknown>>(ctx.app, 'GET', `/claims/${HOME_BASE}`));
    const page = parsePage((await getPage(`/claims/${HOME_BASE}`)).body);
    expect(page.text).toContain(String(claim.text));
    expect(page.text).toContain('Mike Pompeo');
    expect(page.text).toContain('Unsubstantiated');
    expect(page.text).toContain(String(claim.statusNote));
    expect(page.text).toContain('Al-Qaeda has a new home base: it is the Islamic Republic of Iran');
    // The quote that names where the words were first said shows that source too.
    expect(page.text).toContain('first said in Mike Pompeo');
    expect(page.text).toContain('Status history');
    expect(page.text).toContain('Evidence');
    const hrefs = page.elements
      .filter((e) => e.tagName === 'a')
      .map((e) => e.attrs.find((a) => a.name === 'href')?.value);
    // Rebuttals and supporters link to their own pages, beside this one.
    expect(hrefs).toContain('./khatibzadeh-pompeo-fabricating-false-evidence');
    expect(hrefs).toContain('./pompeo-al-qaeda-under-iranian-regime-protection');
    expect(page.tags.filter((t) => t === 'script')).toHaveLength(1);
  });

  it('shows a link’s note, an inferred claimant with its note and a date’s note', async () => {
    const zarif = 'zarif-no-9-11-terrorists-from-iran';
    await ok(
      send(ctx.app, 'PATCH', `/claims/${zarif}`, {
        key: editor,
        body: {
          attribution: 'inferred',
          attributionNote: 'The line follows Zarif’s tweet, with no byline of its own.',
          statedAtNote: 'Dated by the byline of the tweet it follows.',
        },
      }),
    );
    await ok(
      send(ctx.app, 'POST', `/claims/${HOME_BASE}/rebuttals`, {
        key: editor,
        body: { claimId: zarif, note: 'Zarif answers with the attackers of 9/11.' },
      }),
      201,
    );
    const page = (await getPage(`/claims/${zarif}`)).body;
    expect(await htmlErrors(page)).toEqual([]);
    const { text } = parsePage(page);
    expect(text).toContain(
      'Claimant inferred by the record: The line follows Zarif’s tweet, with no byline of its own.',
    );
    expect(text).toContain('Date: Dated by the byline of the tweet it follows.');
    expect(text).toContain('Zarif answers with the attackers of 9/11.');
  });

  it('runs nothing: a CSP that allows only its own style sheet, and a script that is data', async () => {
    const response = await getPage(`/claims/${HOME_BASE}`);
    const csp = String(response.headers['content-security-policy']);
    expect(csp).toMatch(/^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+';/);
    expect(csp).not.toContain('script-src');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(parsePage(response.body).scripts.map((s) => s.type)).toEqual(['application/ld+json']);
  });

  it('is not there for a claim that is not (404 problem, as before)', async () => {
    const response = await getPage('/claims/no-such-claim');
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });
});

describe('the JSON API is unchanged for every other Accept', () => {
  for (const accept of [
    undefined,
    'application/json',
    '*/*',
    'text/html;q=0.5, application/json',
    'application/xml',
  ]) {
    it(`answers JSON to Accept: ${accept ?? '(none)'}, and says it varies by Accept`, async () => {
      const response = await ctx.app.inject({
        url: `/claims/${HOME_BASE}`,
        headers: accept === undefined ? {} : { accept },
      });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(JSON.parse(response.body)).toMatchObject({ slug: HOME_BASE });
      expect(response.headers['content-security-policy']).toBe(
        "default-src 'none';frame-ancestors 'none'",
      );
      expect(String(response.headers.vary)).toMatch(/\bAccept\b/);
    });
  }
});

describe('ETags, 304, the read cache and compression keep the two apart', () => {
  async function both() {
    const json = await ctx.app.inject({ url: `/claims/${HOME_BASE}` });
    const page = await getPage(`/claims/${HOME_BASE}`);
    return { json, page };
  }

  it('gives each its own ETag, and a 304 only to the If-None-Match of the same one', async () => {
    // Twice: the first answers are read, the second kept ones.
    for (const round of [1, 2]) {
      const { json, page } = await both();
      expect(page.headers['content-type'], `round ${round}`).toBe('text/html; charset=utf-8');
      expect(json.headers['content-type']).toBe('application/json; charset=utf-8');
      const [jsonTag, pageTag] = [String(json.headers.etag), String(page.headers.etag)];
      expect(jsonTag).toMatch(/^"\d+-[0-9a-f]{12}"$/);
      expect(pageTag).toMatch(/^"\d+-[0-9a-f]{12}"$/);
      expect(pageTag).not.toBe(jsonTag);

      const pageAgain = await getPage(`/claims/${HOME_BASE}`, { 'if-none-match': pageTag });
      expect(pageAgain.statusCode).toBe(304);
      expect(String(pageAgain.headers.vary)).toMatch(/\bAccept\b/);
      const jsonAgain = await ctx.app.inject({
        url: `/claims/${HOME_BASE}`,
        headers: { 'if-none-match': jsonTag },
      });
      expect(jsonAgain.statusCode).toBe(304);

      // Each one's tag names nothing the other has: the full answer in the type asked for.
      const jsonWithPageTag = await ctx.app.inject({
        url: `/claims/${HOME_BASE}`,
        headers: { accept: 'application/json', 'if-none-match': pageTag },
      });
      expect(jsonWithPageTag.statusCode).toBe(200);
      expect(jsonWithPageTag.headers['content-type']).toBe('application/json; charset=utf-8');
      const pageWithJsonTag = await getPage(`/claims/${HOME_BASE}`, { 'if-none-match': jsonTag });
      expect(pageWithJsonTag.statusCode).toBe(200);
      expect(pageWithJsonTag.headers['content-type']).toBe('text/html; charset=utf-8');
      // A kept page keeps its own policy (its style sheet's hash), a kept JSON answer the API's.
      expect(pageWithJsonTag.headers['content-security-policy']).toBe(
        page.headers['content-security-policy'],
      );
      expect(jsonWithPageTag.headers['content-security-policy']).toBe(
        json.headers['content-security-policy'],
      );
    }
  });

  it('follows a change: the page after a new verdict is new, its old ETag no longer matches', async () => {
    const slug = 'pompeo-masri-killed-in-tehran';
    const before = await getPage(`/claims/${slug}`);
    await ok(
      send(ctx.app, 'POST', `/claims/${slug}/status`, {
        key: editor,
        body: { status: 'misleading', note: 'Reported killed; the circumstances are contested.' },
      }),
    );
    const after = await getPage(`/claims/${slug}`, {
      'if-none-match': String(before.headers.etag),
    });
    expect(after.statusCode).toBe(200);
    expect(parsePage(after.body).text).toContain(
      'Reported killed; the circumstances are contested.',
    );
    expect(jsonLdOf(parsePage(after.body))).toEqual(await reviewOf(slug));
  });

  it('compresses the page for a client that asks, varying by both headers', async () => {
    const response = await getPage(`/claims/${HOME_BASE}`, { 'accept-encoding': 'gzip' });
    expect(response.headers['content-encoding']).toBe('gzip');
    const vary = String(response.headers.vary);
    expect(vary).toMatch(/\bAccept\b/);
    expect(vary).toMatch(/\bAccept-Encoding\b/i);
  });
});

/** Every kind of stored text, with markup, a script end, a comment start and both quotes. */
const HOSTILE = `<script>alert(1)</script></script><!-- "double" 'single' & <b>bold</b>`;

/** A web address with both quotes and an ampersand: it must stay inside its attribute. */
const EVIDENCE_URL = `https://example.org/e?a=1&b="2"&c='3'`;

describe('every stored text is escaped', () => {
  it('shows hostile names, texts, quotes and notes literally; the DOM gets no element of theirs', async () => {
    const actor = await ok(
      send<{ id: string }>(ctx.app, 'POST', '/actors', {
        key: editor,
        body: { kind: 'person', name: `Actor ${HOSTILE}` },
      }),
      201,
    );
    const source = await ok(
      send<{ id: string }>(ctx.app, 'POST', '/sources', {
        key: editor,
        body: {
          kind: 'speech',
          title: `Source ${HOSTILE}`,
          url: 'https://example.org/speech',
          text: `He said: Quote ${HOSTILE}. Then he left.`,
        },
      }),
      201,
    );
    const original = await ok(
      send<{ id: string }>(ctx.app, 'POST', '/sources', {
        key: editor,
        body: { kind: 'interview', description: `Original ${HOSTILE}` },
      }),
      201,
    );
    const claim = await ok(
      send<{ id: string; slug: string }>(ctx.app, 'POST', '/claims', {
        key: editor,
        body: {
          slug: 'hostile-claim',
          text: `Claim ${HOSTILE}`,
          claimantId: actor.id,
          statedAt: '2024-05-01',
          tags: ['hostile'],
          quotes: [
            { sourceId: source.id, exact: `Quote ${HOSTILE}`, originalSourceId: original.id },
          ],
        },
      }),
      201,
    );
    await ok(
      send(ctx.app, 'POST', `/claims/${claim.id}/evidence`, {
        key: editor,
        body: {
          stance: 'refutes',
          summary: `Evidence ${HOSTILE}`,
          sourceId: source.id,
          quote: { exact: `Quote ${HOSTILE}` },
          url: EVIDENCE_URL,
        },
      }),
      201,
    );
    await ok(
      send(ctx.app, 'POST', `/claims/${claim.id}/status`, {
        key: editor,
        body: { status: 'refuted', note: `Note ${HOSTILE}` },
      }),
    );

    const response = await getPage(`/claims/${claim.slug}`);
    expect(response.statusCode).toBe(200);
    expect(await htmlErrors(response.body)).toEqual([]);
    const page = parsePage(response.body);
    for (const what of ['Claim', 'Actor', 'Source', 'Original', 'Quote', 'Evidence', 'Note']) {
      expect(page.text, what).toContain(`${what} ${HOSTILE}`);
    }
    // The page's own elements only: no script but the data block, no <b>, no comment.
    expect(page.tags.filter((t) => t === 'script')).toHaveLength(1);
    expect(page.tags).not.toContain('b');
    expect(page.comments).toBe(0);
    // Addresses stay whole inside their attributes.
    const hrefs = page.elements.flatMap((e) => e.attrs.filter((a) => a.name === 'href'));
    expect(hrefs.map((a) => a.value)).toContain('https://example.org/speech');
    expect(hrefs.map((a) => a.value)).toContain(EVIDENCE_URL);
    // The JSON-LD survives it whole: it parses, to the very review the API publishes.
    const [dataBlock] = page.scripts;
    expect(dataBlock?.text).not.toMatch(/[<>]/);
    expect(jsonLdOf(page)).toEqual(await reviewOf(claim.slug));
  });
});

describe('the ClaimReview a page embeds and the API publishes', () => {
  it('names where the words were first said as firstAppearance, when a quote names it', async () => {
    const review = await reviewOf(HOME_BASE);
    expect(review.itemReviewed.firstAppearance?.name).toBe(
      "Mike Pompeo's remarks to the National Press Club accusing Iran of being al-Qaeda's new home base",
    );
    expect(review.itemReviewed.appearance.map((a) => a.name)).toContain(
      review.itemReviewed.firstAppearance?.name,
    );
  });

  it('is dated by the latest verdict in the history, whatever order the history was written in', async () => {
    const bundle = {
      format: 'factcheck-bundle',
      version: 1,
      actors: [{ slug: 'dated-speaker', kind: 'person', name: 'Dated Speaker' }],
      sources: [{ slug: 'dated-source', kind: 'speech', title: 'Dated', text: 'It rained.' }],
      claims: [
        {
          slug: 'dated-claim',
          text: 'It rained.',
          claimant: 'dated-speaker',
          statedAt: '2023-12-01',
          status: 'disputed',
          statusNote: 'Later: disputed.',
          quotes: [{ source: 'dated-source', exact: 'It rained.', start: 0, end: 10 }],
        },
      ],
      // The later verdict first: written before the earlier one.
      statuses: [
        {
          claim: 'dated-claim',
          status: 'disputed',
          previousStatus: 'misleading',
          note: 'Later: disputed.',
          changedAt: '2024-03-01T10:00:00.000Z',
        },
        {
          claim: 'dated-claim',
          status: 'misleading',
          previousStatus: 'unverified',
          note: 'First: misleading.',
          changedAt: '2024-01-01T10:00:00.000Z',
        },
      ],
    };
    await ok(send(ctx.app, 'POST', '/import', { key: editor, body: bundle }));
    const review = await reviewOf('dated-claim');
    expect(review.datePublished).toBe('2024-03-01T10:00:00.000Z');
    const claim = await ok(send<{ createdAt: string }>(ctx.app, 'GET', '/claims/dated-claim'));
    expect(review.datePublished).not.toBe(claim.createdAt);
    // No quote names where the words were first said: the first source they appear in.
    expect(review.itemReviewed.firstAppearance).toEqual(review.itemReviewed.appearance[0]);
    expect(review.itemReviewed.firstAppearance?.name).toBe('Dated');
  });

  it('uses PUBLIC_BASE_URL when it is set', async () => {
    const page = parsePage((await getPage(`/claims/${HOME_BASE}`)).body);
    expect(jsonLdOf(page)).toMatchObject({
      url: `https://factcheck.example/claims/${HOME_BASE}`,
    });
  });
});

describe('PUBLIC_BASE_URL unset: the address the server listens on', () => {
  let bare: TestContext;
  let address: string;
  beforeAll(async () => {
    bare = await makeApp({ publicBaseUrl: undefined });
    address = await bare.app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(() => bare.close());

  it('makes the ClaimReview url, the page’s JSON-LD and the document’s server', async () => {
    expect(address).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const review = (await (
      await fetch(`${address}/claims/${HOME_BASE}/claimreview`)
    ).json()) as ClaimReview;
    expect(review.url).toBe(`${address}/claims/${HOME_BASE}`);
    const page = await fetch(review.url, { headers: { accept: BROWSER_ACCEPT } });
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(jsonLdOf(parsePage(await page.text()))).toEqual(review);
    const document = (await (await fetch(`${address}/openapi.json`)).json()) as {
      servers: { url: string }[];
    };
    expect(document.servers[0]?.url).toBe(address);
  });
});
