import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Claim } from '../src/modules/claims/claims.schemas.js';
import { makeApp, makeKeys, send, type TestContext } from './helpers/app.js';

/**
 * ClaimReviews written for these tests in the conventions of the fact-checkers whose scales the
 * importer knows (their labels, languages, sites and numbers), imported as a user would, then read
 * back on the claims.
 */

type Report = {
  reviews: number;
  changed: boolean;
  counts: Record<string, { created: number; updated: number; unchanged: number }>;
  unmappedRatings: { url: string; rating: string | null }[];
};

type Rating = {
  label?: string;
  ratingValue?: unknown;
  bestRating?: unknown;
  worstRating?: unknown;
};

/** One review as JSON-LD: the publisher as author, the claim with its claimant and appearance. */
function claimReview(options: {
  url: string;
  publisher: { name: string; url: string };
  claim: string;
  claimant: string;
  language?: string;
  date: string;
  rating: Rating;
}) {
  const { label, ...numbers } = options.rating;
  return {
    '@context': 'https://schema.org',
    '@type': 'ClaimReview',
    url: options.url,
    claimReviewed: options.claim,
    datePublished: options.date,
    ...(options.language ? { inLanguage: options.language } : {}),
    author: { '@type': 'Organization', ...options.publisher },
    itemReviewed: {
      '@type': 'Claim',
      author: { '@type': 'Person', name: options.claimant },
      datePublished: options.date,
      appearance: [{ '@type': 'CreativeWork', url: `${options.url}#appearance` }],
    },
    reviewRating: { '@type': 'Rating', ...numbers, ...(label ? { alternateName: label } : {}) },
  };
}

const POLITIFACT = { name: 'PolitiFact', url: 'https://www.politifact.com' };

type Case = {
  review: ReturnType<typeof claimReview>;
  status: Claim['status'];
  score: number | null;
};

