/**
 * A frontend's use of the API through types generated from the served document
 * (openapi-typescript) and openapi-fetch, compiled under `tsc --strict` with no casts by
 * test/typed-client.test.ts, then run against a real server. It prints what it saw as JSON.
 */
import createClient from 'openapi-fetch';
import type { paths } from './schema.js';

const baseUrl = process.env.FACTCHECK_URL ?? 'http://127.0.0.1:3000';
const key = process.env.FACTCHECK_KEY ?? '';

// JSON is what a script reads (a claim is also served as an HTML page to browsers): the media
// types narrow every answer's type to its JSON body, and every error's to its problem.
type Json = 'application/json' | 'application/problem+json';
const reader = createClient<paths, Json>({ baseUrl });
const editor = createClient<paths, Json>({
  baseUrl,
  headers: { Authorization: `Bearer ${key}` },
});

/** The name of the response header that carries a claim's version, checked against the document. */
type ClaimHeaders = paths['/claims/{id}']['get']['responses'][200]['headers'];
const ETAG: keyof ClaimHeaders = 'ETag';

function fail(what: string, detail: unknown): never {
  throw new Error(`${what}: ${JSON.stringify(detail)}`);
}

async function main() {
  // A list with filters, every page followed by its cursor.
  const refutedOrDisputed: string[] = [];
  let cursor: string | undefined;
  do {
    const { data, error } = await reader.GET('/claims', {
      params: { query: { status: ['refuted', 'disputed'], limit: 1, cursor } },
    });
    if (error) fail('list', error);
    for (const item of data.items) refutedOrDisputed.push(`${item.slug}:${item.status}`);
    cursor = data.nextCursor ?? undefined;
  } while (cursor !== undefined);

  // A claim, and its version from the typed header.
  const homeBase = await reader.GET('/claims/{id}', {
    params: { path: { id: 'pompeo-iran-al-qaeda-new-home-base' } },
  });
  if (homeBase.error) fail('read', homeBase.error);
  const etag = homeBase.response.headers.get(ETAG) ?? fail('no ETag', ETAG);

  // An actor, a source with its text, and a claim quoting it.
  const actor = await editor.POST('/actors', {
    body: { kind: 'person', name: 'Ned Price', description: 'US State Department spokesman' },
  });
  if (actor.error) fail('create actor', actor.error);
  const source = await editor.POST('/sources', {
    body: {
      kind: 'statement',
      title: 'State Department press briefing',
      text: 'We will continue to hold Iran to account for its support of terrorism.',
    },
  });
  if (source.error) fail('create source', source.error);
  const claim = await editor.POST('/claims', {
    body: {
      text: 'The US will keep holding Iran to account for supporting terrorism.',
      claimantId: actor.data.slug,
      statedAt: '2021-02-01',
      tags: ['iran', 'terrorism'],
      quotes: [
        { sourceId: source.data.slug, exact: 'hold Iran to account for its support of terrorism' },
      ],
    },
  });
  if (claim.error) fail('create claim', claim.error);
  const created = claim.response.headers.get(ETAG) ?? fail('no ETag on create', claim.data.slug);

  // A change on the version read, then the same change on that version again: 412.
  const changed = await editor.PATCH('/claims/{id}', {
    params: { path: { id: claim.data.id }, header: { 'if-match': created } },
    body: { tags: ['iran', 'terrorism', 'state-department'] },
  });
  if (changed.error) fail('patch', changed.error);
  const stale = await editor.PATCH('/claims/{id}', {
    params: { path: { id: claim.data.id }, header: { 'if-match': created } },
    body: { tags: ['iran'] },
  });
  const staleProblem = stale.error ?? fail('a stale If-Match went through', stale.data);

  // A problem naming the field.
  const invalid = await reader.GET('/claims', { params: { query: { limit: 1000 } } });
  const invalidProblem = invalid.error ?? fail('limit 1000 went through', invalid.data);

  // An NDJSON import (a dry run) and the NDJSON export.
  const lines = [
    { type: 'actor', slug: 'tehran-times', kind: 'organization', name: 'Tehran Times' },
  ].map((record) => JSON.stringify(record));
  const imported = await editor.POST('/import', {
    params: { query: { dryRun: true } },
    body: lines.join('\n'),
    bodySerializer: (body) => body,
    headers: { 'Content-Type': 'application/x-ndjson' },
  });
  if (imported.error) fail('import', imported.error);
  const exported = await reader.GET('/export', {
    headers: { Accept: 'application/x-ndjson' },
    parseAs: 'text',
  });
  if (exported.error) fail('export', exported.error);
  const exportedTypes = new Set(
    exported.data
      .split('\n')
      .filter((line) => line !== '')
      .map((line): unknown => JSON.parse(line))
      .map((record) =>
        typeof record === 'object' && record !== null && 'type' in record
          ? String(record.type)
          : '?',
      ),
  );

  console.log(
    JSON.stringify({
      refutedOrDisputed,
      etag,
      claimVersion: homeBase.data.version,
      created: { actor: actor.data.slug, source: source.data.slug, claim: claim.data.slug },
      patchedTags: changed.data.tags,
      patchedVersion: changed.data.version,
      stale: { status: stale.response.status, type: staleProblem.type },
      invalid: {
        status: invalid.response.status,
        paths: (invalidProblem.errors ?? []).map((error) => error.path),
      },
      imported: { dryRun: imported.data.dryRun, records: imported.data.records },
      exportedTypes: [...exportedTypes].sort(),
    }),
  );
}

await main();
