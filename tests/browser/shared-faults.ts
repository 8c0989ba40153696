// The "faults" specification both browsers are checked against: tests/browser/faults-data.test.ts,
// faults-reload.test.ts and faults-worker.test.ts in Chromium, tests/browser-firefox/faults.test.ts
// and faults-worker.test.ts in Firefox. The pages, the glossary rows, the malformed messages, the
// sizes of the imports and the database of schema version 1 live here once, and so do the steps
// both browsers take alike (quietSyncItems, sendRefusedMessages, newScriptTakesOver,
// compareWithV1Fixture): they return what they measured, and each test file asserts on it.
//
// The functions marked "runs in an extension page" are evaluated in the browser (Playwright's
// page.evaluate in Chromium, their source text in a Firefox extension page): they must use nothing
// from this module's scope.

import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page as PlaywrightPage } from 'playwright-core';
import { glossaryEntry } from '../fixtures/glossary-entry';
import * as registry from './highlight-registry.mjs';
import type { HighlightReading } from './highlight-registry.mjs';

/**
 * What the specs below need of a page (or a frame), in either browser's driver: `evaluate(fn, arg)`,
 * which Playwright's and Puppeteer's Page and Frame have with the same meaning.
 */
export interface EvaluatingPage {
  evaluate<R, A>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
}

// highlight-registry.mjs only calls page.evaluate(fn, arg); its .d.mts names Playwright's Page.
const registryPage = (page: EvaluatingPage) => page as unknown as PlaywrightPage;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// ---- faults-data.test.ts: editors, messages, network, a full storage.sync ----

