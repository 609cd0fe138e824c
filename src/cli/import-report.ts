import { describeCounts, type ImportReport } from '../modules/bundles/bundle.import.js';

/** One summary line: records, time, rate, and per type what was created, updated, unchanged. */
export function describeImport(report: ImportReport): string {
  const seconds = Math.max(report.durationMs / 1000, 0.001);
  const rate = Math.round(report.records / seconds);
  const verdict = report.dryRun
    ? 'Dry run (nothing written):'
    : report.changed
      ? 'Imported'
      : 'Nothing to change:';
  return `${verdict} ${report.records} records in ${report.durationMs} ms (${rate}/s); ${describeCounts(report)}`;
}

/** What a server's refusal says, with each listed problem on a line of its own. */
export function remoteFailure(status: number, payload: unknown): string {
  const problem = payload as { detail?: string; errors?: { path: string; message: string }[] };
  const lines = [
    `The server refused the import (${status}): ${problem.detail ?? JSON.stringify(payload)}`,
  ];
  for (const error of problem.errors ?? []) lines.push(`  ${error.path}: ${error.message}`);
  return lines.join('\n');
}
