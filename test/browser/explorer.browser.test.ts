import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalContext, launchChromium, localContext } from '../helpers/chromium.js';
import { freePort } from '../helpers/free-port.js';
import { type ServerProcess, startServerProcess } from '../helpers/server-process.js';

/**
 * The explorer as a newcomer meets it: `npm start` on an empty database (seeded with the article,
 * the first admin key printed), /docs in a browser, the key pasted into Authorize, operations tried.
 */
let dir: string;
let server: ServerProcess;
let base: string;
let key: string;
let browser: Browser;
let local: LocalContext;
let page: Page;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'factcheck-explorer-'));
  // The explorer sends its requests to PUBLIC_BASE_URL: the server must know its address.
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  server = startServerProcess({
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_BASE_URL: base,
    DB_FILE: join(dir, 'factcheck.db'),
    LOG_LEVEL: 'info',
  });
  await server.listening;
  // The admin key a first start prints, as a newcomer would copy it.
  key = /shown only now:\s+(\S+)/.exec(server.output())?.[1] ?? '';
  expect(key, server.output()).toMatch(/^fck_/);
  browser = await launchChromium();
  local = await localContext(browser, { abort: true });
  page = await local.context.newPage();
  // Rendering the whole document takes Swagger UI seconds, more on a busy machine.
  page.setDefaultTimeout(60_000);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** An operation's block, found by its tag and operationId as Swagger UI names it. */
function operation(tag: string, operationId: string): Locator {
  return page.locator(`#operations-${tag}-${operationId}`);
}

/** Opens the operation, readies it for trying, executes it as prefilled; the status shown. */
async function execute(block: Locator): Promise<string> {
  if ((await block.locator('.execute').count()) === 0) {
    await block.locator('.opblock-summary').click();
  }
  // The explorer opens operations ready to try (its button offers Cancel); else press Try it out.
  const tryOut = block.locator('.try-out__btn').first();
  if ((await tryOut.textContent())?.trim() === 'Try it out') await tryOut.click();
  await block.locator('.execute').click();
  const status = block.locator('.live-responses-table tbody .response-col_status');
  await status.waitFor();
  return (await status.textContent())?.trim() ?? '';
}

/** The body of the answer the operation shows, below its status. */
async function answerShown(block: Locator): Promise<string> {
  const details = block.locator('.live-responses-table tbody .response-col_description');
  return (await details.textContent()) ?? '';
}

/** Opens the Authorize dialog from the bar at the top. */
async function openAuthorize(): Promise<void> {
  await page.locator('.scheme-container .btn.authorize').click();
  await bearerAuth().waitFor();
}

/** Closes it, and waits until it is gone (it covers the operations until then). */
async function closeAuthorize(): Promise<void> {
  await page.locator('.modal-ux button.btn-done').click();
  await page.locator('.modal-ux').waitFor({ state: 'detached' });
}

/** The Authorize dialog's bearerAuth section. */
function bearerAuth(): Locator {
  return page
    .locator('.auth-container')
    .filter({ has: page.locator('h4 code', { hasText: /^bearerAuth$/ }) });
}

describe('the explorer at /docs in chromium', () => {
  it('loads as Factcheck’s own, with no error and nothing fetched from elsewhere', async () => {
    const response = await page.goto(`${base}/docs`);
    expect(response?.status()).toBe(200);
    await operation('claims', 'listClaims').waitFor();
    expect(await page.title()).toBe('Factcheck API — explorer');
    expect(local.errors).toEqual([]);
    expect(local.offMachine).toEqual([]);
  });

  it('takes the printed key through Authorize', async () => {
    await openAuthorize();
    await bearerAuth().locator('input').fill(key);
    await bearerAuth().locator('button.authorize').click();
    await expect.poll(() => bearerAuth().locator('h6').textContent()).toBe('Authorized');
    await closeAuthorize();
  });

  it('lists the claims: GET /claims as prefilled answers 200 from this server', async () => {
    const block = operation('claims', 'listClaims');
    expect(await execute(block)).toBe('200');
    expect(await block.locator('.request-url').textContent()).toContain(`${base}/claims`);
    expect(await answerShown(block)).toContain('"nextCursor"');
  });

  it('creates an actor: POST /actors as prefilled answers 201', async () => {
    const block = operation('actors', 'createActor');
    const status = await execute(block);
    expect(status, await answerShown(block)).toBe('201');
  });

  it('keeps the key across a reload', async () => {
    await page.reload();
    await operation('keys', 'listKeys').waitFor();
    await openAuthorize();
    expect(await bearerAuth().locator('h6').textContent()).toBe('Authorized');
    await closeAuthorize();
    // Listing keys takes an admin key: a 200 shows the explorer sends the kept one.
    expect(await execute(operation('keys', 'listKeys'))).toBe('200');
  });

  it('logged no error and sent nothing off this machine throughout', () => {
    expect(local.errors).toEqual([]);
    expect(local.offMachine).toEqual([]);
  });
});
