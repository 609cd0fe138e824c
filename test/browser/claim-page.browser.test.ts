import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClaimReview } from '../../src/modules/claimreview/claimreview.schemas.js';
import { type LocalContext, launchChromium, localContext } from '../helpers/chromium.js';
import { freePort } from '../helpers/free-port.js';
import { type ServerProcess, startServerProcess } from '../helpers/server-process.js';

/**
 * A reader following a published fact-check: `npm start` with no PUBLIC_BASE_URL, a seeded
 * claim's ClaimReview read from the API, its `url` opened in chromium.
 */
let dir: string;
let server: ServerProcess;
let base: string;
let browser: Browser;
let local: LocalContext;
let page: Page;

const SLUG = 'pompeo-iran-al-qaeda-new-home-base';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'factcheck-claim-page-'));
  const port = await freePort();
  server = startServerProcess({
    HOST: '127.0.0.1',
    PORT: String(port),
    DB_FILE: join(dir, 'factcheck.db'),
    LOG_LEVEL: 'info',
  });
  base = await server.listening;
  browser = await launchChromium();
  local = await localContext(browser, { abort: true });
  page = await local.context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('a seeded claim’s page, at its ClaimReview url, in chromium', () => {
  let review: ClaimReview;

  it('is where the ClaimReview points with PUBLIC_BASE_URL unset: this server', async () => {
    const response = await fetch(`${base}/claims/${SLUG}/claimreview`);
    review = (await response.json()) as ClaimReview;
    expect(review.url).toBe(`${base}/claims/${SLUG}`);
  });

  it('shows the claim and its status, as HTML', async () => {
    const response = await page.goto(review.url);
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-type']).toBe('text/html; charset=utf-8');
    await expect.poll(() => page.locator('h1').textContent()).toBe(review.claimReviewed);
    expect(await page.locator('.status').first().textContent()).toBe('Unsubstantiated');
    expect(await page.title()).toContain('Unsubstantiated');
    // The style sheet applied: the policy lets its hash through.
    const width = await page.evaluate<string>('getComputedStyle(document.body).maxWidth');
    expect(width).not.toBe('none');
  });

  it('carries the ClaimReview as JSON-LD a crawler reads from the DOM', async () => {
    const embedded = await page
      .locator('script[type="application/ld+json"]')
      .evaluate((script) => JSON.parse(script.textContent ?? 'null') as unknown);
    expect(embedded).toEqual(review);
  });

  it('follows a link to a related claim’s own page', async () => {
    await page.locator('a[href="./khatibzadeh-pompeo-fabricating-false-evidence"]').click();
    await page.waitForURL(`${base}/claims/khatibzadeh-pompeo-fabricating-false-evidence`);
    expect(await page.locator('h1').textContent()).toContain('fabricating false evidence');
  });

  it('logged no error and sent nothing off this machine', () => {
    expect(local.errors).toEqual([]);
    expect(local.offMachine).toEqual([]);
  });
});
