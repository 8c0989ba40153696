// The import/export specification both browsers are checked against (tests/browser/import-export.test.ts
// in Chromium, tests/browser-firefox/workspace.test.ts and, for the large import,
// workspace-more.test.ts in Firefox): the news page, the fixture files, what the preview must count
// for each, the broken files' expected messages, the readers of the stored glossary tables, and the
// large import's generated file, bounds and in-page frame watcher.

import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const FIXTURES = resolve(fileURLToPath(new URL('../fixtures/import', import.meta.url)));
/** A file of tests/fixtures/import (see its README). */
export const importFixture = (name: string) => join(FIXTURES, name);

/** Where the options page shows the import/export and backup panels. */
export const IMPORT_HASH = '#/sharing';

/** The list low-altitude.csv is imported into. */
export const IMPORT_LIST_NAME = '产业新词';

export const IMPORT_NEWS = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>低空经济</title></head>
<body><main>
  <h1>低空经济与银发经济</h1>
  <p>各地加快发展低空经济，同时培育银发经济。</p>
  <p>首发经济也在兴起。</p>
  <p>培育新质生产力。</p>
</main></body></html>`;

/** The preview of each step, as its counts (a count the panel does not show is undefined). */
export const PREVIEW = {
  /** low-altitude.csv into a new list. */
  csvIntoNewList: { new: 2, changed: 0, unchanged: 0, conflicts: 0 },
  /** low-altitude-v2.csv merged into that list. */
  merge: { new: 1, changed: 1, unchanged: 1 },
  /** low-altitude-v2.csv, adding only new entries: the changed one is a conflict. */
  addOnlyNew: { new: 1, changed: 0, unchanged: 1, conflicts: 1 },
} as const;

/** The conflict "add only new" shows for 银发经济, and what the merge stores. */
export const SILVER = {
  term: '银发经济',
  existingDefinition: '向老年人提供产品或服务的经济活动总和。',
  incomingDefinition: '改过的释义：面向老年人的经济活动。',
  mergedEnglish: ['silver economy', 'ageing economy'],
} as const;

/** The terms of low-altitude.csv, and the one low-altitude-v2.csv adds. */
export const CSV_TERMS = ['低空经济', '银发经济'] as const;
export const V2_NEW_TERM = '首发经济';

/** A UI string as the extension shows it (chrome.i18n.getMessage in an extension page). */
export type MessageOf = (key: string, ...substitutions: (string | number)[]) => Promise<string>;

/** broken.tbx's one issue starts with this (line 12, the column the parser names), in the UI language. */
export async function brokenTbxIssuePrefix(message: MessageOf, column: number): Promise<string> {
  return message('ieIssueLine', await message('ieAtLineCol', 12, column), await message('ieIssueXmlSyntax'));
}

/** The column an issue text names after line 12 ("第 12 行第 30 列：…" gives 30). */
export const columnAfterLine12 = (issue: string) => Number(/\d+/.exec(issue.replace(/^\D*12\D+/, ''))?.[0]);

/** missing-term.csv's issues, exactly: line 1, column `term`, missing. */
export async function missingTermIssues(message: MessageOf): Promise<string[]> {
  const place = [await message('ieAtLine', 1), await message('ieAtColumn', 'term')].join(await message('ieListSeparator'));
  return [await message('ieIssueLine', place, await message('ieIssueMissingColumnNamed', 'term', '"lang", "en", "definition"'))];
}

export interface StoredRow {
  id: string;
  name?: string;
  term?: string;
  listId?: string;
  definition?: string;
  translations?: Record<string, string[]>;
  deletedAt?: number;
}

export interface StoredTables {
  list: StoredRow[];
  entry: StoredRow[];
  history: StoredRow[];
}

/**
 * Every row of every glossary table, as stored. Runs IN an extension page (Playwright's
 * page.evaluate, or its source text in Firefox), so it is self-contained.
 */
export function readStoredTables(): Promise<StoredTables> {
  return new Promise((resolvePromise, reject) => {
    const open = indexedDB.open('termlens');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction(['list', 'entry', 'history']);
      const out: Record<string, unknown[]> = {};
      for (const name of ['list', 'entry', 'history']) {
        const request = tx.objectStore(name).getAll();
        request.onsuccess = () => (out[name] = request.result);
      }
      tx.oncomplete = () => {
        db.close();
        resolvePromise(out as never);
      };
      tx.onerror = () => reject(tx.error);
    };
  });
}

/** Export: the file name's shape (a date, then .json). */
export const EXPORT_JSON_NAME = /-\d{4}-\d{2}-\d{2}\.json$/;

/**
 * How many rows a glossary table holds, counted IN an extension page (self-contained): only the
 * number crosses to the test, not the rows (readStoredTables of a 2 MB import would move them all).
 */
export function countStoredRows(name: 'list' | 'entry' | 'history'): Promise<number> {
  return new Promise<number>((resolvePromise, reject) => {
    const open = indexedDB.open('termlens');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const request = db.transaction(name).objectStore(name).count();
      request.onsuccess = () => {
        db.close();
        resolvePromise(request.result);
      };
      request.onerror = () => reject(request.error);
    };
  });
}

// The large import: a generated CSV of about LARGE_IMPORT_MB megabytes, imported into a new list
// while the page measures how long it goes without painting a frame.

/** The file size: 2 MB in `npm test` (CI's ten minutes), 50 MB with TERMLENS_LARGE_IMPORT_MB=50 (`npm run test:large-import`). */
export const LARGE_IMPORT_MB = Number(process.env.TERMLENS_LARGE_IMPORT_MB ?? 2);
/** The generated file's name (its extension tells the panel it is CSV). */
export const LARGE_IMPORT_FILE = 'large.csv';
/** The new list the large file is imported into. */
export const LARGE_IMPORT_LIST_NAME = '大文件';

/**
 * The large CSV: a header and rows of made-up entries until the rows reach `mb` megabytes of
 * UTF-8. Self-contained, so it can also run in a browser (Firefox builds the file there).
 */
export function largeImportCsv(mb: number): { text: string; entryCount: number; bytes: number } {
  const utf8Length = (s: string) => {
    let n = 0;
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      n += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c < 0xdc00 ? 4 : c >= 0xdc00 && c < 0xe000 ? 0 : 3;
    }
    return n;
  };
  const rows = ['term,lang,en,definition,tags'];
  let bytes = 0;
  for (let i = 0; bytes < mb * 1024 * 1024; i++) {
    const row = `大文件术语${i},zh-Hans,large file term ${i},这是第 ${i} 个用于测试大文件导入的术语，释义写得长一些，好让文件达到五十兆字节左右的大小。,测试|大文件`;
    rows.push(row);
    bytes += utf8Length(row) + 1;
  }
  return { text: rows.join('\n') + '\n', entryCount: rows.length - 1, bytes };
}

/** How long the large import may take: parsing and the preview, then writing (all in the worker). */
export const LARGE_IMPORT_TIMEOUTS = { parse: 120_000, apply: 420_000, test: 600_000 } as const;

/**
 * The bounds on the page's responsiveness during the large import (ms): its longest main-thread
 * task and its longest gap between two animation frames, while parsing and previewing, and while
 * writing. Frame gaps also count the machine's cores being busy with the worker, the background
 * and the test driver, so their bounds are looser.
 */
export const LARGE_IMPORT_BOUNDS = {
  parseLongestTask: 500,
  parseFrameGap: 1000,
  applyLongestTask: 1000,
  applyFrameGap: 1500,
} as const;

/** A progress state the bar must show: parsing, at a fraction strictly between 0 and 100. */
export const PARSE_PROGRESS = /^parse:([1-9]\d?)$/;

/** What watchImportFrames records (on `window.__gaps`). */
export interface ImportFrames {
  /** The longest gap between two animation frames (ms) since the last reset. */
  max: number;
  frames: number;
  stop: boolean;
  /** Every progress state shown, `phase:percent`, in order. */
  seen: string[];
  /** The longest main-thread task (ms) since the last reset. */
  longest: number;
}

/**
 * Starts measuring, IN the options page (self-contained): the longest gap between two animation
 * frames, the longest task (Long Tasks API; its start on `window.__longestAt`), every progress
 * value the bar shows, and when "done" first shows (`window.__doneAt`).
 */
/** How long after a file is chosen the page may take to show the import's progress bar (watchImportFrames sees it). */
export const IMPORT_PROGRESS_MS = 30_000;

export function watchImportFrames(): void {
  const w = window as unknown as { __gaps: ImportFrames };
  w.__gaps = { max: 0, frames: 0, stop: false, seen: [], longest: 0 };
  // Long tasks are the page's own main-thread work; a frame gap can also be the machine's two cores
  // being busy with the worker, the background and the test driver.
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (e.duration > w.__gaps.longest) (w as unknown as { __longestAt: number }).__longestAt = e.startTime;
      w.__gaps.longest = Math.max(w.__gaps.longest, e.duration);
    }
  }).observe({ type: 'longtask' });
  let last = performance.now();
  const tick = (now: number) => {
    w.__gaps.max = Math.max(w.__gaps.max, now - last);
    w.__gaps.frames++;
    last = now;
    if (!w.__gaps.stop) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  new MutationObserver(() => {
    const bar = document.querySelector('[data-testid="import-progress"]');
    const seen = bar ? `${bar.getAttribute('data-phase')}:${bar.getAttribute('data-percent')}` : '';
    if (seen && w.__gaps.seen[w.__gaps.seen.length - 1] !== seen) w.__gaps.seen.push(seen);
    const done = window as unknown as { __doneAt?: number };
    if (done.__doneAt === undefined && document.querySelector('[data-testid="import-done"]')) done.__doneAt = performance.now();
  }).observe(document.body, { subtree: true, childList: true, attributes: true });
}

/** What watchImportFrames recorded so far. Runs in the options page. */
export function readImportFrames(): ImportFrames {
  return (window as unknown as { __gaps: ImportFrames }).__gaps;
}

/** Starts the longest frame gap and the longest task again from 0. Runs in the options page. */
export function resetImportFrameMax(): void {
  const g = (window as unknown as { __gaps: { max: number; longest: number } }).__gaps;
  g.max = 0;
  g.longest = 0;
}

/** When the longest task began, in ms after "done" was shown (negative: before), or NaN. Runs in the options page. */
export function longestTaskAfterDone(): number {
  const w = window as unknown as { __longestAt?: number; __doneAt?: number };
  return w.__longestAt !== undefined && w.__doneAt !== undefined ? w.__longestAt - w.__doneAt : NaN;
}

/** For the test's log: when the longest task began (longestTaskAfterDone), or that there was none. */
export function longestTaskWhen(ms: number, kind = 'longest task'): string {
  return Number.isNaN(ms) ? `no ${kind} was recorded` : `the ${kind} began ${ms.toFixed(0)} ms after "done" was shown`;
}

/**
 * The preview's counts as the panel shows them (a count it does not show is left out), read IN
 * the options page (self-contained); call it once the preview is not busy.
 */
export function readPreviewCounts(): Partial<Record<'new' | 'changed' | 'unchanged' | 'deleted' | 'conflicts', number>> {
  const preview = document.querySelector('[data-testid="import-preview"]');
  const read = (id: string) => {
    const strong = preview?.querySelector(`[data-testid="${id}"] strong`);
    return strong ? Number(strong.textContent) : undefined;
  };
  return { new: read('preview-new'), changed: read('preview-changed'), unchanged: read('preview-unchanged'), deleted: read('preview-deleted'), conflicts: read('preview-conflicts') };
}
