// The Firefox browser-test harness: one page server and one Firefox with TermLens installed per
// test file (tests/browser/firefox.mjs), like tests/browser/harness.ts does for Chromium. The page
// server, the fixtures and the highlight-registry reader are the same files.

import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { firefoxPath, launchFirefoxWithExtension, type FirefoxExtensionBrowser } from '../browser/firefox.mjs';
import { startPageServer, type PageServer } from '../browser/page-server.mjs';
import { SCREENSHOT_DIR } from '../browser/harness';
import { testEntryFields, type TestEntry } from '../browser/add-entry';
import * as registry from '../browser/highlight-registry.mjs';
import type { HighlightReading } from '../browser/highlight-registry.mjs';
import type { PageTermsResponse } from '../../lib/messages';

export { countTerms } from '../browser/highlight-registry.mjs';
export { SCREENSHOT_DIR };

// highlight-registry.mjs only calls page.evaluate(fn, arg), which Puppeteer's Page has with the
// same meaning; its .d.mts names Playwright's Page, hence the casts.
type RegistryPage = Parameters<typeof registry.readHighlights>[0];

/** See highlight-registry.mjs: polls the page's CSS.highlights until `predicate` holds. */
export function waitForHighlights(
  page: Page,
  predicate: (reading: HighlightReading) => boolean,
  options?: { timeout?: number; interval?: number },
): Promise<HighlightReading> {
  return registry.waitForHighlights(page as unknown as RegistryPage, predicate, options);
}

/** See highlight-registry.mjs: waits until the page's highlights stop changing. */
export function waitForSettledHighlights(page: Page, options?: { timeout?: number; quietMs?: number }): Promise<HighlightReading> {
  return registry.waitForSettledHighlights(page as unknown as RegistryPage, options);
}

/** Why the Firefox suite is skipped on this machine, or null when Firefox is installed. */
export function firefoxSkipReason(): string | null {
  if (firefoxPath()) return null;
  return process.env.FIREFOX_PATH
    ? `FIREFOX_PATH=${process.env.FIREFOX_PATH} does not exist`
    : 'no Firefox installed (apt-get install firefox-esr, or set FIREFOX_PATH)';
}

export interface FirefoxSuite {
  readonly server: PageServer;
  readonly firefox: FirefoxExtensionBrowser;
  /** A new tab whose uncaught page errors are collected; closed when the test ends. */
  newPage(): Promise<{ page: Page; pageErrors: string[] }>;
}

/** Starts the page server and Firefox before the file's first test, and stops both after its last. */
export function useFirefoxSuite(): FirefoxSuite {
  let server: PageServer | undefined;
  let firefox: FirefoxExtensionBrowser | undefined;
  const opened: Page[] = [];
  beforeAll(async () => {
    if (firefoxSkipReason()) return;
    server = await startPageServer();
    firefox = await launchFirefoxWithExtension();
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((page) => page.close().catch(() => {})));
  });
  afterAll(async () => {
    await firefox?.close();
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
    get firefox() {
      return need(firefox, 'Firefox');
    },
    async newPage() {
      const page = await need(firefox, 'Firefox').newPage();
      opened.push(page);
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error instanceof Error ? (error.stack ?? error.message) : String(error)));
      return { page, pageErrors };
    },
  };
}

/** Makes the viewport as tall as the document (up to 16,000 px), so every occurrence stays registered. */
export async function showWholePage(page: Page, width = 1280): Promise<void> {
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewport({ width, height: Math.min(Math.max(height, 900), 16_000) });
}

/** Saves a screenshot to `path`, or to test-results/screenshots/firefox-NAME.png when given a bare name. */
export async function screenshot(page: Page, nameOrPath: string): Promise<string> {
  const path = nameOrPath.endsWith('.png') ? nameOrPath : join(SCREENSHOT_DIR, `firefox-${nameOrPath}.png`);
  mkdirSync(join(path, '..'), { recursive: true });
  await page.screenshot({ path: path as `${string}.png` });
  return path;
}

/** The client rects (viewport coordinates) of every highlighted range whose text, without whitespace, is `term`. */
export function termRects(page: Page, term: string): Promise<{ x: number; y: number; width: number; height: number }[]> {
  return page.evaluate((wanted: string) => {
    const out: { x: number; y: number; width: number; height: number }[] = [];
    CSS.highlights.forEach((highlight, name) => {
      if (!name.startsWith('termlens-')) return;
      for (const r of highlight) {
        const range = document.createRange();
        range.setStart(r.startContainer, r.startOffset);
        range.setEnd(r.endContainer, r.endOffset);
        if (range.toString().replace(/\s/g, '') !== wanted) continue;
        const rect = range.getClientRects()[0];
        if (rect && rect.width > 0) out.push({ x: rect.x, y: rect.y, width: rect.width, height: rect.height });
      }
    });
    return out.sort((a, b) => a.y - b.y || a.x - b.x);
  }, term);
}

/** The same reading as tests/browser/card-reader.ts's CardReading, taken through a frame script. */
export interface FirefoxCardReading {
  open: boolean;
  closedRoot: boolean;
  term: string;
  termLang: string | null;
  renderings: string[];
  definition: string;
  tags: string[];
  source: { text: string; href: string | null; target: string | null; rel: string | null } | null;
  list: string;
  /** Every element inside the card, by tag: a test checks that glossary text made no <img>. */
  elementTags: string[];
  role: string | null;
  live: string;
  rect: { left: number; top: number; right: number; bottom: number } | null;
  /** The notice at the bottom of the viewport, when shown. */
  notice: string | null;
}

