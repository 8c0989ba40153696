// The popup's switches: highlighting on this site, and the global pause. The popup cannot read
// the tab's URL (no `tabs` permission), so the host it shows comes from the page's content script.

import { describe, expect, it } from 'vitest';
import { readHighlights, screenshot, useBrowserSuite, waitForHighlights, waitForSettledHighlights } from './harness';
import { PAGE_HOST, SITE_SWITCH_PAGE, SWITCH_FOLLOW_MS, SWITCH_POPUP } from './shared-popup';

const suite = useBrowserSuite();

async function openPopupBesideNewsPage() {
  const url = suite.server.page(SITE_SWITCH_PAGE.path, SITE_SWITCH_PAGE.html);
  const news = await suite.newPage();
  await news.page.goto(url);
  await waitForSettledHighlights(news.page);
  const tabId = await suite.tabIdOf(news.page);
  const popup = await suite.newPage();
  await popup.page.setViewportSize(SWITCH_POPUP);
  await popup.page.goto(suite.browser.extensionUrl(`popup.html?tab=${tabId}`));
  return { news, popup };
}

const live = async (page: Parameters<typeof readHighlights>[0]) =>
  (await readHighlights(page)).filter((r) => !r.collapsed).length;

describe('the popup’s switches', () => {
  it('names the page’s site and turns its highlights off and on again', async () => {
    const { news, popup } = await openPopupBesideNewsPage();
    const site = popup.page.getByTestId('site-switch');
    await site.waitFor({ timeout: 15_000 });
    await expect(popup.page.locator('label', { has: site }).textContent()).resolves.toContain(PAGE_HOST);
    expect(await site.isChecked()).toBe(true);
    await screenshot(popup.page, 'popup-site-switch');

    await popup.page.locator('label', { has: site }).click();
    await waitForHighlights(news.page, (r) => r.ranges.filter((x) => !x.collapsed).length === 0, { timeout: SWITCH_FOLLOW_MS });
    expect(await site.isChecked()).toBe(false);

    await popup.page.locator('label', { has: site }).click();
    await waitForHighlights(news.page, (r) => r.ranges.filter((x) => !x.collapsed).length > 0, { timeout: SWITCH_FOLLOW_MS });
    expect(await live(news.page)).toBeGreaterThan(0);
    expect(popup.errors.pageErrors).toEqual([]);
  });

  it('keeps both of two changes made at once: the site switched off, then the pause', async () => {
    const { news, popup } = await openPopupBesideNewsPage();
    await popup.page.getByTestId('site-switch').waitFor({ timeout: 15_000 });
    // Both clicks in one task, before the popup renders or storage reports the first: each
    // change must still be built on the one before it (components/use-settings.ts).
    const clickBothAtOnce = () =>
      popup.page.evaluate(() => {
        document.querySelector<HTMLInputElement>('[data-testid="site-switch"]')!.click();
        document.querySelector<HTMLInputElement>('[data-testid="global-pause"]')!.click();
      });
    await clickBothAtOnce();
    type Stored = { settings?: { enabled: boolean; excludedSites: string[] } };
    type Storage = { chrome: { storage: { local: { get(key: string): Promise<Stored> } } } };
    const stored = () => popup.page.evaluate(async () => (await (globalThis as unknown as Storage).chrome.storage.local.get('settings')).settings);
    await expect.poll(stored, { timeout: SWITCH_FOLLOW_MS }).toMatchObject({ enabled: false, excludedSites: [PAGE_HOST] });
    await waitForHighlights(news.page, (r) => r.ranges.filter((x) => !x.collapsed).length === 0, { timeout: SWITCH_FOLLOW_MS });
    expect(await popup.page.getByTestId('site-switch').isChecked()).toBe(false);
    expect(await popup.page.getByTestId('global-pause').isChecked()).toBe(true);

    // Both back, the same way: the page is highlighted again.
    await clickBothAtOnce();
    await expect.poll(stored, { timeout: SWITCH_FOLLOW_MS }).toMatchObject({ enabled: true, excludedSites: [] });
    await waitForHighlights(news.page, (r) => r.ranges.filter((x) => !x.collapsed).length > 0, { timeout: SWITCH_FOLLOW_MS });
    expect(popup.errors.pageErrors).toEqual([]);
  });

  it('the global pause clears every highlight until it is lifted', async () => {
    const { news, popup } = await openPopupBesideNewsPage();
    const before = await live(news.page);
    const pause = popup.page.getByTestId('global-pause');
    await pause.waitFor({ timeout: 15_000 });
    await popup.page.locator('label', { has: pause }).click();
    await waitForHighlights(news.page, (r) => r.ranges.filter((x) => !x.collapsed).length === 0, { timeout: SWITCH_FOLLOW_MS });

    await popup.page.locator('label', { has: pause }).click();
    await waitForHighlights(news.page, (r) => r.ranges.filter((x) => !x.collapsed).length === before, { timeout: SWITCH_FOLLOW_MS });
  });
});
