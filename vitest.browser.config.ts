import { defineConfig } from 'vitest/config';

/**
 * `npm run test:browser`: the tests that drive Debian's chromium (`test/browser/`), on SQLite.
 * `npm test` leaves them out: they need the browser installed, and take longer.
 */
export default defineConfig({
  test: {
    include: ['test/browser/**/*.browser.test.ts'],
    env: { TEST_ENGINE: 'sqlite' },
    // A browser on a busy machine takes its time: Swagger UI alone renders in seconds.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
