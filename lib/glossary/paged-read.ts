import Dexie, { type IndexableType, type Table } from 'dexie';
import type { GlossaryDb } from './db';
import type { GlossaryEntry } from './model';

/**
 * Records read per request by `readAllInPages`. About 20 ms of Firefox's main thread for entries
 * of the realistic benchmark glossary (a whole 10,600-entry table: about 200 ms in one task).
 */
export const READ_PAGE_SIZE = 1_000;

/**
 * Every record of `table`, in primary-key order, read `pageSize` at a time (a `getAll` with a count
 * each, starting above the last key read), so that no single read is one long task. Why: IndexedDB
 * hands a request's records over in one task on the main thread, and in Firefox an extension's
 * pages and its background share one main thread, so the background reading the 10,600 entries of
 * a large import held the options page still for about 200 ms at a time (docs/architecture.md,
 * "Whole tables read in pages"). Called inside a transaction, the pages are one consistent read.
 */
export async function readAllInPages<T, K extends IndexableType, I>(
  table: Table<T, K, I>,
  pageSize: number = READ_PAGE_SIZE,
): Promise<T[]> {
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new RangeError(`readAllInPages: page size must be a positive integer, got ${pageSize}`);
  const keyPath = table.schema.primKey.keyPath;
  // Outbound or compound keys: no key to start the next page above; one read (none of ours).
  if (typeof keyPath !== 'string' || keyPath === '') return table.toArray();
  const out: T[] = [];
  let page = await table.toCollection().limit(pageSize).toArray();
  for (;;) {
    for (const record of page) out.push(record);
    if (page.length < pageSize) return out;
    const last = Dexie.getByKeyPath(page[page.length - 1] as object, keyPath) as K;
    page = await table.where(':id').above(last).limit(pageSize).toArray();
  }
}

/** Every entry, trashed ones included, read in pages in one transaction of its own: what the workspace's and the popup's live lists show. */
export function readAllEntries(db: GlossaryDb): Promise<GlossaryEntry[]> {
  return db.transaction('r', db.entry, () => readAllInPages(db.entry));
}
