// The popup, the site rules and "Add to glossary" in Firefox ESR (issue 9): popup-edit.test.ts,
// popup-reveal.test.ts, popup-site.test.ts, context-menu.test.ts and site-rules.test.ts of the
// Chromium suite, with the same pages and the same expected values, which live in the shared
// specifications tests/browser/shared-popup.ts, shared-context-menu.ts and shared-site-rules.ts.
// Each describe names the Chromium file and each title the Chromium test.
//
// What Firefox changes:
// - The popup is its page, popup.html?tab=<id>, opened as a tab of the first window (as in
//   firefox.test.ts) and driven by frame scripts (ExtensionPageDriver): BiDi can neither script nor
//   resize a moz-extension page, so its size is set on the tab's <browser> element, as BiDi's own
//   browsingContext.setViewport does for a web page.
// - Firefox runs animation frames only in a window's selected tab, and TermLens paints in frames,
//   so the news page the popup acts on lives in a window of its own, kept for the whole file
//   (Chromium opens a tab per test; all of them are painted there).
// - The background is an event page, reached by callBackground, not a service worker.
// - Headless Firefox does open a real context menu: "Add to glossary" is chosen from it, on a real
//   selection, before the background's handler is called as Chromium calls it.
// - The Chromium files each start from a fresh profile; here they share one, so the order matters
//   only in that site rules come last (they end with TermLens highlighting no site).
// keyboard.test.ts's "assigns every default key" is firefox.test.ts's "assigns the keyboard commands".
//
// One file, so one Firefox launch: CI runs both browsers and must stay under 10 minutes.

import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  BACK_FORWARD_COUNTS,
  BACK_FORWARD_TERMS,
  BADGE_MS,
  badgeTextFor,
  BADGE_PAGE,
  CARD_ENTRY_MS,
  EDIT_DEFINITION,
  EDIT_FOLLOW_MS,
  EDIT_NEWS,
  EDIT_TERM as TERM,
  EDIT_TERM_COUNT,
  EDIT_TRANSLATION,
  EDITED_DEFINITION,
  FLASH_MS,
  flashDocumentTop,
  flashInPageView,
  FRAMED_ARTICLE_FRAMES,
  glossaryRowGaps,
  glossaryRowsIn,
  type GlossaryRowBoxes,
  PAGE_HOST,
  pageTermFocusIn,
  pageShows,
  readFlash,
  recordPageShows,
  REVEAL_PAGE,
  REVEAL_TERM,
  REVEAL_VIEWPORT,
  rowsAsCounts,
  framedArticleSpec,
  serveBackForwardPages,
  SITE_SWITCH_PAGE,
  SMALL_POPUP,
  SWITCH_FOLLOW_MS,
  storyFrameTop,
  SWITCH_POPUP,
  type SpecPage,
} from '../browser/shared-popup';
import { FRAMED_ARTICLE_COUNTS } from '../fixtures/pages/hostile-pages.mjs';
import { fillWaitingFrame, WAITING_FRAME_PATH, waitForFrameCounts, waitingFramePage, type EvaluatingPage } from '../browser/shared-pages';
import {
  ADD_FORM_PATH,
  ADD_FROM_PAGE,
  ADDED_COUNT,
  ADDED_ENTRY,
  ADDED_PAGE,
  ADDED_WATCH_MS,
  countRegistered,
  PAGE_SELECTION_TERM,
  SAVE_TO_HIGHLIGHT_MS,
  SELECTION,
  SELECTION_TERM,
} from '../browser/shared-context-menu';
import { countAfterWrite } from '../browser/shared-options-editor';
import { NOT_A_SITE, RULES_FOLLOW_MS, RULES_PAGE, SITE, SITE_AS_URL } from '../browser/shared-site-rules';
import type { HighlightReading } from '../browser/highlight-registry.mjs';
import { PAGE_TERMS_SHOWN } from '../../lib/page-terms';
import {
  addEntry,
  ExtensionPageDriver,
  firefoxSkipReason,
  SCREENSHOT_DIR,
  testId,
  useFirefoxSuite,
  waitForHighlights,
  waitForSettledHighlights,
} from './harness';

const skipReason = firefoxSkipReason();

/** The news window's viewport (firefox.mjs's default) unless a test asks for its own: the window is reused, so each test sets it. */
const NEWS_VIEWPORT = { width: 1280, height: 900 };
const evaluatingFrame = (frame: unknown) => frame as EvaluatingPage;

