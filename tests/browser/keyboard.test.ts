// The keyboard commands on the reference page (tests/fixtures/pages/news-article.mjs): next and
// previous term, and the site toggle.
//
// Headless Chromium does not route a synthetic key press (CDP Input.dispatchKeyEvent, which is what
// page.keyboard uses) to extension commands: Alt+Shift+J reaches the page as an ordinary key. So
// the tests check that the manifest's keys are really assigned (commands.getAll), and then call the
// function the commands.onCommand listener calls, `runPageCommand`, which the worker exposes as
// `termlensBackground` (entrypoints/background.ts).

import type { Frame, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newsArticlePage, REFERENCE_COUNTS } from '../fixtures/pages/news-article.mjs';
import { readCard, waitForCard, waitForNoCard } from './card-reader';
import { screenshot, useBrowserSuite, waitForHighlights, waitForSettledHighlights } from './harness';
import { REFERENCE_PAGE_PATH } from './shared-card';
import { waitForFrameCounts } from './shared-pages';
import { FRAMED_ARTICLE_FRAMES, framedArticleSpec, REVEAL_VIEWPORT } from './shared-popup';
import {
  CARD_CHECKED_STEPS,
  flashedInPage,
  MANY_PARAGRAPHS_PATH,
  manyParagraphsPage,
  MORE_OCCURRENCES_THAN,
  type PageCommand,
  stepsAfterWrapping,
  WRAP_STEPS_EXPECTED,
} from './shared-keyboard';

const suite = useBrowserSuite();

type Hooks = { termlensBackground: { runPageCommand(command: string, tabId?: number): Promise<void> } };

async function openReferencePage() {
  const url = suite.server.page(REFERENCE_PAGE_PATH, newsArticlePage());
  const watched = await suite.newPage();
  await watched.page.goto(url);
  await waitForSettledHighlights(watched.page);
  const tabId = await suite.tabIdOf(watched.page);
  return { ...watched, tabId };
}

/** Runs a keyboard command in the tab, as the commands.onCommand listener does. */
async function command(name: PageCommand, tabId: number) {
  const worker = await suite.browser.serviceWorker();
  await worker.evaluate(([n, id]) => (globalThis as unknown as Hooks).termlensBackground.runPageCommand(n, id), [name, tabId] as const);
}

/** Where the flash is (shared-keyboard.ts). */
const flashed = (page: Page) => page.evaluate(flashedInPage);

