import { existsSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium } from 'playwright-core';

/** Debian's build: the tests fetch no browser of their own. */
export const CHROMIUM = '/usr/bin/chromium';

/**
 * Headless chromium that can reach this machine only (every other host name and address fails
 * to resolve); a machine without it fails the run with the command that installs it.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `The browser tests need Debian's chromium at ${CHROMIUM}: apt-get install -y chromium`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      // Root (as in CI) cannot start chromium's sandbox.
      '--no-sandbox',
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
    ],
  });
}

/** Whether a URL names this machine (or needs no network at all). */
export function isLocal(url: string): boolean {
  const { hostname, protocol } = new URL(url);
  if (protocol === 'data:' || protocol === 'blob:' || protocol === 'about:') return true;
  return ['127.0.0.1', 'localhost', '[::1]'].includes(hostname);
}

export type LocalContext = {
  context: BrowserContext;
  /** Every request the pages tried to send off this machine. */
  offMachine: string[];
  /** Console errors and uncaught exceptions of the pages, in the order they came. */
  errors: string[];
};

/**
 * A fresh browser context (its own storage) whose requests elsewhere than this machine are
 * recorded, for a test to assert there were none. With `abort`, each is also stopped before it
 * is sent. Playwright answers every CORS preflight itself (allowing all) while it routes a
 * context's requests, so a test of CORS must leave `abort` off: the browser's resolver keeps
 * those requests from leaving anyway.
 */
export async function localContext(
  browser: Browser,
  options: { abort: boolean },
): Promise<LocalContext> {
  const context = await browser.newContext();
  const offMachine: string[] = [];
  const errors: string[] = [];
  context.on('request', (request) => {
    if (!isLocal(request.url())) offMachine.push(request.url());
  });
  if (options.abort) {
    await context.route(
      (url) => !isLocal(url.href),
      (route) => route.abort('blockedbyclient'),
    );
  }
  context.on('page', (page) => {
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  });
  return { context, offMachine, errors };
}