/** The article of the data tests: 新质生产力, 能源革命, 西部大开发 (starter glossary) and 数据要素 (FAULTS_LIST). */
export const DATA_NEWS = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>要闻</title></head>
<body><main><h1>加快发展新质生产力</h1><p>深入推进能源革命，推动西部大开发形成新格局。</p><p>数据要素市场加快建设。</p></main></body></html>`;

/** An entry as the tests read it back from the database. */
export interface FaultsEntry {
  id: string;
  listId: string;
  term: string;
  definition: string;
  note: string;
  updatedAt: number;
  deletedAt?: number;
}

/** A complete entry row as the database stores it (lib/glossary/model.ts), written now, with `extra` over the defaults. */
export function entryRow(id: string, listId: string, term: string, extra: Partial<FaultsEntry> = {}): FaultsEntry & Record<string, unknown> {
  return { ...glossaryEntry(id, listId, term, Date.now(), { definition: `${term}的释义。` }), ...extra };
}

/** The list the data tests write their entries into. */
export const FAULTS_LIST = { id: 'faults-list', name: '故障测试', color: 3, enabled: true, priority: 10, origin: 'local', createdAt: 1, updatedAt: 1 };

/** The entry the two options pages and the popup edit, and what each of them writes. */
export const SHARED_ENTRY = { id: 'faults-shared', term: '数据要素', original: '原始释义', first: '甲的释义', second: '乙的释义', popup: '弹窗的释义' };

/** An editor's private note: it must never reach a content script. */
export const NOTE_MARKER = 'PRIVATE-NOTE-7f3a9c';
export const PRIVATE_ENTRY = { id: 'faults-private', term: '能源革命', note: `编辑私记 ${NOTE_MARKER}` };

/**
 * What a content script sends that the background must not answer: malformed messages, and
 * (glossary-changed) one that is not a content script's to send. JSON-able, so that it can be
 * written into the source text the content script's world evaluates.
 */
export const REFUSED_CONTENT_SCRIPT_MESSAGES: unknown[] = [
  null,
  'get-matcher',
  42,
  [],
  {},
  { type: 'nope' },
  { type: '__proto__' },
  { type: 'constructor' },
  { type: 'toString' },
  { type: 'get-card-entry' },
  { type: 'get-card-entry', entryId: 5 },
  { type: 'get-card-entry', entryId: 'x'.repeat(5000) },
  { type: 'get-matcher', knownRevision: -1 },
  { type: 'get-matcher', knownRevision: 'all' },
  { type: 'page-stats', distinctTerms: 3 },
  { type: 'page-stats', entryIds: [5] },
  { type: 'page-stats', entryIds: ['x'.repeat(5000)] },
  { type: 'page-stats', entryIds: ['a'], documentStart: 'yesterday' },
  { type: 'glossary-changed' },
];

/**
 * Source of an expression for a content script's world: sends every refused message with
 * `chrome.runtime.sendMessage`, one after the other, and resolves to one `{ answer }` or
 * `{ error }` per message (`answer: 'none'` when the reply was undefined).
 */
export const SEND_REFUSED_MESSAGES = `(async () => {
  const send = (m) => chrome.runtime.sendMessage(m).then((r) => ({ answer: r === undefined ? 'none' : r }), (e) => ({ error: String(e.message || e) }));
  const out = [];
  for (const m of ${JSON.stringify(REFUSED_CONTENT_SCRIPT_MESSAGES)}) out.push(await send(m));
  return out;
})()`;

/**
 * Source of an expression for a content script's world: the reads a content script may make (the
 * matcher, the private entry's card), as text, so that a test can look for the note in them.
 */
export const CONTENT_SCRIPT_READS = `(async () => {
  const response = await chrome.runtime.sendMessage({ type: 'get-matcher' });
  // The matcher travels with its strings as they are (lib/match/wire.ts), so a note inside would
  // show in it. Its format is checked, so that the test fails on any other form of the wire (a
  // compressed one, say) rather than pass unread.
  if (!response.matcher.startsWith('termlens-matcher 5 ')) throw new Error('the matcher wire has another format');
  const card = await chrome.runtime.sendMessage({ type: 'get-card-entry', entryId: ${JSON.stringify(PRIVATE_ENTRY.id)} });
  return { matcher: JSON.stringify(response), card: JSON.stringify(card), hasNote: card !== null && 'note' in card, term: card && card.term };
})()`;

/**
 * Runs in a web page's own world: tries to message the extension `id` as a page would, through
 * the `chrome.runtime` pages have where a browser gives them one. 'sent' would be a failure.
 */
export function messageFromPageWorld(id: string): string {
  const chrome = (globalThis as unknown as { chrome?: { runtime?: { sendMessage?: unknown } } }).chrome;
  if (!chrome?.runtime?.sendMessage) return 'no runtime.sendMessage in the page';
  try {
    (chrome.runtime.sendMessage as (id: string, m: unknown) => void)(id, { type: 'get-matcher' });
    return 'sent';
  } catch (e) {
    return `refused: ${String(e)}`;
  }
}

/** The subscription of the network test: one list of one entry, served by the page server. */
export const NETWORK_SUBSCRIPTION = {
  path: '/faults/subscribed.json',
  body: JSON.stringify({ format: 'termlens', version: 1, lists: [{ name: '订阅', entries: [{ id: 's1', term: '耐心资本', lang: 'zh-Hans', translations: {}, definition: '' }] }] }),
};

/** The headers a public list is served with. */
export const LIST_HEADERS = { 'access-control-allow-origin': '*', 'content-type': 'application/json; charset=utf-8' };

/**
 * A subscribed list whose entries the reader hid one by one: more edits (overrides) than storage.sync
 * has items for. Its address is never fetched in the test's time (a new subscription waits for the
 * quarter-hourly check), and nothing serves it.
 */
export const HIDDEN_SUBSCRIPTION = {
  ...FAULTS_LIST,
  id: 'faults-hidden',
  name: '隐藏很多词条的订阅',
  origin: 'subscription',
  subscription: { url: 'http://127.0.0.1:9/faults/hidden.json', checkedAt: Date.now(), lastSuccessAt: Date.now() },
};
export const HIDDEN_EDIT_COUNT = 600;
/** The reader's edits that hide every entry of HIDDEN_SUBSCRIPTION (override rows, lib/sync/entry-override.ts). */
export function hiddenEdits(): object[] {
  return Array.from({ length: HIDDEN_EDIT_COUNT }, (_, i) => ({
    entryId: `faults-hidden:${i}`,
    listId: HIDDEN_SUBSCRIPTION.id,
    changed: ['deletedAt'],
    mine: { deletedAt: 1_000 + i },
    upstream: {},
    upstreamRevision: 'r',
    review: [],
    updatedAt: 1_000 + i,
  }));
}

/** The list that does not fit storage.sync: 400 entries with long definitions, well over its 100 KB. */
export const OVERSIZED_LIST = { ...FAULTS_LIST, id: 'faults-big', name: '超大词表' };
export const OVERSIZED_ENTRY_COUNT = 400;
export function oversizedEntries(): ReturnType<typeof entryRow>[] {
  return Array.from({ length: OVERSIZED_ENTRY_COUNT }, (_, i) => entryRow(`faults-big-${i}`, OVERSIZED_LIST.id, `大词条${i}`, { definition: '很长的释义。'.repeat(40) }));
}

/** Seconds without a change to storage.sync before the full-sync test starts (a run's debounce plus its gap). */
export const SYNC_QUIET_SECONDS = 6;

/**
 * Reads storage.sync with `syncItems` once a second until it has not changed for
 * SYNC_QUIET_SECONDS (the syncs of earlier tests are done), and returns what it holds then.
 */
export async function quietSyncItems(syncItems: () => Promise<Record<string, unknown>>): Promise<Record<string, unknown>> {
  let settled = await syncItems();
  for (let quiet = 0; quiet < SYNC_QUIET_SECONDS; ) {
    await sleep(1_000);
    const now = await syncItems();
    quiet = JSON.stringify(now) === JSON.stringify(settled) ? quiet + 1 : 0;
    settled = now;
  }
  return settled;
}

/** What CONTENT_SCRIPT_READS resolves to. */
export interface ContentScriptReads {
  matcher: string;
  card: string;
  hasNote: boolean;
  term: string;
}

/** What a content script's refused messages left: the stored rows before and after, the answers, and the reads it may still make. */
export interface RefusedMessagesOutcome {
  before: Record<string, unknown[]>;
  answers: ({ answer: unknown } | { error: string })[];
  after: Record<string, unknown[]>;
  reads: ContentScriptReads;
}

/**
 * The refused-messages spec, in a tab whose content script runs: sends SEND_REFUSED_MESSAGES
 * from the content script's world (`inContentScript`), then CONTENT_SCRIPT_READS, and reads the
 * list, entry, history and override tables (`storedRows`) before and after the messages.
 */
export async function sendRefusedMessages(
  storedRows: (tables: string[]) => Promise<Record<string, unknown[]>>,
  inContentScript: (expression: string) => Promise<unknown>,
): Promise<RefusedMessagesOutcome> {
  const tables = ['list', 'entry', 'history', 'override'];
  const before = await storedRows(tables);
  const answers = (await inContentScript(SEND_REFUSED_MESSAGES)) as RefusedMessagesOutcome['answers'];
  const after = await storedRows(tables);
  const reads = (await inContentScript(CONTENT_SCRIPT_READS)) as ContentScriptReads;
  return { before, answers, after, reads };
}

/** The definitions the history rows of entry `entryId` keep. */
export function historyDefinitions(history: { entryId: string; entry: { definition: string } }[], entryId: string): string[] {
  return history.filter((h) => h.entryId === entryId).map((h) => h.entry.definition);
}

/** Runs in an extension page: puts rows into `list` and `entry` in one raw read-write transaction (bypassing Dexie). */
export function writeRowsInPage(rows: { list?: object[]; entry?: object[]; override?: object[] }): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const open = indexedDB.open('termlens');
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction(rows.override ? ['list', 'entry', 'override'] : ['list', 'entry'], 'readwrite');
      for (const l of rows.list ?? []) tx.objectStore('list').put(l);
      for (const e of rows.entry ?? []) tx.objectStore('entry').put(e);
      for (const o of rows.override ?? []) tx.objectStore('override').put(o);
      tx.oncomplete = () => (db.close(), resolve());
      tx.onerror = () => reject(tx.error);
    };
    open.onerror = () => reject(open.error);
  });
}

/**
 * Runs in an extension page: every row of the named tables of the `termlens` database, as stored
 * (absent tables left out); of every table when `names` is left out.
 */
export function storedRowsInPage(names?: string[]): Promise<Record<string, unknown[]>> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('termlens');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const present = names ? names.filter((n) => db.objectStoreNames.contains(n)) : [...db.objectStoreNames];
      const out: Record<string, unknown[]> = {};
      if (present.length === 0) {
        db.close();
        resolve(out);
        return;
      }
      const tx = db.transaction(present);
      for (const name of present) {
        const request = tx.objectStore(name).getAll();
        request.onsuccess = () => (out[name] = request.result);
      }
      tx.oncomplete = () => {
        db.close();
        resolve(out);
      };
      tx.onerror = () => reject(tx.error);
    };
  });
}

// ---- faults-reload.test.ts: reload, update, schema upgrade, turned off ----

/** Runs in a web page's own world: keeps the Highlight objects registered now under `window[key]`; returns how many. */
export function keepRegisteredInPage(key: string): number {
  const kept: Highlight[] = [];
  CSS.highlights.forEach((h, name) => name.startsWith('termlens-') && kept.push(h));
  (window as unknown as Record<string, unknown>)[key] = kept;
  return kept.length;
}

/** Runs in a web page's own world: how many of the kept Highlight objects are still registered, and their sizes. */
export function keptStateInPage(key: string): { registered: number; sizes: number[] } {
  const kept = (window as unknown as Record<string, Highlight[]>)[key] ?? [];
  const live = new Set<Highlight>();
  CSS.highlights.forEach((h) => live.add(h));
  return { registered: kept.filter((h) => live.has(h)).length, sizes: kept.map((h) => h.size) };
}

export const RELOAD_FRAME_PATH = '/faults/frame.html';
export const RELOAD_FRAME = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"></head><body><p>框架里也有能源革命。</p></body></html>`;
export const RELOAD_NEWS = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>要闻</title></head>
<body><main>
  <h1>加快发展新质生产力</h1>
  <p>深入推进能源革命，推动西部大开发形成新格局。</p>
  <p>新质生产力是创新起主导作用的先进生产力质态。</p>
  <iframe src="${RELOAD_FRAME_PATH}" width="400" height="80"></iframe>
