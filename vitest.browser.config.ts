import { defineConfig } from 'vitest/config';

/**
 * `npm run test:browser`: the tests that drive Debian's chromium (`test/browser/`), on SQLite.
 * `npm test` leaves them out: they need the browser installed, and take longer.
 */
export default defineConfig({
  test: {
    include: ['test/browser/**/*.browser.test.ts'],
    env: { TEST_ENGINE: 'sqlite' },
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