/** The popup's rows of the page's terms, as term → count (rowsAsCounts; `terms`: the terms a row may name). */
async function popupCounts(driver: ExtensionPageDriver, terms: readonly string[]): Promise<Record<string, number>> {
  const texts = await driver.texts(testId('page-term'));
  const counts = await driver.texts(testId('page-term-count'));
  return rowsAsCounts(texts.map((text, i) => ({ text, count: counts[i] ?? '' })), terms);
}
const live = (r: HighlightReading) => r.ranges.filter((x) => !x.collapsed).length;

describe.skipIf(skipReason !== null)('the popup, site rules and “Add to glossary” in Firefox ESR', () => {
  const suite = useFirefoxSuite();

  // Every tab of every window, as chrome-side source: the news window is not the first.
  const ALL_TABS = `[...Services.wm.getEnumerator('navigator:browser')].flatMap((w) => w.gBrowser.tabs)`;

  /** The extension's tab id of the one tab showing `url`, in any window. */
  function tabIdOf(url: string): Promise<number> {
    return suite.firefox.chromeEval<number>(`(async () => {
      const { ExtensionParent } = ChromeUtils.importESModule('resource://gre/modules/ExtensionParent.sys.mjs');
      const tabs = ${ALL_TABS}.filter((t) => t.linkedBrowser.currentURI.spec === ${JSON.stringify(url)});
      if (tabs.length !== 1) throw new Error(tabs.length + ' tabs show ' + ${JSON.stringify(url)});
      return ExtensionParent.apiManager.global.tabTracker.getId(tabs[0]);
    })()`);
  }

  // The news page: one window, kept, each test navigating it to its page.
  let newsWindow: Awaited<ReturnType<typeof suite.newPage>> | undefined;
  async function openNews(spec: SpecPage, viewport: { width: number; height: number } = NEWS_VIEWPORT) {
    newsWindow ??= await suite.newPage({ window: true, keep: true });
    const { page, pageErrors } = newsWindow;
    pageErrors.splice(0);
    await page.setViewport(viewport);
    const url = suite.server.page(spec.path, spec.html);
    await page.goto(url);
    const reading = await waitForSettledHighlights(page);
    return { page, pageErrors, url, reading, tabId: await tabIdOf(url) };
  }

  /** An extension page in a tab of the first window: its driver, its uncaught errors, and its picture. */
  interface ExtensionTab {
    driver: ExtensionPageDriver;
    /** Uncaught errors and unhandled rejections in the page since it was ready (Chromium's pageErrors). */
    errors(): Promise<string[]>;
    /** Saves what the tab shows to test-results/screenshots/firefox-NAME.png. */
    screenshot(name: string): Promise<string>;
  }
  const drivers: ExtensionPageDriver[] = [];
  afterEach(() => Promise.all(drivers.splice(0).map((d) => d.close().catch(() => {}))));

  /**
   * Opens an extension page (popup.html?tab=…, options.html), waits for `ready`, gives its tab the
   * size Chromium's test gives its page, and starts collecting its errors. The errors come from a
   * frame script's listeners, so those of the page's first render are not among them (a failed
   * first render shows anyway: `ready` never comes).
   */
  async function openExtensionTab(path: string, ready: string, size?: { width: number; height: number }): Promise<ExtensionTab> {
    const driver = await ExtensionPageDriver.open(suite, path, ready, 15_000);
    drivers.push(driver);
    const key = randomUUID();
    const tab = `${ALL_TABS}.find((t) => t.getAttribute('termlens-popup-test') === ${JSON.stringify(key)})`;
    await suite.firefox.chromeEval(`(async () => {
      const tab = ${ALL_TABS}.find((t) => t.linkedBrowser.currentURI.spec === ${JSON.stringify(driver.handle.url)});
      tab.setAttribute('termlens-popup-test', ${JSON.stringify(key)});
      const size = ${JSON.stringify(size ?? null)};
      if (size) {
        const browser = tab.linkedBrowser;
        browser.style.setProperty('width', size.width + 'px');
        browser.style.setProperty('height', size.height + 'px');
        browser.style.setProperty('flex', 'none');
      }
      // Keys go to the focused window, as a reader's do: the extension page's (the news window was opened last).
      window.focus();
      const errors = ((window.termlensPageErrors ??= {})[${JSON.stringify(key)}] = []);
      tab.linkedBrowser.messageManager.addMessageListener('termlens-page-error', (m) => errors.push(m.data));
      return null;
    })()`);
    await driver.handle.evaluate(`(content) => {
      const text = (value) => {
        const v = Components.utils.waiveXrays(value);
        return String((v && (v.stack || v.message)) || v);
      };
      content.addEventListener('error', (e) => sendAsyncMessage('termlens-page-error', e.message || text(e.error)));
      content.addEventListener('unhandledrejection', (e) => sendAsyncMessage('termlens-page-error', 'Uncaught (in promise) ' + text(e.reason)));
      return null;
    }`);
    if (size) {
      // The new size reaches the page at its next layout.
      await expect
        .poll(() => driver.handle.evaluate('(content) => ({ width: content.innerWidth, height: content.innerHeight })'), { timeout: 5_000 })
        .toEqual(size);
    }
    return {
      driver,
      errors: () => suite.firefox.chromeEval<string[]>(`Promise.resolve(window.termlensPageErrors?.[${JSON.stringify(key)}] ?? [])`),
      // BiDi cannot capture a moz-extension page: the tab's window global draws itself.
      async screenshot(name: string) {
        const dataUrl = await suite.firefox.chromeEval<string>(`(async () => {
          const tab = ${tab};
          const bitmap = await tab.linkedBrowser.browsingContext.currentWindowGlobal.drawSnapshot(null, 1, 'white');
          const canvas = tab.ownerDocument.createElementNS('http://www.w3.org/1999/xhtml', 'canvas');
          canvas.width = bitmap.width;
          canvas.height = bitmap.height;
          canvas.getContext('2d').drawImage(bitmap, 0, 0);
          return canvas.toDataURL('image/png');
        })()`);
        mkdirSync(SCREENSHOT_DIR, { recursive: true });
        const path = join(SCREENSHOT_DIR, `firefox-${name}.png`);
        writeFileSync(path, Buffer.from(dataUrl.replace(/^data:image\/png;base64,/, ''), 'base64'));
        return path;
      },
    };
  }

  const openPopup = (tabId: number, ready: string, size?: { width: number; height: number }) =>
    openExtensionTab(`popup.html?tab=${tabId}`, ready, size);

  describe('quick edits in the popup (popup-edit.test.ts)', () => {
    async function openNewsAndPopup() {
      const news = await openNews(EDIT_NEWS);
      const popup = await openPopup(news.tabId, testId('glossary-entry'), SMALL_POPUP);
      return { news, popup };
    }

    /** The card's data as the background serves it to content scripts, asked from the popup. */
    const cardEntry = (popup: ExtensionTab, entryId: string) =>
      popup.driver.call<{ definition: string } | null>(`browser.runtime.sendMessage({ type: 'get-card-entry', entryId: ${JSON.stringify(entryId)} })`);

    it('adds, edits and deletes an entry, and the page follows each change without reload', async () => {
      const { news, popup } = await openNewsAndPopup();
      const page = popup.driver;

      // Add: what was typed in the search box becomes the new entry's term.
      await page.type(testId('glossary-search'), TERM);
      await page.click(testId('glossary-add'));
      const form = testId('entry-form');
      expect((await page.waitFor(`${form} ${testId('entry-term')}`)).value).toBe(TERM);
      await page.type(`${form} ${testId('entry-translation-en')}`, EDIT_TRANSLATION);
      await page.type(`${form} ${testId('entry-definition')}`, EDIT_DEFINITION);
      await popup.screenshot('popup-edit-form');
      await page.press(`${form} ${testId('entry-term')}`, 'Enter');
      await page.waitForGone(form);
      await waitForHighlights(news.page, (r) => r.counts.get(TERM) === EDIT_TERM_COUNT, { timeout: EDIT_FOLLOW_MS });

      // Edit. (Chromium hovers the row first, to show its edit button; a frame script's click needs no hover.)
      const row = { css: testId('glossary-entry'), text: TERM };
      const entryId = (await page.state(row)).attributes['data-entry-id']!;
      await page.click({ ...row, inside: testId('glossary-edit') });
      await page.type(`${form} ${testId('entry-definition')}`, EDITED_DEFINITION, { replace: true });
      await page.click(`${form} ${testId('entry-save')}`);
      await page.waitForGone(form);
      await expect.poll(async () => (await cardEntry(popup, entryId))?.definition, { timeout: CARD_ENTRY_MS }).toBe(EDITED_DEFINITION);

      // Delete, then undo.
      await page.click({ ...row, inside: testId('glossary-edit') });
      await page.click(`${form} ${testId('entry-delete')}`);
      await page.waitFor(testId('popup-notice'));
      await popup.screenshot('popup-after-delete');
      await waitForHighlights(news.page, (r) => !r.counts.has(TERM), { timeout: EDIT_FOLLOW_MS });
      expect(await cardEntry(popup, entryId)).toBeNull();
      await page.click(testId('popup-undo'));
      await waitForHighlights(news.page, (r) => r.counts.get(TERM) === EDIT_TERM_COUNT, { timeout: EDIT_FOLLOW_MS });
      expect(await popup.errors()).toEqual([]);
    });

    it('keeps a small-popup layout: the form fits 360 px without horizontal scrolling', async () => {
      const { popup } = await openNewsAndPopup();
      await popup.driver.click(testId('glossary-add'));
      await popup.driver.waitFor(testId('entry-form'));
      const overflow = await popup.driver.handle.evaluate<number>(
        '(content) => content.document.documentElement.scrollWidth - content.document.documentElement.clientWidth',
      );
      expect(overflow).toBeLessThanOrEqual(0);
    });

    it('lays out each glossary row without an empty line: the edit button stays on the names’ first line (popup.test.ts)', async () => {
      const { popup } = await openNewsAndPopup();
      await popup.driver.waitFor(testId('glossary-edit'));
      const rows = await popup.driver.handle.evaluate<GlossaryRowBoxes[]>(`(content) => (${glossaryRowsIn.toString()})(content.document)`);
      expect(rows.length).toBeGreaterThan(10);
      expect(glossaryRowGaps(rows)).toEqual({ editBelowNames: [], gapBeforeDefinition: [] });
    });
  });

  describe('this page’s terms from the keyboard (popup.test.ts)', () => {
    it('moves among the page’s terms with the arrow keys, Home and End, and keeps one of them in the Tab order', async () => {
      const news = await openNews(BADGE_PAGE);
      const popup = await openPopup(news.tabId, testId('page-term'));
      const page = popup.driver;
      const focused = () => page.handle.evaluate<ReturnType<typeof pageTermFocusIn>>(`(content) => (${pageTermFocusIn.toString()})(content.document)`);
      const here = `${testId('page-term')}:focus`;
      await page.press(testId('page-term'), 'ArrowRight');
      await page.press(here, 'ArrowRight');
      const after = await focused();
      expect(after.count).toBe(PAGE_TERMS_SHOWN);
      expect(after).toMatchObject({ term: 2, stops: 1 });
      await page.press(here, 'ArrowLeft');
      expect((await focused()).term).toBe(1);
      await page.press(here, 'End');
      expect((await focused()).term).toBe(after.count - 1);
      await page.press(here, 'ArrowDown');
      expect(await focused()).toMatchObject({ term: 0, stops: 1 });
    });
  });

  describe('this page, from the toolbar (popup-reveal.test.ts)', () => {
    it('the badge shows how many distinct terms the page holds, as many as the popup lists', async () => {
      const news = await openNews(BADGE_PAGE);
      // The extension's own action API, in the background page (Chromium asks it in the worker).
      const badge = () => suite.firefox.callBackground<string>(`browser.action.getBadgeText({ tabId: ${news.tabId} })`);
      await expect.poll(badge, { timeout: BADGE_MS }).toMatch(/^\d+$/);

      const popup = await openPopup(news.tabId, testId('page-term'));
      // The popup shows the page's first terms; the button shows the rest.
      expect(await popup.driver.count(testId('page-term'))).toBe(PAGE_TERMS_SHOWN);
      await popup.driver.click(testId('page-terms-more'));
      await popup.driver.waitFor(testId('page-terms-more'), (s) => s.attributes['aria-expanded'] === 'true');
      expect(Number(await badge())).toBe(await popup.driver.count(testId('page-term')));
    });

    it('choosing 新质生产力 in the popup scrolls to its next occurrence and flashes it, then the one after', async () => {
      const news = await openNews(REVEAL_PAGE, REVEAL_VIEWPORT);
      const popup = await openPopup(news.tabId, testId('page-term'));
      const row = { css: testId('page-term'), text: REVEAL_TERM };
      await popup.driver.waitFor(row, (s) => s.exists, 15_000);

      const flashed = () => news.page.evaluate(readFlash);

      await popup.driver.click(row);
      await expect.poll(flashed, { timeout: FLASH_MS }).toMatchObject({ text: REVEAL_TERM, inView: true });
      const first = await news.page.evaluate(flashDocumentTop);

      await popup.driver.click(row);
      await expect.poll(flashed, { timeout: FLASH_MS }).toMatchObject({ text: REVEAL_TERM, inView: true });
      const second = await news.page.evaluate(flashDocumentTop);
      expect(second).not.toBe(first);
    });
  });

  describe('this page, from the toolbar, with a story set in a frame (popup-reveal.test.ts)', () => {
    it('a story set in a frame: the badge and the popup count its terms with the page’s, and choosing one reveals it in the frame', async () => {
      const news = await openNews(framedArticleSpec(suite.server), REVEAL_VIEWPORT);
      const storyFrame = await (await news.page.$('#story'))?.contentFrame();
      if (!storyFrame) throw new Error('no frame #story');
      const story = storyFrame as unknown as EvaluatingPage;
      const top = news.page as unknown as EvaluatingPage;
      expect(await waitForFrameCounts({ top: evaluatingFrame(news.page.mainFrame()), story }, FRAMED_ARTICLE_FRAMES)).toEqual(FRAMED_ARTICLE_FRAMES);
      const badge = () => suite.firefox.callBackground<string>(`browser.action.getBadgeText({ tabId: ${news.tabId} })`);
      // Three entries: 能源革命 is on the page and in the frame, and counts once.
      await expect.poll(badge, { timeout: BADGE_MS }).toBe(String(Object.keys(FRAMED_ARTICLE_COUNTS).length));
      // The background keeps both frames, and when the page's document started (which drops the
      // frames of the document before): the page's own timeOrigin, as its content script sees it.
      const key = `tab-terms:${news.tabId}`;
      const kept = (await suite.firefox.callBackground<Record<string, unknown>>(`browser.storage.session.get(${JSON.stringify(key)})`))[key] as {
        documentStart: number;
        frames: Record<string, unknown>;
      };
      expect(Object.keys(kept.frames)).toHaveLength(2);
      expect(Math.abs(kept.documentStart - (await news.page.evaluate(() => performance.timeOrigin)))).toBeLessThan(1);

      const popup = await openPopup(news.tabId, testId('page-term'));
      const shown = () => popupCounts(popup.driver, Object.keys(FRAMED_ARTICLE_COUNTS));
      await expect.poll(shown, { timeout: 15_000 }).toEqual(FRAMED_ARTICLE_COUNTS);
      await popup.screenshot('popup-framed-article');

      const row = (text: string) => ({ css: testId('page-term'), text });
      const flashInView = async () => flashInPageView(await story.evaluate(readFlash, undefined), await top.evaluate(storyFrameTop, undefined));
      expect((await top.evaluate(storyFrameTop, undefined)).top).toBeGreaterThan(REVEAL_VIEWPORT.height);
      await popup.driver.click(row('新质生产力'));
      await expect.poll(() => story.evaluate(readFlash, undefined), { timeout: FLASH_MS }).toMatchObject({ text: '新质生产力', inView: true });
      expect(await flashInView()).toBe(true);
      const first = await story.evaluate(flashDocumentTop, undefined);
      await popup.driver.click(row('新质生产力'));
      await expect.poll(() => story.evaluate(flashDocumentTop, undefined), { timeout: FLASH_MS }).toBeGreaterThan(first + 1000);
      expect(await flashInView()).toBe(true);

      await news.page.evaluate(() => scrollTo(0, document.body.scrollHeight));
      await popup.driver.click(row('能源革命'));
      await expect.poll(() => news.page.evaluate(readFlash), { timeout: FLASH_MS }).toMatchObject({ text: '能源革命', inView: true });
      await popup.driver.click(row('能源革命'));
      await expect.poll(() => story.evaluate(readFlash, undefined), { timeout: FLASH_MS }).toMatchObject({ text: '能源革命', inView: true });
      expect(await flashInView()).toBe(true);

      // The page removes the frame: its entries leave the badge and the popup.
      await news.page.evaluate(() => document.getElementById('story')!.remove());
      await expect.poll(badge, { timeout: BADGE_MS }).toBe('1');
      await expect.poll(shown, { timeout: 15_000 }).toEqual({ 能源革命: 1 });
      expect(news.pageErrors).toEqual([]);
      expect(await popup.errors()).toEqual([]);
    });
  });

  describe('this page, from the toolbar, with a frame that gets its text later (popup-reveal.test.ts)', () => {
    it('lists the terms of a frame that gets its text after the popup opened', async () => {
      const news = await openNews({ path: WAITING_FRAME_PATH, html: waitingFramePage() });
      const popup = await openPopup(news.tabId, testId('page-term'));
      const shown = () => popupCounts(popup.driver, ['能源革命', '西部大开发']);
      await expect.poll(shown, { timeout: 15_000 }).toEqual({ 能源革命: 1 });
      // The frame's text comes now: its page script comes after the popup's first port was opened.
      await news.page.evaluate(fillWaitingFrame, '西部大开发');
      await expect.poll(shown, { timeout: 15_000 }).toEqual({ 能源革命: 1, 西部大开发: 1 });
      expect(await popup.errors()).toEqual([]);
    });
  });

  describe('back and forward (back-forward.test.ts)', () => {
    it('the badge and the popup count the terms of the page brought back from the cache, with its frame', async () => {
      const { first, second } = serveBackForwardPages(suite.server);
      // A window of its own, closed after the test: after a history navigation that fires no load,
      // Puppeteer's next goto in the same page waited in vain (the next test, in the news window).
      const { page, pageErrors } = await suite.newPage({ window: true });
      await page.evaluateOnNewDocument(recordPageShows);
      await page.goto(first);
      await waitForSettledHighlights(page);
      const tabId = await tabIdOf(first);
      const badge = () => suite.firefox.callBackground<string>(`browser.action.getBadgeText({ tabId: ${tabId} })`);
      /** The popup's rows once the frames have answered, and still so after its next poll of them. */
      const popupShows = async (expected: Record<string, number>) => {
        const popup = await openPopup(tabId, testId('page-term'));
        await expect.poll(() => popupCounts(popup.driver, BACK_FORWARD_TERMS), { timeout: 15_000 }).toEqual(expected);
        await new Promise((resolve) => setTimeout(resolve, 1_500));
        expect(await popupCounts(popup.driver, BACK_FORWARD_TERMS)).toEqual(expected);
        expect(await popup.errors()).toEqual([]);
        await popup.driver.close();
      };
      await expect.poll(badge, { timeout: BADGE_MS }).toBe(badgeTextFor(BACK_FORWARD_COUNTS.first));

      await page.goto(second);
      await expect.poll(badge, { timeout: BADGE_MS }).toBe(badgeTextFor(BACK_FORWARD_COUNTS.second));

      // Puppeteer's goBack waits for a load, which a page brought back from the cache never fires.
      const historyGo = (delta: number) => page.evaluate((d) => void setTimeout(() => history.go(d), 0), delta);
      await historyGo(-1);
      // The first page came back from the cache (else this test would not test what it is for).
      await expect.poll(() => page.evaluate(pageShows), { timeout: 10_000 }).toEqual([false, true]);
      await expect.poll(badge, { timeout: BADGE_MS }).toBe(badgeTextFor(BACK_FORWARD_COUNTS.first));
      await popupShows(BACK_FORWARD_COUNTS.first);

      await historyGo(1);
      await expect.poll(() => page.evaluate(pageShows), { timeout: 10_000 }).toEqual([false, true]);
      await expect.poll(badge, { timeout: BADGE_MS }).toBe(badgeTextFor(BACK_FORWARD_COUNTS.second));
      await popupShows(BACK_FORWARD_COUNTS.second);
      expect(pageErrors).toEqual([]);
    });
  });

  describe('the popup’s switches (popup-site.test.ts)', () => {
    async function openPopupBesideNewsPage() {
      const news = await openNews(SITE_SWITCH_PAGE);
      const popup = await openPopup(news.tabId, 'main', SWITCH_POPUP);
      return { news, popup };
    }
    /** The switch's <label> (Playwright: locator('label', { has: switch })), which a reader clicks. */
    const labelOf = (target: string) => `label:has(${target})`;

    it('names the page’s site and turns its highlights off and on again', async () => {
      const { news, popup } = await openPopupBesideNewsPage();
      const site = testId('site-switch');
      await popup.driver.waitFor(site, (s) => s.exists, 15_000);
      expect((await popup.driver.state(labelOf(site))).text).toContain(PAGE_HOST);
      expect((await popup.driver.state(site)).checked).toBe(true);
      await popup.screenshot('popup-site-switch');

      await popup.driver.click(labelOf(site));
      await waitForHighlights(news.page, (r) => live(r) === 0, { timeout: SWITCH_FOLLOW_MS });
      expect((await popup.driver.state(site)).checked).toBe(false);

      await popup.driver.click(labelOf(site));
      const back = await waitForHighlights(news.page, (r) => live(r) > 0, { timeout: SWITCH_FOLLOW_MS });
      expect(live(back)).toBeGreaterThan(0);
      expect(await popup.errors()).toEqual([]);
    });

    it('the global pause clears every highlight until it is lifted', async () => {
      const { news, popup } = await openPopupBesideNewsPage();
      const before = live(news.reading);
      const pause = testId('global-pause');
      await popup.driver.waitFor(pause, (s) => s.exists, 15_000);
      await popup.driver.click(labelOf(pause));
      await waitForHighlights(news.page, (r) => live(r) === 0, { timeout: SWITCH_FOLLOW_MS });

      await popup.driver.click(labelOf(pause));
      await waitForHighlights(news.page, (r) => live(r) === before, { timeout: SWITCH_FOLLOW_MS });
    });
  });

  describe('adding a term from the page (context-menu.test.ts)', () => {
    /**
     * Waits for the tab the add form opens in (any window), and closes it: its address, which
     * carries the form's fields.
     */
    async function takeAddFormTab(timeout = 5_000): Promise<URL> {
      const prefix = suite.firefox.extensionUrl(ADD_FORM_PATH);
      const deadline = Date.now() + timeout;
      for (;;) {
        const spec = await suite.firefox.chromeEval<string | null>(`(async () => {
          for (const w of Services.wm.getEnumerator('navigator:browser')) {
            const tab = w.gBrowser.tabs.find((t) => t.linkedBrowser.currentURI.spec.startsWith(${JSON.stringify(prefix)}));
            if (!tab) continue;
            const spec = tab.linkedBrowser.currentURI.spec;
            w.gBrowser.removeTab(tab);
            return spec;
          }
          return null;
        })()`);
        if (spec) return new URL(spec);
        if (Date.now() > deadline) throw new Error(`no tab opened at ${prefix}… within ${timeout} ms`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    const formFields = (form: URL) => Object.fromEntries(new URLSearchParams(form.hash.slice(form.hash.indexOf('?') + 1)));

    /**
     * Selects the first occurrence of `term` that crosses a printed line break, right-clicks it,
     * and chooses TermLens's item in the context menu that opens; returns the item's label.
     */
    async function addFromContextMenu(page: Page, url: string, term: string): Promise<string> {
      const at = await page.evaluate((wanted: string) => {
        let found: Range | null = null;
        CSS.highlights.forEach((highlight, name) => {
          if (!/^termlens-\d+$/.test(name)) return;
          for (const r of highlight) {
            const range = document.createRange();
            range.setStart(r.startContainer, r.startOffset);
            range.setEnd(r.endContainer, r.endOffset);
            if (!found && /\n/.test(range.toString()) && range.toString().replace(/\s/g, '') === wanted) found = range;
          }
        });
        const range = found as Range | null;
        if (!range) return null;
        range.startContainer.parentElement?.scrollIntoView({ block: 'center' });
        getSelection()!.removeAllRanges();
        getSelection()!.addRange(range);
        const rect = range.getClientRects()[0]!;
        return { x: rect.x + rect.width / 2, y: rect.y + rect.height / 2 };
      }, term);
      if (!at) throw new Error(`no highlighted ${term} across a line break`);
      // A reader right-clicks in the window they are reading in: focus it (an extension page's was focused last).
      await suite.firefox.chromeEval(`(async () => {
        const w = [...Services.wm.getEnumerator('navigator:browser')].find((w) => w.gBrowser.tabs.some((t) => t.linkedBrowser.currentURI.spec === ${JSON.stringify(url)}));
        w.focus();
        for (const deadline = Date.now() + 5000; Services.focus.activeWindow !== w && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 50));
        return null;
      })()`);
      await page.mouse.click(at.x, at.y, { button: 'right' });
      // The item's id is ext-menus' "<add-on widget id>-menuitem-_<menu id>" (ADD_MENU_ID, lib/background/add-from-page.ts).
      return suite.firefox.chromeEval<string>(`(async () => {
        const tab = ${ALL_TABS}.find((t) => t.linkedBrowser.currentURI.spec === ${JSON.stringify(url)});
        const menu = tab.ownerDocument.getElementById('contentAreaContextMenu');
        for (const deadline = Date.now() + 5000; menu.state !== 'open'; ) {
          if (Date.now() > deadline) throw new Error('the context menu did not open (' + menu.state + ')');
          await new Promise((r) => setTimeout(r, 50));
        }
        const item = menu.querySelector('[id$="-menuitem-_termlens-add-to-glossary"]');
        if (!item) throw new Error('no TermLens item in the context menu');
        const label = item.getAttribute('label');
        menu.activateItem(item);
        return label;
      })()`);
    }

    it('opens the options page’s add form with the selection, the page URL and its title', async () => {
      const { page, url, tabId } = await openNews(ADD_FROM_PAGE);
      const title = await page.title();

      // Through the real context menu, on a real selection across a printed line break.
      const label = await addFromContextMenu(page, url, PAGE_SELECTION_TERM);
      expect(label.replace(/\s/g, '')).toContain(PAGE_SELECTION_TERM);
      const fromMenu = await takeAddFormTab();
      expect(fromMenu.href.startsWith(suite.firefox.extensionUrl(ADD_FORM_PATH))).toBe(true);
      expect(formFields(fromMenu)).toEqual({ term: PAGE_SELECTION_TERM, url, title });

      // And Chromium's way: the function the menu's listener calls, with the selection as a browser reports it.
      await suite.firefox.callBackground(`termlensBackground.openAddForm(${JSON.stringify(SELECTION)}, ${JSON.stringify(url)}, { id: ${tabId} })`);
      const form = await takeAddFormTab();
      expect(form.href.startsWith(suite.firefox.extensionUrl(ADD_FORM_PATH))).toBe(true);
      expect(formFields(form)).toEqual({ term: SELECTION_TERM, url, title });
    });

    it('highlights a term saved in an extension page on an open tab within a second, without a reload', async () => {
      const { page } = await openNews(ADDED_PAGE);
      await page.evaluate(() => ((window as unknown as { __loadedOnce: boolean }).__loadedOnce = true));

      // Saved through Dexie in the background page, an extension page (harness.ts, addEntry).
      const saved = Date.now();
      await addEntry(suite, ADDED_ENTRY);
      const written = Date.now();

      // Poll the registry closely: the second counts from the write.
      const { count, elapsed } = await countAfterWrite(() => page.evaluate(countRegistered, ADDED_ENTRY.term), ADDED_COUNT, written, ADDED_WATCH_MS);
      console.log(`firefox: the saved term was highlighted ${elapsed} ms after the write`);
      expect(count).toBe(ADDED_COUNT);
      expect(elapsed, `highlighted ${elapsed} ms after the write (the write took ${written - saved} ms)`).toBeLessThan(SAVE_TO_HIGHLIGHT_MS);
      expect(await page.evaluate(() => (window as unknown as { __loadedOnce?: boolean }).__loadedOnce)).toBe(true);
    });
  });

  // Last: it ends with TermLens highlighting only on listed sites, and none listed.
  describe('site rules in the options page (site-rules.test.ts)', () => {
    it('excludes a site, then highlights only on listed sites, and the open page follows each change', async () => {
      const news = await openNews(RULES_PAGE);
      const options = await openExtensionTab('options.html', testId('nav-settings'), { width: 1280, height: 800 });
      const page = options.driver;
      await page.click(testId('nav-settings'));
      expect((await page.waitFor(testId('site-mode-everywhere-except'))).checked).toBe(true);

      // A typo is refused beside the field, and nothing is added.
      const siteList = testId('site-list');
      await page.type(testId('site-input'), NOT_A_SITE, { replace: true });
      await page.press(testId('site-input'), 'Enter');
      await page.waitFor('[role="alert"]');
      expect(await page.count(`${siteList} li span`)).toBe(0);

      // Excluding the page's own site (typed as a URL) clears its highlights.
      await page.type(testId('site-input'), SITE_AS_URL, { replace: true });
      await page.click(testId('site-add'));
      await expect.poll(() => page.texts(`${siteList} li span`)).toEqual([SITE]);
      await waitForHighlights(news.page, (r) => live(r) === 0, { timeout: RULES_FOLLOW_MS });

      // Only listed sites: the list is empty, so still nothing; listing the site brings them back.
      await page.check(testId('site-mode-only-listed'));
      await page.type(testId('site-input'), SITE, { replace: true });
      await page.press(testId('site-input'), 'Enter');
      await waitForHighlights(news.page, (r) => live(r) > 0, { timeout: RULES_FOLLOW_MS });
      await options.screenshot('options-site-rules');

      // Removing it again, by keyboard, clears them. (Chromium finds the button by its accessible name, its aria-label.)
      await page.press({ css: `${siteList} button[aria-label*="${SITE}"]` }, 'Enter');
      await waitForHighlights(news.page, (r) => live(r) === 0, { timeout: RULES_FOLLOW_MS });
      expect(await options.errors()).toEqual([]);
      expect(news.pageErrors).toEqual([]);
    });
  });
});
