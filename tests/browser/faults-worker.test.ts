// Faults: MV3 stops the service worker at any moment (issue 8, point 3). The worker is stopped
// through CDP (Target.closeTarget on its target, as Chrome's idle timer or a crash would) in the
// middle of an import and of a browser-sync run; afterwards the data is complete or untouched,
// never half, and the matcher, the alarm and the subscriptions come back with the next event.
//
// Where the work runs decides what a stopped worker can interrupt: an import runs in the options
// page (its parse worker, lib/glossary/import-worker.ts) in ONE Dexie transaction, so stopping the
// service worker cannot touch it; closing the page that runs it aborts the transaction, and
// IndexedDB then keeps nothing of it. Browser sync runs in the service worker and writes
// storage.sync in at most two calls (remove, then set) after computing the whole new state; a
// stopped run is simply run again by the next worker.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { readRecords } from '../../lib/sync/sync-layout';
import { useBrowserSuite, waitForHighlights, watchWorkerErrors } from './harness';
import { awakeWorker, extensionPage, runningWorkers, stopServiceWorker, storedRows } from './faults-helpers';
import { keptMatcherRevisionInPage } from './kept-matcher.mjs';
import {
  addSyncListInPage,
  bigCsv,
  CLOSED_IMPORT,
  entriesOfListInPage,
  LIST_HEADERS,
  MID_IMPORT,
  RESTART_SUBSCRIPTION,
  starterEntryCountInPage,
  SUBSCRIPTION_ALARM,
  SYNC_LIST,
  WORKER_NEWS,
  writeInOneTransactionInPage,
  type FaultsRow,
} from './shared-faults';

