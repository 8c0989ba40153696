// The entry card: hover with a real mouse on the reference page (tests/fixtures/pages/news-article.mjs),
// how it closes, and how it survives hostile pages. The card is in a closed shadow root; it is
// read through the DevTools protocol (tests/browser/card-reader.ts).

import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newsArticlePage } from '../fixtures/pages/news-article.mjs';
import { addEntry } from './add-entry';
import { CARD_HOST_TAG, readCard, termRects, waitForCard, waitForNoCard } from './card-reader';
import { screenshot, useBrowserSuite, waitForSettledHighlights, waitForHighlights } from './harness';
import {
  addParagraphInPage,
  allUnsetPage,
  CARD_FONT_SIZE,
  DARK_CARD_BACKGROUND,
  darkPage,
  HOSTILE_ENTRY,
  HOSTILE_ENTRY_PARAGRAPH,
  HOVER_DELAY_MS,
  hoverTerm as hoverWith,
  NOT_FOLLOWED_MS,
  playwrightPointer,
  pwnedInPage,
  readCardOpening,
  READABLE_CARD,
  recordCardOpening,
  REFERENCE_PAGE_PATH,
  REST_ON_CARD_MS,
  restedBeforeCard,
  STRICT_CSP,
  TOUCH_TARGET_PAGE,
  touchLinkPage,
  TRANSPARENT,
} from './shared-card';

const suite = useBrowserSuite();

async function openReferencePage() {
  const url = suite.server.page(REFERENCE_PAGE_PATH, newsArticlePage());
  const watched = await suite.newPage();
  await watched.page.goto(url);
  await waitForSettledHighlights(watched.page);
  return watched;
}

/** Moves the real mouse onto the middle of the first visible occurrence of `term`, in small steps (shared-card.ts). */
const hoverTerm = (page: Page, term: string, which = 0, options: { direct?: boolean } = {}) =>
  hoverWith(playwrightPointer(page, termRects), term, which, options);

