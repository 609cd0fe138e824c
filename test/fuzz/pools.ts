import { asc } from 'drizzle-orm';
import {
  actors,
  apiKeys,
  claimLinks,
  claims,
  claimTags,
  evidence,
  sources,
} from '../../src/db/schema.js';
import type { Store } from '../../src/db/store.js';

type Ref = { id: string; slug: string };

/**
 * What the seeded record holds, for requests that reach real rows: ids and slugs, source texts to
 * quote from, links to remove, tags and key names. Ordered by slug (ids are random per database),
 * so that one seed picks the same rows in every run.
 */
export type Pools = {
  claims: Ref[];
  actors: Ref[];
  sources: (Ref & { text: string | null; url: string | null })[];
  evidence: Ref[];
  links: { from: Ref; to: Ref; kind: string }[];
  tags: string[];
  keyNames: string[];
};

export async function collectPools(store: Store): Promise<Pools> {
  return store.read(async (tx) => {
    const claimRefs = await tx
      .select({ id: claims.id, slug: claims.slug })
      .from(claims)
      .orderBy(asc(claims.slug));
    const byId = new Map(claimRefs.map((claim) => [claim.id, claim]));
    const links = await tx
      .select({ from: claimLinks.fromClaimId, to: claimLinks.toClaimId, kind: claimLinks.kind })
      .from(claimLinks);
    return {
      claims: claimRefs,
      actors: await tx
        .select({ id: actors.id, slug: actors.slug })
        .from(actors)
        .orderBy(asc(actors.slug)),
      sources: await tx
        .select({ id: sources.id, slug: sources.slug, text: sources.text, url: sources.url })
        .from(sources)
        .orderBy(asc(sources.slug)),
      evidence: await tx
        .select({ id: evidence.id, slug: evidence.slug })
        .from(evidence)
        .orderBy(asc(evidence.slug)),
      links: links
        .flatMap(({ from, to, kind }) => {
          const a = byId.get(from);
          const b = byId.get(to);
          return a && b ? [{ from: a, to: b, kind }] : [];
        })
        .sort((x, y) => `${x.from.slug} ${x.to.slug}`.localeCompare(`${y.from.slug} ${y.to.slug}`)),
      tags: (
        await tx.selectDistinct({ tag: claimTags.tag }).from(claimTags).orderBy(asc(claimTags.tag))
      ).map((row) => row.tag),
      keyNames: (
        await tx.select({ name: apiKeys.name }).from(apiKeys).orderBy(asc(apiKeys.name))
      ).map((row) => row.name),
    };
  });
}
