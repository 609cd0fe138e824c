/**
 * The seeded record, read through the API as a reader would, against the article it records
 * (seeds/article.txt): who said what, in whose words, with which dates and why, and which claims
 * answer which.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/modules/actors/actors.schemas.js';
import type { ClaimReview } from '../src/modules/claimreview/claimreview.schemas.js';
import type {
  Claim,
  ClaimListItem,
  LinkedClaimListItem,
  Quote,
} from '../src/modules/claims/claims.schemas.js';
import type { Evidence } from '../src/modules/evidence/evidence.schemas.js';
import type { Source, SourceDetail } from '../src/modules/sources/sources.schemas.js';
import { makeApp, ok, send, type TestContext } from './helpers/app.js';

type Page<T> = { items: T[]; nextCursor: string | null };

const ARTICLE = readFileSync(join(import.meta.dirname, '../seeds/article.txt'), 'utf8');
const POINTS = Array.from(ARTICLE);

const HOME = 'pompeo-iran-al-qaeda-new-home-base';
const PROTECTION = 'pompeo-al-qaeda-under-iranian-regime-protection';
const PARTNERS = 'pompeo-iran-al-qaeda-partners-in-terrorism';
const HAVENS = 'pompeo-iran-gives-al-qaeda-safe-havens-and-logistical-support';
const LEADERSHIP = 'pompeo-al-qaeda-leadership-centralized-in-iran';
const MASRI = 'pompeo-masri-killed-in-tehran';
const DENIAL = 'iran-no-al-qaeda-terrorists-on-its-soil';
const NINE_ELEVEN = 'zarif-no-9-11-terrorists-from-iran';
const COLLINS = 'collins-capitol-mob-was-iranians';
const SPEECH = 'pompeo-national-press-club-remarks';
const TWEET = 'zarif-tweet-2021-01-12';

let ctx: TestContext;
/** Every seeded claim, as GET /claims/{id} answers it, by slug. */
const claims = new Map<string, Claim>();

beforeAll(async () => {
  ctx = await makeApp();
  let cursor: string | null = null;
  do {
    const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const page: Page<ClaimListItem> = await ok(
      send<Page<ClaimListItem>>(ctx.app, 'GET', `/claims?limit=100${query}`),
    );
    for (const item of page.items) {
      claims.set(item.slug, await ok(send<Claim>(ctx.app, 'GET', `/claims/${item.slug}`)));
    }
    cursor = page.nextCursor;
  } while (cursor);
}, 60_000);
afterAll(() => ctx.close());

function claim(slug: string): Claim {
  const found = claims.get(slug);
  if (!found) throw new Error(`no seeded claim ${slug}`);
  return found;
}

/** The claim's quote of these words in the article. */
function quote(slug: string, exact: string): Quote {
  const found = claim(slug).quotes.find((q) => q.exact === exact && q.source.slug === 'article');
  if (!found) throw new Error(`${slug} has no quote "${exact}"`);
  return found;
}

