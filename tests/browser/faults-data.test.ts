// Faults: two editors and the popup saving the same entry (issue 8, point 6), a malformed or
// forbidden message from a content script (point 7), private notes and network requests
// (point 8), and a full storage.sync (point 5). Each test checks that the stored data is intact.

import type { Page, Request } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { screenshot, useBrowserSuite, waitForHighlights, waitForSettledHighlights } from './harness';
import { evaluateInContentScript, extensionPage, stopServiceWorker, storedRows } from './faults-helpers';
import {
  DATA_NEWS,
  entryRow,
  FAULTS_LIST,
  historyDefinitions,
  LIST_HEADERS,
  messageFromPageWorld,
  NETWORK_SUBSCRIPTION,
  NOTE_MARKER,
  HIDDEN_EDIT_COUNT,
  HIDDEN_SUBSCRIPTION,
  hiddenEdits,
  OVERSIZED_ENTRY_COUNT,
  OVERSIZED_LIST,
  oversizedEntries,
  PRIVATE_ENTRY,
  quietSyncItems,
  sendRefusedMessages,
  SHARED_ENTRY,
  writeRowsInPage,
  type FaultsEntry,
} from './shared-faults';

const suite = useBrowserSuite();
const requests: string[] = [];
beforeAll(() => {
  suite.browser.context.on('request', (request: Request) => requests.push(request.url()));
});

const NEWS = DATA_NEWS;
type Entry = FaultsEntry;
const LIST = FAULTS_LIST;

