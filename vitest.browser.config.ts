import { defineConfig } from 'vitest/config';

// Browser tests drive a real Chromium with the built extension (.output/chrome-mv3, so run
// `wxt build` first: `npm run test:browser` does). One browser at a time: the test machines have
// two cores, and two Chromiums fighting over them make timing-sensitive tests flaky.
export default defineConfig({
  test: {
    include: ['tests/browser/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    maxWorkers: 1,
    // Every file still launches its own browser in a fresh profile (useBrowserSuite); what isolation
    // would add is a new worker process per file that imports playwright-core and the helpers again,
    // about 1.6 s a file. The helpers keep no state between files (the test files' own state is
    // re-created: each file is executed anew).
    isolate: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    teardownTimeout: 30_000,
  },
});
