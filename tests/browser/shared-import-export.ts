// The import/export specification both browsers are checked against (tests/browser/import-export.test.ts
// in Chromium, tests/browser-firefox/workspace.test.ts in Firefox): the news page, the fixture
// files, what the preview must count for each, the broken files' expected messages, and the reader
// of the stored glossary tables.

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
  return [await message('ieIssueLine', place, await message('ieIssueMissingColumn', 'term'))];
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
