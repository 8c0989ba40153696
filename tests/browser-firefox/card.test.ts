// The entry card (tests/browser/card.test.ts), mirrored in Firefox ESR with the same pages and the
// same assertions (tests/browser/shared-card.ts): how it closes, what a screen reader is given,
// hostile pages and a hostile entry, touch, a strict CSP and a dark colour scheme. 'opens when the
// mouse rests on 新质生产力…' and 'closes on Escape' are in firefox.test.ts, on its reference page.
// Each describe names its Chromium describe, and each title its Chromium test; where one Firefox
// test covers several Chromium tests on the same page, its title says them all.
//
// The card is in a closed shadow root: it is read by a privileged frame script
// (harness.ts readCard / cardStyle), where Chromium uses the DevTools protocol.

import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { newsArticlePage } from '../fixtures/pages/news-article.mjs';
import {
  addParagraphInPage,
  allUnsetPage,
  CARD_FONT_SIZE,
  DARK_CARD_BACKGROUND,
  darkPage,
  HOSTILE_ENTRY,
  HOSTILE_ENTRY_PARAGRAPH,
  hoverTerm as hoverWith,
  NOT_FOLLOWED_MS,
  puppeteerPointer,
  pwnedInPage,
  READABLE_CARD,
  REFERENCE_PAGE_PATH,
  REST_ON_CARD_MS,
  STRICT_CSP,
  TOUCH_TARGET_PAGE,
  touchLinkPage,
  TRANSPARENT,
} from '../browser/shared-card';
import {
  addEntry,
  cardStyle,
  firefoxSkipReason,
  readCard,
  screenshot,
  setContentColorScheme,
  termRects,
  useFirefoxSuite,
  waitForCard,
  waitForHighlights,
  waitForNoCard,
  waitForSettledHighlights,
  type FirefoxSuite,
} from './harness';

const skipReason = firefoxSkipReason();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const hoverTerm = (page: Page, term: string, which = 0) => hoverWith(puppeteerPointer(page, termRects), term, which);

