// The entry card: hover with a real mouse on the reference page (tests/fixtures/pages/news-article.mjs),
// how it closes, and how it survives hostile pages. The card is in a closed shadow root; it is
// read through the DevTools protocol (tests/browser/card-reader.ts).

import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newsArticlePage } from '../fixtures/pages/news-article.mjs';
import { readCard, termRects, waitForCard, waitForNoCard } from './card-reader';
import { screenshot, useBrowserSuite, waitForSettledHighlights, waitForHighlights } from './harness';

const suite = useBrowserSuite();

async function openReferencePage() {
  const url = suite.server.page('/news/2024-04-24/p1.html', newsArticlePage());
  const watched = await suite.newPage();
  await watched.page.goto(url);
  await waitForSettledHighlights(watched.page);
  return watched;
}

/** Moves the real mouse onto the middle of the first visible occurrence of `term`, in small steps. */
async function hoverTerm(page: Page, term: string, which = 0) {
  let rect = (await termRects(page, term))[which];
  if (!rect) throw new Error(`${term} is not highlighted`);
  const viewport = page.viewportSize()!;
  if (rect.y < 0 || rect.y + rect.height > viewport.height) {
    await page.mouse.wheel(0, rect.y - viewport.height / 3);
    await page.waitForTimeout(200);
    rect = (await termRects(page, term))[which]!;
  }
  const x = rect.x + rect.width / 2;
  const y = rect.y + rect.height / 2;
  await page.mouse.move(x - 40, y + 30);
  await page.mouse.move(x, y, { steps: 8 });
  return { x, y, rect };
}

describe('the entry card on the reference page', () => {
  it('opens when the mouse rests on 新质生产力, with its definition and English rendering', async () => {
    const { page, errors } = await openReferencePage();
    const { rect } = await hoverTerm(page, '新质生产力');

    // Not at once: a pointer passing over a term is not a request.
    await page.waitForTimeout(120);
    expect((await readCard(page))?.open ?? false).toBe(false);

    const card = await waitForCard(page, '新质生产力');
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

  it('stays open while the mouse moves onto the card, and closes once it leaves both', async () => {
    const { page } = await openReferencePage();
    await hoverTerm(page, '新质生产力');
    const card = await waitForCard(page, '新质生产力');
    const r = card.rect!;
    await page.mouse.move((r.left + r.right) / 2, (r.top + r.bottom) / 2, { steps: 6 });
    await page.waitForTimeout(800);
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
    const base = newsArticlePage();
    const hostile = base.replace('</head>', '<style>* { all: unset !important; } html { background: #111 !important; color: #eee !important; }</style></head>');
    const url = suite.server.page('/hostile/all-unset.html', hostile);
    const { page } = await suite.newPage();
    await page.goto(url);
    await waitForSettledHighlights(page);
    await hoverTerm(page, '新质生产力');
    const card = await waitForCard(page, '新质生产力');
    const path = await screenshot(page, 'card-hostile-all-unset');

    // Readable: a box of a card's size, on screen, with the definition in it.
    expect(card.rect!.right - card.rect!.left).toBeGreaterThan(200);
    expect(card.rect!.bottom - card.rect!.top).toBeGreaterThan(120);
    expect(card.definition.length).toBeGreaterThan(20);
    const style = await cardStyle(page);
    expect(style).toMatchObject({ position: 'fixed', display: 'block' });
    expect(style.background).not.toBe('rgba(0, 0, 0, 0)');
    expect(style.fontSize).toBe('14px');
    expect(path).toMatch(/card-hostile-all-unset\.png$/);
  });

  it('shows a definition holding <img src=x onerror=…> as text, and runs nothing', async () => {
    const { page } = await openReferencePage();
    const hostile = '<img src=x onerror="window.__termlensPwned = true; document.title = \'pwned\'">';
    const extension = await suite.browser.context.newPage();
    await extension.goto(suite.browser.extensionUrl('popup.html'));
    await addEntry(extension, { term: '测试术语甲', definition: `危险定义 ${hostile}`, sourceUrl: 'javascript:alert(1)' });
    await extension.close();

    await page.evaluate(() => {
      const p = document.createElement('p');
      p.id = 'added';
      p.textContent = '这里出现了测试术语甲。';
      document.querySelector('main')!.prepend(p);
      window.scrollTo(0, 0);
    });
    await waitForHighlights(page, (r) => r.counts.has('测试术语甲'), { timeout: 5_000 });
    await hoverTerm(page, '测试术语甲');
    const card = await waitForCard(page, '测试术语甲');
    await page.waitForTimeout(300);
    await screenshot(page, 'card-hostile-definition');

    expect(card.definition).toBe(`危险定义 ${hostile}`);
    expect(card.elementTags).not.toContain('img');
    // A javascript: source is shown, never linked.
    expect(card.source?.href).toBeNull();
    expect(await page.evaluate(() => ({ flag: (window as { __termlensPwned?: boolean }).__termlensPwned ?? null, title: document.title }))).toEqual({
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

/**
 * Adds an entry to the first list, from an extension page, the way the options page's form does:
 * through Dexie (so that the background hears `storagemutated`). Dexie's UMD build is evaluated in
 * the extension page; it opens the existing `termlens` database without declaring a schema.
 */
export async function addEntry(extensionPage: Page, entry: { term: string; definition: string; sourceUrl?: string }) {
  const { readFileSync } = await import('node:fs');
  const { createRequire } = await import('node:module');
  const require = createRequire(import.meta.url);
  const dexieSource = readFileSync(require.resolve('dexie/dist/dexie.js'), 'utf8');
  await extensionPage.evaluate(dexieSource);
  await extensionPage.evaluate(async (e) => {
    const DexieCtor = (globalThis as unknown as { Dexie: any }).Dexie;
    const db = new DexieCtor('termlens');
    await db.open();
    const list = (await db.table('list').toArray()).find((l: { deletedAt?: number }) => !l.deletedAt);
    const now = Date.now();
    await db.table('entry').add({
      id: crypto.randomUUID(),
      listId: list.id,
      term: e.term,
      variants: [],
      lang: 'zh-Hans',
      translations: { en: ['test term A'] },
      definition: e.definition,
      note: 'private note',
      tags: ['测试'],
      source: e.sourceUrl ? { title: 'A source', url: e.sourceUrl } : undefined,
      match: { caseSensitive: false, wholeWord: true, exclusions: [] },
      createdAt: now,
      updatedAt: now,
    });
    db.close();
  }, entry);
}
