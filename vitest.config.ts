import { configDefaults, defineConfig } from 'vitest/config';

/**
 * `npm test` runs the suite on SQLite; `npm run test:pg` (TEST_ENGINE=pg) on PostgreSQL, with a
 * throw-away cluster started for the run unless DATABASE_URL names a server. A test that holds
 * for one engine only says so in its file name: `*.sqlite.test.ts`, `*.pg.test.ts`. The tests
 * that drive a browser, `*.browser.test.ts`, run apart (`npm run test:browser`).
 */
const pg = process.env.TEST_ENGINE === 'pg';

export default defineConfig({
  test: {
    // A hang fails a test, not a slow machine: on 2 busy cores an app with its database takes
    // seconds to build. Speed is measured by the benchmarks, never by these limits.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Every core: vitest leaves one free by default, which on 2 cores runs the files one by one
    // while most of them wait on servers, child processes and PostgreSQL. Files share a worker's
    // module graph rather than import the app anew each (their state is per app, not per module).
    maxWorkers: '100%',
    isolate: false,
    exclude: [
      ...configDefaults.exclude,
      pg ? '**/*.sqlite.test.ts' : '**/*.pg.test.ts',
      '**/*.browser.test.ts',
    ],
    globalSetup: pg ? ['test/helpers/pg-setup.ts'] : [],
    // Run before each test file: the temp folders of its databases removed after its own hooks.
    setupFiles: ['test/helpers/made-dirs-setup.ts'],
  },
});
