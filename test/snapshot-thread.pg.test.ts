import { afterAll, describe, expect, it } from 'vitest';
import { makeStore } from './helpers/app.js';
import { jobsModule } from './helpers/snapshot-jobs.js';

// PostgreSQL's server reads the snapshot, so a snapshot job (an export) runs in the request's
// process, awaiting it. Counterpart: snapshot-thread.sqlite.test.ts.
const made = await makeStore();
afterAll(async () => {
  await made.store.close();
  await made.drop();
});

describe('where a PostgreSQL snapshot job runs', () => {
  it('when streamed, then on the request’s thread, reading the one snapshot of the record', async () => {
    let text = '';
    for await (const piece of made.store.streamSnapshot({
      module: jobsModule,
      name: 'whereRun',
      arg: null,
    }))
      text += Buffer.from(piece).toString();
    expect(text).toMatch(/^main thread: [1-9]\d* claims$/);
  });
});