describe.skipIf(skipReason !== null)('the entry card (card.test.ts), in Firefox ESR', () => {
  const suite = useFirefoxSuite();

  async function openReferencePage(html = newsArticlePage(), path = REFERENCE_PAGE_PATH, headers?: Record<string, string>) {
    const url = suite.server.page(path, html, headers);
    const watched = await suite.newPage();
    await watched.page.goto(url);
    await waitForSettledHighlights(watched.page);
    return watched;
  }

  describe('the entry card on the reference page (card.test.ts)', () => {
    // Three Chromium tests, each on a fresh reference page; here one page, the card closed between them.
    it('stays open while the mouse moves onto the card, and closes once it leaves both; closes on a click outside the card; closes when its term scrolls out of view', async () => {
      const { page, pageErrors } = await openReferencePage();
      await hoverTerm(page, '新质生产力');
      const card = await waitForCard(suite, page, '新质生产力');

      // Stays open while the mouse moves onto the card, and closes once it leaves both.
      const r = card.rect!;
      await page.mouse.move((r.left + r.right) / 2, (r.top + r.bottom) / 2, { steps: 6 });
      await sleep(REST_ON_CARD_MS);
      expect((await readCard(suite, page))?.open).toBe(true);
      await page.mouse.move(5, 5, { steps: 4 });
      await waitForNoCard(suite, page, 2_000);

      // Closes on a click outside the card (resting on the card first keeps it open).
      const { x, y } = await hoverTerm(page, '能源革命');
      const energy = await waitForCard(suite, page, '能源革命');
      await page.mouse.move((energy.rect!.left + energy.rect!.right) / 2, energy.rect!.top + 10, { steps: 4 });
      await page.mouse.click(x, Math.max(5, y - 200));
      await waitForNoCard(suite, page, 1_000);

      // Closes when its term scrolls out of view.
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.mouse.move(5, 5);
      await hoverTerm(page, '新质生产力');
      const again = await waitForCard(suite, page, '新质生产力');
      await page.mouse.move((again.rect!.left + again.rect!.right) / 2, again.rect!.top + 10, { steps: 4 });
      await page.evaluate(() => window.scrollBy(0, window.innerHeight * 2));
      await waitForNoCard(suite, page, 2_000);
      expect(pageErrors).toEqual([]);
    });
  });

  describe('the entry card on hostile pages (card.test.ts)', () => {
    it('stays readable on a page that sets * { all: unset !important }', async () => {
      const { page } = await openReferencePage(allUnsetPage(), '/hostile/all-unset.html');
      await hoverTerm(page, '新质生产力');
      const card = await waitForCard(suite, page, '新质生产力');
      await screenshot(page, 'card-hostile-all-unset');

      expect(card.rect!.right - card.rect!.left).toBeGreaterThan(READABLE_CARD.width);
      expect(card.rect!.bottom - card.rect!.top).toBeGreaterThan(READABLE_CARD.height);
      expect(card.definition.length).toBeGreaterThan(READABLE_CARD.definitionLength);
      const style = await cardStyle(suite, page);
      expect(style).toMatchObject({ position: 'fixed', display: 'block' });
      expect(style.background).not.toBe(TRANSPARENT);
      expect(style.fontSize).toBe(CARD_FONT_SIZE);
    });
  });

  describe('the entry card on touch screens, strict CSP and dark pages (card.test.ts)', () => {
    it('opens the card on a tap on a term inside a link, and follows the link only on a second tap', async () => {
      const target = suite.server.page('/touch/target.html', TOUCH_TARGET_PAGE);
      const url = suite.server.page('/touch/link.html', touchLinkPage(target));
      const { page } = await suite.newPage();
      await page.goto(url);
      // What the page is given by a tap: Chromium's test dispatches touch input through the
      // DevTools protocol; here puppeteer's touchscreen sends WebDriver BiDi pointer actions of
      // type touch. The page records the pointer type of each press and click, so the test knows
      // the card opened on a touch tap and not on an emulated mouse click.
      await page.evaluate(() => {
        const seen: string[] = [];
        (window as { seenPointers?: string[] }).seenPointers = seen;
        for (const type of ['pointerdown', 'click'])
          addEventListener(type, (e) => seen.push(`${type}:${(e as PointerEvent).pointerType ?? 'none'}`), { capture: true });
      });
      await waitForHighlights(page, (r) => r.counts.has('新质生产力'));
      const rect = (await termRects(page, '新质生产力'))[0]!;
      // Whole pixels: BiDi's pointer actions take no fractions.
      const x = Math.round(rect.x + rect.width / 2);
      const y = Math.round(rect.y + rect.height / 2);

      await page.touchscreen.tap(x, y);
      const card = await waitForCard(suite, page, '新质生产力');
      expect(card.open).toBe(true);
      await sleep(NOT_FOLLOWED_MS);
      expect(page.url()).toBe(url);
      expect(await page.evaluate(() => (window as { seenPointers?: string[] }).seenPointers)).toEqual(['pointerdown:touch', 'click:touch']);

      await Promise.all([page.waitForNavigation({ timeout: 5_000 }), page.touchscreen.tap(x, y)]);
      expect(page.url()).toBe(target);
    });

    it('is styled on a page whose CSP allows no inline style', async () => {
      const { page } = await openReferencePage(newsArticlePage(), '/csp/strict.html', STRICT_CSP);
      await hoverTerm(page, '新质生产力');
      await waitForCard(suite, page, '新质生产力');
      const style = await cardStyle(suite, page);
      expect(style).toMatchObject({ position: 'fixed', display: 'block', fontSize: CARD_FONT_SIZE });
      expect(style.background).not.toBe(TRANSPARENT);
    });

    it('turns dark with the reader’s colour scheme, and stays readable on a dark page', async () => {
      // Chromium emulates the media feature through the DevTools protocol (page.emulateMedia);
      // puppeteer's emulateMediaFeatures is CDP-only too. Firefox's own switch is the pref behind
      // Settings › Website appearance (0 = dark), which content sees as prefers-color-scheme: dark.
      // It is browser-wide, so it is put back when the test ends.
      await setContentColorScheme(suite, 'dark');
      try {
        const { page } = await openReferencePage(darkPage(), '/dark/p1.html');
        expect(await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).toBe(true);
        await hoverTerm(page, '西部大开发');
        await waitForCard(suite, page, '西部大开发');
        await screenshot(page, 'card-dark');
        const style = await cardStyle(suite, page);
        expect(style.background).toBe(DARK_CARD_BACKGROUND);
      } finally {
        await setContentColorScheme(suite, null);
      }
    });
  });

  // Late in the file: it starts Firefox's accessibility service in the content process, which then
  // keeps an accessibility tree of every page (slower pages for the tests after it).
  describe('the entry card on the reference page, read as a screen reader reads it (card.test.ts)', () => {
    it('is a dialog named by its term in the accessibility tree, and a live region says it', async () => {
      const { page } = await openReferencePage();
      await hoverTerm(page, '新质生产力');
      await waitForCard(suite, page, '新质生产力');
      // Chromium reads its accessibility tree over the DevTools protocol. Firefox's counterpart is
      // Gecko's own accessibility tree (nsIAccessibilityService, what ATK/UIA/NSAccessibility
      // expose to screen readers), read from a privileged frame script in the page's process. It
      // crosses the closed shadow root and computes each accessible's role and name as a screen
      // reader gets them (the dialog's name from aria-labelledby). Checked: a dialog accessible
      // named 新质生产力, and a status accessible (Gecko's role name: "statusbar") whose `live`
      // object attribute is "polite". Not checked: that an OS screen reader is told (no platform
      // accessibility bus in headless CI), nor the words it would say.
      const nodes = await accessibleNodes(suite, page, (all) => all.some((n) => n.role === 'dialog'));
      expect(nodes.filter((n) => n.role === 'dialog').map((n) => n.name)).toContain('新质生产力');
      expect(nodes.find((n) => n.role === 'statusbar')?.live).toBe('polite');
    });
  });

  // Last in the file: it adds an entry to the glossary.
  describe('the entry card on hostile pages, with a hostile entry (card.test.ts)', () => {
    it('shows a definition holding <img src=x onerror=…> as text, and runs nothing', async () => {
      const { page } = await openReferencePage();
      await addEntry(suite, HOSTILE_ENTRY);

      await page.evaluate(addParagraphInPage, HOSTILE_ENTRY_PARAGRAPH);
      await waitForHighlights(page, (r) => r.counts.has(HOSTILE_ENTRY.term), { timeout: 5_000 });
      await hoverTerm(page, HOSTILE_ENTRY.term);
      const card = await waitForCard(suite, page, HOSTILE_ENTRY.term);
      await sleep(300);
      await screenshot(page, 'card-hostile-definition');

      expect(card.definition).toBe(HOSTILE_ENTRY.definition);
      expect(card.elementTags).not.toContain('img');
      // A javascript: source is shown, never linked.
      expect(card.source?.href).toBeNull();
      expect(await page.evaluate(pwnedInPage)).toEqual({ flag: null, title: expect.not.stringMatching(/pwned/) });
    });
  });
});

