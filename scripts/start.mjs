#!/usr/bin/env node
// `npm start` (after `wxt build`): opens the reference news page in Chromium with TermLens loaded.
//
//   With a display: a visible browser window on the page; runs until the window is closed or Ctrl-C.
//   Without one (no DISPLAY / WAYLAND_DISPLAY), or with --headless: waits for the highlights, saves
//   screenshots/start.png (the folder ignores itself for git), prints the terms found and exits.
//
// Plain Node: needs nothing but playwright-core (a devDependency, so `npm ci` installs it) and a
// system Chromium (CHROME_PATH, or the usual install paths).

import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { newsArticlePage } from '../tests/fixtures/pages/news-article.mjs';
import { ChromiumNotFoundError, launchChromiumWithExtension } from '../tests/browser/chromium.mjs';
import { startPageServer } from '../tests/browser/page-server.mjs';
import { waitForSettledHighlights } from '../tests/browser/highlight-registry.mjs';

const REPO_ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const SCREENSHOT_DIR = join(REPO_ROOT, 'screenshots');
const HIGHLIGHT_TIMEOUT_MS = 15_000;

const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  console.log('Usage: npm start [-- --headless]\n\nOpens the reference news page in Chromium with TermLens loaded.');
  process.exit(0);
}
const headless = args.includes('--headless') || (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY);

function fail(message) {
  console.error(`\nnpm start: ${message}`);
  process.exitCode = 1;
}

const server = await startPageServer();
const url = server.page('/news/2024-04-24/p1.html', newsArticlePage());

let browser;
try {
  browser = await launchChromiumWithExtension({ headless });
} catch (error) {
  await server.close();
  fail(error instanceof ChromiumNotFoundError ? error.message : `could not start Chromium with TermLens: ${error?.message ?? error}`);
  process.exit(1);
}

const stop = async () => {
  await browser.close();
  await server.close();
};

const page = browser.context.pages()[0] ?? (await browser.context.newPage());
await page.goto(url);

if (headless) {
  try {
    // The whole page on screen, so that every occurrence is registered and shows in the picture.
    await page.setViewportSize({ width: 1280, height: 900 });
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    await page.setViewportSize({ width: 1280, height: Math.min(Math.max(height, 900), 16_000) });
    const { counts } = await waitForSettledHighlights(page, { timeout: HIGHLIGHT_TIMEOUT_MS });

    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    writeFileSync(join(SCREENSHOT_DIR, '.gitignore'), '# Written by npm start; nothing here is committed.\n*\n');
    const shot = join(SCREENSHOT_DIR, 'start.png');
    await page.screenshot({ path: shot, fullPage: true });

    console.log(`TermLens ${browser.extensionId} on ${url}`);
    console.log(`Screenshot: ${relative(process.cwd(), shot) || shot}`);
    console.log('Terms highlighted on the page:');
    for (const [term, n] of [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'zh'))) {
      console.log(`  ${term} ×${n}`);
    }
  } catch (error) {
    const message = String(error?.message ?? error);
    fail(
      message.startsWith('Highlights did not reach')
        ? `no TermLens highlights appeared within ${HIGHLIGHT_TIMEOUT_MS / 1000} s on ${url}.\n` +
            'Is the extension built completely (npm start runs `wxt build` first)? ' +
            'Its service worker and content script errors show in a headed run (without --headless).'
        : message,
    );
  }
  await stop();
} else {
  console.log(`TermLens ${browser.extensionId} is open on ${url}`);
  console.log(`Popup as a page: ${browser.extensionUrl('popup.html')}   Options: ${browser.extensionUrl('options.html')}`);
  console.log('Close the browser window, or press Ctrl-C, to stop.');
  const closed = new Promise((resolve) => browser.context.once('close', resolve));
  const interrupted = new Promise((resolve) => process.once('SIGINT', resolve));
  await Promise.race([closed, interrupted]);
  await stop();
}
