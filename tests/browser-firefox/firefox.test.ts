// TermLens in Firefox ESR, driven over WebDriver BiDi (tests/browser/firefox.mjs), with the same
// pages and the same expectations as the Chromium suite in tests/browser/: the reference page's
// counts, editable fields, the card on hover, the popup, the options page, and the platform
// differences Firefox forces (gecko id for storage.sync, menus, commands, host access).
// Skipped, with the reason printed, where no Firefox is installed.

import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { newsArticlePage, newsArticleWithEditorsPage, REFERENCE_COUNTS } from '../fixtures/pages/news-article.mjs';
import {
  firefoxSkipReason,
  readCard,
  screenshot,
  showWholePage,
  termRects,
  useFirefoxSuite,
  waitForCard,
  waitForSettledHighlights,
} from './harness';

import { CARD_HOST_TAG } from '../browser/card-reader';
import { expectTimingsOnlyWhenAsked, type EvaluatingPage } from '../browser/shared-pages';

// Puppeteer's Page evaluates as the shared helpers expect; its types differ from EvaluatingPage's.
const evaluating = (page: Page) => page as unknown as EvaluatingPage & { reload(): Promise<unknown> };
import { HOVER_DELAY_MS, hoverTerm as hoverWith, puppeteerPointer, readCardOpening, recordCardOpening, restedBeforeCard } from '../browser/shared-card';
import { PAGE_TERMS_SHOWN } from '../../lib/page-terms';

const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const CARD_SCREENSHOT = join(REPO_ROOT, 'docs', 'screenshots', 'firefox-card.png');

const skipReason = firefoxSkipReason();
if (skipReason) console.log(`firefox: browser suite skipped: ${skipReason}`);