describe('keyboard commands', () => {
  it('assigns every default key (Chrome leaves a reserved one empty)', async () => {
    const worker = await suite.browser.serviceWorker();
    type Commands = { chrome: { commands: { getAll(): Promise<{ name?: string; shortcut?: string }[]> } } };
    const commands = await worker.evaluate(() => (globalThis as unknown as Commands).chrome.commands.getAll());
    const shortcuts = Object.fromEntries(commands.filter((c) => c.name !== '_execute_action').map((c) => [c.name, c.shortcut]));
    expect(shortcuts).toEqual({ 'next-term': 'Alt+Shift+J', 'previous-term': 'Alt+Shift+K', 'toggle-site': 'Alt+Shift+H' });
  });

  it('visits every occurrence in document order with "next", scrolling to each and opening its card, then wraps', async () => {
    const { page, tabId, errors } = await openReferencePage();
    const visited: number[] = [];
    let total = 0;
    for (let step = 0; ; step++) {
      await command('next-term', tabId);
      const at = await flashed(page);
      total = at.total;
      expect(at.inView, `step ${step}: ${at.term} is in view`).toBe(true);
      if (step < CARD_CHECKED_STEPS) {
        const card = await waitForCard(page, at.term);
        expect(card.open).toBe(true);
        if (step === 1) await screenshot(page, 'keyboard-next');
      }
      visited.push(at.index);
      if (step >= total) break;
    }
    expect(total).toBeGreaterThan(MORE_OCCURRENCES_THAN);
    expect(visited).toEqual([...Array.from({ length: total }, (_, i) => i), 0]);
    expect(errors.pageErrors).toEqual([]);
  });

  it('goes back with "previous", and wraps to the last occurrence before the first', async () => {
    const { page, tabId } = await openReferencePage();
    const indices: number[] = [];
    for (const name of ['next-term', 'next-term', 'next-term', 'previous-term', 'previous-term', 'previous-term'] as const) {
      await command(name, tabId);
      indices.push((await flashed(page)).index);
    }
    const { total } = await flashed(page);
    expect(indices).toEqual([0, 1, 2, 1, 0, total - 1]);
    // The card follows: it shows the last occurrence's term, and Escape closes it.
    const card = await waitForCard(page, (await flashed(page)).term);
    expect(card.open).toBe(true);
    await page.keyboard.press('Escape');
    await waitForNoCard(page, 1_000);
  });

  it('starts from what is in view, not from the top of the page', async () => {
    const { page, tabId } = await openReferencePage();
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight / 2));
    await command('next-term', tabId);
    const at = await flashed(page);
    expect(at.index).toBeGreaterThan(0);
    expect(at.inView).toBe(true);
  });

  it('goes on step by step after wrapping to the far end of a page too large to register every range', async () => {
    // The next step must still know where the last one went (Occurrence.sameAs), not start again
    // from the view (shared-keyboard.ts, manyParagraphsPage).
    const url = suite.server.page(MANY_PARAGRAPHS_PATH, manyParagraphsPage());
    const { page } = await suite.newPage();
    await page.goto(url);
    await waitForSettledHighlights(page);
    const tabId = await suite.tabIdOf(page);
    const visited = await stepsAfterWrapping(page, () => waitForSettledHighlights(page), (name) => command(name, tabId));
    expect(visited).toEqual(WRAP_STEPS_EXPECTED);
  });

  it('toggles highlighting on this site, and back', async () => {
    const { page, tabId } = await openReferencePage();
    await command('toggle-site', tabId);
    await waitForHighlights(page, (r) => r.ranges.length === 0, { timeout: 3_000 });
    await command('next-term', tabId);
    const notice = await readCard(page);
    expect(notice?.notice).toBeTruthy();
    await command('toggle-site', tabId);
    const back = await waitForHighlights(page, (r) => (r.counts.get('新质生产力') ?? 0) === REFERENCE_COUNTS.新质生产力, { timeout: 5_000 });
    expect(back.counts.get('西部大开发')).toBe(REFERENCE_COUNTS.西部大开发);
  });

  it('moves through the frame the reader is in: a story set in a frame, then the page again once the reader clicks there', async () => {
    const { page, errors } = await suite.newPage();
    await page.setViewportSize(REVEAL_VIEWPORT);
    const spec = framedArticleSpec(suite.server);
    await page.goto(suite.server.page(spec.path, spec.html));
    const story = (await (await page.$('#story'))!.contentFrame()) as Frame;
    expect(await waitForFrameCounts({ top: page.mainFrame(), story }, FRAMED_ARTICLE_FRAMES)).toEqual(FRAMED_ARTICLE_FRAMES);
    const tabId = await suite.tabIdOf(page);

    // The reader clicks into the story (below the page's first screen), on its first words, which
    // are no term: "next" goes through the story's terms, from what is in its view.
    await story.locator('p').first().click({ position: { x: 4, y: 4 } });
    await command('next-term', tabId);
    await expect.poll(() => story.evaluate(flashedInPage)).toMatchObject({ index: 0, term: '新质生产力', inView: true });
    await command('next-term', tabId);
    await expect.poll(() => story.evaluate(flashedInPage)).toMatchObject({ index: 1, term: '能源革命', inView: true });
    await screenshot(page, 'keyboard-framed-story');
    expect(await page.evaluate(flashedInPage)).toMatchObject({ index: -1 });

    // Back in the page itself: its own term.
    await page.locator('#gap').click();
    await command('next-term', tabId);
    await expect.poll(() => flashed(page)).toMatchObject({ index: 0, term: '能源革命', inView: true });
    expect(errors.pageErrors).toEqual([]);
  });
});
