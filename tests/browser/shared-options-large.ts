// The large-glossary specification both browsers are checked against (tests/browser/options-large.test.ts
// in Chromium, tests/browser-firefox/workspace-more.test.ts in Firefox): 10,000 generated entries
// written straight into the database, what the table must render of them, the search the editor
// types and where the scroll goes.

/** How many entries the test writes (into a list of their own). */
export const LARGE_COUNT = 10_000;

/** The starter glossary's entries, which the table shows beside the generated ones. */
export const STARTER_ENTRY_COUNT = 71;

/** A screenful of rows: more than this many rows rendered… */
export const MIN_RENDERED_ROWS = 5;
/** …and fewer than this many, of the ten thousand. */
export const MAX_RENDERED_ROWS = 60;

/** What the editor types into the search: one generated entry's English rendering. */
export const LARGE_SEARCH = 'number 4242';
/** The one row that search leaves: its term ends with the entry's number. */
export const LARGE_SEARCH_HIT = /4242$/;

/** The table body's scrollTop set to scroll far down… */
export const SCROLL_TOP = 300_000;
/** …where the first rendered row's data-index is above this. */
export const SCROLLED_PAST_INDEX = 6000;

/**
 * Writes `count` generated entries, in a list of their own, straight into the extension's
 * database. Runs IN an extension page (Playwright's page.evaluate, or its source text in Firefox),
 * so it is self-contained.
 */
export async function writeLargeGlossary(count: number): Promise<void> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const open = indexedDB.open('termlens');
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  const listId = 'bench-list';
  const now = Date.now();
  const chars = '发展改革创新经济社会建设国家体系治理现代化产业市场数字绿色开放协调共享安全区域城乡生态文化科技人才';
  const tx = db.transaction(['list', 'entry'], 'readwrite');
  tx.objectStore('list').put({ id: listId, name: '一万词条', color: 4, enabled: true, priority: -1, origin: 'local', createdAt: now, updatedAt: now });
  const store = tx.objectStore('entry');
  for (let i = 0; i < count; i++) {
    let term = '';
    for (let k = 0, n = i + 7; k < 4; k++, n = Math.floor(n / chars.length) + k * 13) term += chars[n % chars.length];
    term += String(i);
    store.put({
      id: `bench-${i}`,
      listId,
      term,
      variants: i % 3 === 0 ? [`${term}简称`] : [],
      lang: 'zh-Hans',
      translations: { en: [`bench term number ${i}`] },
      definition: `第${i}个测试词条的释义，涉及${chars.slice(i % 20, (i % 20) + 6)}。`,
      note: '',
      tags: [`tag${i % 17}`],
      match: { caseSensitive: false, wholeWord: true, exclusions: [] },
      createdAt: now,
      updatedAt: now - i,
    });
  }
  await new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
  db.close();
}
