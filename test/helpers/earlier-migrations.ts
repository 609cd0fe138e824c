import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A copy of a migrations folder, in `dir`, as it was before the migration whose tag ends with
 * `tagEnd`: a database migrated with it is one made before that migration, to upgrade.
 */
export function migrationsBefore(folder: string, tagEnd: string, dir: string): string {
  const previous = join(dir, 'previous-migrations');
  cpSync(folder, previous, { recursive: true });
  const journalFile = join(previous, 'meta', '_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: { tag: string }[] };
  const at = journal.entries.findIndex((entry) => entry.tag.endsWith(tagEnd));
  if (at < 1) throw new Error(`no migration ${tagEnd} after the first in ${folder}`);
  writeFileSync(journalFile, JSON.stringify({ ...journal, entries: journal.entries.slice(0, at) }));
  return previous;
}
