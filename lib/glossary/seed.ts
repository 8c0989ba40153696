import type { GlossaryDb } from './db';
import type { GlossaryEntry, GlossaryList } from './model';
import { starterEntries, starterListName } from './starter-glossary';

/**
 * The starter glossary has the same ids and time stamps in every browser, so that
 * two browsers that sync hold one starter list, not two, and any edit a reader
 * makes is newer than the untouched copy (last writer wins on `updatedAt`).
 */
export const STARTER_LIST_ID = 'starter';
/** The starter glossary's release date: the `createdAt`/`updatedAt` of its untouched entries. */
export const STARTER_RELEASED_AT = Date.UTC(2026, 10, 1);

/** The id of the starter entry for `term`: the same in every browser. */
export function starterEntryId(term: string): string {
  return `starter:${term}`;
}

/** True for a starter entry no one has changed: every browser has it as it is, so sync need not carry it. */
export function isPristineStarterEntry(entry: GlossaryEntry): boolean {
  return entry.listId === STARTER_LIST_ID && entry.updatedAt === STARTER_RELEASED_AT && entry.deletedAt === undefined;
}

/**
 * The `meta` key that says the starter glossary's seeding was decided: the database was seeded,
 * or it already held lists when this code first looked.
 */
export const SEEDED_KEY = 'starter-seeded';

/**
 * Seeds an empty database with the starter glossary, once in the database's life.
 *
 * Both `onInstalled` and service-worker start-up call this, so the checks and the
 * insert happen in one read-write transaction: two concurrent calls cannot both
 * see an empty database (design: "The first seeding runs twice").
 * Once decided, it is never done again: a reader who deleted every list (and whose trash was
 * emptied) does not get the starter list back at the next start, as an empty list table alone
 * would have said (until session 9). A database that holds lists without the mark (made before
 * it existed) is marked as decided, and not seeded.
 * Returns true when it seeded.
 */
export async function seedStarterGlossary(db: GlossaryDb, locale: string): Promise<boolean> {
  return db.transaction('rw', db.list, db.entry, db.meta, async () => {
    if (await db.meta.get(SEEDED_KEY)) return false;
    const hasLists = (await db.list.count()) > 0;
    await db.meta.put({ key: SEEDED_KEY, value: hasLists ? 'lists-found' : 'seeded' });
    if (hasLists) return false;
    const list: GlossaryList = {
      id: STARTER_LIST_ID,
      name: starterListName(locale),
      color: 0,
      enabled: true,
      priority: 0,
      origin: 'local',
      createdAt: STARTER_RELEASED_AT,
      updatedAt: STARTER_RELEASED_AT,
    };
    await db.list.add(list);
    await db.entry.bulkAdd(
      starterEntries(list.id, STARTER_RELEASED_AT).map((entry) => ({ ...entry, id: starterEntryId(entry.term) })),
    );
    return true;
  });
}
