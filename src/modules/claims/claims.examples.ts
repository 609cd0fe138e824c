import { answerExample, type ExampleSet, requestExample } from '../../plugins/openapi-examples.js';
import {
  IRAN_GOVERNMENT_SUMMARY,
  POMPEO_SUMMARY,
  TIMES,
  ZARIF_SUMMARY,
} from '../actors/actors.examples.js';
import { ARTICLE_SUMMARY } from '../sources/sources.examples.js';
import {
  ClaimCreateSchema,
  ClaimListItemSchema,
  ClaimPatchSchema,
  ClaimSchema,
  ClaimSummarySchema,
  ImportedReviewSchema,
  LinkedClaimListItemSchema,
  LinkedClaimSchema,
  LinkInputSchema,
  QuoteInputSchema,
  QuoteSchema,
  StatsSchema,
  StatusChangeEntrySchema,
  StatusChangeSchema,
  StatusInputSchema,
  TagCountSchema,
} from './claims.schemas.js';

export const HOME_BASE_SLUG = 'pompeo-iran-al-qaeda-new-home-base';

const HOME_BASE_SUMMARY = {
  id: 'clm_0mwypxy589f37nr8nndif',
  slug: HOME_BASE_SLUG,
  text: 'Iran is al-Qaeda’s new home base.',
  status: 'unsubstantiated',
  claimant: POMPEO_SUMMARY,
} as const;

const NO_TERRORISTS_SUMMARY = {
  id: 'clm_0mwypxy5ho8lv79qt3thx',
  slug: 'iran-no-al-qaeda-terrorists-on-its-soil',
  text: 'There are no al-Qaeda terrorists on Iranian soil.',
  status: 'disputed',
  claimant: IRAN_GOVERNMENT_SUMMARY,
} as const;

const HOME_BASE_NOTE =
  'The article says Pompeo "failed to provide any direct evidence to support his claims" and that security experts "cast doubt on Pompeo’s unsubstantiated allegations against Tehran". Iranian officials (Khatibzadeh, Zarif) reject the accusation and Trita Parsi calls it "very unconvincing"; the article offers nothing that supports it.';

/** Why the seeded record links al-Masri's killing in Tehran to Tehran's denial, each way. */
const MASRI_DENIAL_NOTE =
  'Pompeo says al-Masri was killed in Tehran; Tehran had insisted, after reports of his death, that there were no al-Qaeda “terrorists” on its soil. Both cannot be true.';
const MASRI_HOME_BASE_NOTE =
  'Pompeo draws the one from the other: “Masri’s presence inside Iran points to the reason that we’re here today. Al-Qaeda has a new home base”.';
/** How the record dates what Pompeo said at the National Press Club. */
const TUESDAY_NOTE =
  'The article says Pompeo spoke “on Tuesday”, “just a week before President-elect Joe Biden’s inauguration” (20 January 2021): Tuesday 12 January 2021.';
/** Why the record names Zarif as the claimant of a line the article prints without a byline. */
const ZARIF_ATTRIBUTION_NOTE =
  'The article shows the line right after Zarif’s tweet and its byline “— Javad Zarif (@JZarif) January 12, 2021”, with no byline of its own: read as the next line of the same embedded tweet.';
/** The note of the rebuttal the link example adds. */
const PROTECTION_DENIAL_NOTE =
  'If there are no al-Qaeda “terrorists” on Iranian soil, as Tehran insists, there are none for the regime to protect: the denial answers the allegation that al-Qaeda operates there under the Iranian regime’s protection.';
/** The claim the create example adds: a statement the article reports, not yet in the record. */
const NEW_CLAIM_SLUG = 'iran-us-sanctions-crimes-against-humanity';

/** A claim the seeded record keeps unlinked from Tehran's denial, and one of Pompeo's own. */
const PROTECTION_SLUG = 'pompeo-al-qaeda-under-iranian-regime-protection';
const PARTNERS_SLUG = 'pompeo-iran-al-qaeda-partners-in-terrorism';

const MASRI_QUOTE = {
  id: 'quo_0mwypxy5eipewcyaw2s6g',
  exact:
    'Pompeo publicly confirmed for the first time that the extremist group’s second-in-command, Abu Muhammad al-Masri, was killed in Tehran in August.',
  start: 582,
  end: 727,
  source: ARTICLE_SUMMARY,
  speaker: null,
  originalSource: null,
  // The article's words for what Pompeo said, not his own.
  wording: 'paraphrase' as const,
};

