// The browser-test harness: one local page server and one browser with TermLens loaded per test
// file, plus the helpers every browser test needs (errors, screenshots, tab ids, the highlight
// registry). Browser-specific launching lives in chromium.mjs; this file does not know the flags.

import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ConsoleMessage, Page, Worker } from 'playwright-core';
import type { Browser } from 'wxt/browser';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { launchChromiumWithExtension, type ExtensionBrowser, type LaunchOptions } from './chromium.mjs';
import { startPageServer, type PageServer } from './page-server.mjs';

export {
  countTerms,
  describeCounts,
  highlightCounts,
  readHighlights,
  waitForHighlights,
  waitForSettledHighlights,
  type HighlightRange,
  type HighlightReading,
} from './highlight-registry.mjs';
export type { ExtensionBrowser } from './chromium.mjs';
export type { PageServer, Route, RouteAnswer } from './page-server.mjs';

const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const SCREENSHOT_DIR = join(REPO_ROOT, 'test-results', 'screenshots');

export interface BrowserSuite {
  /** The local page server (started before the first test of the file). */
  readonly server: PageServer;
  /** Chromium with TermLens loaded, in a fresh profile (launched before the first test of the file). */
  readonly browser: ExtensionBrowser;
  /** A new tab with page errors and console errors collected; closed when the test that opened it ends. */
  newPage(): Promise<WatchedPage>;
  /** The tab id (chrome.tabs) of a page, asked from the extension's service worker. */
  tabIdOf(page: Page): Promise<number>;
}

export interface WatchedPage {
  page: Page;
  errors: PageErrors;
}

export interface PageErrors {
  /** Uncaught exceptions (page or content script). */
  readonly pageErrors: string[];
  /** console.error messages. */
  readonly consoleErrors: string[];
}

export interface SuiteOptions {
  /**
   * Have content scripts write TermLens's performance entries (`termlens:*`) on pages, for tests
   * that read them: by default a page gets none (lib/page/timings.ts).
   */
  timings?: boolean;
}

/**
 * Registers beforeAll/afterAll hooks that start the page server and the browser for this test
 * file, and tear both down (profile directory included). Use it once at the top of a test file.
 */
export function useBrowserSuite(options: LaunchOptions & SuiteOptions = {}): BrowserSuite {
  let server: PageServer | undefined;
  let browser: ExtensionBrowser | undefined;
  // Tabs left open keep their content scripts busy, and the machines have two cores.
  const opened: Page[] = [];

  beforeAll(async () => {
    server = await startPageServer();
    browser = await launchExtensionBrowser(options);
    if (options.timings) {
      const worker = await browser.serviceWorker();
      await worker.evaluate(() => (globalThis as unknown as { chrome: typeof Browser }).chrome.storage.local.set({ timings: true }));
    }
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((page) => page.close().catch(() => {})));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const need = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`${what} is not running (did beforeAll fail?)`);
    return value;
  };

  return {
    get server() {
      return need(server, 'the page server');
    },
    get browser() {
      return need(browser, 'the browser');
    },
    async newPage() {
      const page = await need(browser, 'the browser').context.newPage();
      opened.push(page);
      return { page, errors: watchErrors(page) };
    },
    tabIdOf(page: Page) {
      return tabIdOf(need(browser, 'the browser'), page);
    },
  };
}

/**
 * Launches the browser named by $TERMLENS_BROWSER (default chromium) with TermLens loaded. The
 * Firefox driver (issue 9) plugs in here, beside chromium.mjs, with the same ExtensionBrowser shape.
 */
export function launchExtensionBrowser(options: LaunchOptions = {}): Promise<ExtensionBrowser> {
  const name = process.env.TERMLENS_BROWSER ?? 'chromium';
  if (name === 'chromium') return launchChromiumWithExtension(options);
  throw new Error(`TERMLENS_BROWSER=${name}: only chromium has a driver so far (Firefox is issue 9).`);
}

/** Collects uncaught exceptions and console.error messages of a page from now on. */
export function watchErrors(page: Page): PageErrors {
  const pageErrors: string[] = [];
  const consoleErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.stack ?? error.message));
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() === 'error') consoleErrors.push(`${message.text()} (${message.location().url})`);
  });
  return { pageErrors, consoleErrors };
}

/** Collects console.error messages of the extension's service worker from now on. */
export function watchWorkerErrors(worker: Worker): string[] {
  const errors: string[] = [];
  worker.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  return errors;
}

/**
 * The tab id of a page. Matches the page's URL when the extension may read tab URLs; otherwise
 * brings the page to the front and takes the active tab, which needs no permission.
 */
export async function tabIdOf(browser: ExtensionBrowser, page: Page): Promise<number> {
  await page.bringToFront();
  const worker = await browser.serviceWorker();
  const id = await worker.evaluate(async (url: string) => {
    const chrome = (globalThis as unknown as { chrome: typeof Browser }).chrome;
    const tabs = await chrome.tabs.query({});
    const byUrl = tabs.filter((t) => t.url === url);
    if (byUrl.length === 1) return byUrl[0]?.id;
    const [active] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
    return active?.id;
  }, page.url());
  if (typeof id !== 'number') throw new Error(`No tab id found for ${page.url()}`);
  return id;
}

/** Saves a screenshot to test-results/screenshots/NAME.png (gitignored) and returns its path. */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: options.fullPage ?? false });
  return path;
}

/**
 * Makes the viewport as tall as the document, so the whole page is on screen. TermLens may keep
 * only the ranges near the viewport registered (see DESIGN: every registered range costs on every
 * frame); a test that counts every occurrence of the page must show it all.
 */
export async function showWholePage(page: Page, width = 1280): Promise<void> {
  await page.setViewportSize({ width, height: 900 });
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width, height: Math.min(Math.max(height, 900), 16_000) });
}
