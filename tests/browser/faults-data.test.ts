// Faults: two editors and the popup saving the same entry (issue 8, point 6), a malformed or
// forbidden message from a content script (point 7), private notes and network requests
// (point 8), and a full storage.sync (point 5). Each test checks that the stored data is intact.

import type { Page, Request } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { useBrowserSuite, waitForHighlights, waitForSettledHighlights } from './harness';
import { evaluateInContentScript, extensionPage, stopServiceWorker, storedRows } from './faults-helpers';

const suite = useBrowserSuite();
const requests: string[] = [];
beforeAll(() => {
  suite.browser.context.on('request', (request: Request) => requests.push(request.url()));
});

const NEWS = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>要闻</title></head>
<body><main><h1>加快发展新质生产力</h1><p>深入推进能源革命，推动西部大开发形成新格局。</p><p>数据要素市场加快建设。</p></main></body></html>`;

interface Entry {
  id: string;
  listId: string;
  term: string;
  definition: string;
  note: string;
  updatedAt: number;
  deletedAt?: number;
}

/** Runs a raw read-write transaction from an extension page, then tells the background (as Dexie writes in extension pages do). */
async function writeRows(page: Page, rows: { list?: object[]; entry?: object[] }): Promise<void> {
  await page.evaluate(
    (r) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('termlens');
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['list', 'entry'], 'readwrite');
          for (const l of r.list ?? []) tx.objectStore('list').put(l);
          for (const e of r.entry ?? []) tx.objectStore('entry').put(e);
          tx.oncomplete = () => (db.close(), resolve());
          tx.onerror = () => reject(tx.error);
        };
        open.onerror = () => reject(open.error);
      }),
    rows,
  );
  await page.evaluate(() => (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome.runtime.sendMessage({ type: 'glossary-changed' }));
}

function entryRow(id: string, listId: string, term: string, extra: Partial<Entry> = {}): Entry & Record<string, unknown> {
  const now = Date.now();
  return {
    id,
    listId,
    term,
    variants: [],
    lang: 'zh-Hans',
    translations: { en: [`${term} (en)`] },
    definition: `${term}的释义。`,
    note: '',
    tags: [],
    match: { caseSensitive: false, wholeWord: true, exclusions: [] },
    createdAt: now,
    updatedAt: now,
    ...extra,
  };
}

const LIST = { id: 'faults-list', name: '故障测试', color: 3, enabled: true, priority: 10, origin: 'local', createdAt: 1, updatedAt: 1 };
const NOTE_MARKER = 'PRIVATE-NOTE-7f3a9c';

describe('faults: data and messages', () => {
  let reader: Page;

  it('two options pages and the popup edit one entry: the later saves warn and show both versions, and no edit is lost', async () => {
    reader = await extensionPage(suite.browser);
    await writeRows(reader, { list: [LIST], entry: [entryRow('faults-shared', LIST.id, '数据要素', { definition: '原始释义' })] });
    const news = await suite.newPage();
    await news.page.goto(suite.server.page('/faults/editors.html', NEWS));
    await waitForHighlights(news.page, (r) => r.counts.get('数据要素') === 1);

    const open = async () => {
      const p = await suite.newPage();
      await p.page.setViewportSize({ width: 1280, height: 1000 });
      await p.page.goto(suite.browser.extensionUrl('options.html#/entry/faults-shared'));
      await p.page.getByTestId('entry-form').waitFor({ timeout: 15_000 });
      return p;
    };
    const a = await open();
    const b = await open();
    const tabId = await suite.tabIdOf(news.page);
    const popup = await suite.newPage();
    await popup.page.goto(suite.browser.extensionUrl(`popup.html?tab=${tabId}`));
    const row = popup.page.getByTestId('glossary-entry').filter({ hasText: '数据要素' });
    await row.waitFor({ timeout: 15_000 });
    await row.getByTestId('glossary-edit').click();
    const popupForm = popup.page.getByTestId('entry-form');
    await popupForm.waitFor();

    // A saves first: no warning.
    await a.page.getByTestId('entry-definition').fill('甲的释义');
    await a.page.getByTestId('entry-save').click();
    await expect.poll(async () => ((await storedRows<Entry>(reader, ['entry'])).entry ?? []).find((e) => e.id === 'faults-shared')?.definition).toBe('甲的释义');
    expect(await a.page.getByTestId('entry-conflict').count()).toBe(0);

    // B loaded the entry before A's save: its save warns, shows A's version beside its own, writes nothing.
    await b.page.getByTestId('entry-definition').fill('乙的释义');
    await b.page.getByTestId('entry-save').click();
    const conflict = b.page.getByTestId('entry-conflict');
    await conflict.waitFor({ timeout: 10_000 });
    expect(await conflict.textContent()).toContain('甲的释义');
    expect(await conflict.textContent()).toContain('乙的释义');
    expect(((await storedRows<Entry>(reader, ['entry'])).entry ?? []).find((e) => e.id === 'faults-shared')?.definition).toBe('甲的释义');

    // The popup, too.
    await popupForm.getByTestId('entry-definition').fill('弹窗的释义');
    await popupForm.getByTestId('entry-save').click();
    const popupConflict = popup.page.getByTestId('entry-conflict');
    await popupConflict.waitFor({ timeout: 10_000 });
    expect(await popupConflict.textContent()).toContain('甲的释义');
    expect(await popupConflict.textContent()).toContain('弹窗的释义');

    // B keeps its version deliberately; A's is still in the history, so nothing is lost.
    await conflict.getByTestId('conflict-keep-mine').click();
    await expect.poll(async () => ((await storedRows<Entry>(reader, ['entry'])).entry ?? []).find((e) => e.id === 'faults-shared')?.definition).toBe('乙的释义');
    const history = ((await storedRows<{ entryId: string; entry: Entry }>(reader, ['history'])).history ?? []).filter((h) => h.entryId === 'faults-shared');
    const definitions = history.map((h) => h.entry.definition);
    expect(definitions).toContain('原始释义');
    expect(definitions).toContain('甲的释义');
    expect(definitions).toContain('乙的释义');
    expect(a.errors.pageErrors).toEqual([]);
    expect(b.errors.pageErrors).toEqual([]);
    expect(popup.errors.pageErrors).toEqual([]);
  });

  it('a content script that sends garbage or a write is refused, the data is unchanged, and the background still serves', async () => {
    reader ??= await extensionPage(suite.browser);
    await writeRows(reader, { entry: [entryRow('faults-private', LIST.id, '能源革命', { note: `编辑私记 ${NOTE_MARKER}` })] });
    const { page, errors } = await suite.newPage();
    await page.goto(suite.server.page('/faults/messages.html', NEWS));
    await waitForSettledHighlights(page);
    const before = await storedRows(reader, ['list', 'entry', 'history', 'override']);

    const answers = (await evaluateInContentScript(
      page,
      `(async () => {
        const send = (m) => chrome.runtime.sendMessage(m).then((r) => ({ answer: r === undefined ? 'none' : r }), (e) => ({ error: String(e.message || e) }));
        const out = [];
        for (const m of [
          null, 'get-matcher', 42, [], {}, { type: 'nope' }, { type: '__proto__' }, { type: 'constructor' }, { type: 'toString' },
          { type: 'get-card-entry' }, { type: 'get-card-entry', entryId: 5 }, { type: 'get-card-entry', entryId: 'x'.repeat(5000) },
          { type: 'get-matcher', knownRevision: -1 }, { type: 'get-matcher', knownRevision: 'all' },
          { type: 'page-stats', distinctTerms: -3 }, { type: 'page-stats', distinctTerms: 1e300 },
          { type: 'glossary-changed' },
        ]) out.push(await send(m));
        return out;
      })()`,
    )) as ({ answer: unknown } | { error: string })[];
    // Nothing is answered: every one of these is malformed, or (glossary-changed) not a content script's to send.
    for (const a of answers) expect('answer' in a ? a.answer : 'none').toBe('none');

    // Data unchanged; the background still answers the reads a content script may make.
    expect(await storedRows(reader, ['list', 'entry', 'history', 'override'])).toEqual(before);
    const reads = (await evaluateInContentScript(
      page,
      `(async () => {
        const response = await chrome.runtime.sendMessage({ type: 'get-matcher' });
        // The matcher travels as its JSON text (lib/match/wire.ts), so a note inside would show in it.
        // Parsed here, so that the test fails on any other form of the wire rather than pass unread.
        const card = await chrome.runtime.sendMessage({ type: 'get-card-entry', entryId: 'faults-private' });
        return { matcher: JSON.stringify({ ...response, matcher: JSON.parse(response.matcher) }), card: JSON.stringify(card), hasNote: card !== null && 'note' in card, term: card && card.term };
      })()`,
    )) as { matcher: string; card: string; hasNote: boolean; term: string };
    expect(reads.term).toBe('能源革命');
    expect(reads.matcher.length).toBeGreaterThan(100);
    // Private notes never reach a content script: not in the card, not in the compiled matcher.
    expect(reads.hasNote).toBe(false);
    expect(reads.card).not.toContain(NOTE_MARKER);
    expect(reads.matcher).not.toContain(NOTE_MARKER);
    expect(reads.matcher).not.toContain('编辑私记');
    await waitForHighlights(page, (r) => (r.counts.get('能源革命') ?? 0) > 0);
    expect(errors.pageErrors).toEqual([]);
  });

  it('a page (not the content script) cannot message the extension at all', async () => {
    const { page } = await suite.newPage();
    await page.goto(suite.server.page('/faults/page-world.html', NEWS));
    const fromPage = await page.evaluate((id) => {
      const chrome = (globalThis as unknown as { chrome?: { runtime?: { sendMessage?: unknown } } }).chrome;
      if (!chrome?.runtime?.sendMessage) return 'no runtime.sendMessage in the page';
      try {
        (chrome.runtime.sendMessage as (id: string, m: unknown) => void)(id, { type: 'get-matcher' });
        return 'sent';
      } catch (e) {
        return `refused: ${String(e)}`;
      }
    }, suite.browser.extensionId);
    expect(fromPage).not.toBe('sent');
  });

  it('makes no network request but to the pages opened and the subscriptions the user added', async () => {
    const listUrl = suite.server.route('/faults/subscribed.json', () => ({
      headers: { 'access-control-allow-origin': '*', 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ format: 'termlens', version: 1, lists: [{ name: '订阅', entries: [{ id: 's1', term: '耐心资本', lang: 'zh-Hans', translations: {}, definition: '' }] }] }),
    }));
    const worker = await suite.browser.serviceWorker();
    const result = (await worker.evaluate(
      (url) => (globalThis as unknown as { termlensBackground: { subscriptions: { subscribe(u: string): Promise<unknown> } } }).termlensBackground.subscriptions.subscribe(url),
      listUrl,
    )) as { code?: string };
    expect(result.code).toBeUndefined();
    const serverPaths = suite.server.requests.map((r) => r.path);
    expect(serverPaths).toContain('/faults/subscribed.json');
    // The recorder sees the service worker's requests too (else the check below would prove nothing about it).
    expect(requests).toContain(listUrl);

    const origin = suite.server.origin;
    const outside = requests.filter((url) => !url.startsWith(`${origin}/`) && !url.startsWith(`chrome-extension://${suite.browser.extensionId}/`) && !url.startsWith('chrome://') && !url.startsWith('about:') && !url.startsWith('data:'));
    expect(outside).toEqual([]);
    // Every request to the local server is a page a test opened, a frame of one, or the subscription.
    const unexpected = suite.server.requests.filter((r) => !r.path.startsWith('/faults/') && r.path !== '/favicon.ico');
    expect(unexpected).toEqual([]);
  });

  it('when storage.sync is full the options page says so, and storage.sync and the database keep what they had', { timeout: 120_000 }, async () => {
    reader ??= await extensionPage(suite.browser);
    const syncItems = () => reader.evaluate(() => (globalThis as unknown as { chrome: { storage: { sync: { get(k: null): Promise<Record<string, unknown>> } } } }).chrome.storage.sync.get(null));
    // Let the syncs of the earlier tests (the subscription) finish: storage.sync unchanged for 6 s (a run's debounce plus its gap).
    let syncBefore = await syncItems();
    for (let quiet = 0; quiet < 6; ) {
      await new Promise((r) => setTimeout(r, 1_000));
      const now = await syncItems();
      quiet = JSON.stringify(now) === JSON.stringify(syncBefore) ? quiet + 1 : 0;
      syncBefore = now;
    }
    const status = () =>
      reader.evaluate(async () => {
        const chrome = (globalThis as unknown as { chrome: { storage: { local: { get(k: string): Promise<Record<string, unknown>> } } } }).chrome;
        return ((await chrome.storage.local.get('sync-status'))['sync-status'] as { lastReport?: { ok: boolean; reason?: string } } | undefined)?.lastReport;
      });
    // 400 entries with long definitions: well over storage.sync's 100 KB.
    const big = { ...LIST, id: 'faults-big', name: '超大词表' };
    const entries = Array.from({ length: 400 }, (_, i) => entryRow(`faults-big-${i}`, big.id, `大词条${i}`, { definition: '很长的释义。'.repeat(40) }));
    await writeRows(reader, { list: [big], entry: entries });
    // The raw write bypassed Dexie, whose change event starts a push; a new worker pushes at start.
    await stopServiceWorker(suite.browser);
    await reader.evaluate(() => (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome.runtime.sendMessage({ type: 'glossary-changed' }));
    await expect.poll(status, { timeout: 30_000, interval: 500 }).toMatchObject({ ok: false, reason: 'quota' });

    const options = await suite.newPage();
    await options.page.goto(suite.browser.extensionUrl('options.html#/sharing'));
    await options.page.getByTestId('sync-over-quota').waitFor({ timeout: 15_000 });
    expect(await options.page.getByTestId('sync-over-quota').getAttribute('role')).toBe('alert');

    expect(await syncItems()).toEqual(syncBefore);
    const stored = (await storedRows<Entry>(reader, ['entry'])).entry ?? [];
    expect(stored.filter((e) => e.listId === 'faults-big')).toHaveLength(400);
    expect(options.errors.pageErrors).toEqual([]);
  });
});
