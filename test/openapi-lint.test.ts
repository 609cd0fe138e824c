import { createConfig, lintFromString } from '@redocly/openapi-core';
import spectralCore from '@stoplight/spectral-core';
import { Json } from '@stoplight/spectral-parsers';
import { oas } from '@stoplight/spectral-rulesets';
import { describe, expect, it } from 'vitest';
import { makeApp } from './helpers/app.js';

/** Linting checks every example against its schema: seconds on a busy 2-core machine. */
const LINT_TIMEOUT_MS = 60_000;

/** The served document, as the explorer and code generators read it, in either read setting. */
async function servedDocument(readRequiresKey: boolean): Promise<string> {
  const ctx = await makeApp({ seed: false, readRequiresKey });
  try {
    return (await ctx.app.inject({ url: '/openapi.json' })).body;
  } finally {
    await ctx.close();
  }
}

describe.each([false, true])(
  'the API document linted (READ_REQUIRES_KEY=%s)',
  (readRequiresKey) => {
    it(
      'passes Redocly’s recommended rules: no error, no warning',
      async () => {
        const source = await servedDocument(readRequiresKey);
        const config = await createConfig({ extends: ['recommended'] });
        const problems = await lintFromString({ source, absoluteRef: '/openapi.json', config });
        expect(
          problems.map(
            (p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`,
          ),
        ).toEqual([]);
      },
      LINT_TIMEOUT_MS,
    );

    it(
      'passes Spectral’s spectral:oas rules: no error, no warning',
      async () => {
        const source = await servedDocument(readRequiresKey);
        const spectral = new spectralCore.Spectral();
        spectral.setRuleset({ extends: [[oas, 'recommended']] } as Parameters<
          typeof spectral.setRuleset
        >[0]);
        const results = await spectral.run(new spectralCore.Document(source, Json));
        expect(results.map((r) => `${r.code}: ${r.message} at ${r.path.join('.')}`)).toEqual([]);
      },
      LINT_TIMEOUT_MS,
    );
  },
);