const suite = useBrowserSuite();
const scratch = mkdtempSync(join(tmpdir(), 'termlens-faults-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

type Row = FaultsRow;
const NEWS = WORKER_NEWS;

/** The import panel, if the options page has it (`#/sharing`). */
async function importPanel(page: Page): Promise<boolean> {
  await page.goto(suite.browser.extensionUrl('options.html#/sharing'));
  return page
    .getByTestId('import-export-panel')
    .waitFor({ timeout: 5_000 })
    .then(() => true)
    .catch(() => false);
}

/**
 * Writes `count` entries into a new list in one read-write transaction from `page` (an extension
 * page), as applyImport does, and resolves when it commits. Used where the options page has no
 * import panel yet: the transaction's all-or-nothing is what the import relies on.
 */
function writeInOneTransaction(page: Page, listName: string, count: number, lastTerm: string): Promise<void> {
  return page.evaluate(writeInOneTransactionInPage, [listName, count, lastTerm] as const);
}

/** A term no glossary has until addEntryUntoldInPage adds it. */
const KEPT_MATCHER_NEW_TERM = '缓存校验专用术语';

/**
 * In an extension page: adds an entry for `term` to the list of an existing entry, as GlossaryDb
 * does (a new generation in the same transaction: lib/glossary/db.ts, generationStamp), but with
 * IndexedDB itself, so that no Dexie change event and no notice reaches the background.
 */
async function addEntryUntoldInPage(term: string): Promise<void> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const open = indexedDB.open('termlens');
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  try {
    const tx = db.transaction(['entry', 'meta'], 'readwrite');
    const entries = tx.objectStore('entry');
    const cursor = entries.openCursor();
    await new Promise<void>((resolve, reject) => {
      cursor.onsuccess = () => {
        const model = cursor.result?.value as Record<string, unknown> | undefined;
        if (!model) return reject(new Error('no entry to copy'));
        entries.put({ ...model, id: `untold-${Date.now()}`, term, variants: [], translations: {}, updatedAt: Date.now() });
        tx.objectStore('meta').put({ key: 'generation', value: `untold-${Date.now()}` });
        resolve();
      };
      cursor.onerror = () => reject(cursor.error);
    });
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

/** The list named `name` and how many entries it holds, counted in the page (thousands of rows need not cross to Node). */
/** Sends a runtime message from an extension page (it wakes the worker). */
function sendFromExtensionPage(page: Page, message: unknown): Promise<unknown> {
  return page.evaluate(
    (m) => (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome.runtime.sendMessage(m),
    message,
  );
}

async function entriesOfList(name: string): Promise<{ list: Row | undefined; count: number }> {
  const reader = await extensionPage(suite.browser);
  try {
    return await reader.evaluate(entriesOfListInPage, name);
  } finally {
    await reader.close();
  }
}

describe('faults: the service worker is stopped', () => {
  // First: the imports below put more into the database than storage.sync can hold.
  it('mid-sync: storage.sync afterwards holds every record of the database, and the next worker finishes the run', async () => {
    const reader = await extensionPage(suite.browser);
    const settled = async () =>
      reader.evaluate(async () => {
        const chrome = (globalThis as unknown as { chrome: { storage: { local: { get(k: string): Promise<Record<string, unknown>> } } } }).chrome;
        return (await chrome.storage.local.get('sync-status'))['sync-status'] as { lastReport?: { ok: boolean; at: number } } | undefined;
      });
    // The starter glossary first: the worker seeds it only into a database without lists, so a
    // list written before the seeding ends would leave the profile without it (seen once under
    // CI's load: every later page of this file then had nothing to highlight).
    await expect
      .poll(
        () => reader.evaluate(starterEntryCountInPage),
        { timeout: 20_000, interval: 100 },
      )
      .toBeGreaterThan(0);
    // A local change makes the worker push (after its 1 s debounce); stop it as the run starts.
    const before = (await settled())?.lastReport?.at ?? 0;
    await reader.evaluate(addSyncListInPage, SYNC_LIST);
    // The page told the worker (lib/glossary/change-notice.ts is in extension pages; this raw
    // write bypassed Dexie, so say it here as Dexie would).
    await sendFromExtensionPage(reader, { type: 'glossary-changed' });
    await awakeWorker(suite.browser);
    await new Promise((r) => setTimeout(r, 1_050));
    expect(await stopServiceWorker(suite.browser)).toBe(true);

    // The next event (a page asking for its matcher) starts a new worker, which syncs at start.
    const news = await suite.newPage();
    await news.page.goto(suite.server.page('/faults/sync-news.html', NEWS(['能源革命'])));
    await waitForHighlights(news.page, (r) => (r.counts.get('能源革命') ?? 0) > 0);
    await expect.poll(async () => (await settled())?.lastReport?.at ?? 0, { timeout: 20_000 }).toBeGreaterThan(before);
    await expect.poll(async () => (await settled())?.lastReport, { timeout: 20_000 }).toMatchObject({ ok: true });

    const synced = async () =>
      readRecords(
        await reader.evaluate(async () =>
          (globalThis as unknown as { chrome: { storage: { sync: { get(k: null): Promise<Record<string, unknown>> } } } }).chrome.storage.sync.get(null),
        ),
      );
    // A report newer than `before` may come from a run that began before the list was written
    // (seen under load): the list's record is what the next worker's run must bring.
    await expect.poll(async () => (await synced()).records.has(`l.${SYNC_LIST.id}`), { timeout: 20_000 }).toBe(true);
    expect((await synced()).incomplete.size).toBe(0);
    const rows = await storedRows<Row>(reader, ['list']);
    expect(rows.list?.find((l) => l.id === SYNC_LIST.id)?.name).toBe(SYNC_LIST.name);
  });

  it('mid-import: the import completes in the options page, and after the worker restarts an open page highlights the imported terms', { timeout: 180_000 }, async () => {
    const COUNT = MID_IMPORT.count;
    const LAST = MID_IMPORT.lastTerm;
    const news = await suite.newPage();
    await news.page.goto(suite.server.page('/faults/import-news.html', NEWS([LAST])));
    await waitForHighlights(news.page, (r) => (r.counts.get('新质生产力') ?? 0) > 0);

    const options = await suite.newPage();
    const csvPath = join(scratch, 'big.csv');
    writeFileSync(csvPath, bigCsv(COUNT, LAST));
    let done: Promise<unknown>;
    let viaPanel = false;
    if (await importPanel(options.page)) {
      viaPanel = true;
      await options.page.getByTestId('import-file').setInputFiles(csvPath);
      await options.page.getByTestId('import-parsed').waitFor({ timeout: 30_000 });
      await options.page.getByTestId('import-target-new').check();
      await options.page.getByTestId('import-new-name').fill(MID_IMPORT.listName);
      await options.page.getByTestId('import-preview').and(options.page.locator('[aria-busy="false"]')).waitFor({ timeout: 30_000 });
      await options.page.getByTestId('import-apply').click();
      done = options.page.getByTestId('import-done').waitFor({ timeout: 60_000 });
    } else {
      await options.page.goto(suite.browser.extensionUrl('options.html'));
      done = writeInOneTransaction(options.page, MID_IMPORT.listName, COUNT, LAST);
    }
    // The import is in flight: stop the worker under it.
    await new Promise((r) => setTimeout(r, 150));
    await stopServiceWorker(suite.browser);
    await done;
    // The panel writes through Dexie, and the page's change notice (lib/glossary/change-notice.ts)
    // wakes the worker; the raw write bypassed Dexie, so say it here as the notice would.
    if (!viaPanel) await sendFromExtensionPage(options.page, { type: 'glossary-changed' });

    const { list, count } = await entriesOfList(MID_IMPORT.listName);
    expect(list).toBeDefined();
    expect(count).toBe(COUNT);
    // The page learns of the import although the worker was stopped: the next event starts a
    // new worker, which compiles the matcher from the database.
    await waitForHighlights(news.page, (r) => (r.counts.get(LAST) ?? 0) === 1, { timeout: 15_000 });
    expect(news.errors.pageErrors).toEqual([]);
  });

  it('mid-import, the page running the import closes: the database holds all of it or none of it, never half', { timeout: 180_000 }, async () => {
    const COUNT = CLOSED_IMPORT.count;
    const outcomes: number[] = [];
    for (const delay of CLOSED_IMPORT.delays) {
      const name = CLOSED_IMPORT.listName(delay);
      const options = await suite.browser.context.newPage();
      await options.goto(suite.browser.extensionUrl('options.html'));
      void writeInOneTransaction(options, name, COUNT, CLOSED_IMPORT.lastTerm(delay)).catch(() => undefined);
      await new Promise((r) => setTimeout(r, delay));
      // The worker goes too (it cannot matter to a write in the page; this shows it does not), at
      // the same time: stopping it first took 100–300 ms, so that in a CI run every close came after
      // the transaction had committed and the test proved nothing.
      await Promise.all([stopServiceWorker(suite.browser).catch(() => false), options.close()]);
      const { list, count } = await entriesOfList(name);
      // All or nothing: the list and every entry, or neither.
      expect([0, COUNT]).toContain(count);
      expect(list === undefined).toBe(count === 0);
      outcomes.push(count);
    }
    // At least one close landed inside the transaction, or the test proved nothing.
    expect(outcomes).toContain(0);
  });

  it('a restarted worker takes back the matcher it compiled, unless the glossary changed while it was stopped', { timeout: 120_000 }, async () => {
    const ext = await extensionPage(suite.browser);
    try {
      const first = (await sendFromExtensionPage(ext, { type: 'get-matcher' })) as { revision: number };
      // The worker keeps the matcher without waiting for the write: wait until it is kept.
      await expect.poll(() => ext.evaluate(keptMatcherRevisionInPage), { timeout: 10_000 }).toBe(first.revision);
      expect(await stopServiceWorker(suite.browser)).toBe(true);

      // A page opened now wakes a new worker, which answers with the kept matcher: the same
      // revision (a compile makes a new one), and no body for a page that already has it.
      const news = await suite.newPage();
      await news.page.goto(suite.server.page('/faults/kept-matcher.html', NEWS(['西部大开发'])));
      await waitForHighlights(news.page, (r) => (r.counts.get('西部大开发') ?? 0) > 0 && (r.counts.get('新质生产力') ?? 0) > 0);
      expect(await sendFromExtensionPage(ext, { type: 'get-matcher', knownRevision: first.revision })).toEqual({ revision: first.revision });

      // Changed while the worker is stopped, and no one tells it (an editor's popup that closed
      // before its notice left): the next worker sees the new generation and compiles again.
      expect(await stopServiceWorker(suite.browser)).toBe(true);
      await ext.evaluate(addEntryUntoldInPage, KEPT_MATCHER_NEW_TERM);
      const later = await suite.newPage();
      await later.page.goto(suite.server.page('/faults/changed-while-stopped.html', NEWS([KEPT_MATCHER_NEW_TERM])));
      await waitForHighlights(later.page, (r) => (r.counts.get(KEPT_MATCHER_NEW_TERM) ?? 0) > 0);
      const after = (await sendFromExtensionPage(ext, { type: 'get-matcher', knownRevision: first.revision })) as { revision: number; matcher?: string };
      expect(after.revision).not.toBe(first.revision);
      expect(after.matcher).toContain(KEPT_MATCHER_NEW_TERM);
    } finally {
      await ext.close();
    }
  });

  it('after a restart the matcher, the subscription alarm and the subscriptions are back', { timeout: 120_000 }, async () => {
    const listUrl = suite.server.route(RESTART_SUBSCRIPTION.path, () => ({ headers: LIST_HEADERS, body: RESTART_SUBSCRIPTION.body }));
    let worker = await awakeWorker(suite.browser);
    const subscribed = (await worker.evaluate(async (url) => {
      const hooks = (globalThis as unknown as { termlensBackground: { subscriptions: { subscribe(u: string): Promise<unknown> } } }).termlensBackground.subscriptions;
      return hooks.subscribe(url);
    }, listUrl)) as { id?: string; code?: string; message?: string };
    expect(subscribed.code, subscribed.message).toBeUndefined();

    const news = await suite.newPage();
    await news.page.goto(suite.server.page('/faults/subscribed-news.html', NEWS([RESTART_SUBSCRIPTION.term])));
    await waitForHighlights(news.page, (r) => (r.counts.get(RESTART_SUBSCRIPTION.term) ?? 0) > 0);

    // Stopped until it stays stopped: the page's count for the badge, sent 100 ms after its scan
    // ends, may wake a new worker right after the first stop (seen once in CI).
    await expect
      .poll(async () => {
        await stopServiceWorker(suite.browser);
        await new Promise((r) => setTimeout(r, 300));
        return runningWorkers(suite.browser);
      }, { timeout: 15_000 })
      .toEqual([]);

    // A page opened now wakes a new worker, which compiles the matcher from the database.
    const later = await suite.newPage();
    await later.page.goto(suite.server.page('/faults/after-restart.html', NEWS([RESTART_SUBSCRIPTION.term])));
    await waitForHighlights(later.page, (r) => (r.counts.get(RESTART_SUBSCRIPTION.term) ?? 0) > 0 && (r.counts.get('新质生产力') ?? 0) > 0);
    worker = await awakeWorker(suite.browser);
    const errors = watchWorkerErrors(worker);
    const state = await worker.evaluate(async (id) => {
      const g = globalThis as unknown as {
        chrome: { alarms: { getAll(): Promise<{ name: string; periodInMinutes?: number }[]> } };
        termlensBackground: { subscriptions: { list(id: string): Promise<{ subscription?: { url: string } } | undefined>; entries(id: string): Promise<{ term: string }[]> } };
      };
      return {
        alarms: await g.chrome.alarms.getAll(),
        list: await g.termlensBackground.subscriptions.list(id),
        entries: (await g.termlensBackground.subscriptions.entries(id)).map((e) => e.term),
      };
    }, subscribed.id!);
    expect(state.alarms.map((a) => a.name)).toContain(SUBSCRIPTION_ALARM);
    expect(state.list?.subscription?.url).toBe(listUrl);
    expect(state.entries).toEqual([RESTART_SUBSCRIPTION.term]);
    // The old page keeps working with the new worker: its card still opens (get-card-entry).
    expect(errors).toEqual([]);
    expect(later.errors.pageErrors).toEqual([]);
  });
});
