// Faults: the extension is reloaded or updated while tabs are open (issue 8, point 4), and a
// database written by schema version 1 is upgraded by the real browser (point 1).
//
// On reload Chrome leaves the old content scripts running in open tabs with their extension APIs
// dead, and injects the new manifest's content script only into pages loaded later. The new
// background injects it into the open tabs (lib/background/content-script-handover.ts); the new
// script announces itself in the frame, the old one detaches (lib/content/termlens-page.ts).

import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useBrowserSuite, waitForHighlights, waitForSettledHighlights } from './harness';
import { enableDeveloperMode, setExtensionEnabled, stopServiceWorker, storedRows } from './faults-helpers';

const suite = useBrowserSuite();
const FIXTURES = resolve(fileURLToPath(new URL('../fixtures/db', import.meta.url)));

const FRAME = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"></head><body><p>框架里也有能源革命。</p></body></html>`;
const NEWS = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>要闻</title></head>
<body><main>
  <h1>加快发展新质生产力</h1>
  <p>深入推进能源革命，推动西部大开发形成新格局。</p>
  <p>新质生产力是创新起主导作用的先进生产力质态。</p>
  <iframe src="/faults/frame.html" width="400" height="80"></iframe>
</main></body></html>`;

/** The Highlight objects registered now, kept in the page's main world under `key`, with their sizes. */
function keepRegistered(page: Page, key: string): Promise<number> {
  return page.evaluate((k) => {
    const kept: Highlight[] = [];
    CSS.highlights.forEach((h, name) => name.startsWith('termlens-') && kept.push(h));
    (window as unknown as Record<string, unknown>)[k] = kept;
    return kept.length;
  }, key);
}

/** How many of the kept Highlight objects are still registered, and their sizes. */
function keptState(page: Page, key: string): Promise<{ registered: number; sizes: number[] }> {
  return page.evaluate((k) => {
    const kept = (window as unknown as Record<string, Highlight[]>)[k] ?? [];
    const live = new Set<Highlight>();
    CSS.highlights.forEach((h) => live.add(h));
    return { registered: kept.filter((h) => live.has(h)).length, sizes: kept.map((h) => h.size) };
  }, key);
}

/** Reloads the extension from its service worker (chrome.runtime.reload) and waits for the new worker. */
async function reloadExtension(): Promise<void> {
  const worker = await suite.browser.serviceWorker();
  const next = suite.browser.context.waitForEvent('serviceworker', { timeout: 20_000 });
  await worker.evaluate(() => setTimeout(() => (globalThis as unknown as { chrome: { runtime: { reload(): void } } }).chrome.runtime.reload(), 20));
  await next;
}

/** Reloads the extension from chrome://extensions (works while its worker is stopped), as an update does, and waits for the new worker. */
async function reloadFromExtensionsPage(): Promise<void> {
  const next = suite.browser.context.waitForEvent('serviceworker', { timeout: 20_000 });
  const page = await suite.browser.context.newPage();
  try {
    await page.goto('chrome://extensions');
    await page.evaluate(
      (id) =>
        new Promise<void>((done) =>
          (globalThis as unknown as { chrome: { developerPrivate: { reload(id: string, o: object, cb: () => void): void } } }).chrome.developerPrivate.reload(id, { failQuietly: true }, done),
        ),
      suite.browser.extensionId,
    );
  } finally {
    await page.close();
  }
  await next;
}

describe('faults: the extension is reloaded with tabs open', () => {
  it('the old content script stops cleanly and the new one highlights the open tab, frames included, without a reload', async () => {
    await enableDeveloperMode(suite.browser.context);
    suite.server.page('/faults/frame.html', FRAME);
    const { page, errors } = await suite.newPage();
    await page.goto(suite.server.page('/faults/reload-news.html', NEWS));
    const before = await waitForSettledHighlights(page);
    expect(before.counts.get('新质生产力')).toBe(2);
    const frame = page.frames().find((f) => f.url().endsWith('/faults/frame.html'))!;
    await waitForHighlights(frame as unknown as Page, (r) => r.counts.get('能源革命') === 1);
    expect(await keepRegistered(page, '__termlensOld')).toBeGreaterThan(0);

    await reloadExtension();

    // The new script took over: none of the old highlight objects is registered, and the same
    // terms are highlighted, once each, in the page and in its frame.
    await expect.poll(async () => (await keptState(page, '__termlensOld')).registered, { timeout: 15_000 }).toBe(0);
    const after = await waitForSettledHighlights(page);
    expect(after.counts).toEqual(before.counts);
    await waitForHighlights(frame as unknown as Page, (r) => r.counts.get('能源革命') === 1, { timeout: 15_000 });
    const old = await keptState(page, '__termlensOld');

    // The old script's observer is gone: new text is highlighted once, by the new script only.
    await page.evaluate(() => {
      const p = document.createElement('p');
      p.textContent = '第三次提到新质生产力。';
      document.querySelector('main')!.append(p);
    });
    await waitForHighlights(page, (r) => r.counts.get('新质生产力') === 3);
    await page.waitForTimeout(500);
    expect((await keptState(page, '__termlensOld')).sizes).toEqual(old.sizes);
    expect(errors.pageErrors).toEqual([]);
    expect(errors.consoleErrors.filter((e) => !e.includes('favicon'))).toEqual([]);
  });

  it('a tab opened after the reload gets one content script, not two', async () => {
    const { page, errors } = await suite.newPage();
    await page.goto(suite.server.page('/faults/after-reload.html', NEWS));
    const reading = await waitForSettledHighlights(page);
    expect(reading.counts.get('新质生产力')).toBe(2);
    expect(errors.pageErrors).toEqual([]);
  });

  it('upgrades a database written by schema version 1, found intact by the popup and the page', async () => {
    const fixture = JSON.parse(readFileSync(join(FIXTURES, 'v1-glossary.json'), 'utf8')) as {
      lists: { id: string; name: string }[];
      entries: { id: string; term: string; listId: string; deletedAt?: number }[];
    };
    // No extension context may hold the database open: stop the worker, use a page that does not open it.
    await stopServiceWorker(suite.browser);
    const raw = await suite.browser.context.newPage();
    await raw.goto(suite.browser.extensionUrl('_locales/en/messages.json'));
    await raw.evaluate(
      ({ lists, entries }) =>
        new Promise<void>((resolveWrite, reject) => {
          const deletion = indexedDB.deleteDatabase('termlens');
          deletion.onerror = () => reject(deletion.error);
          deletion.onblocked = () => reject(new Error('deleting the database was blocked by an open connection'));
          deletion.onsuccess = () => {
            // Schema version 1 as Dexie wrote it: IndexedDB version 10 (Dexie multiplies by 10).
            const open = indexedDB.open('termlens', 10);
            open.onupgradeneeded = () => {
              const db = open.result;
              const list = db.createObjectStore('list', { keyPath: 'id' });
              list.createIndex('priority', 'priority');
              list.createIndex('updatedAt', 'updatedAt');
              const entry = db.createObjectStore('entry', { keyPath: 'id' });
              entry.createIndex('listId', 'listId');
              entry.createIndex('term', 'term');
              entry.createIndex('tags', 'tags', { multiEntry: true });
              entry.createIndex('updatedAt', 'updatedAt');
            };
            open.onerror = () => reject(open.error);
            open.onsuccess = () => {
              const db = open.result;
              const tx = db.transaction(['list', 'entry'], 'readwrite');
              for (const l of lists) tx.objectStore('list').add(l);
              for (const e of entries) tx.objectStore('entry').add(e);
              tx.oncomplete = () => (db.close(), resolveWrite());
              tx.onerror = () => reject(tx.error);
            };
          };
        }),
      fixture,
    );
    await raw.close();

    await reloadFromExtensionsPage();
    const { page, errors } = await suite.newPage();
    await page.goto(suite.server.page('/faults/v1-news.html', NEWS));
    // Only the fixture's live entries highlight (the starter glossary is not seeded over existing lists).
    const reading = await waitForSettledHighlights(page);
    expect(reading.counts.get('新质生产力')).toBe(2);
    expect(reading.counts.get('西部大开发')).toBe(1);
    expect(reading.counts.has('能源革命')).toBe(false); // trashed in the fixture

    const tabId = await suite.tabIdOf(page);
    const popup = await suite.newPage();
    await popup.page.goto(suite.browser.extensionUrl(`popup.html?tab=${tabId}`));
    await popup.page.getByTestId('glossary-entry').first().waitFor({ timeout: 15_000 });
    const shown = await popup.page.getByTestId('glossary-entry').allTextContents();
    expect(shown.some((t) => t.includes('新质生产力'))).toBe(true);
    expect(shown.some((t) => t.includes('西部大开发'))).toBe(true);
    expect(await popup.page.getByTestId('db-open-problem').count()).toBe(0);

    const rows = await storedRows<{ id: string }>(popup.page, ['list', 'entry', 'history', 'override']);
    const byId = <T extends { id: string }>(xs: T[]) => [...xs].sort((a, b) => a.id.localeCompare(b.id));
    // Every row of the fixture, field for field. Browser sync may bring back the starter list
    // (this profile synced it before the database was replaced); nothing else may appear.
    // The worker purges what has been in the trash for 30 days at start (the fixture's trash is
    // from 2024): such a row may be gone, the entries of a list deleted that long ago with it;
    // every other row must be there, and any row that is there must be unchanged.
    const purgeable = new Set([
      ...fixture.lists.filter((l) => (l as { deletedAt?: number }).deletedAt !== undefined).map((l) => l.id),
      ...fixture.entries.filter((e) => e.deletedAt !== undefined || fixture.lists.some((l) => l.id === e.listId && (l as { deletedAt?: number }).deletedAt !== undefined)).map((e) => e.id),
    ]);
    const check = <T extends { id: string }>(stored: T[], expected: T[]) => {
      for (const row of expected) {
        const found = stored.find((x) => x.id === row.id);
        if (found === undefined && purgeable.has(row.id)) continue;
        expect(found, `row ${row.id}`).toEqual(row);
      }
    };
    check((rows.list ?? []) as { id: string }[], fixture.lists);
    check((rows.entry ?? []) as { id: string }[], fixture.entries);
    expect(fixture.entries.filter((e) => !purgeable.has(e.id)).length).toBe(2);
    const others = [...(rows.list ?? []), ...(rows.entry ?? [])].filter((x) => ![...fixture.lists, ...fixture.entries].some((f) => f.id === x.id));
    expect(others.every((x) => x.id === 'starter' || x.id.startsWith('starter:'))).toBe(true);
    expect(rows.history).toEqual([]);
    expect(rows.override).toEqual([]);
    expect(errors.pageErrors).toEqual([]);
    expect(popup.errors.pageErrors).toEqual([]);
  });

  it('when the extension is turned off, every highlight leaves the open tab, without errors', async () => {
    const { page, errors } = await suite.newPage();
    await page.goto(suite.server.page('/faults/disable-news.html', NEWS));
    await waitForSettledHighlights(page);
    await setExtensionEnabled(suite.browser, false);
    await waitForHighlights(page, (r) => r.ranges.length === 0, { timeout: 5_000 });
    expect(await page.locator('termlens-card').count()).toBe(0);
    expect(errors.pageErrors).toEqual([]);
    await setExtensionEnabled(suite.browser, true);
  });
});