const cases: Case[] = [
  {
    review: claimReview({
      url: 'https://www.politifact.com/factchecks/2024/mar/01/viral-image/windmills-cause-cancer/',
      publisher: POLITIFACT,
      claim: 'The noise from windmills causes cancer.',
      claimant: 'Viral image',
      date: '2024-03-01',
      rating: { label: 'Pants on Fire!', ratingValue: '0', bestRating: '5', worstRating: '0' },
    }),
    status: 'refuted',
    score: 0,
  },
  {
    review: claimReview({
      url: 'https://www.politifact.com/factchecks/2024/feb/12/senator/half-of-new-jobs/',
      publisher: POLITIFACT,
      claim: 'Half of the new jobs went to people born abroad.',
      claimant: 'A senator',
      date: '2024-02-12',
      rating: { label: 'Half True', ratingValue: '3', bestRating: '5', worstRating: '0' },
    }),
    status: 'misleading',
    score: 0.5,
  },
  {
    // The Flip-O-Meter rates a change of position, not the truth of the claim.
    review: claimReview({
      url: 'https://www.politifact.com/factchecks/2023/nov/20/governor/flip-on-gas-tax/',
      publisher: POLITIFACT,
      claim: 'Has changed position on the gas tax holiday.',
      claimant: 'A governor',
      date: '2023-11-20',
      rating: { label: 'Full Flop' },
    }),
    status: 'not_checkable',
    score: null,
  },
  {
    // Its numbers count Pinocchios (more is worse): read on their own, 3 of 1–4 would be true.
    review: claimReview({
      url: 'https://www.washingtonpost.com/politics/2024/01/10/fact-checker-deficit-claim/',
      publisher: { name: 'The Washington Post', url: 'https://www.washingtonpost.com' },
      claim: 'The deficit has been cut in half.',
      claimant: 'A president',
      date: '2024-01-10',
      rating: { label: 'Three Pinocchios', ratingValue: 3, bestRating: 4, worstRating: 1 },
    }),
    status: 'misleading',
    score: 0.25,
  },
  {
    review: claimReview({
      url: 'https://www.snopes.com/fact-check/senator-resigns-satire/',
      publisher: { name: 'Snopes', url: 'https://www.snopes.com' },
      claim: 'A senator resigned to become a professional wrestler.',
      claimant: 'Satirical website',
      date: '2024-04-01',
      rating: { label: 'Labeled Satire', ratingValue: -1, bestRating: -1, worstRating: -1 },
    }),
    status: 'not_checkable',
    score: null,
  },
  {
    review: claimReview({
      url: 'https://www.snopes.com/fact-check/flood-photo-city/',
      publisher: { name: 'Snopes', url: 'https://www.snopes.com' },
      claim: 'A photograph shows this week’s flood in the city.',
      claimant: 'Facebook user',
      date: '2024-05-02',
      rating: { label: 'Miscaptioned' },
    }),
    status: 'misleading',
    score: null,
  },
  {
    // FactCheck.org gives a sentence, not a rating.
    review: claimReview({
      url: 'https://www.factcheck.org/2024/06/ballots-shipped-from-abroad/',
      publisher: { name: 'FactCheck.org', url: 'https://www.factcheck.org' },
      claim: 'Millions of ballots were printed abroad and shipped in.',
      claimant: 'A campaign',
      date: '2024-06-03',
      rating: {
        label: 'False. There is no evidence that ballots were printed abroad.',
        ratingValue: 1,
        bestRating: 5,
        worstRating: 1,
      },
    }),
    status: 'refuted',
    score: 0,
  },
  {
    review: claimReview({
      url: 'https://fullfact.org/health/nhs-waiting-list-doubled/',
      publisher: { name: 'Full Fact', url: 'https://fullfact.org' },
      claim: 'The NHS waiting list has doubled since last year.',
      claimant: 'An MP',
      date: '2024-02-20',
      rating: { label: 'This is not correct. The waiting list grew by about 8% in that time.' },
    }),
    status: 'refuted',
    score: 0,
  },
  {
    // A denial softened: not entirely true is not true, nor false.
    review: claimReview({
      url: 'https://fullfact.org/economy/wages-rising-fastest/',
      publisher: { name: 'Full Fact', url: 'https://fullfact.org' },
      claim: 'Wages are rising faster than anywhere in Europe.',
      claimant: 'A minister',
      date: '2024-02-21',
      rating: { label: "That's not entirely true: two countries saw faster growth." },
    }),
    status: 'misleading',
    score: 0.5,
  },
  {
    review: claimReview({
      url: 'https://factuel.afp.com/doc.afp.com.34AB12C',
      publisher: { name: 'AFP Factuel', url: 'https://factuel.afp.com' },
      claim: 'Cette vidéo montre des émeutes à Paris en 2024.',
      claimant: 'Utilisateurs de réseaux sociaux',
      language: 'fr',
      date: '2024-07-01',
      rating: { label: 'Trompeur', ratingValue: '2', bestRating: '5', worstRating: '1' },
    }),
    status: 'misleading',
    score: 0.25,
  },
  {
    review: claimReview({
      url: 'https://factual.afp.com/doc.afp.com.35CD34E',
      publisher: { name: 'AFP Factual', url: 'https://factual.afp.com' },
      claim: 'El gobierno subió el IVA de los alimentos al 21 %.',
      claimant: 'Usuarios de redes sociales',
      language: 'es',
      date: '2024-07-02',
      rating: { label: 'Falta contexto' },
    }),
    status: 'misleading',
    score: null,
  },
  {
    review: claimReview({
      url: 'https://www.reuters.com/fact-check/photo-of-shark-on-highway-altered-2024-08-28/',
      publisher: { name: 'Reuters', url: 'https://www.reuters.com' },
      claim: 'Photo shows a shark swimming on a flooded highway.',
      claimant: 'Social media users',
      date: '2024-08-28',
      rating: { label: 'Altered' },
    }),
    status: 'misleading',
    score: null,
  },
  {
    review: claimReview({
      url: 'https://www.aap.com.au/factcheck/power-prices-claim/',
      publisher: { name: 'AAP FactCheck', url: 'https://www.aap.com.au' },
      claim: 'Power prices fell by a third after the change.',
      claimant: 'A premier',
      date: '2024-03-14',
      rating: { label: 'Partly False' },
    }),
    status: 'misleading',
    score: 0.5,
  },
  {
    review: claimReview({
      url: 'https://leadstories.com/hoax-alert/2024/05/fact-check-celebrity-arrested.html',
      publisher: { name: 'Lead Stories', url: 'https://leadstories.com' },
      claim: 'A famous actor was arrested for smuggling.',
      claimant: 'Fake news website',
      date: '2024-05-10',
      rating: { label: 'Hoax', ratingValue: 1, bestRating: 5, worstRating: 1 },
    }),
    status: 'refuted',
    score: 0,
  },
  {
    review: claimReview({
      url: 'https://www.lemonde.fr/les-decodeurs/article/2024/04/02/chomage-au-plus-bas.html',
      publisher: { name: 'Les Décodeurs', url: 'https://www.lemonde.fr/les-decodeurs/' },
      claim: 'Le chômage est au plus bas depuis quarante ans.',
      claimant: 'Un ministre',
      language: 'fr',
      date: '2024-04-02',
      rating: { label: 'Plutôt vrai' },
    }),
    status: 'supported',
    score: 0.75,
  },
  {
    review: claimReview({
      url: 'https://correctiv.org/faktencheck/2024/03/05/windkraft-zahlen/',
      publisher: { name: 'CORRECTIV.Faktencheck', url: 'https://correctiv.org' },
      claim: 'Windräder verbrauchen mehr Strom, als sie erzeugen.',
      claimant: 'Facebook-Seite',
      language: 'de',
      date: '2024-03-05',
      rating: { label: 'GRÖSSTENTEILS FALSCH', ratingValue: 2, bestRating: 7, worstRating: 1 },
    }),
    status: 'misleading',
    score: 0.25,
  },
  {
    review: claimReview({
      url: 'https://correctiv.org/faktencheck/2024/03/06/impfstoff-behauptung/',
      publisher: { name: 'CORRECTIV.Faktencheck', url: 'https://correctiv.org' },
      claim: 'Der Impfstoff wurde nie an Menschen getestet.',
      claimant: 'Telegram-Kanal',
      language: 'de',
      date: '2024-03-06',
      rating: { label: 'Unbelegt' },
    }),
    status: 'unsubstantiated',
    score: null,
  },
  {
    review: claimReview({
      url: 'https://maldita.es/malditobulo/20240301/gasolina-precio-bulo/',
      publisher: { name: 'Maldita.es', url: 'https://maldita.es' },
      claim: 'La gasolina costará 3 euros el litro en abril.',
      claimant: 'Cadena de WhatsApp',
      language: 'es',
      date: '2024-03-01',
      rating: { label: 'Bulo' },
    }),
    status: 'refuted',
    score: 0,
  },
  {
    review: claimReview({
      url: 'https://www.newtral.es/pensiones-subida-datos/20240115/',
      publisher: { name: 'Newtral', url: 'https://www.newtral.es' },
      claim: 'Las pensiones han subido más que nunca.',
      claimant: 'Una ministra',
      language: 'es',
      date: '2024-01-15',
      rating: { label: 'Verdad a medias', ratingValue: 2, bestRating: 4, worstRating: 1 },
    }),
    status: 'misleading',
    score: 0.5,
  },
  {
    review: claimReview({
      url: 'https://www.aosfatos.org/noticias/desmatamento-caiu-pela-metade/',
      publisher: { name: 'Aos Fatos', url: 'https://www.aosfatos.org' },
      claim: 'O desmatamento caiu pela metade no último ano.',
      claimant: 'Um governador',
      language: 'pt',
      date: '2024-02-02',
      rating: { label: 'NÃO É BEM ASSIM' },
    }),
    status: 'misleading',
    score: 0.5,
  },
  {
    review: claimReview({
      url: 'https://lupa.uol.com.br/jornalismo/2024/05/10/efeito-da-reforma',
      publisher: { name: 'Agência Lupa', url: 'https://lupa.uol.com.br' },
      claim: 'A reforma vai criar dois milhões de empregos.',
      claimant: 'Um deputado',
      language: 'pt',
      date: '2024-05-10',
      rating: { label: 'Ainda é cedo para dizer' },
    }),
    status: 'unverified',
    score: null,
  },
  {
    review: claimReview({
      url: 'https://africacheck.org/fact-checks/reports/unemployment-rate-claim',
      publisher: { name: 'Africa Check', url: 'https://africacheck.org' },
      claim: 'Unemployment has fallen for four quarters in a row.',
      claimant: 'A minister',
      date: '2024-06-11',
      rating: { label: 'Mostly correct' },
    }),
    status: 'supported',
    score: 0.75,
  },
  {
    review: claimReview({
      url: 'https://www.boomlive.in/fact-check/satire-page-minister-quote-24567',
      publisher: { name: 'BOOM', url: 'https://www.boomlive.in' },
      claim: 'The minister said the moon landing was filmed in Mumbai.',
      claimant: 'Parody account',
      date: '2024-04-18',
      rating: { label: 'Sarcasm' },
    }),
    status: 'not_checkable',
    score: null,
  },
  {
    review: claimReview({
      url: 'https://www.vishvasnews.com/hindi/viral/fact-check-old-video-rally/',
      publisher: { name: 'Vishvas News', url: 'https://www.vishvasnews.com' },
      claim: 'वायरल वीडियो हाल की रैली का है।',
      claimant: 'फेसबुक यूजर',
      language: 'hi',
      date: '2024-05-20',
      rating: { label: 'भ्रामक' },
    }),
    status: 'misleading',
    score: 0.25,
  },
  {
    // Alt News' section name says nothing, and no numbers speak for it.
    review: claimReview({
      url: 'https://www.altnews.in/video-of-flooded-station-is-from-2019/',
      publisher: { name: 'Alt News', url: 'https://www.altnews.in' },
      claim: 'Video shows a railway station flooded this week.',
      claimant: 'Twitter user',
      date: '2024-07-09',
      rating: { label: 'Fact check' },
    }),
    status: 'unverified',
    score: null,
  },
];

