import type { Page } from 'playwright-core';

export type FetchInit = {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
};

/** What the page's script got: the answer as CORS lets it read it, or the error fetch threw. */
export type Fetched =
  | { status: number; headers: Record<string, string>; body: string }
  | { error: string };

/**
 * `fetch` run by the page's own script, so the browser applies CORS as it would for a site: the
 * headers are those the script can read, and a request the browser refuses is the error it throws.
 */
export async function fetchInPage(page: Page, url: string, init: FetchInit = {}): Promise<Fetched> {
  return page.evaluate(
    async ({ url, init }) => {
      try {
        const response = await fetch(url, init);
        const headers: Record<string, string> = {};
        response.headers.forEach((value, name) => {
          headers[name] = value;
        });
        return { status: response.status, headers, body: await response.text() };
      } catch (error) {
        return { error: String(error) };
      }
    },
    { url, init },
  );
}
