import { describe, expect, it } from 'vitest';
import { clientOf } from '../src/db/sqlite/connection.js';
import { makeApp, makeKeys } from './helpers/app.js';

/**
 * A SQLite database in memory (`DB_FILE=:memory:`), one connection for everything: a keyed write
 * holds it, and what runs beside it must neither deadlock nor see half a write. PostgreSQL has no
 * such mode; its keyed writes are tested in idempotency-transaction.test.ts.
 */
const claimBody = (marker: string) => ({
  text: `Idempotency marker ${marker} was said.`,
  claimantId: 'mike-pompeo',
  statedAt: '2021-01-12',
  quotes: [{ sourceId: 'article', exact: 'no al-Qaeda “terrorists” on its soil' }],
});

describe('an in-memory store (item 9)', () => {
  it('replays, and reads beside a keyed request work', async () => {
    const memory = await makeApp({ memory: true });
    try {
      const key = (await makeKeys(memory.store)).editor;
      const post = () =>
        memory.app.inject({
          method: 'POST',
          url: '/claims',
          headers: { authorization: `Bearer ${key}`, 'idempotency-key': 'memory' },
          payload: claimBody('memory'),
        });
      const [first, second] = await Promise.all([post(), post()]);
      expect([first.statusCode, second.statusCode]).toEqual([201, 201]);
      expect(second.headers['idempotent-replayed']).toBe('true');
      expect(second.body).toBe(first.body);
      const id = (JSON.parse(first.body) as { id: string }).id;
      expect((await memory.app.inject({ url: `/claims/${id}` })).statusCode).toBe(200);
      const found = await memory.store.read(async (tx) =>
        clientOf(tx).prepare("SELECT count(*) AS n FROM claims WHERE text LIKE '%memory%'").get(),
      );
      expect(found).toEqual({ n: 1 });
    } finally {
      await memory.close();
    }
  });
});
