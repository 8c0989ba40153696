// The "faults" suite of Chromium in Firefox ESR: the extension reloaded, updated or turned off with
// tabs open (faults-reload.test.ts), and editors, messages, network requests and a full
// storage.sync (faults-data.test.ts), with the pages, rows and counts of tests/browser/shared-faults.ts.
// The background stopped mid-work (faults-worker.test.ts) is in faults-worker.test.ts.
//
// What Firefox changes (faults-helpers.ts): the background is an event page, stopped with
// terminateBackground as Firefox's idle timer does; the extension is reloaded by runtime.reload()
// or through the AddonManager, as about:debugging and about:addons do; a content script's world is
// its sandbox; extension pages are driven through frame scripts (harness.ts), and their errors read
// from the extension process's console; network requests are observed in the parent process.
//
// One file, one Firefox launch, for two Chromium files: the reload tests come first (they replace
// the database with the schema-1 fixture), then the data tests, which write their own lists.

import type { Frame, Page } from 'puppeteer-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  compareWithV1Fixture,
  DATA_NEWS,
  entryRow,
  FAULTS_LIST,
  historyDefinitions,
  keepRegisteredInPage,
  KEPT_KEY,
  LIST_HEADERS,
  messageFromPageWorld,
  HIDDEN_EDIT_COUNT,
  HIDDEN_SUBSCRIPTION,
  hiddenEdits,
  NETWORK_SUBSCRIPTION,
  newScriptTakesOver,
  NOTE_MARKER,
  OVERSIZED_ENTRY_COUNT,
  OVERSIZED_LIST,
  oversizedEntries,
  PRIVATE_ENTRY,
  quietSyncItems,
  readV1Fixture,
  REFUSED_CONTENT_SCRIPT_MESSAGES,
  RELOAD_COUNTS,
  RELOAD_FRAME,
  RELOAD_FRAME_PATH,
  RELOAD_NEWS,
  sendRefusedMessages,
  SHARED_ENTRY,
  storedRowsInPage,
  V1_LIVE_ENTRY_COUNT,
  V1_PAGE_COUNTS,
  V1_TRASHED_TERM,
  writeRowsInPage,
  writeV1DatabaseInPage,
  type EvaluatingPage,
  type FaultsEntry,
} from '../browser/shared-faults';
import type { ExtensionPageHandle } from '../browser/firefox.mjs';
import { ExtensionPageDriver, firefoxSkipReason, testId, useFirefoxSuite, waitForHighlights, waitForSettledHighlights } from './harness';
import {
  callIn,
  callSource,
  colouredPixels,
  evaluateInContentScript,
  recordRequests,
  reloadAsUpdate,
  reloadFromBackground,
  sendFromExtensionPage,
  setExtensionEnabled,
  stopBackground,
  tabErrors,
  windowErrors,
  windowIdOf,
  type RecordedRequest,
} from './faults-helpers';

const skipReason = firefoxSkipReason();

