import type { GlossaryDb } from './db';
import type { GlossaryList } from './model';
import { newId } from './model';
import { starterEntries, starterListName } from './starter-glossary';

/**
 * Seeds an empty database with the starter glossary, once.
 *
 * Both `onInstalled` and service-worker start-up call this, so the count and the
 * insert happen in one read-write transaction: two concurrent calls cannot both
 * see an empty database (design: "The first seeding runs twice").
 * Returns true when it seeded.
 */
export async function seedStarterGlossary(db: GlossaryDb, locale: string, now = Date.now()): Promise<boolean> {
  return db.transaction('rw', db.list, db.entry, async () => {
    if ((await db.list.count()) > 0) return false;
    const list: GlossaryList = {
      id: newId(),
      name: starterListName(locale),
      color: 0,
      enabled: true,
      priority: 0,
      origin: 'local',
      createdAt: now,
      updatedAt: now,
    };
    await db.list.add(list);
    await db.entry.bulkAdd(starterEntries(list.id, now));
    return true;
  });
}