describe.skipIf(skipReason !== null)('TermLens in Firefox ESR', () => {
  const suite = useFirefoxSuite();

  async function openReferencePage(html = newsArticlePage(), path = '/news/2024-04-24/p1.html') {
    const url = suite.server.page(path, html);
    const watched = await suite.newPage();
    await watched.page.goto(url);
    await showWholePage(watched.page);
    const reading = await waitForSettledHighlights(watched.page);
    return { ...watched, reading };
  }

  const referenceCounts = (counts: Map<string, number>) =>
    Object.fromEntries(Object.keys(REFERENCE_COUNTS).map((term) => [term, counts.get(term) ?? 0]));

  describe('the build', () => {
    it('is a Manifest V3 add-on with a gecko id, Firefox 140 or later, and no data collection', () => {
      const manifest = JSON.parse(readFileSync(join(suite.firefox.extensionPath, 'manifest.json'), 'utf8'));
      expect(manifest.manifest_version).toBe(3);
      expect(manifest.browser_specific_settings.gecko).toEqual({
        id: 'termlens@termlens.dev',
        strict_min_version: '140.0',
        data_collection_permissions: { required: ['none'] },
      });
      expect(suite.firefox.extensionId).toBe('termlens@termlens.dev');
    });
  });

  describe('the reference page', () => {
    it('highlights 4 × 新质生产力, 2 × 能源革命 and 7 × 西部大开发, as in Chromium', async () => {
      const { page, pageErrors, reading } = await openReferencePage();
      await screenshot(page, 'reference-page');
      console.log(`firefox: reference page: ${Object.entries(referenceCounts(reading.counts)).map(([t, n]) => `${t} ×${n}`).join(', ')}`);

      expect(referenceCounts(reading.counts)).toEqual(REFERENCE_COUNTS);
      expect(pageErrors).toEqual([]);
    });

    it('finds 西部大开发 across a printed line break and in the letter-spaced headline', async () => {
      const { reading } = await openReferencePage();
      const texts = reading.ranges.filter((r) => r.term === '西部大开发').map((r) => r.text);

      expect(texts).toContain('西 部 大 开 发');
      expect(texts.filter((t) => /\n/.test(t)).length).toBeGreaterThanOrEqual(1);
    });
  });

  describe('what the page learns (hostile.test.ts)', () => {
    it('leaves nothing of its own in the page\'s performance timeline, unless storage asks for its timings', async () => {
      const { page, reading } = await openReferencePage(newsArticlePage(), '/news/timeline.html');
      expect(referenceCounts(reading.counts)).toEqual(REFERENCE_COUNTS);
      await expectTimingsOnlyWhenAsked(
        evaluating(page),
        (on) => suite.firefox.callBackground(`browser.storage.local.set({ timings: ${on} })`),
        () => waitForSettledHighlights(page),
      );
    });
  });

  describe('editable fields', () => {
    it('highlights nothing inside contenteditable, <textarea> or <input>, and the same terms outside them', async () => {
      const { page, reading } = await openReferencePage(newsArticleWithEditorsPage(), '/news/2024-04-24/p1-comments.html');
      const inEditors = await page.evaluate(() => {
        const out: string[] = [];
        CSS.highlights.forEach((highlight, name) => {
          if (!name.startsWith('termlens-')) return;
          for (const r of highlight) {
            const node = r.startContainer;
            const element = node instanceof Element ? node : node.parentElement;
            if (element?.closest('[contenteditable], textarea, input')) out.push(`${name}: ${element.localName}`);
          }
        });
        return out;
      });
      const held = await page.evaluate(() => document.querySelector('#comment-rich')?.textContent ?? '');

      expect(held).toMatch(/西部大开发/);
      expect(inEditors).toEqual([]);
      expect(referenceCounts(reading.counts)).toEqual(REFERENCE_COUNTS);
    });
  });

  describe('the entry card', () => {
    /** Moves the real mouse onto the first occurrence of `term` (shared-card.ts); its box. */
    const hoverTerm = async (page: Page, term: string, options: { direct?: boolean } = {}) =>
      (await hoverWith(puppeteerPointer(page, termRects), term, 0, options)).rect;

    it('opens when the mouse rests on 新质生产力, in a closed shadow root, with its definition, English rendering, tags, source and list', async () => {
      const { page, pageErrors } = await openReferencePage();
      await page.setViewport({ width: 1280, height: 900 });
      await page.evaluate(recordCardOpening, CARD_HOST_TAG);
      const rect = await hoverTerm(page, '新质生产力', { direct: true });

      const card = await waitForCard(suite, page, '新质生产力');
      // Not at once: a pointer passing over a term is not a request. Timed on the page's clock (less
      // 5 ms: the page hears of the move a moment after the content script does).
      expect(restedBeforeCard(await page.evaluate(readCardOpening), rect)).toBeGreaterThanOrEqual(HOVER_DELAY_MS - 5);
      await new Promise((r) => setTimeout(r, 300));
      await screenshot(page, CARD_SCREENSHOT);

      expect(card.closedRoot).toBe(true);
      expect(card.termLang).toBe('zh-Hans');
      expect(card.renderings).toContain('new quality productive forces');
      expect(card.definition).toMatch(/^以科技创新为主导/);
      expect(card.tags).toEqual(['经济', '科技']);
      expect(card.source).toMatchObject({ target: '_blank', rel: 'noopener noreferrer', href: 'http://en.qstheory.cn/xijinping.html' });
      expect(card.list).toMatch(/政策术语入门词表|Starter policy glossary/);
      expect(card.role).toBe('dialog');
      expect(card.live).toMatch(/新质生产力/);
      const gap = Math.min(Math.abs(card.rect!.top - (rect.y + rect.height)), Math.abs(rect.y - card.rect!.bottom));
      expect(gap).toBeLessThan(30);
      expect(card.rect!.right).toBeLessThanOrEqual(1280);
      expect(pageErrors).toEqual([]);
    });

    it('closes on Escape', async () => {
      const { page } = await openReferencePage();
      await page.setViewport({ width: 1280, height: 900 });
      await hoverTerm(page, '西部大开发');
      await waitForCard(suite, page, '西部大开发');
      await page.keyboard.press('Escape');
      await expect.poll(async () => (await readCard(suite, page))?.open ?? false, { timeout: 2_000 }).toBe(false);
    });
  });

  describe('the popup (popup.test.ts)', () => {
    // The two Chromium tests each open the reference page and the popup; here both run on one.
    it('lists the terms of the page with the counts the page highlights; filters the glossary as the reader types: 西部 shows 西部大开发 and hides 能源革命', async () => {
      const { page, reading } = await openReferencePage();
      const tabId = await suite.firefox.tabIdOf(page);
      const popup = await suite.firefox.openExtensionPage(`popup.html?tab=${tabId}`);
      try {
        // The popup shows the page's most frequent terms first; its button shows the rest.
        expect(await pollRows(popup)).toHaveLength(PAGE_TERMS_SHOWN);
        await popup.evaluate(`(content) => content.document.querySelector('[data-testid="page-terms-more"]').click()`);
        const rows = await pollRows(popup, PAGE_TERMS_SHOWN + 1);
        const terms = Object.keys(REFERENCE_COUNTS);
        const shown = Object.fromEntries(
          terms.map((term) => [term, rows.filter((r) => r.text.replace(/\s/g, '').startsWith(term)).map((r) => r.count)]),
        );
        expect(shown).toEqual(Object.fromEntries(terms.map((term) => [term, [REFERENCE_COUNTS[term as keyof typeof REFERENCE_COUNTS]]])));
        // A row counts its entry's variants too, so rows and registry texts need not pair up; but
        // every range is one row's occurrence.
        const occurrences = reading.ranges.filter((r) => !r.collapsed).length;
        expect(rows.reduce((sum, r) => sum + r.count, 0)).toBe(occurrences);

        // The search. Typed as an input method commits text (nsITextInputProcessor, from the tab's
        // frame script): BiDi cannot send keys to a moz-extension page, and 西部 is not on a keyboard
        // anyway. Chromium's test first waits for 能源革命 to be listed; the popup lists the first 50
        // of the 71 starter entries in id order and 能源革命 is the 58th, so here typing 能源 shows it first.
        const visibleEntries = () =>
          popup.evaluate<string[]>(`(content) => Array.from(content.document.querySelectorAll('[data-testid="glossary-entry"]'))
            .filter((e) => e.getClientRects().length > 0 && content.getComputedStyle(e).visibility !== 'hidden')
            .map((e) => e.querySelector('.tl-entry-term')?.textContent ?? '')`);
        const type = (text: string) =>
          popup.evaluate<string>(
            `(content, text) => {
              const input = content.document.querySelector('[data-testid="glossary-search"]');
              input.focus();
              const tip = Components.classes['@mozilla.org/text-input-processor;1'].createInstance(Components.interfaces.nsITextInputProcessor);
              if (!tip.beginInputTransactionForTests(content)) throw new Error('no input transaction');
              input.select();
              if (input.value) tip.keydown(new content.KeyboardEvent('', { key: 'Backspace', code: 'Backspace', keyCode: 8 }));
              for (const ch of text) tip.commitCompositionWith(ch);
              return input.value;
            }`,
            text,
          );
        await pollUntil(visibleEntries, (listed) => listed.length > 0);

        expect(await type('能源')).toBe('能源');
        expect(await pollUntil(visibleEntries, (listed) => listed.includes('能源革命'), 5_000)).toContain('能源革命');

        expect(await type('西部')).toBe('西部');
        const western = await pollUntil(visibleEntries, (listed) => listed.includes('西部大开发') && !listed.includes('能源革命'), 5_000);
        expect(western).toContain('西部大开发');
        expect(western.filter((t) => t === '能源革命')).toEqual([]);
      } finally {
        await popup.close();
      }
    });
  });

  describe('the options page', () => {
    it('loads the workspace with the starter glossary', async () => {
      const options = await suite.firefox.openExtensionPage('options.html');
      try {
        const state = await pollUntil(
          () => options.evaluate<{ title: string; rows: number }>(`(content) => ({
            title: content.document.title,
            rows: content.document.querySelectorAll('[data-testid="entry-table"] [role="row"], [data-testid="entry-table"] tr').length,
          })`),
          (s) => s.rows > 5,
        );
        expect(state.title).toMatch(/TermLens|术语镜/);
        expect(state.rows).toBeGreaterThan(5);
      } finally {
        await options.close();
      }
    });
  });

  describe('platform differences', () => {
    it('assigns the keyboard commands Alt+Shift+J, K and H', async () => {
      const page = await suite.firefox.openExtensionPage('popup.html');
      try {
        const commands = await page.callExtension<{ name: string; shortcut: string }[]>('browser.commands.getAll()');
        expect(Object.fromEntries(commands.map((c) => [c.name, c.shortcut]))).toEqual({
          'next-term': 'Alt+Shift+J',
          'previous-term': 'Alt+Shift+K',
          'toggle-site': 'Alt+Shift+H',
        });
      } finally {
        await page.close();
      }
    });

    it('has storage.sync (it needs the gecko id) and the context-menu API', async () => {
      const page = await suite.firefox.openExtensionPage('popup.html');
      try {
        const result = await page.callExtension<{ read: unknown; menus: boolean }>(`(async () => {
          await browser.storage.sync.set({ 'termlens-firefox-probe': 1 });
          const read = (await browser.storage.sync.get('termlens-firefox-probe'))['termlens-firefox-probe'];
          await browser.storage.sync.remove('termlens-firefox-probe');
          return { read, menus: typeof browser.contextMenus?.create === 'function' };
        })()`);
        expect(result).toEqual({ read: 1, menus: true });
      } finally {
        await page.close();
      }
    });

    it('explains and asks for access to pages on its own page, and opens it on install only when access is missing', async () => {
      // Access is granted at install here, so no tab was opened for it.
      const open = await suite.firefox.chromeEval<string[]>('Promise.resolve(gBrowser.tabs.map((t) => t.linkedBrowser.currentURI.spec))');
      expect(open.filter((u) => u.includes('host-access.html'))).toEqual([]);
      const page = await suite.firefox.openExtensionPage('host-access.html');
      try {
        const shown = await page.evaluate<{ title: string; why: string; button: string; result: string }>(`(content) => ({
          title: content.document.querySelector('h1').textContent,
          why: content.document.querySelector('#why').textContent,
          button: content.document.querySelector('#allow').textContent,
          result: content.document.querySelector('#result').dataset.state ?? '',
        })`);
        expect(shown.title).toMatch(/TermLens|术语镜/);
        expect(shown.why.length).toBeGreaterThan(40);
        expect(shown.button).toMatch(/Allow|允许/);
        // It already has access, so the page says so rather than asking.
        await expect.poll(() => page.evaluate(`(content) => content.document.querySelector('#result').dataset.state ?? ''`)).toBe('granted');
      } finally {
        await page.close();
      }
    });

    it('holds access to every site for its content script (granted at install since Firefox 127)', async () => {
      const page = await suite.firefox.openExtensionPage('popup.html');
      try {
        expect(await page.callExtension('browser.permissions.contains({ origins: ["<all_urls>"] })')).toBe(true);
      } finally {
        await page.close();
      }
    });
  });
});

async function pollUntil<T>(read: () => Promise<T>, done: (value: T) => boolean, timeout = 15_000): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The popup's page-term rows, once it has listed them (it polls the page's counts). */
function pollRows(popup: { evaluate<T>(fn: string): Promise<T> }, atLeast = 3) {
  return pollUntil(
    () =>
      popup.evaluate<{ text: string; count: number }[]>(`(content) =>
        Array.from(content.document.querySelectorAll('[data-testid="page-term"]')).map((e) => ({
          text: e.textContent ?? '',
          count: Number.parseInt((e.querySelector('[data-testid="page-term-count"]')?.textContent ?? '').replace(/\\D+/g, ''), 10),
        }))`),
    (rows) => rows.length >= atLeast,
  );
}
