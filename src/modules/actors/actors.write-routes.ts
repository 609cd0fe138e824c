import { writeRoutes } from '../../lib/write-routes.js';
import { ActorCreateSchema, ActorPatchSchema, ActorSchema } from './actors.schemas.js';
import { createActor, deleteActor, patchActor } from './actors.write-service.js';

export const actorWriteRoutes = writeRoutes({
  collection: 'actors',
  tag: 'actors',
  operationNoun: 'Actor',
  schemas: { create: ActorCreateSchema, patch: ActorPatchSchema, resource: ActorSchema },
  summaries: {
    create: 'Create an actor',
    update: 'Change an actor',
    delete: 'Delete an actor no claim, quote or actor refers to',
  },
  create: createActor,
  patch: patchActor,
  remove: deleteActor,
});
