// `npm run test:browser`: builds TermLens for each browser and runs its browser suite, then prints
// one line of counts per browser (`npm test` adds `--checks`: the type check and the unit tests):
//   chromium: 85 passed, 0 failed, 0 skipped
//   firefox: 80 passed, 0 failed, 0 skipped
// A browser that is not installed is reported as skipped, with the reason; the run fails only on
// failed tests or a suite that could not run. `--only=chromium` or `--only=firefox` runs one.
//
// How the time is spent (CI's budget for everything is ten minutes, on two cores): the tests that
// measure frames (ALONE) run first, with nothing else on the machine; then the rest of the Chromium
// suite and the whole Firefox suite run side by side, each in one worker. Both suites spend most of
// their time waiting on their browser (polls, hover delays, page loads), so running them together
// costs little more than the longer of the two. `--serial` (or TERMLENS_BROWSERS_SERIAL=1) runs
// everything one suite after the other instead.

import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findChromium } from './chromium.mjs';
import { firefoxPath } from './firefox.mjs';

const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const RESULTS = join(REPO_ROOT, 'test-results');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const serial = process.argv.includes('--serial') || process.env.TERMLENS_BROWSERS_SERIAL === '1';
// `npm test`: the type check and the unit tests run too, after the frame-timing file, in the lane
// beside the Chromium suite, before the Firefox suite (the suites mostly wait on their browsers).
const checks = process.argv.includes('--checks');

/** Files whose assertions are about frame timing: they run before anything else, on a quiet machine. */
const ALONE = ['tests/browser/large-page.test.ts'];

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

/** Runs `npx args`, its output passed through with `prefix` on every line; resolves to the exit status. */
function run(args, prefix = '') {
  return new Promise((done) => {
    const child = spawn('npx', args, { cwd: REPO_ROOT, stdio: prefix ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    if (prefix) {
      for (const [from, to] of [
        [child.stdout, process.stdout],
        [child.stderr, process.stderr],
      ]) {
        let rest = '';
        from.setEncoding('utf8');
        from.on('data', (chunk) => {
          const lines = (rest + chunk).split('\n');
          rest = lines.pop() ?? '';
          for (const line of lines) to.write(`${prefix}${line}\n`);
        });
        from.on('end', () => rest && to.write(`${prefix}${rest}\n`));
      }
    }
    child.on('close', (status) => done(status ?? 1));
    child.on('error', () => done(1));
  });
}

/** Runs one vitest invocation with a JSON report; the report's counts, or an error line. */
async function vitest(config, report, extra, prefix) {
  rmSync(report, { force: true });
  const status = await run(['vitest', 'run', '-c', config, '--reporter=default', '--reporter=json', `--outputFile=${report}`, ...extra], prefix);
  try {
    const counts = JSON.parse(readFileSync(report, 'utf8'));
    return { status, passed: counts.numPassedTests, failed: counts.numFailedTests, skipped: counts.numPendingTests + counts.numTodoTests };
  } catch {
    return { status, error: `no results (vitest exited with ${status})` };
  }
}

const lines = [];
let failed = false;
mkdirSync(RESULTS, { recursive: true });

const ready = [];
for (const suite of SUITES) {
  if (only && only !== suite.name) continue;
  const missing = suite.missing();
  if (missing) {
    lines.push(`${suite.name}: skipped (${missing})`);
    continue;
  }
  console.log(`\n=== ${suite.name}: building ===\n`);
  if (spawnSync('npx', suite.build, { cwd: REPO_ROOT, stdio: 'inherit' }).status !== 0) {
    lines.push(`${suite.name}: the build failed`);
    failed = true;
    continue;
  }
  ready.push(suite);
}

const results = new Map(ready.map((s) => [s.name, []]));
const chromium = ready.find((s) => s.name === 'chromium');
if (chromium) {
  console.log(`\n=== chromium: the frame-timing tests, alone (${ALONE.join(', ')}) ===\n`);
  results.get('chromium').push(await vitest(chromium.config, join(RESULTS, 'browser-chromium-alone.json'), ALONE, ''));
}
const rest = (suite) => (suite.name === 'chromium' ? ALONE.flatMap((file) => ['--exclude', file]) : []);
const suiteJob = (suite) => async () => {
  const prefix = serial ? '' : `[${suite.name}] `;
  console.log(`\n=== ${suite.name}: running ${suite.config}${serial ? '' : ' (side by side)'} ===\n`);
  results.get(suite.name).push(await vitest(suite.config, join(RESULTS, `browser-${suite.name}.json`), rest(suite), prefix));
};
let checked = null;
const checksJob = async () => {
  const prefix = serial ? '' : '[checks] ';
  console.log(`\n=== the type check and the unit tests${serial ? '' : ' (side by side)'} ===\n`);
  const typecheck = await run(['tsc', '--noEmit'], prefix);
  const unit = await vitest('vitest.config.ts', join(RESULTS, 'unit.json'), [], prefix);
  checked = { typecheck, unit };
};
// Two lanes: the Chromium suite, the longer one, alone in the first; the checks, then the Firefox
// suite, in the second. (A third lane made each slower than it saved: three jobs on two cores.)
const first = chromium ? [suiteJob(chromium)] : [];
const second = [...(checks ? [checksJob] : []), ...ready.filter((suite) => suite !== chromium).map(suiteJob)];
const lanes = serial ? [[...first, ...second]] : [first, second];
await Promise.all(
  lanes.map(async (lane) => {
    for (const job of lane) await job();
  }),
);

if (checked) {
  const { typecheck, unit } = checked;
  lines.unshift(unit.error ? `unit: ${unit.error}` : `unit: ${unit.passed} passed, ${unit.failed} failed, ${unit.skipped} skipped`);
  lines.unshift(`typecheck: ${typecheck === 0 ? 'passed' : 'failed'}`);
  if (typecheck !== 0 || unit.error || unit.status !== 0 || unit.failed > 0) failed = true;
}

for (const suite of ready) {
  const parts = results.get(suite.name);
  const broken = parts.find((p) => p.error);
  if (broken) {
    lines.push(`${suite.name}: ${broken.error}`);
    failed = true;
    continue;
  }
  const sum = (key) => parts.reduce((n, p) => n + p[key], 0);
  lines.push(`${suite.name}: ${sum('passed')} passed, ${sum('failed')} failed, ${sum('skipped')} skipped`);
  if (parts.some((p) => p.status !== 0) || sum('failed') > 0) failed = true;
}

console.log(`\n${checks ? 'Checks and browser suites' : 'Browser suites'}:\n${lines.map((l) => `  ${l}`).join('\n')}`);
process.exit(failed ? 1 : 0);
