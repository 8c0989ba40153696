// Writes a glossary entry the way the options page's form does: through Dexie, from an extension
// page, so that the background hears Dexie's `storagemutated` and every open tab is told.

import type { Page } from 'playwright-core';

export interface TestEntry {
  term: string;
  definition: string;
  sourceUrl?: string;
}

/**
 * The record the browser tests add, as the options page's form would save it, without its id,
 * list and times (which the extension page or background that writes it fills in). Shared by the
 * Chromium and Firefox suites.
 */
export function testEntryFields(e: TestEntry) {
  return {
    term: e.term,
    variants: [],
    lang: 'zh-Hans',
    translations: { en: ['test term A'] },
    definition: e.definition,
    note: 'private note',
    tags: ['测试'],
    ...(e.sourceUrl ? { source: { title: 'A source', url: e.sourceUrl } } : {}),
    match: { caseSensitive: false, wholeWord: true, exclusions: [] },
  };
}

/**
 * Adds an entry to the first list, from an extension page, the way the options page's form does:
 * through Dexie (so that the background hears `storagemutated`), with a new generation (the
 * background compiles again only for a generation it has not compiled). Dexie's UMD build is
 * evaluated in the extension page; it opens the existing `termlens` database without declaring a
 * schema.
 */
export async function addEntry(extensionPage: Page, entry: TestEntry) {
  const { readFileSync } = await import('node:fs');
  const { createRequire } = await import('node:module');
  const require = createRequire(import.meta.url);
  const dexieSource = readFileSync(require.resolve('dexie/dist/dexie.js'), 'utf8');
  await extensionPage.evaluate(dexieSource);
  await extensionPage.evaluate(async (fields) => {
    const DexieCtor = (globalThis as unknown as { Dexie: any }).Dexie;
    const db = new DexieCtor('termlens');
    await db.open();
    const list = (await db.table('list').toArray()).find((l: { deletedAt?: number }) => !l.deletedAt);
    const now = Date.now();
    // A new generation in the same transaction, as GlossaryDb's middleware writes (lib/glossary/db.ts).
    await db.transaction('rw', db.table('entry'), db.table('meta'), async () => {
      await db.table('entry').add({ id: crypto.randomUUID(), listId: list.id, ...fields, createdAt: now, updatedAt: now });
      await db.table('meta').put({ key: 'generation', value: crypto.randomUUID() });
    });
    db.close();
  }, testEntryFields(entry));
}
