import { once } from 'node:events';
import { createWriteStream } from 'node:fs';

const TEXT =
  'The quick brown fox jumps over the lazy dog. Zebras graze while giraffes browse the tall trees.';

/**
 * Writes `n` synthetic NDJSON records: per 100, one actor, one source, 70 claims (each with a quote
 * and tags), 14 links and 14 evidence items. Everything refers backwards, as an export does.
 */
export async function writeSynthetic(file: string, n: number): Promise<void> {
  const out = createWriteStream(file);
  const write = async (record: unknown) => {
    if (!out.write(`${JSON.stringify(record)}\n`)) await once(out, 'drain');
  };
  let claims = 0;
  for (let i = 0; i < n; i++) {
    const block = Math.floor(i / 100);
    const slot = i % 100;
    if (slot === 0)
      await write({
        type: 'actor',
        slug: `actor-${block}`,
        kind: 'person',
        name: `Actor ${block}`,
      });
    else if (slot === 1)
      await write({ type: 'source', slug: `source-${block}`, kind: 'article', text: TEXT });
    else if (slot < 72) {
      await write({
        type: 'claim',
        slug: `claim-${claims}`,
        text: `Claim ${claims}: foxes are quick and dogs are lazy`,
        claimant: `actor-${block}`,
        statedAt: `20${10 + (claims % 15)}-0${1 + (claims % 9)}-1${claims % 10}`,
        tags: ['synthetic', `group-${claims % 20}`],
        quotes: [{ source: `source-${block}`, exact: 'quick brown fox', start: 4, end: 19 }],
      });
      claims++;
    } else if (slot < 86) {
      await write({
        type: 'link',
        from: `claim-${claims - 1}`,
        kind: 'rebuts',
        to: `claim-${claims - 2 - (slot % 50)}`,
      });
    } else {
      await write({
        type: 'evidence',
        slug: `evidence-${i}`,
        claim: `claim-${claims - 1 - (slot % 60)}`,
        stance: 'context',
        summary: `Evidence ${i}`,
        source: `source-${block}`,
        quote: { exact: 'lazy dog', start: 35, end: 43 },
      });
    }
  }
  out.end();
  await once(out, 'finish');
}
