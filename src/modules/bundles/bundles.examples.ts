import { answerExample, type ExampleSet, requestExample } from '../../plugins/openapi-examples.js';
import { BundleSchema, ExportedBundleSchema } from './bundle.schemas.js';
import { ImportReportSchema } from './bundles.routes.js';

/** An actor the article names and the seeded record does not hold. */
const TRUMP = {
  slug: 'donald-trump',
  kind: 'person',
  name: 'Donald Trump',
  description: 'President of the United States',
  aliases: ['President Donald Trump'],
} as const;

/** Words of Pompeo's the seeded record does not hold as a claim. */
const MOUNTAINS_CLAIM = {
  slug: 'pompeo-al-qaeda-hid-in-afghan-mountains',
  text: 'When al-Qaeda was in Afghanistan, it was hiding in the mountains.',
  language: 'en',
  claimant: 'mike-pompeo',
  statedAt: '2021-01-12',
  tags: ['afghanistan', 'al-qaeda'],
  quotes: [
    {
      source: 'article',
      exact: 'Unlike in Afghanistan, when al-Qaeda was hiding in the mountains',
      start: 168,
      end: 232,
      originalSource: 'pompeo-national-press-club-remarks',
    },
  ],
};

const NO_CHANGE = { created: 0, updated: 0, unchanged: 0 };

/** The same records as NDJSON: one a line, each with its type. */
const ndjson = (...records: object[]) =>
  records.map((record) => `${JSON.stringify(record)}\n`).join('');

export const bundleExamples: ExampleSet = {
  schemas: [
    requestExample(BundleSchema, {
      format: 'factcheck-bundle',
      version: 1,
      actors: [{ ...TRUMP, aliases: [...TRUMP.aliases] }],
      sources: [],
      claims: [MOUNTAINS_CLAIM],
      links: [],
      evidence: [],
      quotes: [],
      statuses: [],
    }),
    answerExample(ExportedBundleSchema, {
      format: 'factcheck-bundle',
      version: 1,
      actors: [
        {
          id: 'act_0mwypxz3f2exxt7ma2471',
          ...TRUMP,
          aliases: [...TRUMP.aliases],
          affiliation: null,
        },
      ],
      claims: [
        {
          id: 'clm_0mwypxy5rd5h0k0z6w0c1',
          ...MOUNTAINS_CLAIM,
          status: 'unverified',
          statusNote: null,
        },
      ],
    }),
    answerExample(ImportReportSchema, {
      dryRun: false,
      changed: true,
      records: 2,
      counts: {
        actors: { created: 1, updated: 0, unchanged: 0 },
        sources: NO_CHANGE,
        claims: { created: 1, updated: 0, unchanged: 0 },
        quotes: { created: 1, updated: 0, unchanged: 0 },
        links: NO_CHANGE,
        evidence: NO_CHANGE,
        statuses: NO_CHANGE,
      },
      durationMs: 14,
    }),
  ],
  operations: {
    importBundle: {
      parameters: { dryRun: false, existing: 'update' },
      requests: {
        'application/x-ndjson': ndjson(
          { type: 'actor', ...TRUMP },
          { type: 'claim', ...MOUNTAINS_CLAIM },
        ),
      },
    },
    exportRecord: {
      answers: {
        'application/x-ndjson': ndjson(
          { type: 'actor', ...TRUMP, id: 'act_0mwypxz3f2exxt7ma2471', affiliation: null },
          {
            type: 'claim',
            id: 'clm_0mwypxy5rd5h0k0z6w0c1',
            ...MOUNTAINS_CLAIM,
            status: 'unverified',
            statusNote: null,
          },
        ),
      },
    },
  },
};