/** Filters of the claim lists, each with a value that finds the home-base claim. */
export const CLAIM_FILTER_EXAMPLES = {
  status: ['unsubstantiated', 'disputed'],
  tag: 'al-qaeda',
  language: 'en',
  q: 'home base',
  statedFrom: '2021-01-01',
  statedTo: '2021-01-31',
  sort: 'relevance',
};

export const claimExamples: ExampleSet = {
  schemas: [
    answerExample(ClaimSummarySchema, HOME_BASE_SUMMARY),
    answerExample(ClaimListItemSchema, {
      ...HOME_BASE_SUMMARY,
      statusNote: HOME_BASE_NOTE,
      attribution: 'stated',
      attributionNote: null,
      language: 'en',
      statedAt: '2021-01-12',
      statedAtNote: TUESDAY_NOTE,
      tags: ['al-qaeda', 'iran', 'terrorism', 'us-iran-relations'],
      rebuttalCount: 7,
      supporterCount: 4,
      evidenceCount: 3,
      ...TIMES,
      version: 1,
      snippet:
        'accused Iran of providing a “new <mark>home</mark> <mark>base</mark>” to al-Qaeda … Al-Qaeda has a new <mark>home</mark> <mark>base</mark>: it is the Islamic Republic of…',
    }),
    answerExample(LinkedClaimSchema, { ...NO_TERRORISTS_SUMMARY, linkNote: MASRI_DENIAL_NOTE }),
    answerExample(LinkedClaimListItemSchema, {
      id: 'clm_0mwypxy5t7zq2r4bkc9jw',
      slug: 'zarif-no-9-11-terrorists-from-iran',
      text: 'All of the 9/11 terrorists came from Pompeo’s favorite Middle East destinations, and none came from Iran.',
      status: 'unverified',
      claimant: ZARIF_SUMMARY,
      statusNote: null,
      attribution: 'inferred',
      attributionNote: ZARIF_ATTRIBUTION_NOTE,
      language: 'en',
      statedAt: '2021-01-12',
      statedAtNote:
        'Dated by the byline of the tweet it follows in the article: “January 12, 2021”.',
      tags: ['iran', 'september-11', 'terrorism'],
      rebuttalCount: 0,
      supporterCount: 0,
      evidenceCount: 1,
      ...TIMES,
      version: 1,
      snippet: null,
      linkNote:
        'Zarif answers the charge that Iran harbours al-Qaeda with the attackers of 9/11: none of them came from Iran.',
    }),
    answerExample(QuoteSchema, MASRI_QUOTE),
    answerExample(ClaimSchema, {
      id: 'clm_0mwypxy5eggfox1kg31a5',
      slug: 'pompeo-masri-killed-in-tehran',
      text: 'Abu Muhammad al-Masri, al-Qaeda’s second-in-command, was killed in Tehran in August 2020.',
      status: 'disputed',
      claimant: POMPEO_SUMMARY,
      statusNote:
        'The article reports that Pompeo "publicly confirmed for the first time" that al-Masri was killed in Tehran in August (the article refers to "reports of Masri’s death last year", i.e. 2020), but gives no evidence for it, and says that after those reports Tehran "insisted that there were no al-Qaeda “terrorists” on its soil". The two accounts contradict each other.',
      attribution: 'stated',
      attributionNote: null,
      language: 'en',
      statedAt: '2021-01-12',
      statedAtNote: TUESDAY_NOTE,
      tags: ['abu-muhammad-al-masri', 'al-qaeda', 'iran'],
      rebuttalCount: 1,
      supporterCount: 0,
      evidenceCount: 1,
      ...TIMES,
      version: 1,
      quotes: [MASRI_QUOTE],
      rebuts: [{ ...NO_TERRORISTS_SUMMARY, linkNote: MASRI_DENIAL_NOTE }],
      rebutsCount: 1,
      rebuttedBy: [{ ...NO_TERRORISTS_SUMMARY, linkNote: MASRI_DENIAL_NOTE }],
      supports: [{ ...HOME_BASE_SUMMARY, linkNote: MASRI_HOME_BASE_NOTE }],
      supportsCount: 1,
      supportedBy: [],
      provenance: null,
      review: null,
    }),
    answerExample(ImportedReviewSchema, {
      publisher: 'PolitiFact',
      label: 'Mostly False',
      ratingValue: 2,
      bestRating: 6,
      worstRating: 1,
      score: 0.25,
      headline: 'Pompeo overstates what is known of al-Qaeda’s ties to Iran',
    }),
    answerExample(StatusChangeSchema, {
      status: 'unsubstantiated',
      previousStatus: null,
      note: HOME_BASE_NOTE,
      changedBy: 'seed',
      changedAt: TIMES.createdAt,
    }),
    answerExample(StatusChangeEntrySchema, {
      id: 12,
      status: 'unsubstantiated',
      previousStatus: null,
      note: HOME_BASE_NOTE,
      changedBy: 'seed',
      changedAt: TIMES.createdAt,
      claim: HOME_BASE_SUMMARY,
    }),
    answerExample(TagCountSchema, { tag: 'al-qaeda', claimCount: 13 }),
    answerExample(StatsSchema, {
      claimCount: 20,
      byStatus: {
        unverified: 3,
        unsubstantiated: 6,
        disputed: 2,
        supported: 0,
        refuted: 1,
        misleading: 0,
        not_checkable: 8,
      },
      byClaimant: [
        { claimant: POMPEO_SUMMARY, claimCount: 9 },
        { claimant: IRAN_GOVERNMENT_SUMMARY, claimCount: 3 },
      ],
    }),
    requestExample(QuoteInputSchema, {
      sourceId: ARTICLE_SUMMARY.slug,
      exact: 'Al-Qaeda has a new home base: it is the Islamic Republic of Iran',
      originalSourceId: 'pompeo-national-press-club-remarks',
      wording: 'verbatim',
    }),
    requestExample(ClaimCreateSchema, {
      slug: NEW_CLAIM_SLUG,
      text: 'By “blowing up” Iran’s channels to pay for food and medicines, the US commits crimes against humanity and conspires to starve a population in the middle of a pandemic.',
      claimantId: IRAN_GOVERNMENT_SUMMARY.slug,
      statedAt: '2021',
      statedAtNote:
        'The article gives no date: it reports the condemnation among the reactions to sanctions imposed “in its final days” by the Trump administration, in January 2021.',
      language: 'en',
      tags: ['iran', 'sanctions', 'us-iran-relations'],
      attribution: 'stated',
      quotes: [
        {
          sourceId: ARTICLE_SUMMARY.slug,
          exact:
            'condemned the US for engaging in crimes against humanity by “blowing up” the country’s channels to pay for food and medicines',
          wording: 'paraphrase',
        },
      ],
    }),
    requestExample(ClaimPatchSchema, {
      tags: ['al-qaeda', 'iran', 'sanctions', 'terrorism', 'us-iran-relations'],
    }),
    requestExample(StatusInputSchema, {
      status: 'disputed',
      note: 'Pompeo says the opposite in the same article (Iran gives al-Qaeda “safe havens and logistical support”); neither side offers evidence.',
    }),
    requestExample(LinkInputSchema, {
      claimId: NO_TERRORISTS_SUMMARY.slug,
      note: PROTECTION_DENIAL_NOTE,
    }),
  ],
  operations: {
    listClaims: {
      parameters: {
        ...CLAIM_FILTER_EXAMPLES,
        claimantId: POMPEO_SUMMARY.slug,
        sourceId: 'article',
      },
    },
    getClaim: { parameters: { id: HOME_BASE_SLUG } },
    listActorClaims: { parameters: { ...CLAIM_FILTER_EXAMPLES, id: POMPEO_SUMMARY.slug } },
    listSourceClaims: { parameters: { ...CLAIM_FILTER_EXAMPLES, id: 'article' } },
    updateClaim: { parameters: { id: HOME_BASE_SLUG } },
    deleteClaim: { parameters: { id: NEW_CLAIM_SLUG }, after: 'createClaim' },
    listClaimRebuttals: { parameters: { ...CLAIM_FILTER_EXAMPLES, id: HOME_BASE_SLUG } },
    addRebuttal: {
      parameters: { id: PROTECTION_SLUG },
      body: requestExample(LinkInputSchema, {
        claimId: NO_TERRORISTS_SUMMARY.slug,
        note: PROTECTION_DENIAL_NOTE,
      }),
    },
    listClaimSupporters: { parameters: { ...CLAIM_FILTER_EXAMPLES, id: HOME_BASE_SLUG } },
    addSupport: {
      parameters: { id: HOME_BASE_SLUG },
      body: requestExample(LinkInputSchema, { claimId: PARTNERS_SLUG }),
    },
    getClaimHistory: { parameters: { id: HOME_BASE_SLUG } },
    setClaimStatus: { parameters: { id: 'khatibzadeh-iran-clear-record-fighting-terrorism' } },
    listStatusChanges: { parameters: { since: '2026-11-01T00:00:00Z' } },
    removeRebuttal: {
      parameters: { id: PROTECTION_SLUG, rebuttalId: NO_TERRORISTS_SUMMARY.slug },
      after: 'addRebuttal',
    },
    removeSupport: {
      parameters: { id: HOME_BASE_SLUG, supportId: PARTNERS_SLUG },
      after: 'addSupport',
    },
  },
};
