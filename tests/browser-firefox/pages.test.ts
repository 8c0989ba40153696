// Pages TermLens must cope with, in Firefox ESR, against the same specifications as the Chromium
// suite (tests/browser/shared-pages.ts, shared-large-page.ts): the reference page's ranges and DOM
// (reference-page.test.ts), hostile pages (hostile.test.ts), frames (frames.test.ts), typing into
// an editable field (editable-fields.test.ts) and the page of a million characters
// (large-page.test.ts). The reference page's counts and line breaks, and the editable fields at
// rest, are in firefox.test.ts. Each describe names the Chromium file and each title the Chromium
// test, word for word.
//
// One file, so one Firefox launch. The reference page's four tests only read it, so they read one
// page, opened once (Chromium opens it in each), and the hostile test that clears the highlight
// registry runs on that page last. The Long Animation Frame test is skipped: Firefox has no such API.

import type { Frame, Page } from 'puppeteer-core';
import { insecureUrl } from '../browser/page-server.mjs';
import { describe, expect, it } from 'vitest';
import { AD_FRAME_COUNTS, FRAME_COUNTS, overridingNewsPage, restyledNewsPage } from '../fixtures/pages/hostile-pages.mjs';
import { largePage } from '../fixtures/pages/large-page.mjs';
import { newsArticlePage, newsArticleWithEditorsPage, REFERENCE_COUNTS } from '../fixtures/pages/news-article.mjs';
import { domReadyMarked, expectInViewAfterJump, expectInViewAtEveryScroll, FIRST_SCREEN_TIMEOUT_MS, JUMP_PATH, LARGE_PAGE_PATH } from '../browser/shared-large-page';
import {
  boxlessRanges,
  clearRegistryAndWaitForHighlights,
  CSP_HEADERS,
  CSP_PATH,
  EDITORS_PAGE_PATH,
  type EvaluatingPage,
  expectMarkupUnchanged,
  expectRangesOnTheirTerms,
  expectTextNodesUnchanged,
  HIGHLIGHTS_BACK_WITHIN_MS,
  highlightBackground,
  NO_COLOUR,
  OVERRIDES_PATH,
  rangesInEditors,
  REFERENCE_PAGE_PATH,
  referenceCountsOf,
  RESCAN_GRACE_MS,
  RESTYLED_PATH,
  serveFramesPage,
  TYPED_INTO_RICH,
  TYPED_INTO_TEXTAREA,
  waitForFrameCounts,
  waitForReferenceCountsWithPristine,
  matcherFetchInFrame,
  serveAdFramesPage,
  WAITING_FRAME_PATH,
  waitingFramePage,
  expectWaitingFrameTakesNewTerm,
} from '../browser/shared-pages';
import { addEntry, firefoxSkipReason, screenshot, showWholePage, useFirefoxSuite, waitForSettledHighlights } from './harness';

const skipReason = firefoxSkipReason();

// Puppeteer's Page and Frame have evaluate(fn, arg) with the meaning the shared bodies rely on; only
// its types differ from EvaluatingPage's.
const evaluating = (target: Page | Frame) => target as unknown as EvaluatingPage;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const count = (text: string, pattern: RegExp) => (text.match(pattern) ?? []).length;

/**
 * Firefox reports over BiDi each thing a page's Content-Security-Policy blocks as a page error
 * (Puppeteer's `pageerror`); Chromium reports them as console messages, which hostile.test.ts does
 * not assert. Splits those reports off the errors, by what they blocked; the favicon request is
 * the browser's own.
 */
function splitCspReports(pageErrors: string[]) {
  const reports = { style: 0, script: 0, other: [] as string[] };
  const errors: string[] = [];
  for (const error of pageErrors) {
    if (!/Content-Security-Policy/.test(error)) errors.push(error);
    else if (/\(style-src-elem\)/.test(error)) reports.style++;
    else if (/\(script-src-elem\)/.test(error)) reports.script++;
    else if (!/\/favicon\.ico\b/.test(error)) reports.other.push(error);
  }
  return { reports, errors };
}

