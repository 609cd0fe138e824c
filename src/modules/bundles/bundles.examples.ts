import { answerExample, type ExampleSet, requestExample } from '../../plugins/openapi-examples.js';
import { BundleSchema, ExportedBundleSchema } from './bundle.schemas.js';
import { ImportReportSchema } from './bundles.routes.js';

const BIDEN = {
  slug: 'joe-biden',
  kind: 'person',
  name: 'Joe Biden',
  description: 'President-elect of the United States',
  aliases: ['President-elect Joe Biden'],
} as const;

const CRIMES_CLAIM = {
  slug: 'iran-us-sanctions-crimes-against-humanity',
  text: 'By “blowing up” Iran’s channels to pay for food and medicines, the US commits crimes against humanity and conspires to starve a population in the middle of a pandemic.',
  language: 'en',
  claimant: 'iran-government',
  statedAt: '2021',
  tags: ['iran', 'sanctions', 'us-iran-relations'],
  quotes: [
    {
      source: 'article',
      exact:
        'condemned the US for engaging in crimes against humanity by “blowing up” the country’s channels to pay for food and medicines',
      start: 4136,
      end: 4261,
      wording: 'paraphrase' as const,
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
      actors: [{ ...BIDEN, aliases: [...BIDEN.aliases] }],
      sources: [],
      claims: [CRIMES_CLAIM],
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
          id: 'act_0mwypxy40h7vzmrm7fvju',
          slug: 'iran-government',
          kind: 'organization',
          name: 'Government of Iran',
          description: 'Government of the Islamic Republic of Iran',
          aliases: ['Tehran', 'Iranian leadership'],
          affiliation: null,
        },
      ],
      claims: [
        {
          id: 'clm_0mwypxy5rd5h0k0z6w0c1',
          ...CRIMES_CLAIM,
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
          { type: 'actor', ...BIDEN },
          { type: 'claim', ...CRIMES_CLAIM },
        ),
      },
    },
    exportRecord: {
      answers: {
        'application/x-ndjson': ndjson(
          { type: 'actor', ...BIDEN, id: 'act_0mwypxz3f2exxt7ma2471', affiliation: null },
          {
            type: 'claim',
            id: 'clm_0mwypxy5rd5h0k0z6w0c1',
            ...CRIMES_CLAIM,
            status: 'unverified',
            statusNote: null,
          },
        ),
      },
    },
  },
};
