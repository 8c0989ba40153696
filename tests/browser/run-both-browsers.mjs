// `npm run test:browser`: builds TermLens for each browser and runs its browser suite, one browser
// after the other (the machines have two cores), then prints one line of counts per browser:
//   chromium: 80 passed, 0 failed, 0 skipped
//   firefox: 11 passed, 0 failed, 0 skipped
// A browser that is not installed is reported as skipped, with the reason; the run fails only on
// failed tests or a suite that could not run. `--only=chromium` or `--only=firefox` runs one.

import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findChromium } from './chromium.mjs';
import { firefoxPath } from './firefox.mjs';

const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const RESULTS = join(REPO_ROOT, 'test-results');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);

const SUITES = [
  {
    name: 'chromium',
    missing: () => {
      try {
        findChromium();
        return null;
      } catch (error) {
        return error.message.split('\n')[0];
      }
    },
    build: ['wxt', 'build'],
    config: 'vitest.browser.config.ts',
  },
  {
    name: 'firefox',
    missing: () => (firefoxPath() ? null : 'Firefox was not found (apt-get install firefox-esr, or set FIREFOX_PATH)'),
    build: ['wxt', 'build', '-b', 'firefox'],
    config: 'vitest.firefox.config.ts',
  },
];

function run(args) {
  return spawnSync('npx', args, { cwd: REPO_ROOT, stdio: 'inherit' }).status ?? 1;
}

const lines = [];
let failed = false;
mkdirSync(RESULTS, { recursive: true });
for (const suite of SUITES) {
  if (only && only !== suite.name) continue;
  const missing = suite.missing();
  if (missing) {
    lines.push(`${suite.name}: skipped (${missing})`);
    continue;
  }
  console.log(`\n=== ${suite.name}: building and running ${suite.config} ===\n`);
  if (run(suite.build) !== 0) {
    lines.push(`${suite.name}: the build failed`);
    failed = true;
    continue;
  }
  const report = join(RESULTS, `browser-${suite.name}.json`);
  rmSync(report, { force: true });
  const status = run(['vitest', 'run', '-c', suite.config, '--reporter=default', '--reporter=json', `--outputFile=${report}`]);
  let counts;
  try {
    counts = JSON.parse(readFileSync(report, 'utf8'));
  } catch {
    lines.push(`${suite.name}: no results (vitest exited with ${status})`);
    failed = true;
    continue;
  }
  const skipped = counts.numPendingTests + counts.numTodoTests;
  lines.push(`${suite.name}: ${counts.numPassedTests} passed, ${counts.numFailedTests} failed, ${skipped} skipped`);
  if (status !== 0 || counts.numFailedTests > 0) failed = true;
}

console.log(`\nBrowser suites:\n${lines.map((l) => `  ${l}`).join('\n')}`);
process.exit(failed ? 1 : 0);
