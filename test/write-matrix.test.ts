import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeApp, makeKeys, send, type TestContext } from './helpers/app.js';

/** Every write endpoint: its success (with one audit row) and its generic documented failures. */

let ctx: TestContext;
let key: string;
beforeAll(async () => {
  ctx = await makeApp();
  key = (await makeKeys(ctx.store)).editor;
});
afterAll(() => ctx.close());

const auditRows = () => ctx.peek.value<number>('SELECT count(*) AS n FROM audit_log');

type Op = [
  method: 'POST' | 'PATCH' | 'DELETE',
  url: string,
  body: Record<string, unknown> | undefined,
  status: number,
];

// In order: later steps use what earlier ones made.
const successes: Op[] = [
  ['POST', '/actors', { slug: 'm-actor', kind: 'person', name: 'Matrix Actor' }, 201],
  ['PATCH', '/actors/m-actor', { description: 'Changed' }, 200],
  ['POST', '/sources', { slug: 'm-source', kind: 'report', text: 'Matrix text here.' }, 201],
  ['PATCH', '/sources/m-source', { title: 'Matrix' }, 200],
  [
    'POST',
    '/claims',
    { slug: 'm-claim', text: 'Matrix claim', claimantId: 'm-actor', statedAt: '2024' },
    201,
  ],
  ['PATCH', '/claims/m-claim', { quotes: [{ sourceId: 'm-source', exact: 'Matrix text' }] }, 200],
  [
    'POST',
    '/claims/m-claim/evidence',
    { slug: 'm-evidence', stance: 'refutes', summary: 'No' },
    201,
  ],
  ['PATCH', '/evidence/m-evidence', { summary: 'No, really' }, 200],
  ['POST', '/claims/m-claim/status', { status: 'refuted', note: 'See evidence' }, 200],
  [
    'POST',
    '/claims/m-claim/rebuttals',
    { slug: 'm-rebuttal', text: 'Rebuttal', claimantId: 'm-actor', statedAt: '2024' },
    201,
  ],
  ['DELETE', '/claims/m-claim/rebuttals/m-rebuttal', undefined, 204],
  ['POST', '/claims/m-claim/supports', { claimId: 'm-rebuttal' }, 201],
  ['DELETE', '/claims/m-claim/supports/m-rebuttal', undefined, 204],
  ['POST', '/claims/m-claim/status', { status: 'disputed', note: 'Reopened' }, 200],
  ['DELETE', '/evidence/m-evidence', undefined, 204],
  ['DELETE', '/claims/m-rebuttal', undefined, 204],
  ['DELETE', '/claims/m-claim', undefined, 204],
  ['DELETE', '/sources/m-source', undefined, 204],
  ['DELETE', '/actors/m-actor', undefined, 204],
];

describe('each write endpoint', () => {
  it('succeeds with its documented status and appends one audit row (a new rebuttal: two)', async () => {
    for (const [method, url, body, status] of successes) {
      const before = await auditRows();
      const response = await send(ctx.app, method, url, { key, body });
      expect(response.status, `${method} ${url}: ${JSON.stringify(response.body)}`).toBe(status);
      const expected = url.endsWith('/rebuttals') && body && !('claimId' in body) ? 2 : 1;
      expect((await auditRows()) - before, `${method} ${url}`).toBe(expected);
    }
  });

  const onMissing: Op[] = [
    ['PATCH', '/actors/missing', { name: 'x' }, 404],
    ['DELETE', '/actors/missing', undefined, 404],
    ['PATCH', '/sources/missing', { title: 'x' }, 404],
    ['DELETE', '/sources/missing', undefined, 404],
    ['PATCH', '/claims/missing', { text: 'x' }, 404],
    ['DELETE', '/claims/missing', undefined, 404],
    ['POST', '/claims/missing/status', { status: 'disputed', note: 'x' }, 404],
    ['POST', '/claims/missing/rebuttals', { claimId: 'pompeo-masri-killed-in-tehran' }, 404],
    ['DELETE', '/claims/missing/rebuttals/pompeo-masri-killed-in-tehran', undefined, 404],
    ['POST', '/claims/missing/supports', { claimId: 'pompeo-masri-killed-in-tehran' }, 404],
    ['DELETE', '/claims/missing/supports/pompeo-masri-killed-in-tehran', undefined, 404],
    ['POST', '/claims/missing/evidence', { stance: 'context', summary: 'x' }, 404],
    ['PATCH', '/evidence/missing', { summary: 'x' }, 404],
    ['DELETE', '/evidence/missing', undefined, 404],
  ];
  it.each(onMissing)(
    '%s %s on an unknown id is a 404 problem',
    async (method, url, body, status) => {
      const before = await auditRows();
      const response = await send(ctx.app, method, url, { key, body });
      expect(response.status).toBe(status);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(await auditRows()).toBe(before);
    },
  );

  const stale: Op[] = [
    ['PATCH', '/actors/mike-pompeo', { description: 'x' }, 412],
    ['DELETE', '/actors/mike-pompeo', undefined, 412],
    ['PATCH', '/sources/collins-op-ed', { title: 'x' }, 412],
    ['DELETE', '/sources/collins-op-ed', undefined, 412],
    ['PATCH', '/claims/pompeo-masri-killed-in-tehran', { text: 'x' }, 412],
    ['DELETE', '/claims/pompeo-masri-killed-in-tehran', undefined, 412],
    [
      'POST',
      '/claims/pompeo-masri-killed-in-tehran/status',
      { status: 'disputed', note: 'x' },
      412,
    ],
    [
      'POST',
      '/claims/pompeo-masri-killed-in-tehran/rebuttals',
      { claimId: 'collins-capitol-mob-was-iranians' },
      412,
    ],
    [
      'POST',
      '/claims/pompeo-masri-killed-in-tehran/evidence',
      { stance: 'context', summary: 'x' },
      412,
    ],
    ['PATCH', '/evidence/masri-death-reported-in-2020', { summary: 'x' }, 412],
    ['DELETE', '/evidence/masri-death-reported-in-2020', undefined, 412],
  ];
  it.each(stale)(
    '%s %s with a stale If-Match is a 412 carrying the current version',
    async (method, url, body, status) => {
      const before = await auditRows();
      const response = await send<{ currentVersion: number }>(ctx.app, method, url, {
        key,
        body,
        headers: { 'if-match': '"99"' },
      });
      expect(response.status).toBe(status);
      expect(response.body.currentVersion).toBeGreaterThanOrEqual(1);
      expect(await auditRows()).toBe(before);
    },
  );

  const withBodies: [string, string][] = [
    ['POST', '/actors'],
    ['PATCH', '/actors/mike-pompeo'],
    ['POST', '/sources'],
    ['PATCH', '/sources/article'],
    ['POST', '/claims'],
    ['PATCH', '/claims/pompeo-masri-killed-in-tehran'],
    ['POST', '/claims/pompeo-masri-killed-in-tehran/status'],
    ['POST', '/claims/pompeo-masri-killed-in-tehran/rebuttals'],
    ['POST', '/claims/pompeo-masri-killed-in-tehran/evidence'],
    ['PATCH', '/evidence/masri-death-reported-in-2020'],
  ];
  it.each(withBodies)(
    '%s %s refuses server-owned fields (400 naming them)',
    async (method, url) => {
      const response = await send<{ errors: { path: string }[] }>(ctx.app, method as 'POST', url, {
        key,
        body: { version: 5 },
      });
      expect(response.status).toBe(400);
      expect(response.body.errors.map((e) => e.path)).toContain('body.version');
    },
  );
});