const slugOf = (url: string) =>
  `review-${createHash('sha256').update(url).digest('hex').slice(0, 16)}`;

let ctx: TestContext;
let key: string;
beforeAll(async () => {
  ctx = await makeApp({ seed: false });
  key = (await makeKeys(ctx.store)).editor;
});
afterAll(() => ctx.close());

const importReviews = async (body: unknown) => {
  const response = await ctx.app.inject({
    method: 'POST',
    url: '/import/claimreview',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/ld+json' },
    payload: JSON.stringify(body),
  });
  expect(response.statusCode, response.body.slice(0, 600)).toBe(200);
  return JSON.parse(response.body) as Report;
};
const claimOf = async (url: string) =>
  JSON.parse((await ctx.app.inject(`/claims/${slugOf(url)}`)).body) as Claim;

// Two dozen reviews imported, read back one claim at a time, exported and imported again: more
// than the default five seconds on a busy machine, on PostgreSQL most of all.
describe('ClaimReviews of many fact-checkers', { timeout: 30_000 }, () => {
  const publishers = new Set(cases.map((c) => c.review.author.name));

  it('come from a dozen publishers at least', () => {
    expect(publishers.size).toBeGreaterThanOrEqual(12);
  });

  it('give each claim the status and score its publisher’s rating stands for, and keep the rating', async () => {
    const report = await importReviews(cases.map((c) => c.review));
    expect(report).toMatchObject({ reviews: cases.length, changed: true });
    expect(report.counts.claims).toEqual({ created: cases.length, updated: 0, unchanged: 0 });
    expect(report.unmappedRatings).toEqual([]);
    for (const { review, status, score } of cases) {
      const claim = await claimOf(review.url);
      const { alternateName, ratingValue, bestRating, worstRating } = review.reviewRating as Record<
        string,
        unknown
      >;
      const number = (value: unknown) => (value === undefined ? null : Number(value));
      expect({ status: claim.status, score: claim.review?.score }, review.url).toEqual({
        status,
        score,
      });
      expect(claim.review, review.url).toEqual({
        publisher: review.author.name,
        label: alternateName,
        ratingValue: number(ratingValue),
        bestRating: number(bestRating),
        worstRating: number(worstRating),
        score,
        // These reviews have no title of their own.
        headline: null,
      });
      expect(claim.statusNote).toContain(String(alternateName));
    }
  });

  it('read a sentence rating of a publisher with no table of its own, negation included', async () => {
    const url = 'https://checker.example/2024/vaccines-tested';
    const report = await importReviews({
      '@context': 'https://schema.org',
      '@type': 'DataFeed',
      dataFeedElement: [
        {
          '@type': 'DataFeedItem',
          item: [
            claimReview({
              url,
              publisher: { name: 'Example Checks', url: 'https://checker.example' },
              claim: 'The vaccine was tested on only a hundred people.',
              claimant: 'Blog',
              date: '2024-01-05',
              rating: { label: 'Not true: the trials enrolled 40,000 people.' },
            }),
          ],
        },
      ],
    });
    expect(report.unmappedRatings).toEqual([]);
    expect(await claimOf(url)).toMatchObject({
      status: 'refuted',
      review: { publisher: 'Example Checks', score: 0 },
    });
  });

  it('change nothing when the same reviews come again', async () => {
    const report = await importReviews(cases.map((c) => c.review));
    expect(report.changed).toBe(false);
    expect(report.counts.claims).toEqual({ created: 0, updated: 0, unchanged: cases.length });
    expect(report.counts.evidence).toEqual({ created: 0, updated: 0, unchanged: cases.length });
  });

  it('keep their ratings through an export and an import elsewhere', async () => {
    const exported = await ctx.app.inject({
      url: '/export',
      headers: { accept: 'application/json' },
    });
    const bundle = JSON.parse(exported.body) as { claims: { slug: string; review?: unknown }[] };
    const first = cases[0];
    expect(bundle.claims.find((c) => c.slug === slugOf(first?.review.url ?? ''))?.review).toEqual({
      publisher: 'PolitiFact',
      label: 'Pants on Fire!',
      ratingValue: 0,
      bestRating: 5,
      worstRating: 0,
      score: 0,
    });
    const elsewhere = await makeApp({ seed: false });
    try {
      const elsewhereKey = (await makeKeys(elsewhere.store)).editor;
      const imported = await send(elsewhere.app, 'POST', '/import', {
        key: elsewhereKey,
        body: bundle,
      });
      expect(imported.status).toBe(200);
      const again = await elsewhere.app.inject({
        url: '/export',
        headers: { accept: 'application/json' },
      });
      expect(again.body).toBe(exported.body);
      const claim = JSON.parse(
        (await elsewhere.app.inject(`/claims/${slugOf(first?.review.url ?? '')}`)).body,
      ) as Claim;
      expect(claim.review).toMatchObject({ label: 'Pants on Fire!', score: 0 });
    } finally {
      await elsewhere.close();
    }
  });
});