</main></body></html>`;
/** RELOAD_NEWS's paragraph added after the reload: the third 新质生产力. */
export const RELOAD_ADDED_PARAGRAPH = '第三次提到新质生产力。';
/** What RELOAD_NEWS shows with the starter glossary: 新质生产力 twice in the page (three times with the added paragraph), 能源革命 once in its frame. */
export const RELOAD_COUNTS = { term: '新质生产力', inPage: 2, withAddedParagraph: 3, frameTerm: '能源革命', inFrame: 1 };

/** Where the reload spec keeps the old content script's Highlight objects, in the page's own world. */
export const KEPT_KEY = '__termlensOld';

/** What the reload spec measured once the new content script took over. */
export interface TakeoverOutcome {
  /** How many of the old script's Highlight objects were still registered (0 once it stopped, within 15 s). */
  oldRegistered: number;
  /** The page's highlights once settled. */
  after: HighlightReading;
  /** The old Highlight objects' sizes after the takeover… */
  oldSizes: number[];
  /** …and after RELOAD_ADDED_PARAGRAPH was highlighted by the new script. */
  oldSizesLater: number[];
}

/**
 * The reload spec, run after the extension was reloaded under `page` (RELOAD_NEWS, whose
 * highlights were kept under KEPT_KEY with keepRegisteredInPage) and its `frame`: waits for the
 * old script's highlights to leave the registry and for the new script's to settle, in the page
 * and in the frame; then adds RELOAD_ADDED_PARAGRAPH and waits until it is highlighted, so that an
 * old observer still running would have grown the old Highlight objects.
 */
export async function newScriptTakesOver(page: EvaluatingPage, frame: EvaluatingPage): Promise<TakeoverOutcome> {
  const deadline = Date.now() + 15_000;
  let oldRegistered = (await page.evaluate(keptStateInPage, KEPT_KEY)).registered;
  while (oldRegistered !== 0 && Date.now() < deadline) {
    await sleep(100);
    oldRegistered = (await page.evaluate(keptStateInPage, KEPT_KEY)).registered;
  }
  const after = await registry.waitForSettledHighlights(registryPage(page));
  await registry.waitForHighlights(registryPage(frame), (r) => r.counts.get(RELOAD_COUNTS.frameTerm) === RELOAD_COUNTS.inFrame, { timeout: 15_000 });
  const oldSizes = (await page.evaluate(keptStateInPage, KEPT_KEY)).sizes;
  await page.evaluate(addParagraphToMainInPage, RELOAD_ADDED_PARAGRAPH);
  await registry.waitForHighlights(registryPage(page), (r) => r.counts.get(RELOAD_COUNTS.term) === RELOAD_COUNTS.withAddedParagraph);
  await sleep(500);
  const oldSizesLater = (await page.evaluate(keptStateInPage, KEPT_KEY)).sizes;
  return { oldRegistered, after, oldSizes, oldSizesLater };
}

/** Runs in a web page's own world: appends a paragraph of `text` to the page's main. */
export function addParagraphToMainInPage(text: string): void {
  const p = document.createElement('p');
  p.textContent = text;
  document.querySelector('main')!.append(p);
}

/** What RELOAD_NEWS shows with the v1 fixture's glossary: its live entries; 能源革命 is in its trash. */
export const V1_PAGE_COUNTS = { 新质生产力: 2, 西部大开发: 1 };
export const V1_TRASHED_TERM = '能源革命';
/** The fixture's entries that no purge may take. */
export const V1_LIVE_ENTRY_COUNT = 2;

/** The glossary as schema version 1 stored it (tests/fixtures/db/v1-glossary.json). */
export interface V1Fixture {
  lists: { id: string; name: string; deletedAt?: number }[];
  entries: { id: string; term: string; listId: string; deletedAt?: number }[];
}

export function readV1Fixture(): V1Fixture {
  const dir = resolve(fileURLToPath(new URL('../fixtures/db', import.meta.url)));
  return JSON.parse(readFileSync(join(dir, 'v1-glossary.json'), 'utf8')) as V1Fixture;
}

/**
 * The fixture's rows the background may purge at start: in the trash for 30 days (the fixture's
 * trash is from 2024), or the entries of a list deleted that long ago.
 */
export function v1PurgeableIds(fixture: V1Fixture): Set<string> {
  return new Set([
    ...fixture.lists.filter((l) => l.deletedAt !== undefined).map((l) => l.id),
    ...fixture.entries.filter((e) => e.deletedAt !== undefined || fixture.lists.some((l) => l.id === e.listId && l.deletedAt !== undefined)).map((e) => e.id),
  ]);
}

/** The v1 upgrade spec's reading of the stored rows against the fixture. */
export interface V1Comparison {
  /** Each row of the fixture that must still be stored, beside what is stored under its id. */
  kept: { id: string; expected: unknown; found: unknown }[];
  /** How many of the fixture's entries no purge may take. */
  liveEntries: number;
  /** The ids of the stored lists and entries that are not the fixture's. */
  others: string[];
}

/**
 * Compares the stored `list` and `entry` rows with the fixture's. The background purges what has
 * been in the trash for 30 days at start: such a row may be gone; every other row must be there,
 * and any row that is there must be unchanged.
 */
export function compareWithV1Fixture(fixture: V1Fixture, rows: Record<string, { id: string }[]>): V1Comparison {
  const purgeable = v1PurgeableIds(fixture);
  const kept: V1Comparison['kept'] = [];
  const pair = <T extends { id: string }>(stored: { id: string }[], expected: T[]) => {
    for (const row of expected) {
      const found = stored.find((x) => x.id === row.id);
      if (found === undefined && purgeable.has(row.id)) continue;
      kept.push({ id: row.id, expected: row, found });
    }
  };
  pair(rows.list ?? [], fixture.lists);
  pair(rows.entry ?? [], fixture.entries);
  const fixtureIds = new Set([...fixture.lists, ...fixture.entries].map((f) => f.id));
  const others = [...(rows.list ?? []), ...(rows.entry ?? [])].map((x) => x.id).filter((id) => !fixtureIds.has(id));
  return { kept, liveEntries: fixture.entries.filter((e) => !purgeable.has(e.id)).length, others };
}

/**
 * Runs in an extension page that does not open the database itself: deletes `termlens` and writes
 * the fixture with schema version 1, as Dexie wrote it (IndexedDB version 10: Dexie multiplies by
 * 10). Rejects when an open connection blocks the deletion.
 */
export function writeV1DatabaseInPage({ lists, entries }: { lists: object[]; entries: object[] }): Promise<void> {
  return new Promise<void>((resolveWrite, reject) => {
    const deletion = indexedDB.deleteDatabase('termlens');
    deletion.onerror = () => reject(deletion.error);
    deletion.onblocked = () => reject(new Error('deleting the database was blocked by an open connection'));
    deletion.onsuccess = () => {
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
  });
}

// ---- faults-worker.test.ts: the background stops mid-work ----

/** A news page with one paragraph per term, each also naming 新质生产力 (starter glossary). */
export const WORKER_NEWS = (terms: string[]) => `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>新闻</title></head>
<body><main><h1>要闻</h1>${terms.map((t) => `<p>各地积极推进${t}，培育新质生产力。</p>`).join('')}</main></body></html>`;

/** The list the mid-sync test adds while a sync run starts. */
export const SYNC_LIST = { id: 'faults-sync-list', name: '同步中断' };

/** The import the background is stopped under. */
export const MID_IMPORT = { count: 5_000, lastTerm: '末尾术语甲', listName: '大导入' };

/** The imports whose page closes under them: entries, and the delays (ms) after which the page closes. */
export const CLOSED_IMPORT = { count: 8_000, delays: [30, 120, 400], listName: (delay: number) => `半途关闭${delay}`, lastTerm: (delay: number) => `末尾${delay}` };

/** A CSV of `count` entries, the last of which is `lastTerm` (so the page can show that the whole file arrived). */
export function bigCsv(count: number, lastTerm: string): string {
  const lines = ['term,lang,en,definition'];
  for (let i = 1; i < count; i++) lines.push(`测试条目${String(i).padStart(6, '0')},zh-Hans,test entry ${i},第${i}条测试释义，用来让导入足够大，写入需要一些时间。`);
  lines.push(`${lastTerm},zh-Hans,last entry,文件的最后一条。`);
  return lines.join('\n');
}

/** The subscribed list of the restart test. */
export const RESTART_SUBSCRIPTION = {
  path: '/faults/list.json',
  term: '耐心资本',
  body: JSON.stringify({
    format: 'termlens',
    version: 1,
    lists: [{ name: '订阅词表', entries: [{ id: 'sub-1', term: '耐心资本', lang: 'zh-Hans', translations: { en: ['patient capital'] }, definition: '长期投资。' }] }],
  }),
};

/** The alarm that checks subscriptions (lib/sync/subscription-alarms.ts). */
export const SUBSCRIPTION_ALARM = 'termlens-subscriptions';

/**
 * Runs in an extension page: writes `count` entries into a new list named `name` in one read-write
 * transaction, as applyImport does, and resolves when it commits; the last entry's term is `last`.
 */
export function writeInOneTransactionInPage([name, n, last]: readonly [string, number, string]): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const open = indexedDB.open('termlens');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction(['list', 'entry'], 'readwrite');
      const now = Date.now();
      const listId = crypto.randomUUID();
      tx.objectStore('list').add({ id: listId, name, color: 5, enabled: true, priority: 100, origin: 'local', createdAt: now, updatedAt: now });
      for (let i = 0; i < n; i++) {
        const term = i === n - 1 ? last : `测试条目${String(i).padStart(6, '0')}`;
        tx.objectStore('entry').add({
          id: crypto.randomUUID(),
          listId,
          term,
          variants: [],
          lang: 'zh-Hans',
          translations: { en: [`test entry ${i}`] },
          definition: `第${i}条测试释义，用来让导入足够大，写入需要一些时间。`,
          note: '',
          tags: [],
          match: { caseSensitive: false, wholeWord: true, exclusions: [] },
          createdAt: now,
          updatedAt: now,
        });
      }
      tx.oncomplete = () => {
        db.close();
        resolve();
      };
      tx.onerror = () => reject(tx.error);
    };
  });
}

/** A list row as the worker tests read it. */
export interface FaultsRow {
  id: string;
  listId?: string;
  term?: string;
  name?: string;
  deletedAt?: number;
  definition?: string;
}

/** Runs in an extension page: the list named `listName` and how many entries it holds, counted in the page (thousands of rows need not cross). */
export function entriesOfListInPage(listName: string): Promise<{ list: FaultsRow | undefined; count: number }> {
  return new Promise((resolve, reject) => {
    const open = indexedDB.open('termlens');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction(['list', 'entry']);
      const lists = tx.objectStore('list').getAll();
      let out: { list: FaultsRow | undefined; count: number } = { list: undefined, count: 0 };
      lists.onsuccess = () => {
        const list = (lists.result as FaultsRow[]).find((l) => l.name === listName);
        out = { list, count: 0 };
        if (!list) return;
        const count = tx.objectStore('entry').index('listId').count(list.id);
        count.onsuccess = () => (out = { list, count: count.result });
      };
      tx.oncomplete = () => (db.close(), resolve(out));
      tx.onerror = () => reject(tx.error);
    };
  });
}

/** Runs in an extension page: how many entries the starter list holds (0 until the background has seeded it). */
export function starterEntryCountInPage(): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const open = indexedDB.open('termlens');
    open.onsuccess = () => {
      const db = open.result;
      const count = db.transaction('entry').objectStore('entry').index('listId').count('starter');
      count.onsuccess = () => (db.close(), resolve(count.result));
      count.onerror = () => reject(count.error);
    };
    open.onerror = () => reject(open.error);
  });
}

/** Runs in an extension page: adds the mid-sync test's list with a raw write (bypassing Dexie). */
export function addSyncListInPage({ id, name }: { id: string; name: string }): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const open = indexedDB.open('termlens');
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction('list', 'readwrite');
      const now = Date.now();
      tx.objectStore('list').add({ id, name, color: 2, enabled: true, priority: 50, origin: 'local', createdAt: now, updatedAt: now });
      tx.oncomplete = () => (db.close(), resolve());
      tx.onerror = () => reject(tx.error);
    };
  });
}