/** One accessible of Gecko's accessibility tree: its role as Gecko names it, its name and its `live` object attribute. */
interface AccessibleNode {
  role: string;
  name: string | null;
  live: string;
}

/**
 * Gecko's accessibility tree of the page's document, in tree order, text leaves left out. Starting
 * the accessibility service builds the tree asynchronously, so it is read again until `ready` holds
 * (at most 5 s).
 */
async function accessibleNodes(suite: FirefoxSuite, page: Page, ready: (nodes: AccessibleNode[]) => boolean): Promise<AccessibleNode[]> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const nodes = await suite.firefox.inPageTab<AccessibleNode[]>(
      page,
      `(content) => {
        const service = Components.classes['@mozilla.org/accessibilityService;1'].getService(Components.interfaces.nsIAccessibilityService);
        const out = [];
        const walk = (accessible) => {
          let live = '';
          try { live = accessible.attributes.getStringProperty('live'); } catch {}
          const role = service.getStringRole(accessible.role);
          if (role !== 'text leaf') out.push({ role, name: accessible.name, live });
          for (let child = accessible.firstChild; child; child = child.nextSibling) walk(child);
        };
        const root = service.getAccessibleFor(content.document);
        if (root) walk(root);
        return out;
      }`,
    );
    if (ready(nodes)) return nodes;
    if (Date.now() > deadline) throw new Error(`The accessibility tree was not ready within 5 s: ${JSON.stringify(nodes)}`);
    await sleep(150);
  }
}
