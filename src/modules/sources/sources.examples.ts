import { answerExample, type ExampleSet, requestExample } from '../../plugins/openapi-examples.js';
import { TIMES } from '../actors/actors.examples.js';
import {
  SourceCreateSchema,
  SourceDetailSchema,
  SourcePatchSchema,
  SourceSchema,
  SourceSummarySchema,
} from './sources.schemas.js';

export const ARTICLE_SUMMARY = {
  id: 'src_0mwypxy50v9qvdrbtqi2i',
  slug: 'article',
  kind: 'article',
  title: null,
  description:
    "News article on Mike Pompeo's January 2021 accusation that Iran is al-Qaeda's new home base, and the replies to it",
} as const;

const ARTICLE = {
  ...ARTICLE_SUMMARY,
  url: null,
  publisher: null,
  publishedAt: null,
  publishedAtNote: null,
  hasText: true,
  quoteCount: 27,
  version: 1,
  ...TIMES,
};

/** The source the create example adds: an embed the article shows without a byline. */
const NEW_SOURCE_SLUG = 'zarif-tweet-no-one-is-fooled';

export const sourceExamples: ExampleSet = {
  schemas: [
    answerExample(SourceSummarySchema, ARTICLE_SUMMARY),
    answerExample(SourceSchema, ARTICLE),
    answerExample(SourceDetailSchema, {
      ...ARTICLE,
      text: 'US Secretary of State Mike Pompeo on Tuesday accused Iran of providing a “new home base” to al-Qaeda while imposing new sanctions on several senior Iranian officials.\n…',
    }),
    requestExample(SourceCreateSchema, {
      slug: NEW_SOURCE_SLUG,
      kind: 'social_post',
      description:
        'The embedded tweet that follows Javad Zarif’s tweet of January 12, 2021 in the article, without a byline of its own',
      publishedAt: '2021-01-12',
      publishedAtNote:
        'The embed shows no date of its own; the article prints it right after Zarif’s tweet dated “January 12, 2021”.',
      text: "No one is fooled. All 9/11 terrorists came from @SecPompeo's favorite ME destinations; NONE from Iran.",
    }),
    requestExample(SourcePatchSchema, {
      description:
        'Javad Zarif’s tweet (@JZarif) of January 12, 2021 calling Pompeo’s statements “warmongering lies”',
    }),
  ],
  operations: {
    listSources: { parameters: { q: 'zarif', kind: 'social_post' } },
    getSource: { parameters: { id: ARTICLE_SUMMARY.slug } },
    updateSource: { parameters: { id: 'zarif-tweet-2021-01-12' } },
    deleteSource: { parameters: { id: NEW_SOURCE_SLUG }, after: 'createSource' },
  },
};