describe('the entry card on the reference page', () => {
  it('opens when the mouse rests on 新质生产力, with its definition and English rendering', async () => {
    const { page, errors } = await openReferencePage();
    await page.evaluate(recordCardOpening, CARD_HOST_TAG);
    const { rect } = await hoverTerm(page, '新质生产力', 0, { direct: true });

    const card = await waitForCard(page, '新质生产力');
    // Not at once: a pointer passing over a term is not a request. Timed on the page's clock (less
    // 5 ms: the page hears of the move a moment after the content script does).
    expect(restedBeforeCard(await page.evaluate(readCardOpening), rect)).toBeGreaterThanOrEqual(HOVER_DELAY_MS - 5);
    await screenshot(page, 'card-hover');
    expect(card.closedRoot).toBe(true);
    expect(card.termLang).toBe('zh-Hans');
    expect(card.renderings).toContain('new quality productive forces');
    expect(card.definition).toMatch(/^以科技创新为主导/);
    expect(card.tags).toEqual(['经济', '科技']);
    expect(card.source).toMatchObject({ target: '_blank', rel: 'noopener noreferrer', href: 'http://en.qstheory.cn/xijinping.html' });
    expect(card.list).toMatch(/政策术语入门词表|Starter policy glossary/);
    expect(card.role).toBe('dialog');
    expect(card.live).toMatch(/新质生产力/);
    // Beside the term, and on screen.
    const viewport = page.viewportSize()!;
    expect(card.rect!.left).toBeGreaterThanOrEqual(0);
    expect(card.rect!.right).toBeLessThanOrEqual(viewport.width);
    expect(card.rect!.bottom).toBeLessThanOrEqual(viewport.height);
    const gap = Math.min(Math.abs(card.rect!.top - (rect.y + rect.height)), Math.abs(rect.y - card.rect!.bottom));
    expect(gap).toBeLessThan(30);
    expect(errors.pageErrors).toEqual([]);
  });

  it('is a dialog named by its term in the accessibility tree, and a live region says it', async () => {
    const { page } = await openReferencePage();
    await hoverTerm(page, '新质生产力');
    await waitForCard(page, '新质生产力');
    // The accessibility tree crosses closed shadow roots: it is what a screen reader reads.
    const cdp = await page.context().newCDPSession(page);
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as {
      nodes: { role?: { value?: string }; name?: { value?: string }; properties?: { name: string; value: { value?: unknown } }[] }[];
    };
    await cdp.detach();
    const dialogs = nodes.filter((n) => n.role?.value === 'dialog').map((n) => n.name?.value);
    expect(dialogs).toContain('新质生产力');
    const status = nodes.find((n) => n.role?.value === 'status');
    expect(status?.properties?.find((p) => p.name === 'live')?.value.value).toBe('polite');
  });

  it('stays open while the mouse moves onto the card, and closes once it leaves both', async () => {
    const { page } = await openReferencePage();
    await hoverTerm(page, '新质生产力');
    const card = await waitForCard(page, '新质生产力');
    const r = card.rect!;
    await page.mouse.move((r.left + r.right) / 2, (r.top + r.bottom) / 2, { steps: 6 });
    await page.waitForTimeout(REST_ON_CARD_MS);
    expect((await readCard(page))?.open).toBe(true);

    await page.mouse.move(5, 5, { steps: 4 });
    await waitForNoCard(page, 2_000);
  });

  it('closes on Escape', async () => {
    const { page } = await openReferencePage();
    await hoverTerm(page, '西部大开发');
    await waitForCard(page, '西部大开发');
    await page.keyboard.press('Escape');
    await waitForNoCard(page, 1_000);
  });

  it('closes on a click outside the card', async () => {
    const { page } = await openReferencePage();
    const { x, y } = await hoverTerm(page, '能源革命');
    const card = await waitForCard(page, '能源革命');
    // Keep the card open by resting on it, then click elsewhere on the page.
    await page.mouse.move((card.rect!.left + card.rect!.right) / 2, card.rect!.top + 10, { steps: 4 });
    await page.mouse.click(x, Math.max(5, y - 200));
    await waitForNoCard(page, 1_000);
  });

  it('closes when its term scrolls out of view', async () => {
    const { page } = await openReferencePage();
    await hoverTerm(page, '新质生产力');
    const card = await waitForCard(page, '新质生产力');
    await page.mouse.move((card.rect!.left + card.rect!.right) / 2, card.rect!.top + 10, { steps: 4 });
    await page.evaluate(() => window.scrollBy(0, window.innerHeight * 2));
    await waitForNoCard(page, 2_000);
  });
});

describe('the entry card on hostile pages', () => {
  it('stays readable on a page that sets * { all: unset !important }', async () => {
    const url = suite.server.page('/hostile/all-unset.html', allUnsetPage());
    const { page } = await suite.newPage();
    await page.goto(url);
    await waitForSettledHighlights(page);
    await hoverTerm(page, '新质生产力');
    const card = await waitForCard(page, '新质生产力');
    const path = await screenshot(page, 'card-hostile-all-unset');

    // Readable: a box of a card's size, on screen, with the definition in it.
    expect(card.rect!.right - card.rect!.left).toBeGreaterThan(READABLE_CARD.width);
    expect(card.rect!.bottom - card.rect!.top).toBeGreaterThan(READABLE_CARD.height);
    expect(card.definition.length).toBeGreaterThan(READABLE_CARD.definitionLength);
    const style = await cardStyle(page);
    expect(style).toMatchObject({ position: 'fixed', display: 'block' });
    expect(style.background).not.toBe(TRANSPARENT);
    expect(style.fontSize).toBe(CARD_FONT_SIZE);
    expect(path).toMatch(/card-hostile-all-unset\.png$/);
  });

  it('shows a definition holding <img src=x onerror=…> as text, and runs nothing', async () => {
    const { page } = await openReferencePage();
    const extension = await suite.browser.context.newPage();
    await extension.goto(suite.browser.extensionUrl('popup.html'));
    await addEntry(extension, HOSTILE_ENTRY);
    await extension.close();

    await page.evaluate(addParagraphInPage, HOSTILE_ENTRY_PARAGRAPH);
    await waitForHighlights(page, (r) => r.counts.has(HOSTILE_ENTRY.term), { timeout: 5_000 });
    await hoverTerm(page, HOSTILE_ENTRY.term);
    const card = await waitForCard(page, HOSTILE_ENTRY.term);
    await page.waitForTimeout(300);
    await screenshot(page, 'card-hostile-definition');

    expect(card.definition).toBe(HOSTILE_ENTRY.definition);
    expect(card.elementTags).not.toContain('img');
    // A javascript: source is shown, never linked.
    expect(card.source?.href).toBeNull();
    expect(await page.evaluate(pwnedInPage)).toEqual({
      flag: null,
      title: expect.not.stringMatching(/pwned/),
    });
  });
});

