import type { ImportReport } from '../modules/bundles/bundle.import.js';
import { RECORD_TYPES } from '../modules/bundles/bundle.schemas.js';

/**
 * What a seed run did, for the operator: a summary line, then (records kept) each stored record
 * that differs from the seed's and the fields that do, so an editor's work is seen, not undone.
 */
export function describeSeed(report: ImportReport): string {
  const total = (count: 'created' | 'updated' | 'unchanged' | 'kept') =>
    RECORD_TYPES.reduce((sum, type) => sum + (report.counts[type][count] ?? 0), 0);
  const added = `added ${total('created')}${addedByType(report)}`;
  const took = `(${report.durationMs} ms)`;
  if (report.differing === undefined) {
    return `Seed --force: ${added}, overwrote ${total('updated')} stored records with the seed's, ${total('unchanged')} unchanged ${took}`;
  }
  const kept = total('kept');
  const lines = [`Seed: ${added}, kept ${total('unchanged')} unchanged, ${kept} differ ${took}`];
  for (const { type, key, fields } of report.differing) {
    lines.push(`  ${type} ${key}: ${fields.join(', ')}`);
  }
  if (kept > report.differing.length) lines.push(`  … and ${kept - report.differing.length} more`);
  if (kept > 0) {
    lines.push(
      "These were left as they are; `npm run db:seed -- --force` overwrites them with the seed's.",
    );
  }
  return lines.join('\n');
}

/** ` (claims 1, links 3)`: what was added, per record type. */
function addedByType(report: ImportReport): string {
  const parts = RECORD_TYPES.filter((type) => report.counts[type].created > 0).map(
    (type) => `${type} ${report.counts[type].created}`,
  );
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}
