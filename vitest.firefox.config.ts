import { defineConfig } from 'vitest/config';

// The Firefox browser suite (tests/browser-firefox/): Firefox ESR driven over WebDriver BiDi with
// the Firefox build (.output/firefox-mv3, so run `wxt build -b firefox` first). One browser at a
// time, as for Chromium (vitest.browser.config.ts).
export default defineConfig({
  test: {
    include: ['tests/browser-firefox/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    maxWorkers: 1,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    teardownTimeout: 30_000,
  },
});
