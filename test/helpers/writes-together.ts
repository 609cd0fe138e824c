import { rmSync } from 'node:fs';
import { asc } from 'drizzle-orm';
import { afterEach } from 'vitest';
import { tagCounts } from '../../src/db/schema.js';
import type { Store } from '../../src/db/store.js';
import { makeStore } from './app.js';

/**
 * A store of its own for each test of writes sent together (group-commit*.test.ts), closed after
 * it, with the COMMITs its statements ran and the tags it keeps.
 */
export function writesTogether() {
  let opened: Awaited<ReturnType<typeof makeStore>> | null = null;
  const commits: string[] = [];
  afterEach(async () => {
    if (!opened) return;
    await opened.store.close();
    await opened.drop();
    rmSync(opened.dir, { recursive: true, force: true });
    opened = null;
  });
  const store = (): Store => {
    if (!opened) throw new Error('open() the store first');
    return opened.store;
  };
  const writeTag = (tag: string) =>
    store().write(async (tx) => {
      await tx.insert(tagCounts).values({ tag, claimCount: 1 });
      return tag;
    });
  return {
    commits,
    store,
    async open() {
      commits.length = 0;
      opened = await makeStore({
        seed: false,
        storeOptions: { onStatement: (sql) => /^COMMIT\b/i.test(sql.trim()) && commits.push(sql) },
      });
    },
    writeTag,
    /** Ten writes of a tag each, sent at once. */
    tenWrites: () => Promise.all(Array.from({ length: 10 }, (_, i) => writeTag(`tag-${i}`))),
    storedTags: () =>
      store().read(async (tx) =>
        (await tx.select({ tag: tagCounts.tag }).from(tagCounts).orderBy(asc(tagCounts.tag))).map(
          (row) => row.tag,
        ),
      ),
  };
}