describe.skipIf(skipReason !== null)('pages, in Firefox ESR', () => {
  const suite = useFirefoxSuite({ timings: true });

  /** A new tab on `path`, shown whole, once its highlights have settled; console errors collected as the Chromium harness does. */
  async function open(path: string, html: string, options: { headers?: Record<string, string>; keep?: boolean } = {}) {
    const url = suite.server.page(path, html, options.headers ?? {});
    const watched = await suite.newPage({ keep: options.keep });
    const consoleErrors: string[] = [];
    watched.page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(`${message.text()} (${message.location().url ?? ''})`);
    });
    await watched.page.goto(url);
    await showWholePage(watched.page);
    const reading = await waitForSettledHighlights(watched.page);
    return { ...watched, consoleErrors, reading, found: referenceCountsOf(reading.counts) };
  }

  // The reference page, opened once: the reference-page tests only read it, and the hostile test
  // that clears the registry runs on it last.
  let reference: ReturnType<typeof open> | undefined;
  const referencePage = () => (reference ??= open(REFERENCE_PAGE_PATH, newsArticlePage(), { keep: true }));

  describe('the reference page as a news site lays it out (reference-page.test.ts)', () => {
    it('highlights 4 × 新质生产力, 2 × 能源革命 and 7 × 西部大开发, each occurrence one range', async () => {
      const { found, pageErrors, consoleErrors } = await referencePage();

      expect(found).toEqual(REFERENCE_COUNTS);
      expect(pageErrors).toEqual([]);
      expect(consoleErrors).toEqual([]);
    });

    it('starts and ends every range on the characters of its term, not on layout whitespace', async () => {
      const { reading } = await referencePage();
      expectRangesOnTheirTerms(reading.ranges);
    });

    it('leaves every text node of the page the same object with the same text', async () => {
      const { page } = await referencePage();
      await expectTextNodesUnchanged(evaluating(page));
    });

    it('adds no element inside the page and changes none of its markup', async () => {
      const { page } = await referencePage();
      await expectMarkupUnchanged(evaluating(page));
    });
  });

  describe('hostile pages (hostile.test.ts)', () => {
    it('works on a page that is not a secure context (plain http from a host that is not local): it highlights', async () => {
      // Some APIs exist only in secure contexts, in a content script's world too (crypto.randomUUID
      // once stopped the page script from starting on such pages). The popup's part is Chromium's.
      const url = insecureUrl(suite.server.page('/insecure/p1.html', newsArticlePage()));
      const { page, pageErrors } = await suite.newPage();
      await page.goto(url);
      expect(await page.evaluate(() => isSecureContext)).toBe(false);
      await showWholePage(page);
      const reading = await waitForSettledHighlights(page);
      expect(referenceCountsOf(reading.counts)).toEqual(REFERENCE_COUNTS);
      expect(pageErrors).toEqual([]);
    });

    it('highlights every term of a page whose CSS unsets and restyles every element', async () => {
      const { page, found, pageErrors } = await open(RESTYLED_PATH, restyledNewsPage());
      await screenshot(page, 'hostile-restyled');
      expect(found).toEqual(REFERENCE_COUNTS);
      expect(await page.evaluate(boxlessRanges)).toBe(0);
      // The page's `* { all: unset }` does not reach ::highlight(): TermLens's colour still applies.
      expect(await page.evaluate(highlightBackground)).not.toMatch(NO_COLOUR);
      expect(pageErrors).toEqual([]);
    });

    it('highlights every term of a page whose CSP forbids every style, script and source', async () => {
      const html = newsArticlePage();
      const { page, found, pageErrors } = await open(CSP_PATH, html, { headers: CSP_HEADERS });
      expect(found).toEqual(REFERENCE_COUNTS);
      expect(await page.evaluate(boxlessRanges)).toBe(0);
      expect(await page.evaluate(highlightBackground)).not.toMatch(NO_COLOUR);
      const { reports, errors } = splitCspReports(pageErrors);
      expect(errors).toEqual([]);
      // What the policy blocked is the page's own: its inline <style>s and <script>s, one report
      // each (a style or script TermLens put in the page would add one).
      expect(reports).toEqual({ style: count(html, /<style[\s>]/g), script: count(html, /<script[\s>]/g), other: [] });
    });

    it('highlights every term of a page that overrides Range, Array.push, MutationObserver, CSS.highlights.set and more', async () => {
      const url = suite.server.page(OVERRIDES_PATH, overridingNewsPage());
      const { page, pageErrors } = await suite.newPage();
      await page.goto(url);
      await showWholePage(page);
      // Read with the originals the page kept, and without Array.push.
      expect(await waitForReferenceCountsWithPristine(evaluating(page))).toEqual(REFERENCE_COUNTS);
      // The page's overrides are still the page's: TermLens neither restored nor needed them.
      expect(await page.evaluate(() => window.overridesInPlace!())).toBe(true);
      expect(pageErrors).toEqual([]);
    });

    // On the reference page the tests above read (the same page; Chromium opens it anew), brought to the front.
    it('gets its highlights back, within two seconds, after the page clears the highlight registry it shares', async () => {
      const { page, found, pageErrors } = await referencePage();
      await page.bringToFront();
      expect(found).toEqual(REFERENCE_COUNTS);
      // The page's own script, as a page with its own highlighting library might run it.
      const { leftAfterClear, back, ms } = await clearRegistryAndWaitForHighlights(evaluating(page));
      expect(leftAfterClear).toBe(0);
      expect(back).toEqual(REFERENCE_COUNTS);
      expect(ms, `back after ${ms} ms`).toBeLessThanOrEqual(HIGHLIGHTS_BACK_WITHIN_MS);
      expect(await page.evaluate(highlightBackground)).not.toMatch(NO_COLOUR);
      expect(pageErrors).toEqual([]);
    });
  });

  describe('frames (frames.test.ts)', () => {
    it('highlights the terms of srcdoc, same-origin and script-filled frames, each in its own frame', async () => {
      const { page, pageErrors } = await suite.newPage();
      await page.goto(serveFramesPage(suite.server));

      const frameOf = async (id: string) => {
        const frame = await (await page.$(`#${id}`))?.contentFrame();
        if (!frame) throw new Error(`no frame #${id}`);
        return frame;
      };
      const seen = await waitForFrameCounts({
        top: evaluating(page.mainFrame()),
        srcdoc: evaluating(await frameOf('srcdoc')),
        child: evaluating(await frameOf('child')),
        blank: evaluating(await frameOf('blank')),
      });
      await screenshot(page, 'frames');
      expect(seen).toEqual(FRAME_COUNTS);
      expect(pageErrors).toEqual([]);
    });

    it('puts its page script, and fetches the glossary, only into frames whose document holds text, and into a frame filled later once its text comes', async () => {
      const { page, pageErrors } = await suite.newPage();
      await page.goto(serveAdFramesPage(suite.server));
      const frameOf = async (id: string) => {
        const frame = await (await page.$(`#${id}`))?.contentFrame();
        if (!frame) throw new Error(`no frame #${id}`);
        return frame;
      };
      const frames = { top: page.mainFrame(), pixel: await frameOf('pixel'), empty: await frameOf('empty'), later: await frameOf('later') };
      const seen = await waitForFrameCounts(
        { top: evaluating(frames.top), pixel: evaluating(frames.pixel), empty: evaluating(frames.empty), later: evaluating(frames.later) },
        AD_FRAME_COUNTS,
      );
      expect(seen).toEqual(AD_FRAME_COUNTS);
      expect(await frames.pixel.evaluate(matcherFetchInFrame)).toEqual({ started: false, fetched: false });
      expect(await frames.empty.evaluate(matcherFetchInFrame)).toEqual({ started: false, fetched: false });
      expect(await frames.later.evaluate(matcherFetchInFrame)).toEqual({ started: true, fetched: true });
      expect(pageErrors).toEqual([]);
    });

    it('a frame still waiting for text highlights a term added meanwhile, once its text comes', async () => {
      const { page, pageErrors } = await suite.newPage();
      await page.goto(suite.server.page(WAITING_FRAME_PATH, waitingFramePage()));
      const waiting = await (await page.$('#waiting'))?.contentFrame();
      if (!waiting) throw new Error('no frame #waiting');
      await expectWaitingFrameTakesNewTerm(evaluating(page), { top: evaluating(page.mainFrame()), waiting: evaluating(waiting) }, (term) =>
        addEntry(suite, { term, definition: '测试用的词条。' }),
      );
      expect(pageErrors).toEqual([]);
    });
  });

  describe('editable fields on a news page (editable-fields.test.ts)', () => {
    it('does not highlight a term as the reader types it into a contenteditable', async () => {
      const { page, reading } = await open(EDITORS_PAGE_PATH, newsArticleWithEditorsPage());
      await page.click('#comment-rich');
      await page.keyboard.down('Control');
      await page.keyboard.press('End');
      await page.keyboard.up('Control');
      await page.keyboard.type(TYPED_INTO_RICH);
      await page.click('textarea');
      await page.keyboard.type(TYPED_INTO_TEXTAREA);
      // Absence cannot be awaited: give the observer time to rescan what changed.
      await sleep(RESCAN_GRACE_MS);
      const after = await waitForSettledHighlights(page);

      expect(await page.evaluate(() => document.querySelector('#comment-rich')?.textContent ?? '')).toMatch(new RegExp(`${TYPED_INTO_RICH}$`));
      expect(await page.evaluate(rangesInEditors)).toEqual([]);
      expect(after.counts.get(TYPED_INTO_RICH)).toBe(reading.counts.get(TYPED_INTO_RICH));
    });
  });

  describe('a page of a million characters (large-page.test.ts)', () => {
    it('shows every occurrence in view within a second at the top, 25 %, 50 %, 75 % and 100 %, registering only what is near the viewport', async () => {
      const url = suite.server.page(LARGE_PAGE_PATH, largePage());
      const { page, pageErrors } = await suite.newPage();
      await page.goto(url, { timeout: FIRST_SCREEN_TIMEOUT_MS });
      await expectInViewAtEveryScroll(evaluating(page), 'firefox: ');
      expect(pageErrors).toEqual([]);
    });

    it('shows what is in view within a second after a jump to the middle while the first walk is still under way', async () => {
      const url = suite.server.page(JUMP_PATH, largePage());
      const { page } = await suite.newPage();
      // Puppeteer has no `commit`: the navigation is awaited only to the DOM's completion, which is
      // when TermLens's scan begins (it starts at document_start and waits for it) anyway.
      await page.goto(url, { waitUntil: 'domcontentloaded', timeout: FIRST_SCREEN_TIMEOUT_MS });
      // As soon as TermLens starts on the complete DOM, before its walk can have reached the middle of the page.
      await page.waitForFunction(domReadyMarked, { timeout: FIRST_SCREEN_TIMEOUT_MS, polling: 20 });
      await expectInViewAfterJump(evaluating(page), 'firefox: ');
    });

    // Firefox has no Long Animation Frame entries (nor Long Tasks): its PerformanceObserver.supportedEntryTypes
    // are event, first-input, largest-contentful-paint, mark, measure, navigation, paint and resource
    // (bug 1348405); and the trace that judges each frame by its main-thread time is Chrome's.
    it.skip('runs no Long Animation Frame after load over 50 ms of main-thread work — skipped in Firefox: Firefox has no Long Animation Frame API (nor Long Tasks) and no Chrome trace', () => {});
  });
});
