import { z } from 'zod';

/** A BCP 47 language tag, canonicalised (`PT-br` → `pt-BR`) by the platform's Intl. */
export const LanguageTagSchema = z
  .string()
  .trim()
  .min(2)
  .max(35)
  .transform((value, ctx) => {
    try {
      const [canonical] = Intl.getCanonicalLocales(value);
      if (canonical) return canonical;
    } catch {
      // reported below
    }
    ctx.addIssue({
      code: 'custom',
      message: 'must be a BCP 47 language tag such as `en` or `pt-BR`',
    });
    return z.NEVER;
  })
  .meta({ id: 'LanguageTag', description: 'BCP 47 language tag, e.g. `en`, `pt-BR`, `zh`' });
