import { z } from 'zod';

/** A BCP 47 language tag, canonicalised (`PT-br` → `pt-BR`) by the platform's Intl. */
export const LanguageTagSchema = z
  .string()
  .trim()
  .min(2)
  .max(35)
  .transform((value, ctx) => {
    const canonical = canonicalTag(value);
    if (canonical !== null) return canonical;
    ctx.addIssue({
      code: 'custom',
      message: 'must be a BCP 47 language tag such as `en` or `pt-BR`',
    });
    return z.NEVER;
  })
  .meta({
    id: 'LanguageTag',
    description: 'BCP 47 language tag, e.g. `en`, `pt-BR`, `zh`',
    examples: ['en'],
  });

/**
 * Intl's canonical form of a tag, or null when it is not one. A record holds few distinct tags and
 * an import checks one per claim, so answers are kept, up to CACHED_TAGS of them.
 */
function canonicalTag(value: string): string | null {
  const cached = canonicalTags.get(value);
  if (cached !== undefined) return cached;
  let canonical: string | null = null;
  try {
    canonical = Intl.getCanonicalLocales(value)[0] ?? null;
  } catch {
    // not a tag
  }
  if (canonicalTags.size >= CACHED_TAGS) canonicalTags.clear();
  canonicalTags.set(value, canonical);
  return canonical;
}

const CACHED_TAGS = 1000;
const canonicalTags = new Map<string, string | null>();