/** The computed style of the card's box, read through the closed root (see card-reader.ts). */
async function cardStyle(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: { children?: unknown[] } };
    const find = (n: any): any => (n.localName === 'termlens-card' ? n : [...(n.children ?? []), ...(n.shadowRoots ?? [])].map(find).find(Boolean));
    const host = find(root);
    const { object } = await cdp.send('DOM.resolveNode', { backendNodeId: host.shadowRoots[0].backendNodeId });
    const { result } = await cdp.send('Runtime.callFunctionOn', {
      objectId: object.objectId!,
      functionDeclaration: `function () {
        const popover = getComputedStyle(this.querySelector('.tl-card-popover'));
        const card = getComputedStyle(this.querySelector('.tl-card'));
        return { position: popover.position, display: card.display, background: card.backgroundColor, fontSize: card.fontSize };
      }`,
      returnByValue: true,
    });
    return result.value as { position: string; display: string; background: string; fontSize: string };
  } finally {
    await cdp.detach().catch(() => {});
  }
}

describe('the entry card on touch screens, strict CSP and dark pages', () => {
  /** A tap through the DevTools protocol's touch input: pointer events of type touch, then a click. */
  async function tap(page: Page, x: number, y: number) {
    const cdp = await page.context().newCDPSession(page);
    try {
      await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: true, maxTouchPoints: 1 });
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y }] });
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    } finally {
      await cdp.detach().catch(() => {});
    }
  }

  it('opens the card on a tap on a term inside a link, and follows the link only on a second tap', async () => {
    const target = suite.server.page('/touch/target.html', TOUCH_TARGET_PAGE);
    const url = suite.server.page('/touch/link.html', touchLinkPage(target));
    const { page } = await suite.newPage();
    await page.goto(url);
    await waitForHighlights(page, (r) => r.counts.has('新质生产力'));
    const rect = (await termRects(page, '新质生产力'))[0]!;
    const x = rect.x + rect.width / 2;
    const y = rect.y + rect.height / 2;

    await tap(page, x, y);
    const card = await waitForCard(page, '新质生产力');
    expect(card.open).toBe(true);
    await page.waitForTimeout(NOT_FOLLOWED_MS);
    expect(page.url()).toBe(url);

    await tap(page, x, y);
    await page.waitForURL(target, { timeout: 5_000 });
  });

  it('is styled on a page whose CSP allows no inline style', async () => {
    const url = suite.server.page('/csp/strict.html', newsArticlePage(), STRICT_CSP);
    const { page } = await suite.newPage();
    await page.goto(url);
    await waitForSettledHighlights(page);
    await hoverTerm(page, '新质生产力');
    await waitForCard(page, '新质生产力');
    const style = await cardStyle(page);
    expect(style).toMatchObject({ position: 'fixed', display: 'block', fontSize: CARD_FONT_SIZE });
    expect(style.background).not.toBe(TRANSPARENT);
  });

  it('turns dark with the reader’s colour scheme, and stays readable on a dark page', async () => {
    const url = suite.server.page('/dark/p1.html', darkPage());
    const { page } = await suite.newPage();
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto(url);
    await waitForSettledHighlights(page);
    await hoverTerm(page, '西部大开发');
    await waitForCard(page, '西部大开发');
    await screenshot(page, 'card-dark');
    const style = await cardStyle(page);
    expect(style.background).toBe(DARK_CARD_BACKGROUND);
  });
});