/** Every claim that rebuts (or supports) a claim, through the paged list, with its link note. */
async function linked(slug: string, kind: 'rebuttals' | 'supports') {
  const all: LinkedClaimListItem[] = [];
  let cursor: string | null = null;
  do {
    const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
    const page: Page<LinkedClaimListItem> = await ok(
      send<Page<LinkedClaimListItem>>(ctx.app, 'GET', `/claims/${slug}/${kind}?limit=100${query}`),
    );
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}

const source = (slug: string) => ok(send<SourceDetail>(ctx.app, 'GET', `/sources/${slug}`));

describe('the seeded record of the article, read through the API', () => {
  it('anchors every quote of every claim at the article text between its offsets', () => {
    expect(claims.size).toBeGreaterThanOrEqual(25);
    for (const [slug, c] of claims) {
      expect(c.quotes.length, slug).toBeGreaterThan(0);
      for (const q of c.quotes) {
        expect(q.source.slug, `${slug}: every quote is of the article`).toBe('article');
        expect(POINTS.slice(q.start, q.end).join(''), `${slug}: ${q.exact}`).toBe(q.exact);
      }
    }
  });

  it('records each statement of the article with its claimant', () => {
    const claimants: [string, string][] = [
      [HOME, 'mike-pompeo'],
      [PROTECTION, 'mike-pompeo'],
      [PARTNERS, 'mike-pompeo'],
      [HAVENS, 'mike-pompeo'],
      [LEADERSHIP, 'mike-pompeo'],
      [MASRI, 'mike-pompeo'],
      ['pompeo-iran-al-qaeda-axis-grave-threat', 'mike-pompeo'],
      ['pompeo-bin-laden-creation-poised-to-gain-strength', 'mike-pompeo'],
      ['pompeo-appeasement-of-iran-will-not-work', 'mike-pompeo'],
      ['biden-revive-us-iran-ties-through-jcpoa', 'joe-biden'],
      ['iran-will-abide-by-jcpoa-if-us-lifts-sanctions', 'iran-government'],
      [DENIAL, 'iran-government'],
      ['iran-2001-border-crossers-arrested-and-extradited', 'iran-government'],
      ['iran-us-sanctions-crimes-against-humanity', 'iran-government'],
      ['khatibzadeh-iran-clear-record-fighting-terrorism', 'saeed-khatibzadeh'],
      ['khatibzadeh-pompeo-fabricating-false-evidence', 'saeed-khatibzadeh'],
      ['zarif-pompeo-warmongering-lies', 'mohammad-javad-zarif'],
      ['zarif-pompeo-iran-declassifications-fictitious', 'mohammad-javad-zarif'],
      ['zarif-pompeo-ending-disastrous-career', 'mohammad-javad-zarif'],
      [NINE_ELEVEN, 'mohammad-javad-zarif'],
      ['parsi-pompeo-comments-very-unconvincing', 'trita-parsi'],
      ['parsi-why-wait-until-last-eight-days', 'trita-parsi'],
      ['parsi-trump-administration-creating-conflict-inside-us', 'trita-parsi'],
      ['parsi-trump-administration-blocking-us-iran-diplomacy', 'trita-parsi'],
      [COLLINS, 'susan-collins'],
    ];
    expect(claimants.map(([slug]) => [slug, claim(slug).claimant?.slug ?? null])).toEqual(
      claimants,
    );
  });

  it('says whose words each quote holds: the article’s paraphrase, or the speaker’s own', () => {
    expect(quote(HOME, 'accused Iran of providing a “new home base” to al-Qaeda').wording).toBe(
      'paraphrase',
    );
    const ownWords = quote(
      HOME,
      'Al-Qaeda has a new home base: it is the Islamic Republic of Iran',
    );
    expect([ownWords.wording, ownWords.originalSource?.slug]).toEqual(['verbatim', SPEECH]);
    const reported: [string, string][] = [
      [MASRI, 'Pompeo publicly confirmed for the first time that'],
      [LEADERSHIP, 'which had centralized'],
      [HAVENS, 'He further alleged'],
      [DENIAL, 'Tehran had insisted'],
      ['iran-2001-border-crossers-arrested-and-extradited', 'Iran at the time said'],
      ['iran-will-abide-by-jcpoa-if-us-lifts-sanctions', 'Iran, for its part, has vowed'],
      ['biden-revive-us-iran-ties-through-jcpoa', 'Biden has expressed hopes'],
      ['khatibzadeh-iran-clear-record-fighting-terrorism', 'told state media'],
      ['khatibzadeh-pompeo-fabricating-false-evidence', 'He also condemned'],
      ['zarif-pompeo-warmongering-lies', 'decried Pompeo’s statements'],
      ['parsi-pompeo-comments-very-unconvincing', 'called the secretary’s comments'],
      ['iran-us-sanctions-crimes-against-humanity', 'condemned the US for engaging'],
      [COLLINS, 'wrote in an op-ed that she thought'],
    ];
    for (const [slug, opening] of reported) {
      const q = claim(slug).quotes.find((x) => x.exact.startsWith(opening));
      expect(q?.wording, `${slug}: "${opening}…"`).toBe('paraphrase');
    }
    // The words quoted inside a paraphrase are the speaker's own.
    expect(quote('iran-us-sanctions-crimes-against-humanity', 'blowing up').wording).toBe(
      'verbatim',
    );
    const iranians = quote(COLLINS, 'the Iranians');
    expect([iranians.wording, iranians.originalSource?.slug]).toEqual([
      'verbatim',
      'collins-op-ed',
    ]);
    // Every quote's words are the claimant's own or the article's: none names another speaker.
    for (const c of claims.values()) for (const q of c.quotes) expect(q.speaker).toBeNull();
  });

  it('records Pompeo’s “Masri’s presence inside Iran”, verbatim, first said at the National Press Club', () => {
    const q = quote(
      MASRI,
      'Masri’s presence inside Iran points to the reason that we’re here today',
    );
    expect([q.wording, q.originalSource?.slug]).toEqual(['verbatim', SPEECH]);
  });

  it('records Biden’s hope to revive ties through the JCPOA as his stated aim, not checkable', async () => {
    const biden = await ok(send<Actor>(ctx.app, 'GET', '/actors/joe-biden'));
    expect([biden.name, biden.kind]).toEqual(['Joe Biden', 'person']);
    expect(biden.aliases).toContain('President-elect Joe Biden');
    const his = await ok(send<Page<ClaimListItem>>(ctx.app, 'GET', '/actors/joe-biden/claims'));
    expect(his.items.map((c) => c.slug)).toEqual(['biden-revive-us-iran-ties-through-jcpoa']);
    const aim = claim('biden-revive-us-iran-ties-through-jcpoa');
    expect(aim.status).toBe('not_checkable');
    expect(aim.statusNote).toMatch(/aim/);
    expect(aim.statedAtNote).toMatch(/has expressed hopes/);
  });

  it('dates what the article dates only relatively, and says how', async () => {
    const article = await source('article');
    expect(article.publishedAt).toBe('2021-01');
    expect(article.publishedAtNote).toMatch(/no date of its own.*a week before/s);
    for (const slug of [HOME, PROTECTION, PARTNERS, HAVENS, LEADERSHIP, MASRI]) {
      expect([claim(slug).statedAt, claim(slug).statedAtNote], slug).toEqual([
        '2021-01-12',
        expect.stringContaining('“on Tuesday”'),
      ]);
    }
    const speech = await source(SPEECH);
    expect([speech.publishedAt, speech.publishedAtNote]).toEqual([
      '2021-01-12',
      expect.stringContaining('“on Tuesday”'),
    ]);
    expect([claim(COLLINS).statedAt, claim(COLLINS).statedAtNote]).toEqual([
      '2021-01-11',
      expect.stringContaining('“on Monday”'),
    ]);
    const opEd = await source('collins-op-ed');
    expect(opEd.publishedAtNote).toContain('“on Monday”');
    expect([claim(DENIAL).statedAt, claim(DENIAL).statedAtNote]).toEqual([
      '2020',
      expect.stringContaining('last year'),
    ]);
    const fled = claim('iran-2001-border-crossers-arrested-and-extradited');
    expect([fled.statedAt, fled.statedAtNote]).toEqual([
      '2001',
      expect.stringContaining('“at the time”'),
    ]);
    // Every date that is not a day the article names is explained.
    for (const c of claims.values()) {
      if (c.statedAt !== '2021-01-12' || c.claimant?.slug === 'mike-pompeo')
        expect(c.statedAtNote, c.slug).toBeTruthy();
    }
  });

  it('records the checkable and characterising parts of Zarif’s tweet, verbatim from the tweet', () => {
    const parts: [string, string][] = [
      [
        'zarif-pompeo-warmongering-lies',
        'From designating Cuba to fictitious Iran "declassifications” and AQ claims, Mr. “we lie, cheat, steal" is pathetically ending his disastrous career with more warmongering lies.',
      ],
      ['zarif-pompeo-iran-declassifications-fictitious', 'fictitious Iran "declassifications”'],
      [
        'zarif-pompeo-ending-disastrous-career',
        'Mr. “we lie, cheat, steal" is pathetically ending his disastrous career',
      ],
    ];
    for (const [slug, exact] of parts) {
      const q = quote(slug, exact);
      expect([q.wording, q.originalSource?.slug], slug).toEqual(['verbatim', TWEET]);
      expect(claim(slug).statedAt).toBe('2021-01-12');
    }
    expect(claim('zarif-pompeo-warmongering-lies').text).toContain('Cuba');
    expect(claim('zarif-pompeo-iran-declassifications-fictitious').status).toBe('unsubstantiated');
  });

  it('attributes the 9/11 line to Zarif by inference, with its own undated source and no links', async () => {
    const line = claim(NINE_ELEVEN);
    expect(line.attribution).toBe('inferred');
    expect(line.attributionNote).toMatch(/byline/);
    expect([line.statedAt, line.statedAtNote]).toEqual(['2021-01', expect.stringMatching(/date/)]);
    const q = quote(
      NINE_ELEVEN,
      "No one is fooled. All 9/11 terrorists came from @SecPompeo's favorite ME destinations; NONE from Iran.",
    );
    expect(q.wording).toBe('verbatim');
    const own = q.originalSource?.slug;
    expect(own).toBeDefined();
    expect(own).not.toBe(TWEET);
    const tweet = await source(own ?? '');
    expect(tweet).toMatchObject({ kind: 'social_post', title: null, url: null, publisher: null });
    expect(tweet.publishedAt).toBe('2021-01');
    expect(tweet.publishedAtNote).toBeTruthy();
    expect([line.rebuts, line.rebuttedBy, line.supports, line.supportedBy]).toEqual([
      [],
      [],
      [],
      [],
    ]);
  });

  it('records Parsi’s charge that the administration creates conflict inside the US', () => {
    const q = quote(
      'parsi-trump-administration-creating-conflict-inside-us',
      'This is an administration that is doing everything it can to create conflict inside of the US',
    );
    expect([q.wording, q.originalSource?.slug]).toEqual(['verbatim', 'parsi-al-jazeera-interview']);
    expect(claim('parsi-trump-administration-creating-conflict-inside-us').status).toBe(
      'not_checkable',
    );
  });

  it('records the Iranian leadership’s charge of crimes against humanity', async () => {
    const crimes = claim('iran-us-sanctions-crimes-against-humanity');
    expect(crimes.text).toMatch(/crimes against humanity.*starve/s);
    expect(crimes.status).toBe('not_checkable');
    expect(crimes.statusNote).toBeTruthy();
    const leadership = await ok(send<Actor>(ctx.app, 'GET', '/actors/iran-government'));
    expect(leadership.aliases).toContain('Iranian leadership');
  });

  it('records what Collins thought as she wrote it, and does not publish it as flatly false', async () => {
    const collins = claim(COLLINS);
    expect(collins.text).toMatch(/thought/);
    expect(collins.status).toBe('not_checkable');
    expect(collins.statusNote).toMatch(/she thought/);
    const evidence = await ok(send<Page<Evidence>>(ctx.app, 'GET', `/claims/${COLLINS}/evidence`));
    expect(evidence.items.map((e) => e.stance)).toContain('refutes');
    const review = await ok(send<ClaimReview>(ctx.app, 'GET', `/claims/${COLLINS}/claimreview`));
    expect(review.reviewRating.alternateName).toBe('Not checkable');
    expect(review.reviewRating).not.toHaveProperty('ratingValue');
    expect(review.claimReviewed).toMatch(/thought/);
  });

  it('links each reply to the allegations the article shows it answers, each link with its note', async () => {
    // The replies to Pompeo's allegations: each rebuts those the article shows it answers.
    const CLEAR_RECORD = 'khatibzadeh-iran-clear-record-fighting-terrorism';
    const FABRICATING = 'khatibzadeh-pompeo-fabricating-false-evidence';
    const WARMONGERING = 'zarif-pompeo-warmongering-lies';
    const UNCONVINCING = 'parsi-pompeo-comments-very-unconvincing';
    const WHY_WAIT = 'parsi-why-wait-until-last-eight-days';
    const EVERY_REPLY = [CLEAR_RECORD, FABRICATING, WARMONGERING, UNCONVINCING, WHY_WAIT];
    const expected: [string, string[]][] = [
      [HOME, [...EVERY_REPLY, DENIAL]],
      [PROTECTION, [...EVERY_REPLY, DENIAL]],
      [PARTNERS, EVERY_REPLY],
      [HAVENS, [...EVERY_REPLY, DENIAL]],
      [LEADERSHIP, [FABRICATING, WARMONGERING, UNCONVINCING, DENIAL]],
      [MASRI, [DENIAL]],
      [DENIAL, [MASRI]],
      ['biden-revive-us-iran-ties-through-jcpoa', ['pompeo-appeasement-of-iran-will-not-work']],
    ];
    for (const [slug, rebutters] of expected) {
      const found = await linked(slug, 'rebuttals');
      expect(found.map((c) => c.slug).sort(), slug).toEqual([...rebutters].sort());
      for (const c of found) expect(c.linkNote, `${c.slug} rebuts ${slug}`).toBeTruthy();
    }
    const homeSupport = await linked(HOME, 'supports');
    expect(homeSupport.map((c) => c.slug).sort()).toEqual(
      [MASRI, PROTECTION, HAVENS, LEADERSHIP].sort(),
    );
    expect(homeSupport.every((c) => c.linkNote)).toBe(true);
    // The Tehran denial's links say it came before Pompeo spoke.
    const denial = (await linked(PROTECTION, 'rebuttals')).find((c) => c.slug === DENIAL);
    expect(denial?.linkNote).toContain('terrorists');
  });

  it('gives every link of the record a note', async () => {
    let count = 0;
    for (const slug of claims.keys()) {
      for (const kind of ['rebuttals', 'supports'] as const) {
        for (const c of await linked(slug, kind)) {
          count += 1;
          expect(c.linkNote, `${c.slug} ${kind} ${slug}`).toBeTruthy();
        }
      }
    }
    expect(count).toBeGreaterThanOrEqual(35);
  });

  it('records the article’s own statements of fact with no claimant, stated by the article itself', async () => {
    const own: [string, string][] = [
      [
        'article-us-new-sanctions-on-senior-iranian-officials',
        'imposing new sanctions on several senior Iranian officials',
      ],
      [
        'article-trump-abandoned-jcpoa-2018',
        'which was abandoned by President Donald Trump in 2018',
      ],
      [
        'article-al-qaeda-militants-and-bin-laden-family-fled-to-iran-2001',
        'Multiple al-Qaeda militants and family members of Osama Bin Laden fled to Iran after the US invaded Afghanistan in 2001.',
      ],
      [
        'article-trump-administration-near-daily-sanctions',
        'In its final days, the Trump administration has imposed sanctions on a near-daily basis, many targeted at Iran.',
      ],
    ];
    for (const [slug, exact] of own) {
      const c = claim(slug);
      expect([c.claimant, c.attribution, c.status], slug).toEqual([null, 'stated', 'unverified']);
      // The article's own words: verbatim, no speaker, no other source they were first said in.
      const q = quote(slug, exact);
      expect([q.wording, q.speaker, q.originalSource], slug).toEqual(['verbatim', null, null]);
      expect([c.statedAt, c.statedAtNote], slug).toEqual([
        '2021-01',
        expect.stringContaining('no date of its own'),
      ]);
      expect(c.statusNote, slug).toContain('in its own voice');
    }
    // Only these claims have no claimant: every statement the article attributes names its actor.
    const unattributed = [...claims.values()].filter((c) => c.claimant === null).map((c) => c.slug);
    expect(unattributed.sort()).toEqual(own.map(([slug]) => slug).sort());
    // No actor was invented to stand for the article's author: the actors are those it names.
    const actors = await ok(send<Page<Actor>>(ctx.app, 'GET', '/actors?limit=100'));
    expect(actors.items.map((a) => a.slug).sort()).toEqual([
      'iran-foreign-ministry',
      'iran-government',
      'joe-biden',
      'mike-pompeo',
      'mohammad-javad-zarif',
      'quincy-institute',
      'saeed-khatibzadeh',
      'susan-collins',
      'trita-parsi',
      'us-government',
    ]);
    // Its page says the article states it.
    const page = await ctx.app.inject({
      url: '/claims/article-trump-abandoned-jcpoa-2018',
      headers: { accept: 'text/html' },
    });
    expect(page.body).toMatch(/Stated by .*News article.*, no author named/);
  });

  it('gives no source a url or title, and a publisher only where the article names it', async () => {
    const sources = await ok(send<Page<Source>>(ctx.app, 'GET', '/sources?limit=100'));
    expect(sources.items.length).toBeGreaterThanOrEqual(7);
    for (const s of sources.items) {
      expect([s.slug, s.url, s.title]).toEqual([s.slug, null, null]);
      if (s.publisher !== null) expect(ARTICLE).toContain(s.publisher);
    }
    const article = await source('article');
    expect(article.text).toBe(ARTICLE);
  });
});
