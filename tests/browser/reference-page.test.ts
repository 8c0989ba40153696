// The reference page (tests/fixtures/jinzhong-daily-2024-04-24-p1.txt) in layout A, the news
// site: a <p> per paragraph, a <span> per printed line, <br> between lines.

import { describe, expect, it } from 'vitest';
import { newsArticlePage, REFERENCE_COUNTS } from '../fixtures/pages/news-article.mjs';
import { screenshot, showWholePage, useBrowserSuite, waitForSettledHighlights } from './harness';

const suite = useBrowserSuite();

async function openReferencePage() {
  const url = suite.server.page('/news/2024-04-24/p1.html', newsArticlePage());
  const watched = await suite.newPage();
  await watched.page.goto(url);
  await showWholePage(watched.page);
  const reading = await waitForSettledHighlights(watched.page);
  return { ...watched, reading };
}

describe('the reference page as a news site lays it out', () => {
  it('highlights 4 × 新质生产力, 2 × 能源革命 and 7 × 西部大开发, each occurrence one range', async () => {
    const { page, errors, reading } = await openReferencePage();
    await screenshot(page, 'reference-page', { fullPage: true });

    const found = Object.fromEntries(Object.keys(REFERENCE_COUNTS).map((term) => [term, reading.counts.get(term) ?? 0]));
    expect(found).toEqual(REFERENCE_COUNTS);
    expect(errors.pageErrors).toEqual([]);
    expect(errors.consoleErrors).toEqual([]);
  });

  it('finds 西部大开发 across a printed line break and in the letter-spaced headline', async () => {
    const { reading } = await openReferencePage();
    const texts = reading.ranges.filter((r) => r.term === '西部大开发').map((r) => r.text);

    expect(texts).toContain('西 部 大 开 发');
    // 西部大开\n发 and 推动西部大开\n发 in the lead story: the range runs over <span>…</span><br>\n<span>.
    expect(texts.filter((t) => /\n/.test(t)).length).toBeGreaterThanOrEqual(1);
    expect(reading.ranges.filter((r) => r.term === '新质生产力').map((r) => r.text)).toContain('新\n质生产力');
  });

  it('starts and ends every range on the characters of its term, not on layout whitespace', async () => {
    const { reading } = await openReferencePage();
    const loose = reading.ranges.filter((r) => !r.collapsed && /^\s|\s$/.test(r.text)).map((r) => JSON.stringify(r.text));

    expect(reading.ranges.length).toBeGreaterThan(0);
    expect(loose).toEqual([]);
  });

  it('leaves every text node of the page the same object with the same text', async () => {
    const { page } = await openReferencePage();
    const result = await page.evaluate(() => {
      const inTermLensUi = (node: Node) => {
        for (let e = node.parentElement; e; e = e.parentElement) {
          if (e.localName.startsWith('termlens-')) return true;
        }
        return false;
      };
      const before = window.__termlensTextNodes ?? [];
      const after: Text[] = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) if (!inTermLensUi(n)) after.push(n as Text);
      const firstDifferent = before.findIndex(([node, data], i) => after[i] !== node || node.data !== data);
      return {
        recorded: before.length,
        now: after.length,
        firstDifferent,
        difference:
          firstDifferent < 0 ? null : { was: before[firstDifferent]?.[1], now: after[firstDifferent]?.data ?? null },
      };
    });

    expect(result.recorded).toBeGreaterThan(100);
    expect(result).toEqual({ recorded: result.recorded, now: result.recorded, firstDifferent: -1, difference: null });
  });

  it('adds no element inside the page and changes none of its markup', async () => {
    const { page } = await openReferencePage();
    const result = await page.evaluate(() => {
      const own = (e: Element) => e.localName.startsWith('termlens-');
      const insideOwn = (e: Element) => {
        for (let p: Element | null = e; p; p = p.parentElement) if (own(p)) return true;
        return false;
      };
      const before = window.__termlensElements ?? [];
      const after = Array.from(document.body.getElementsByTagName('*')).filter((e) => !insideOwn(e));
      const hosts = Array.from(document.querySelectorAll('*')).filter(own);
      return {
        recorded: before.length,
        sameElements: before.length === after.length && before.every((e, i) => after[i] === e),
        added: after.filter((e) => !before.includes(e)).map((e) => e.outerHTML.slice(0, 120)),
        sameMainHtml: document.querySelector('main')?.outerHTML === window.__termlensMainHtml,
        uiHosts: hosts.map((h) => ({ tag: h.localName, parent: h.parentElement?.localName ?? null })),
      };
    });

    expect(result.recorded).toBeGreaterThan(100);
    expect(result.added).toEqual([]);
    expect(result.sameElements).toBe(true);
    expect(result.sameMainHtml).toBe(true);
    // TermLens may add one host element for its own UI, directly under <html> or <body>.
    expect(result.uiHosts.length).toBeLessThanOrEqual(1);
    for (const host of result.uiHosts) expect(['html', 'body']).toContain(host.parent);
  });
});
