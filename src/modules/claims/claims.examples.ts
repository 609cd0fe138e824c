import { answerExample, type ExampleSet, requestExample } from '../../plugins/openapi-examples.js';
import {
  IRAN_GOVERNMENT_SUMMARY,
  PARSI_SUMMARY,
  POMPEO_SUMMARY,
  TIMES,
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
const DENIAL_MASRI_NOTE =
  'Tehran insisted, after “reports of Masri’s death last year”, that there were no al-Qaeda “terrorists” on its soil; Pompeo says al-Masri was inside Iran and killed in Tehran. Both cannot be true.';
const MASRI_HOME_BASE_NOTE =
  'Pompeo draws the one from the other: “Masri’s presence inside Iran points to the reason that we’re here today. Al-Qaeda has a new home base”.';
/** How the record dates what Pompeo said at the National Press Club. */
const TUESDAY_NOTE =
  'The article says Pompeo spoke “on Tuesday”, “just a week before President-elect Joe Biden’s inauguration” (20 January 2021), and Zarif’s reply to him is dated “January 12, 2021”: Tuesday 12 January 2021.';
/** Why the seeded record links Parsi's verdict to the home-base claim. */
const UNCONVINCING_NOTE =
  'Experts “cast doubt on Pompeo’s unsubstantiated allegations against Tehran”: Parsi calls the comments “very unconvincing”, among them the allegation that Iran is al-Qaeda’s “new home base”.';
/** The note of the rebuttal the link example adds. */
const FABRICATION_MASRI_NOTE =
  'Khatibzadeh condemns Pompeo’s accusations as a “repeat of blaming and fabricating false evidence”; al-Masri’s killing in Tehran is what Pompeo put forward for them, though the article says he “failed to provide any direct evidence”.';
/** The claim the create example adds: words of Pompeo's the record does not yet hold as a claim. */
const NEW_CLAIM_SLUG = 'pompeo-al-qaeda-hid-in-afghan-mountains';

/** A claim of Khatibzadeh's the seeded record does not link to al-Masri's killing, and one of Pompeo's own. */
const FABRICATION_SLUG = 'khatibzadeh-pompeo-fabricating-false-evidence';
const MASRI_SLUG = 'pompeo-masri-killed-in-tehran';
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

const MASRI_PRESENCE_QUOTE = {
  id: 'quo_0mwypxy5ejw2k8c0x4d1n',
  exact: 'Masri’s presence inside Iran points to the reason that we’re here today',
  start: 729,
  end: 800,
  source: ARTICLE_SUMMARY,
  speaker: null,
  originalSource: {
    id: 'src_0mwypxy54q1s7vbn2hc8e',
    slug: 'pompeo-national-press-club-remarks',
    kind: 'speech' as const,
    title: null,
    description:
      "Mike Pompeo's remarks to the National Press Club accusing Iran of being al-Qaeda's new home base",
  },
  wording: 'verbatim' as const,
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
      rebuttalCount: 6,
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
      slug: 'parsi-pompeo-comments-very-unconvincing',
      text: 'Pompeo’s comments about Iran and al-Qaeda are very unconvincing.',
      status: 'not_checkable',
      claimant: PARSI_SUMMARY,
      statusNote:
        'An expert’s assessment rather than a checkable fact, though consistent with the article’s note that Pompeo "failed to provide any direct evidence to support his claims".',
      attribution: 'stated',
      attributionNote: null,
      language: 'en',
      statedAt: '2021-01',
      statedAtNote:
        'The article gives no date: Parsi answered Pompeo’s comments of Tuesday 12 January 2021 (“why did he wait until the eight last days of his term”), before the article, written that month (see the article source): January 2021.',
      tags: ['al-qaeda', 'iran', 'opinion'],
      rebuttalCount: 0,
      supporterCount: 1,
      evidenceCount: 0,
      ...TIMES,
      version: 1,
      snippet: null,
      linkNote: UNCONVINCING_NOTE,
    }),
    answerExample(QuoteSchema, MASRI_QUOTE),
    answerExample(ClaimSchema, {
      id: 'clm_0mwypxy5eggfox1kg31a5',
      slug: 'pompeo-masri-killed-in-tehran',
      text: 'Abu Muhammad al-Masri, al-Qaeda’s second-in-command, was inside Iran: he was killed in Tehran in August 2020.',
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
      quotes: [MASRI_QUOTE, MASRI_PRESENCE_QUOTE],
      rebuts: [{ ...NO_TERRORISTS_SUMMARY, linkNote: MASRI_DENIAL_NOTE }],
      rebutsCount: 1,
      rebuttedBy: [{ ...NO_TERRORISTS_SUMMARY, linkNote: DENIAL_MASRI_NOTE }],
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
      claimCount: 25,
      byStatus: {
        unverified: 3,
        unsubstantiated: 7,
        disputed: 2,
        supported: 0,
        refuted: 0,
        misleading: 0,
        not_checkable: 13,
      },
      byClaimant: [
        { claimant: POMPEO_SUMMARY, claimCount: 9 },
        { claimant: IRAN_GOVERNMENT_SUMMARY, claimCount: 4 },
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
      text: 'When al-Qaeda was in Afghanistan, it was hiding in the mountains.',
      claimantId: POMPEO_SUMMARY.slug,
      statedAt: '2021-01-12',
      statedAtNote: TUESDAY_NOTE,
      language: 'en',
      tags: ['afghanistan', 'al-qaeda'],
      attribution: 'stated',
      quotes: [
        {
          sourceId: ARTICLE_SUMMARY.slug,
          exact: 'Unlike in Afghanistan, when al-Qaeda was hiding in the mountains',
          originalSourceId: 'pompeo-national-press-club-remarks',
          wording: 'verbatim',
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
      claimId: FABRICATION_SLUG,
      note: FABRICATION_MASRI_NOTE,
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
      parameters: { id: MASRI_SLUG },
      body: requestExample(LinkInputSchema, {
        claimId: FABRICATION_SLUG,
        note: FABRICATION_MASRI_NOTE,
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
      parameters: { id: MASRI_SLUG, rebuttalId: FABRICATION_SLUG },
      after: 'addRebuttal',
    },
    removeSupport: {
      parameters: { id: HOME_BASE_SLUG, supportId: PARTNERS_SLUG },
      after: 'addSupport',
    },
  },
};
