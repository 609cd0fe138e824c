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
  publishedAt: '2021-01',
  publishedAtNote:
    'The article carries no date of its own. It reports Pompeo’s remarks of “Tuesday” (12 January 2021) as coming “just a week before President-elect Joe Biden’s inauguration” (20 January 2021), Collins’s op-ed of “Monday” and the storming of the Capitol “last week”: it was written in January 2021, in the days after 12 January; the day is not given.',
  hasText: true,
  quoteCount: 36,
  version: 1,
  ...TIMES,
};

/** The source the create example adds: a statement the article reports, not yet in the record. */
const NEW_SOURCE_SLUG = 'tehran-denial-after-masri-death-reports';

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
      kind: 'statement',
      description:
        'Tehran’s insistence, after reports of al-Masri’s death, that there were no al-Qaeda “terrorists” on its soil',
      publishedAt: '2020',
      publishedAtNote:
        'The article says Tehran insisted on this “following reports of Masri’s death last year”; the article was written in January 2021, so last year is 2020.',
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