/**
 * Reads TermLens's card from its CLOSED shadow root, which page scripts cannot reach: a frame
 * script with system privileges can (`openOrClosedShadowRoot`). Null when there is no card host.
 */
export function readCard(suite: FirefoxSuite, page: Page): Promise<FirefoxCardReading | null> {
  return suite.firefox.inPageTab<FirefoxCardReading | null>(
    page,
    `(content) => {
      const host = content.document.querySelector('termlens-card');
      if (!host) return null;
      const root = host.openOrClosedShadowRoot;
      if (!root) return null;
      const q = (s) => root.querySelector(s);
      const text = (s) => (q(s)?.textContent ?? '').trim();
      const popover = q('.tl-card-popover');
      const card = q('[data-testid="entry-card"]');
      const open = Boolean(popover && card && (popover.matches(':popover-open') || !popover.hidden));
      const rect = card?.getBoundingClientRect();
      const link = q('[data-testid="card-source"] a');
      const notice = q('.tl-notice');
      return {
        open,
        closedRoot: host.shadowRoot === null,
        term: text('[data-testid="card-term"]'),
        termLang: q('[data-testid="card-term"]')?.getAttribute('lang') ?? null,
        renderings: Array.from(root.querySelectorAll('.tl-card-rendering')).map((e) => e.textContent ?? ''),
        definition: text('[data-testid="card-definition"]'),
        tags: Array.from(root.querySelectorAll('[data-testid="card-tags"] li')).map((e) => e.textContent ?? ''),
        source: q('[data-testid="card-source"]')
          ? {
              text: text('[data-testid="card-source"]'),
              href: link?.getAttribute('href') ?? null,
              target: link?.getAttribute('target') ?? null,
              rel: link?.getAttribute('rel') ?? null,
            }
          : null,
        list: text('[data-testid="card-list"]'),
        elementTags: card ? Array.from(card.querySelectorAll('*')).map((e) => e.localName) : [],
        role: popover?.getAttribute('role') ?? card?.getAttribute('role') ?? null,
        live: (q('[role="status"]')?.textContent ?? '').trim(),
        rect: rect ? { left: rect.left, top: rect.top, right: rect.right, bottom: rect.bottom } : null,
        notice: notice && !notice.hidden ? (notice.textContent ?? '') : null,
      };
    }`,
  );
}

/** Polls until the card is open on `term`; throws with the last reading. */
export async function waitForCard(suite: FirefoxSuite, page: Page, term: string, timeout = 5_000): Promise<FirefoxCardReading> {
  const deadline = Date.now() + timeout;
  let last: FirefoxCardReading | null = null;
  for (;;) {
    last = await readCard(suite, page);
    if (last?.open && last.term === term) return last;
    if (Date.now() > deadline) throw new Error(`No open card for ${term} within ${timeout} ms; last: ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** Polls until no card is open; throws with the open card's term. */
export async function waitForNoCard(suite: FirefoxSuite, page: Page, timeout = 5_000): Promise<void> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const reading = await readCard(suite, page);
    if (!reading?.open) return;
    if (Date.now() > deadline) throw new Error(`The card of ${reading.term} is still open after ${timeout} ms`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/** The computed style of the card's box, read through the closed root, as card.test.ts's cardStyle reads it. */
export function cardStyle(suite: FirefoxSuite, page: Page): Promise<{ position: string; display: string; background: string; fontSize: string }> {
  return suite.firefox.inPageTab(
    page,
    `(content) => {
      const root = content.document.querySelector('termlens-card').openOrClosedShadowRoot;
      const popover = content.getComputedStyle(root.querySelector('.tl-card-popover'));
      const card = content.getComputedStyle(root.querySelector('.tl-card'));
      return { position: popover.position, display: card.display, background: card.backgroundColor, fontSize: card.fontSize };
    }`,
  );
}

/** The content script's own answer to the popup's question (which entries, how often), asked from the background. */
export function pageTerms(suite: FirefoxSuite, page: Page): Promise<PageTermsResponse> {
  return suite.firefox
    .tabIdOf(page)
    .then((tabId) => suite.firefox.callBackground<PageTermsResponse>(`browser.tabs.sendMessage(${tabId}, { type: 'get-page-terms' }, { frameId: 0 })`));
}

/**
 * Adds an entry to the first list the way the options page's form does, as tests/browser/add-entry.ts
 * does for Chromium: through Dexie (its UMD build, evaluated in the background page, which has the
 * extension's origin, so no extension tab is needed), so that the background hears Dexie's
 * `storagemutated` and every open tab is told.
 */
export async function addEntry(suite: FirefoxSuite, entry: TestEntry): Promise<void> {
  const require = createRequire(import.meta.url);
  const dexieSource = readFileSync(require.resolve('dexie/dist/dexie.min.js'), 'utf8');
  await suite.firefox.callBackground(`(async () => {
    const module = { exports: {} };
    (function (module, exports) { ${dexieSource}
 }).call(globalThis, module, module.exports);
    const DexieCtor = module.exports.Dexie ?? module.exports;
    const fields = ${JSON.stringify(testEntryFields(entry))};
    const db = new DexieCtor('termlens');
    await db.open();
    const list = (await db.table('list').toArray()).find((l) => !l.deletedAt);
    const now = Date.now();
    await db.table('entry').add({ id: crypto.randomUUID(), listId: list.id, ...fields, createdAt: now, updatedAt: now });
    db.close();
    return true;
  })()`);
}
