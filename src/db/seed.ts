import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ImportReport, importBundle } from '../modules/bundles/bundle.import.js';
import { claims } from './schema.js';
import type { Store } from './store.js';

export const SEED_BUNDLE = fileURLToPath(
  new URL('../../seeds/article.bundle.json', import.meta.url),
);

/**
 * Reads a bundle file. On disk a source may give `"textFile": "name.txt"` instead of `"text"`,
 * read relative to the bundle, so a long text is kept verbatim in a file of its own.
 */
export function readBundleFile(file: string): unknown {
  const bundle = JSON.parse(readFileSync(file, 'utf8')) as { sources?: unknown };
  if (Array.isArray(bundle.sources)) {
    for (const source of bundle.sources as Record<string, unknown>[]) {
      if (typeof source.textFile !== 'string') continue;
      if (source.text !== undefined)
        throw new Error(`${file}: a source gives both text and textFile`);
      source.text = readFileSync(resolve(dirname(file), source.textFile), 'utf8');
      delete source.textFile;
    }
  }
  return bundle;
}

export type SeedOptions = {
  file?: string;
  /** Overwrite the records the database holds with the seed's, as a plain import does. */
  force?: boolean;
};

/**
 * Imports the seed bundle through the same import (and so the same commands) as any other. What
 * the database holds already is kept as it is unless `force`: editors may have worked on the
 * seeded records since, and a seed run to bring back what is missing must not undo their work.
 */
export function seedDb(store: Store, options: SeedOptions = {}): Promise<ImportReport> {
  return importBundle(store, readBundleFile(options.file ?? SEED_BUNDLE), {
    by: 'seed',
    existing: options.force ? 'update' : 'keep',
  });
}

export async function isEmpty(store: Store): Promise<boolean> {
  const rows = await store.read((tx) => tx.select({ id: claims.id }).from(claims).limit(1));
  return rows.length === 0;
}
