import { writeRoutes } from '../../lib/write-routes.js';
import { SourceCreateSchema, SourceDetailSchema, SourcePatchSchema } from './sources.schemas.js';
import { createSource, deleteSource, patchSource } from './sources.write-service.js';

export const sourceWriteRoutes = writeRoutes({
  collection: 'sources',
  tag: 'sources',
  operationNoun: 'Source',
  schemas: { create: SourceCreateSchema, patch: SourcePatchSchema, resource: SourceDetailSchema },
  summaries: {
    create: 'Create a source',
    update: 'Change a source (a new text must still hold its quotes)',
    delete: 'Delete a source no quote or evidence refers to',
  },
  create: createSource,
  patch: patchSource,
  remove: deleteSource,
});