/** Runs a raw read-write transaction from an extension page, then tells the background (as Dexie writes in extension pages do). */
async function writeRows(page: Page, rows: { list?: object[]; entry?: object[]; override?: object[] }): Promise<void> {
  await page.evaluate(writeRowsInPage, rows);
  await page.evaluate(() => (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome.runtime.sendMessage({ type: 'glossary-changed' }));
}

describe('faults: data and messages', () => {
  let reader: Page;

  it('two options pages and the popup edit one entry: the later saves warn and show both versions, and no edit is lost', async () => {
    reader = await extensionPage(suite.browser);
    await writeRows(reader, { list: [LIST], entry: [entryRow(SHARED_ENTRY.id, LIST.id, SHARED_ENTRY.term, { definition: SHARED_ENTRY.original })] });
    const news = await suite.newPage();
    await news.page.goto(suite.server.page('/faults/editors.html', NEWS));
    await waitForHighlights(news.page, (r) => r.counts.get(SHARED_ENTRY.term) === 1);

    const open = async () => {
      const p = await suite.newPage();
      await p.page.setViewportSize({ width: 1280, height: 1000 });
      await p.page.goto(suite.browser.extensionUrl(`options.html#/entry/${SHARED_ENTRY.id}`));
      await p.page.getByTestId('entry-form').waitFor({ timeout: 15_000 });
      return p;
    };
    const a = await open();
    const b = await open();
    const tabId = await suite.tabIdOf(news.page);
    const popup = await suite.newPage();
    await popup.page.goto(suite.browser.extensionUrl(`popup.html?tab=${tabId}`));
    const row = popup.page.getByTestId('glossary-entry').filter({ hasText: SHARED_ENTRY.term });
    await row.waitFor({ timeout: 15_000 });
    await row.getByTestId('glossary-edit').click();
    const popupForm = popup.page.getByTestId('entry-form');
    await popupForm.waitFor();

    // A saves first: no warning.
    await a.page.getByTestId('entry-definition').fill(SHARED_ENTRY.first);
    await a.page.getByTestId('entry-save').click();
    await expect.poll(async () => ((await storedRows<Entry>(reader, ['entry'])).entry ?? []).find((e) => e.id === SHARED_ENTRY.id)?.definition).toBe(SHARED_ENTRY.first);
    expect(await a.page.getByTestId('entry-conflict').count()).toBe(0);

    // B loaded the entry before A's save: its save warns, shows A's version beside its own, writes nothing.
    await b.page.getByTestId('entry-definition').fill(SHARED_ENTRY.second);
    await b.page.getByTestId('entry-save').click();
    const conflict = b.page.getByTestId('entry-conflict');
    await conflict.waitFor({ timeout: 10_000 });
    expect(await conflict.textContent()).toContain(SHARED_ENTRY.first);
    expect(await conflict.textContent()).toContain(SHARED_ENTRY.second);
    expect(((await storedRows<Entry>(reader, ['entry'])).entry ?? []).find((e) => e.id === SHARED_ENTRY.id)?.definition).toBe(SHARED_ENTRY.first);

    // The popup, too.
    await popupForm.getByTestId('entry-definition').fill(SHARED_ENTRY.popup);
    await popupForm.getByTestId('entry-save').click();
    const popupConflict = popup.page.getByTestId('entry-conflict');
    await popupConflict.waitFor({ timeout: 10_000 });
    expect(await popupConflict.textContent()).toContain(SHARED_ENTRY.first);
    expect(await popupConflict.textContent()).toContain(SHARED_ENTRY.popup);

    // B keeps its version deliberately; A's is still in the history, so nothing is lost.
    await conflict.getByTestId('conflict-keep-mine').click();
    await expect.poll(async () => ((await storedRows<Entry>(reader, ['entry'])).entry ?? []).find((e) => e.id === SHARED_ENTRY.id)?.definition).toBe(SHARED_ENTRY.second);
    const definitions = historyDefinitions((await storedRows<{ entryId: string; entry: Entry }>(reader, ['history'])).history ?? [], SHARED_ENTRY.id);
    expect(definitions).toContain(SHARED_ENTRY.original);
    expect(definitions).toContain(SHARED_ENTRY.first);
    expect(definitions).toContain(SHARED_ENTRY.second);
    expect(a.errors.pageErrors).toEqual([]);
    expect(b.errors.pageErrors).toEqual([]);
    expect(popup.errors.pageErrors).toEqual([]);
  });

  it('a content script that sends garbage or a write is refused, the data is unchanged, and the background still serves', async () => {
    reader ??= await extensionPage(suite.browser);
    await writeRows(reader, { entry: [entryRow(PRIVATE_ENTRY.id, LIST.id, PRIVATE_ENTRY.term, { note: PRIVATE_ENTRY.note })] });
    const { page, errors } = await suite.newPage();
    await page.goto(suite.server.page('/faults/messages.html', NEWS));
    await waitForSettledHighlights(page);
    const { before, answers, after, reads } = await sendRefusedMessages(
      (tables) => storedRows(reader, tables),
      (expression) => evaluateInContentScript(page, expression),
    );
    // Nothing is answered: every one of these is malformed, or (glossary-changed) not a content script's to send.
    for (const a of answers) expect('answer' in a ? a.answer : 'none').toBe('none');

    // Data unchanged; the background still answers the reads a content script may make.
    expect(after).toEqual(before);
    expect(reads.term).toBe(PRIVATE_ENTRY.term);
    expect(reads.matcher.length).toBeGreaterThan(100);
    // Private notes never reach a content script: not in the card, not in the compiled matcher.
    expect(reads.hasNote).toBe(false);
    expect(reads.card).not.toContain(NOTE_MARKER);
    expect(reads.matcher).not.toContain(NOTE_MARKER);
    expect(reads.matcher).not.toContain('编辑私记');
    await waitForHighlights(page, (r) => (r.counts.get(PRIVATE_ENTRY.term) ?? 0) > 0);
    expect(errors.pageErrors).toEqual([]);
  });

  it('a page (not the content script) cannot message the extension at all', async () => {
    const { page } = await suite.newPage();
    await page.goto(suite.server.page('/faults/page-world.html', NEWS));
    const fromPage = await page.evaluate(messageFromPageWorld, suite.browser.extensionId);
    expect(fromPage).not.toBe('sent');
  });

  it('makes no network request but to the pages opened and the subscriptions the user added', async () => {
    const listUrl = suite.server.route(NETWORK_SUBSCRIPTION.path, () => ({ headers: LIST_HEADERS, body: NETWORK_SUBSCRIPTION.body }));
    const worker = await suite.browser.serviceWorker();
    const result = (await worker.evaluate(
      (url) => (globalThis as unknown as { termlensBackground: { subscriptions: { subscribe(u: string): Promise<unknown> } } }).termlensBackground.subscriptions.subscribe(url),
      listUrl,
    )) as { code?: string };
    expect(result.code).toBeUndefined();
    const serverPaths = suite.server.requests.map((r) => r.path);
    expect(serverPaths).toContain(NETWORK_SUBSCRIPTION.path);
    // The recorder sees the service worker's requests too (else the check below would prove nothing about it).
    expect(requests).toContain(listUrl);

    const origin = suite.server.origin;
    const outside = requests.filter((url) => !url.startsWith(`${origin}/`) && !url.startsWith(`chrome-extension://${suite.browser.extensionId}/`) && !url.startsWith('chrome://') && !url.startsWith('about:') && !url.startsWith('data:'));
    expect(outside).toEqual([]);
    // Every request to the local server is a page a test opened, a frame of one, or the subscription.
    const unexpected = suite.server.requests.filter((r) => !r.path.startsWith('/faults/') && r.path !== '/favicon.ico');
    expect(unexpected).toEqual([]);
  });

  /** storage.sync as it is now, read from an extension page. */
  const syncItems = () => reader.evaluate(() => (globalThis as unknown as { chrome: { storage: { sync: { get(k: null): Promise<Record<string, unknown>> } } } }).chrome.storage.sync.get(null));
  /** The last sync's report (lib/sync/sync-status.ts). */
  const lastReport = () =>
    reader.evaluate(async () => {
      const chrome = (globalThis as unknown as { chrome: { storage: { local: { get(k: string): Promise<Record<string, unknown>> } } } }).chrome;
      return ((await chrome.storage.local.get('sync-status'))['sync-status'] as { lastReport?: { ok: boolean; reason?: string; editsLeftOut?: number } } | undefined)?.lastReport;
    });
  /**
   * Writes rows around Dexie and has a new worker push them: the raw write bypassed Dexie, whose change event starts a
   * push, and a new worker pushes at start. Resolves once the push reported `expected`.
   */
  async function pushRaw(rows: Parameters<typeof writeRows>[1], expected: object): Promise<void> {
    await writeRows(reader, rows);
    await stopServiceWorker(suite.browser);
    await reader.evaluate(() => (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome.runtime.sendMessage({ type: 'glossary-changed' }));
    await expect.poll(lastReport, { timeout: 30_000, interval: 500 }).toMatchObject(expected);
  }

  it('when the reader’s edits of a subscription do not fit storage.sync, the rest still syncs and the options page says how many were left out', { timeout: 120_000 }, async () => {
    reader ??= await extensionPage(suite.browser);
    await quietSyncItems(syncItems);
    await pushRaw({ list: [HIDDEN_SUBSCRIPTION], override: hiddenEdits() }, { ok: true, editsLeftOut: HIDDEN_EDIT_COUNT });
    // The subscription itself synced; none of its edits did.
    const items = await syncItems();
    expect(items[`l.${HIDDEN_SUBSCRIPTION.id}`]).toMatchObject({ origin: 'subscription', url: HIDDEN_SUBSCRIPTION.subscription.url });
    expect(Object.keys(items).filter((k) => k.startsWith('o.'))).toEqual([]);

    const options = await suite.newPage();
    await options.page.goto(suite.browser.extensionUrl('options.html#/sharing'));
    const note = options.page.getByTestId('sync-edits-left-out');
    await note.waitFor({ timeout: 15_000 });
    expect(await note.textContent()).toContain(String(HIDDEN_EDIT_COUNT));
    expect(await options.page.getByTestId('sync-over-quota').count()).toBe(0);
    await note.scrollIntoViewIfNeeded();
    await screenshot(options.page, 'sync-edits-left-out');
    expect(options.errors.pageErrors).toEqual([]);
  });

  it('when storage.sync is full the options page says so, and storage.sync and the database keep what they had', { timeout: 120_000 }, async () => {
    reader ??= await extensionPage(suite.browser);
    // Let the syncs of the earlier tests (the subscription) finish: storage.sync unchanged for 6 s (a run's debounce plus its gap).
    const syncBefore = await quietSyncItems(syncItems);
    // 400 entries with long definitions: well over storage.sync's 100 KB.
    await pushRaw({ list: [OVERSIZED_LIST], entry: oversizedEntries() }, { ok: false, reason: 'quota' });

    const options = await suite.newPage();
    await options.page.goto(suite.browser.extensionUrl('options.html#/sharing'));
    await options.page.getByTestId('sync-over-quota').waitFor({ timeout: 15_000 });
    expect(await options.page.getByTestId('sync-over-quota').getAttribute('role')).toBe('alert');

    expect(await syncItems()).toEqual(syncBefore);
    const stored = (await storedRows<Entry>(reader, ['entry'])).entry ?? [];
    expect(stored.filter((e) => e.listId === OVERSIZED_LIST.id)).toHaveLength(OVERSIZED_ENTRY_COUNT);
    expect(options.errors.pageErrors).toEqual([]);
  });
});