describe.skipIf(skipReason !== null)('the faults suite in Firefox ESR', () => {
  const suite = useFirefoxSuite();
  // Every HTTP(S) request of the browser, from the file's start (Chromium records its context's from the start too).
  let requests: () => Promise<RecordedRequest[]>;
  beforeAll(async () => {
    requests = await recordRequests(suite);
  });

  /** The rows of the named tables, read in an extension page. */
  const storedRows = <T = Record<string, unknown>>(page: ExtensionPageHandle, tables: string[]) => callIn<Record<string, T[]>>(page, callSource(storedRowsInPage, tables));
  /** An extension page to read the database from: the popup, asking no tab. */
  const extensionPage = () => suite.firefox.openExtensionPage('popup.html?tab=-1');
  /** A raw write from an extension page, then the notice Dexie would have sent. */
  async function writeRows(page: ExtensionPageHandle, rows: { list?: object[]; entry?: object[]; override?: object[] }) {
    await callIn(page, callSource(writeRowsInPage, rows));
    await sendFromExtensionPage(page, { type: 'glossary-changed' });
  }

  describe('faults: the extension is reloaded with tabs open (faults-reload.test.ts)', () => {
    const keepRegistered = (page: Page, key: string) => page.evaluate(keepRegisteredInPage, key);
    const inFrame = (frame: Frame) => frame as unknown as Page; // waitForHighlights only calls evaluate(fn, arg)
    // Puppeteer's evaluate(fn, arg) means what the shared specs ask; only its types (handles flattened) differ.
    const evaluating = (target: Page | Frame) => target as unknown as EvaluatingPage;

    it('the old content script stops cleanly and the new one highlights the open tab, frames included, without a reload', async () => {
      // No developer mode to switch on: Firefox reloads a temporary add-on as it is.
      suite.server.page(RELOAD_FRAME_PATH, RELOAD_FRAME);
      const { page, pageErrors } = await suite.newPage();
      await page.goto(suite.server.page('/faults/reload-news.html', RELOAD_NEWS));
      const before = await waitForSettledHighlights(page);
      expect(before.counts.get(RELOAD_COUNTS.term)).toBe(RELOAD_COUNTS.inPage);
      const frame = page.frames().find((f) => f.url().endsWith(RELOAD_FRAME_PATH))!;
      await waitForHighlights(inFrame(frame), (r) => r.counts.get(RELOAD_COUNTS.frameTerm) === RELOAD_COUNTS.inFrame);
      expect(await keepRegistered(page, KEPT_KEY)).toBeGreaterThan(0);

      await reloadFromBackground(suite);

      // The new script took over: none of the old highlight objects is registered, and the same
      // terms are highlighted, once each, in the page and in its frame. The old script's observer is
      // gone: new text is highlighted once, by the new script only.
      const takeover = await newScriptTakesOver(evaluating(page), evaluating(frame));
      expect(takeover.oldRegistered).toBe(0);
      expect(takeover.after.counts).toEqual(before.counts);
      expect(takeover.oldSizesLater).toEqual(takeover.oldSizes);
      expect(pageErrors).toEqual([]);
      expect((await tabErrors(suite, page)).filter((e) => !e.includes('favicon'))).toEqual([]);
    });

    it('a tab opened after the reload gets one content script, not two', async () => {
      const { page, pageErrors } = await suite.newPage();
      await page.goto(suite.server.page('/faults/after-reload.html', RELOAD_NEWS));
      const reading = await waitForSettledHighlights(page);
      expect(reading.counts.get(RELOAD_COUNTS.term)).toBe(RELOAD_COUNTS.inPage);
      expect(pageErrors).toEqual([]);
    });

    it('upgrades a database written by schema version 1, found intact by the popup and the page', async () => {
      const fixture = readV1Fixture();
      // No extension context may hold the database open: stop the background, use a page that does
      // not open it (the host-access page, as Chromium uses a bare file of the extension).
      await stopBackground(suite);
      const raw = await suite.firefox.openExtensionPage('host-access.html');
      await callIn(raw, callSource(writeV1DatabaseInPage, fixture));
      await raw.close();

      await reloadAsUpdate(suite);
      const { page, pageErrors } = await suite.newPage();
      await page.goto(suite.server.page('/faults/v1-news.html', RELOAD_NEWS));
      // Only the fixture's live entries highlight (the starter glossary is not seeded over existing lists).
      const reading = await waitForSettledHighlights(page);
      expect(reading.counts.get('新质生产力')).toBe(V1_PAGE_COUNTS.新质生产力);
      expect(reading.counts.get('西部大开发')).toBe(V1_PAGE_COUNTS.西部大开发);
      expect(reading.counts.has(V1_TRASHED_TERM)).toBe(false); // trashed in the fixture

      const tabId = await suite.firefox.tabIdOf(page);
      const popup = await ExtensionPageDriver.open(suite, `popup.html?tab=${tabId}`, testId('glossary-entry'));
      try {
        const shown = await popup.texts(testId('glossary-entry'));
        expect(shown.some((t) => t.includes('新质生产力'))).toBe(true);
        expect(shown.some((t) => t.includes('西部大开发'))).toBe(true);
        expect(await popup.count(testId('db-open-problem'))).toBe(0);

        const rows = await storedRows<{ id: string }>(popup.handle, ['list', 'entry', 'history', 'override']);
        // Every row of the fixture, field for field. Browser sync may bring back the starter list
        // (this profile synced it before the database was replaced); nothing else may appear.
        // The background purges what has been in the trash for 30 days at start: such a row may be
        // gone; every other row must be there, and any row that is there must be unchanged.
        const compared = compareWithV1Fixture(fixture, rows);
        for (const { id, expected, found } of compared.kept) expect(found, `row ${id}`).toEqual(expected);
        expect(compared.liveEntries).toBe(V1_LIVE_ENTRY_COUNT);
        expect(compared.others.every((id) => id === 'starter' || id.startsWith('starter:'))).toBe(true);
        expect(rows.history).toEqual([]);
        expect(rows.override).toEqual([]);
        expect(pageErrors).toEqual([]);
        expect(await windowErrors(popup.handle, await windowIdOf(popup.handle))).toEqual([]);
      } finally {
        await popup.close();
      }
    });

    it('when the extension is turned off, every highlight leaves the open tab, without errors', async () => {
      const { page, pageErrors } = await suite.newPage();
      await page.goto(suite.server.page('/faults/disable-news.html', RELOAD_NEWS));
      await waitForSettledHighlights(page);
      expect(await colouredPixels(suite, page)).toBeGreaterThan(0);
      await setExtensionEnabled(suite, false);
      // Firefox gives a content script no moment to clean up when its add-on is turned off: the
      // script is cut off at once, so its Highlight objects stay in the page's CSS.highlights
      // (Chromium's test reads that registry). What Firefox does take away is the content script's
      // CSS, which is what paints them (entrypoints/content/style.css): so the reader's promise
      // is checked on the screen, where no highlight may be left.
      await expect.poll(() => colouredPixels(suite, page), { timeout: 5_000, interval: 200 }).toBe(0);
      expect(await page.$$eval('termlens-card', (cards) => cards.length)).toBe(0);
      expect(pageErrors).toEqual([]);
      // Nor did the script cut off leave an error behind (a timer of its own running into its dead world).
      await new Promise((r) => setTimeout(r, 1_500));
      expect(await tabErrors(suite, page)).toEqual([]);
      await setExtensionEnabled(suite, true);
    });
  });

  describe('faults: data and messages (faults-data.test.ts)', () => {
    let reader: ExtensionPageHandle | undefined;
    const readerPage = async () => (reader ??= await extensionPage());
    const storedEntry = async (id: string) => ((await storedRows<FaultsEntry>(await readerPage(), ['entry'])).entry ?? []).find((e) => e.id === id);

    it('two options pages and the popup edit one entry: the later saves warn and show both versions, and no edit is lost', async () => {
      const rows = await readerPage();
      await writeRows(rows, { list: [FAULTS_LIST], entry: [entryRow(SHARED_ENTRY.id, FAULTS_LIST.id, SHARED_ENTRY.term, { definition: SHARED_ENTRY.original })] });
      const news = await suite.newPage();
      await news.page.goto(suite.server.page('/faults/editors.html', DATA_NEWS));
      await waitForHighlights(news.page, (r) => r.counts.get(SHARED_ENTRY.term) === 1);
      const tabId = await suite.firefox.tabIdOf(news.page);

      const open = () => ExtensionPageDriver.open(suite, `options.html#/entry/${SHARED_ENTRY.id}`, testId('entry-form'));
      const a = await open();
      const b = await open();
      const popup = await ExtensionPageDriver.open(suite, `popup.html?tab=${tabId}`, { css: testId('glossary-entry'), text: SHARED_ENTRY.term });
      try {
        await popup.click({ css: testId('glossary-entry'), text: SHARED_ENTRY.term, inside: testId('glossary-edit') });
        await popup.waitFor(testId('entry-form'));

        // A saves first: no warning.
        await a.type(testId('entry-definition'), SHARED_ENTRY.first, { replace: true });
        await a.click(testId('entry-save'));
        await expect.poll(() => storedEntry(SHARED_ENTRY.id).then((e) => e?.definition), { timeout: 10_000 }).toBe(SHARED_ENTRY.first);
        expect(await a.count(testId('entry-conflict'))).toBe(0);

        // B loaded the entry before A's save: its save warns, shows A's version beside its own, writes nothing.
        await b.type(testId('entry-definition'), SHARED_ENTRY.second, { replace: true });
        await b.click(testId('entry-save'));
        const conflict = await b.waitFor(testId('entry-conflict'));
        expect(conflict.text).toContain(SHARED_ENTRY.first);
        expect(conflict.text).toContain(SHARED_ENTRY.second);
        expect((await storedEntry(SHARED_ENTRY.id))?.definition).toBe(SHARED_ENTRY.first);

        // The popup, too.
        await popup.type(`${testId('entry-form')} ${testId('entry-definition')}`, SHARED_ENTRY.popup, { replace: true });
        await popup.click(`${testId('entry-form')} ${testId('entry-save')}`);
        const popupConflict = await popup.waitFor(testId('entry-conflict'));
        expect(popupConflict.text).toContain(SHARED_ENTRY.first);
        expect(popupConflict.text).toContain(SHARED_ENTRY.popup);

        // B keeps its version deliberately; A's is still in the history, so nothing is lost.
        await b.click(`${testId('entry-conflict')} ${testId('conflict-keep-mine')}`);
        await expect.poll(() => storedEntry(SHARED_ENTRY.id).then((e) => e?.definition), { timeout: 10_000 }).toBe(SHARED_ENTRY.second);
        const definitions = historyDefinitions((await storedRows<{ entryId: string; entry: FaultsEntry }>(rows, ['history'])).history ?? [], SHARED_ENTRY.id);
        expect(definitions).toContain(SHARED_ENTRY.original);
        expect(definitions).toContain(SHARED_ENTRY.first);
        expect(definitions).toContain(SHARED_ENTRY.second);
        for (const editor of [a, b, popup]) expect(await windowErrors(rows, await windowIdOf(editor.handle))).toEqual([]);
      } finally {
        await Promise.all([a, b, popup].map((d) => d.close().catch(() => {})));
      }
    });

    it('a content script that sends garbage or a write is refused, the data is unchanged, and the background still serves', async () => {
      const rows = await readerPage();
      await writeRows(rows, { entry: [entryRow(PRIVATE_ENTRY.id, FAULTS_LIST.id, PRIVATE_ENTRY.term, { note: PRIVATE_ENTRY.note })] });
      const { page, pageErrors } = await suite.newPage();
      await page.goto(suite.server.page('/faults/messages.html', DATA_NEWS));
      await waitForSettledHighlights(page);
      const { before, answers, after, reads } = await sendRefusedMessages(
        (tables) => storedRows(rows, tables),
        (expression) => evaluateInContentScript(suite, page, expression),
      );
      expect(answers).toHaveLength(REFUSED_CONTENT_SCRIPT_MESSAGES.length);
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
      expect(pageErrors).toEqual([]);
    });

    it('a page (not the content script) cannot message the extension at all', async () => {
      // Firefox has no externally_connectable: a page's world has no chrome.runtime at all.
      const { page } = await suite.newPage();
      await page.goto(suite.server.page('/faults/page-world.html', DATA_NEWS));
      const fromPage = await page.evaluate(messageFromPageWorld, suite.firefox.extensionId);
      expect(fromPage).not.toBe('sent');
    });

    it('makes no network request but to the pages opened and the subscriptions the user added', async () => {
      const listUrl = suite.server.route(NETWORK_SUBSCRIPTION.path, () => ({ headers: LIST_HEADERS, body: NETWORK_SUBSCRIPTION.body }));
      const result = await suite.firefox.callBackground<{ code?: string }>(`termlensBackground.subscriptions.subscribe(${JSON.stringify(listUrl)})`);
      expect(result.code).toBeUndefined();
      const serverPaths = suite.server.requests.map((r) => r.path);
      expect(serverPaths).toContain(NETWORK_SUBSCRIPTION.path);
      const recorded = await requests();
      // The recorder sees the background's requests too (else the check below would prove nothing about it).
      expect(recorded.map((r) => r.url)).toContain(listUrl);

      // Firefox's own traffic (remote settings and the like, loaded by the system) is no page's and
      // no extension's; everything else must go to the local server.
      const origin = suite.server.origin;
      const outside = recorded.filter((r) => !r.byBrowser && !r.url.startsWith(`${origin}/`)).map((r) => r.url);
      expect(outside).toEqual([]);
      // Every request to the local server is a page a test opened, a frame of one, or the subscription.
      const unexpected = suite.server.requests.filter((r) => !r.path.startsWith('/faults/') && r.path !== '/favicon.ico');
      expect(unexpected).toEqual([]);
    });

    /** storage.sync, and the last sync's report (lib/sync/sync-status.ts), read from an extension page. */
    const syncItems = (rows: ExtensionPageHandle) => callIn<Record<string, unknown>>(rows, 'browser.storage.sync.get(null)');
    const lastReport = (rows: ExtensionPageHandle) =>
      callIn<{ ok: boolean; reason?: string; editsLeftOut?: number } | null>(rows, `browser.storage.local.get('sync-status').then((r) => r['sync-status']?.lastReport ?? null)`);
    /**
     * Writes rows around Dexie and has a new background push them: the raw write bypassed Dexie, whose change event
     * starts a push, and a new background pushes at start. Resolves once the push reported `expected`.
     */
    async function pushRaw(rows: ExtensionPageHandle, written: Parameters<typeof writeRows>[1], expected: object): Promise<void> {
      await writeRows(rows, written);
      await stopBackground(suite);
      await sendFromExtensionPage(rows, { type: 'glossary-changed' });
      await expect.poll(() => lastReport(rows), { timeout: 30_000, interval: 500 }).toMatchObject(expected);
    }

    it('when the reader’s edits of a subscription do not fit storage.sync, the rest still syncs and the options page says how many were left out', { timeout: 120_000 }, async () => {
      const rows = await readerPage();
      await quietSyncItems(() => syncItems(rows));
      await pushRaw(rows, { list: [HIDDEN_SUBSCRIPTION], override: hiddenEdits() }, { ok: true, editsLeftOut: HIDDEN_EDIT_COUNT });
      // The subscription itself synced; none of its edits did.
      const items = await syncItems(rows);
      expect(items[`l.${HIDDEN_SUBSCRIPTION.id}`]).toMatchObject({ origin: 'subscription', url: HIDDEN_SUBSCRIPTION.subscription.url });
      expect(Object.keys(items).filter((k) => k.startsWith('o.'))).toEqual([]);

      const options = await ExtensionPageDriver.open(suite, 'options.html#/sharing', testId('sync-edits-left-out'));
      try {
        expect((await options.state(testId('sync-edits-left-out'))).text).toContain(String(HIDDEN_EDIT_COUNT));
        expect((await options.state(testId('sync-over-quota'))).exists).toBe(false);
      } finally {
        await options.close();
      }
    });

    it('when storage.sync is full the options page says so, and storage.sync and the database keep what they had', { timeout: 120_000 }, async () => {
      const rows = await readerPage();
      // Let the syncs of the earlier tests (the subscription) finish: storage.sync unchanged for 6 s (a run's debounce plus its gap).
      const syncBefore = await quietSyncItems(() => syncItems(rows));
      // 400 entries with long definitions: well over storage.sync's 100 KB.
      await pushRaw(rows, { list: [OVERSIZED_LIST], entry: oversizedEntries() }, { ok: false, reason: 'quota' });

      const options = await ExtensionPageDriver.open(suite, 'options.html#/sharing', testId('sync-over-quota'));
      try {
        expect((await options.state(testId('sync-over-quota'))).attributes.role).toBe('alert');
        expect(await syncItems(rows)).toEqual(syncBefore);
        const stored = (await storedRows<FaultsEntry>(rows, ['entry'])).entry ?? [];
        expect(stored.filter((e) => e.listId === OVERSIZED_LIST.id)).toHaveLength(OVERSIZED_ENTRY_COUNT);
        expect(await windowErrors(rows, await windowIdOf(options.handle))).toEqual([]);
      } finally {
        await options.close();
      }
    });
  });
});
