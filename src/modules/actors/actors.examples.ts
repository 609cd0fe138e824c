import { answerExample, type ExampleSet, requestExample } from '../../plugins/openapi-examples.js';
import {
  ActorCreateSchema,
  ActorPatchSchema,
  ActorSchema,
  ActorSummarySchema,
} from './actors.schemas.js';

/** Actors as the seeded article records them. */
export const POMPEO_SUMMARY = {
  id: 'act_0mwypxy3vo6n9g37lkcch',
  slug: 'mike-pompeo',
  name: 'Mike Pompeo',
  kind: 'person',
} as const;

export const ZARIF_SUMMARY = {
  id: 'act_0mwypxy40c5n3hdxw2ntl',
  slug: 'mohammad-javad-zarif',
  name: 'Mohammad Javad Zarif',
  kind: 'person',
} as const;

export const PARSI_SUMMARY = {
  id: 'act_0mwypxy44x0v7m2kq9bzr',
  slug: 'trita-parsi',
  name: 'Trita Parsi',
  kind: 'person',
} as const;

export const IRAN_GOVERNMENT_SUMMARY = {
  id: 'act_0mwypxy40h7vzmrm7fvju',
  slug: 'iran-government',
  name: 'Government of Iran',
  kind: 'organization',
} as const;

export const TIMES = {
  createdAt: '2026-11-27T08:27:49.094Z',
  updatedAt: '2026-11-27T08:27:49.094Z',
};

/** The actor the create example adds: named in the article, not yet in the record. */
export const NEW_ACTOR_SLUG = 'donald-trump';

export const actorExamples: ExampleSet = {
  schemas: [
    answerExample(ActorSummarySchema, POMPEO_SUMMARY),
    answerExample(ActorSchema, {
      ...POMPEO_SUMMARY,
      description: 'US Secretary of State',
      aliases: ['@SecPompeo'],
      affiliation: {
        id: 'act_0mwypxy3wlt2mzzth3idn',
        slug: 'us-government',
        name: 'Government of the United States',
        kind: 'organization',
      },
      claimCount: 9,
      version: 1,
      ...TIMES,
    }),
    requestExample(ActorCreateSchema, {
      slug: NEW_ACTOR_SLUG,
      kind: 'person',
      name: 'Donald Trump',
      description: 'President of the United States',
      aliases: ['President Donald Trump'],
    }),
    requestExample(ActorPatchSchema, { aliases: ['Iranian foreign ministry'] }),
  ],
  operations: {
    listActors: { parameters: { q: 'zarif', kind: 'person' } },
    getActor: { parameters: { id: POMPEO_SUMMARY.slug } },
    updateActor: { parameters: { id: 'iran-foreign-ministry' } },
    deleteActor: { parameters: { id: NEW_ACTOR_SLUG }, after: 'createActor' },
  },
};
