// The Firefox browser-test harness: one page server and one Firefox with TermLens installed per
// test file (tests/browser/firefox.mjs), like tests/browser/harness.ts does for Chromium. The page
// server, the fixtures and the highlight-registry reader are the same files.

import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Page } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { firefoxPath, launchFirefoxWithExtension, type ExtensionPageHandle, type FirefoxExtensionBrowser } from '../browser/firefox.mjs';
import { startPageServer, type PageServer } from '../browser/page-server.mjs';
import { SCREENSHOT_DIR } from '../browser/harness';
import { testEntryFields, type TestEntry } from '../browser/add-entry';
import { termRectsInPage, type Box } from '../browser/shared-card';
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
  /**
   * A new tab whose uncaught page errors are collected; closed when the test ends. With
   * `{ window: true }`, a tab in a window of its own, which stays visible (so its animation frames
   * run) while an extension page is the selected tab of the first window. With `{ keep: true }`,
   * kept open until the file's last test ends, for tests that reuse it.
   */
  newPage(options?: { window?: boolean; keep?: boolean }): Promise<{ page: Page; pageErrors: string[] }>;
}

/** Starts the page server and Firefox before the file's first test, and stops both after its last. */
export function useFirefoxSuite(options: { timings?: boolean } = {}): FirefoxSuite {
  let server: PageServer | undefined;
  let firefox: FirefoxExtensionBrowser | undefined;
  const opened: Page[] = [];
  const kept: Page[] = [];
  beforeAll(async () => {
    if (firefoxSkipReason()) return;
    server = await startPageServer();
    firefox = await launchFirefoxWithExtension();
    // TermLens's performance entries, for tests that read them: by default a page gets none (lib/page/timings.ts).
    if (options.timings) await firefox.callBackground('browser.storage.local.set({ timings: true })');
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((page) => page.close().catch(() => {})));
  });
  afterAll(async () => {
    await Promise.all(kept.splice(0).map((page) => page.close().catch(() => {})));
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
    async newPage(options: { window?: boolean; keep?: boolean } = {}) {
      const ff = need(firefox, 'Firefox');
      const page = options.window ? await ff.browser.newPage({ type: 'window' }) : await ff.newPage();
      if (options.window) await page.setViewport({ width: 1280, height: 900 });
      (options.keep ? kept : opened).push(page);
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

/** The viewport boxes of the highlighted occurrences of `term` (termRectsInPage), in document order. */
export function termRects(page: Page, term: string): Promise<Box[]> {
  return page.evaluate(termRectsInPage, term);
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
 * Sets what content, extension pages included, sees as prefers-color-scheme (`null`: back to
 * Firefox's default, the browser's theme).
 */
export function setContentColorScheme(suite: FirefoxSuite, scheme: 'dark' | 'light' | null): Promise<unknown> {
  const pref = 'layout.css.prefers-color-scheme.content-override';
  return suite.firefox.chromeEval(
    scheme === null
      ? `Promise.resolve(Services.prefs.clearUserPref(${JSON.stringify(pref)}))`
      : `Promise.resolve(Services.prefs.setIntPref(${JSON.stringify(pref)}, ${scheme === 'dark' ? 0 : 1}))`,
  );
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
    // A new generation in the same transaction, as GlossaryDb's middleware writes (lib/glossary/db.ts).
    await db.transaction('rw', db.table('entry'), db.table('meta'), async () => {
      await db.table('entry').add({ id: crypto.randomUUID(), listId: list.id, ...fields, createdAt: now, updatedAt: now });
      await db.table('meta').put({ key: 'generation', value: crypto.randomUUID() });
    });
    db.close();
    return true;
  })()`);
}

/**
 * An element of an extension page, as a Playwright locator names it: the first element matching
 * `css` (or the last, with `last`) whose text contains `text`, then optionally the first match of
 * `inside` within it.
 */
export type Target = string | { css: string; text?: string; last?: boolean; inside?: string };

/** What a test reads of one element: null fields when there is no such element. */
export interface ElementState {
  exists: boolean;
  text: string;
  value: string;
  checked: boolean;
  disabled: boolean;
  attributes: Record<string, string>;
}

// Source text of the element finder every frame-script operation below starts with.
const FIND = `(doc, t) => {
  if (typeof t === 'string') t = { css: t };
  let found = Array.from(doc.querySelectorAll(t.css));
  if (t.text !== undefined) found = found.filter((e) => (e.textContent ?? '').includes(t.text));
  let el = (t.last ? found[found.length - 1] : found[0]) ?? null;
  if (el && t.inside) el = el.querySelector(t.inside);
  return el;
}`;

/** A `data-testid` selector, as Playwright's getByTestId. */
export const testId = (id: string) => `[data-testid="${id}"]`;

/**
 * Drives an extension page (the options page) the way Playwright's locators drive it in Chromium.
 * Firefox's WebDriver BiDi cannot script moz-extension:// pages (firefox.mjs), so every step runs
 * in a privileged frame script in the page's tab: clicks are `element.click()`, typing commits text
 * through nsITextInputProcessor (trusted key and input events, as an input method sends them), and
 * a chosen file is put in the file input through a DataTransfer, as a drop would, since the native
 * file picker (ElementHandle.uploadFile) needs a BiDi handle on the page.
 */
export class ExtensionPageDriver {
  private constructor(
    private readonly suite: FirefoxSuite,
    readonly handle: ExtensionPageHandle,
    private readonly key: string,
  ) {}

  /** Opens an extension page (e.g. `options.html#/sharing`) in a tab of the first window and waits for `ready`. */
  static async open(suite: FirefoxSuite, path: string, ready: Target, timeout = 15_000): Promise<ExtensionPageDriver> {
    const handle = await suite.firefox.openExtensionPage(path);
    // openExtensionPage selected the new tab: mark it, to select it again before typing.
    const key = randomUUID();
    await suite.firefox.chromeEval(`Promise.resolve(gBrowser.selectedTab.setAttribute('termlens-driver', ${JSON.stringify(key)}))`);
    const driver = new ExtensionPageDriver(suite, handle, key);
    await driver.waitFor(ready, (s) => s.exists, timeout);
    return driver;
  }

  /** Selects this page's tab in its window (key events go to the selected tab). */
  async activate(): Promise<void> {
    await this.suite.firefox.chromeEval(`(async () => {
      const tab = gBrowser.tabs.find((t) => t.getAttribute('termlens-driver') === ${JSON.stringify(this.key)});
      if (tab && gBrowser.selectedTab !== tab) gBrowser.selectedTab = tab;
      return null;
    })()`);
  }

  // Errors come back as their message (firefox.mjs reports a frame script's error by its stack,
  // which in Firefox leaves the message out and repeats the whole data: URL).
  private async run<T>(body: string, target: Target | null, arg?: unknown): Promise<T> {
    const answer = await this.handle.evaluate<{ value: T } | { error: string }>(
      `async (content, { target, arg }) => {
        try {
          const find = ${FIND};
          // Waits up to 5 s for the element, as a Playwright locator does (a form renders after the click that opens it).
          let el = target === null ? null : find(content.document, target);
          for (const deadline = Date.now() + 5000; target !== null && !el && Date.now() < deadline; el = find(content.document, target)) {
            await new Promise((r) => content.setTimeout(r, 50));
          }
          if (target !== null && !el) throw new Error('no element for ' + JSON.stringify(target));
          const value = await (async () => { ${body} })();
          return { value };
        } catch (e) {
          return { error: String(e) };
        }
      }`,
      { target, arg: arg ?? null },
    );
    if ('error' in answer) throw new Error(`${JSON.stringify(target)}: ${answer.error}`);
    return answer.value;
  }

  /** The element's text, value, checked/disabled state and attributes (exists: false when absent). */
  state(target: Target): Promise<ElementState> {
    return this.handle.evaluate<ElementState>(
      `(content, t) => {
        const el = (${FIND})(content.document, t);
        if (!el) return { exists: false, text: '', value: '', checked: false, disabled: false, attributes: {} };
        return {
          exists: true,
          text: el.textContent ?? '',
          value: typeof el.value === 'string' ? el.value : '',
          checked: Boolean(el.checked),
          disabled: Boolean(el.disabled),
          attributes: Object.fromEntries(Array.from(el.attributes).map((a) => [a.name, a.value])),
        };
      }`,
      target,
    );
  }

  /** Polls the element's state until `predicate` holds; throws with the last state. */
  async waitFor(target: Target, predicate: (state: ElementState) => boolean = (s) => s.exists, timeout = 10_000): Promise<ElementState> {
    const deadline = Date.now() + timeout;
    for (;;) {
      const state = await this.state(target);
      if (predicate(state)) return state;
      if (Date.now() > deadline) throw new Error(`${JSON.stringify(target)}: condition not met within ${timeout} ms; last: ${JSON.stringify(state)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Waits until no element matches. */
  waitForGone(target: Target, timeout = 10_000): Promise<ElementState> {
    return this.waitFor(target, (s) => !s.exists, timeout);
  }

  /** The text of every element matching `css`, in document order (allTextContents). */
  texts(css: string): Promise<string[]> {
    return this.handle.evaluate<string[]>(`(content, css) => Array.from(content.document.querySelectorAll(css)).map((e) => e.textContent ?? '')`, css);
  }

  /** How many elements match `target` (its css and text filter). */
  count(target: Target): Promise<number> {
    return this.handle.evaluate<number>(
      `(content, t) => {
        if (typeof t === 'string') t = { css: t };
        return Array.from(content.document.querySelectorAll(t.css)).filter((e) => t.text === undefined || (e.textContent ?? '').includes(t.text)).length;
      }`,
      target,
    );
  }

  /** The page's address (location.href). */
  url(): Promise<string> {
    return this.handle.evaluate<string>('(content) => content.location.href');
  }

  async click(target: Target): Promise<void> {
    await this.run('el.click(); return null;', target);
  }

  /** Clicks a checkbox or radio button unless it is checked already. */
  async check(target: Target): Promise<void> {
    await this.run('if (!el.checked) el.click(); return null;', target);
  }

  /** Chooses the option of a <select> with this value, or with this label; fires input and change. */
  async select(target: Target, choice: { value?: string; label?: string }): Promise<void> {
    await this.run(
      `const option = Array.from(el.options).find((o) => (arg.value !== undefined ? o.value === arg.value : o.textContent.trim() === arg.label));
      if (!option) throw new Error('no option ' + JSON.stringify(arg));
      el.value = option.value;
      el.dispatchEvent(new content.Event('input', { bubbles: true }));
      el.dispatchEvent(new content.Event('change', { bubbles: true }));
      return el.value;`,
      target,
      choice,
    );
  }

  /**
   * Focuses the field and types `text` at its end, as an input method commits it (trusted input
   * events). With `{ replace: true }` the field's text is first selected and deleted (fill).
   */
  async type(target: Target, text: string, options: { replace?: boolean } = {}): Promise<string> {
    await this.activate();
    return this.run<string>(
      `el.focus();
      const tip = Components.classes['@mozilla.org/text-input-processor;1'].createInstance(Components.interfaces.nsITextInputProcessor);
      if (!tip.beginInputTransactionForTests(content)) throw new Error('no input transaction');
      if (arg.replace) {
        el.select();
        if (el.value) {
          const backspace = new content.KeyboardEvent('', { key: 'Backspace', code: 'Backspace', keyCode: 8 });
          tip.keydown(backspace);
          tip.keyup(backspace);
        }
      } else {
        el.setSelectionRange(el.value.length, el.value.length);
      }
      if (arg.text) tip.commitCompositionWith(arg.text);
      return el.value;`,
      target,
      { text, replace: options.replace ?? false },
    );
  }

  /** Focuses the element and presses `key` (a KeyboardEvent key: Enter, Escape), with Control held if asked. */
  async press(target: Target, key: string, options: { control?: boolean } = {}): Promise<void> {
    await this.activate();
    await this.run(
      `el.focus();
      const tip = Components.classes['@mozilla.org/text-input-processor;1'].createInstance(Components.interfaces.nsITextInputProcessor);
      if (!tip.beginInputTransactionForTests(content)) throw new Error('no input transaction');
      const codes = { Enter: 13, Escape: 27, Backspace: 8, Tab: 9 };
      const control = new content.KeyboardEvent('', { key: 'Control', code: 'ControlLeft', keyCode: 17 });
      if (arg.control) tip.keydown(control);
      const event = new content.KeyboardEvent('', { key: arg.key, code: arg.key, keyCode: codes[arg.key] ?? 0 });
      tip.keydown(event);
      tip.keyup(event);
      if (arg.control) tip.keyup(control);
      return null;`,
      target,
      { key, control: options.control ?? false },
    );
  }

  /**
   * Puts a file in a file input and fires its change event, as choosing it in the picker does.
   * The bytes come from disk here; the page reads them as a File named `name`.
   */
  async setInputFile(target: Target, path: string): Promise<void> {
    const text = readFileSync(path, 'utf8');
    const name = path.split(/[\\/]/).pop()!;
    await this.run(
      `const transfer = new content.DataTransfer();
      transfer.items.add(new content.File([arg.text], arg.name, { type: arg.type }));
      el.files = transfer.files;
      el.dispatchEvent(new content.Event('input', { bubbles: true }));
      el.dispatchEvent(new content.Event('change', { bubbles: true }));
      return el.files.length;`,
      target,
      { text, name, type: /\.csv$/.test(name) ? 'text/csv' : /\.json$/.test(name) ? 'application/json' : /\.tbx$/.test(name) ? 'application/x-tbx' : '' },
    );
  }

  /** Evaluates `source` with the page's own globals (`browser`, `indexedDB`), e.g. a runtime message. */
  call<T = unknown>(source: string): Promise<T> {
    return this.handle.callExtension<T>(source);
  }

  /** browser.i18n.getMessage in this page: a UI string as the extension shows it in this browser's language. */
  message(key: string, ...substitutions: (string | number)[]): Promise<string> {
    return this.call<string>(`browser.i18n.getMessage(${JSON.stringify(key)}, ${JSON.stringify(substitutions.map(String))})`);
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}

/**
 * Makes Firefox save downloads into `dir` without asking (instead of the user's Downloads
 * folder), so a test reads the file it caused and leaves nothing behind.
 */
export async function saveDownloadsIn(suite: FirefoxSuite, dir: string): Promise<void> {
  await suite.firefox.chromeEval(`Promise.resolve((() => {
    Services.prefs.setIntPref('browser.download.folderList', 2);
    Services.prefs.setStringPref('browser.download.dir', ${JSON.stringify(dir)});
    Services.prefs.setBoolPref('browser.download.useDownloadDir', true);
    Services.prefs.setBoolPref('browser.download.always_ask_before_handling_new_types', false);
    return null;
  })())`);
}

/**
 * Waits for the next download Firefox finishes after `since` (Date.now()), and returns its file
 * name and text: what the browser saved of a `<a download>` click, read from the saved file.
 */
export async function waitForDownload(suite: FirefoxSuite, since: number, timeout = 10_000): Promise<{ fileName: string; path: string; text: string }> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const done = await suite.firefox.chromeEval<{ path: string } | null>(`(async () => {
      const { Downloads } = ChromeUtils.importESModule('resource://gre/modules/Downloads.sys.mjs');
      const list = await Downloads.getList(Downloads.ALL);
      const found = (await list.getAll()).filter((d) => d.succeeded && d.startTime.getTime() >= ${since - 1_000});
      const last = found[found.length - 1];
      return last ? { path: last.target.path } : null;
    })()`);
    if (done) return { fileName: done.path.split(/[\\/]/).pop()!, path: done.path, text: readFileSync(done.path, 'utf8') };
    if (Date.now() > deadline) throw new Error(`no finished download within ${timeout} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
