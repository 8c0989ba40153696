// Databases a test opens, closed and deleted after each test (fake-indexeddb keeps them for the file).
import Dexie from 'dexie';
import { afterEach } from 'vitest';

/** Registers the clean-up; returns the list to push every database the test opens onto. */
export function deletedAfterEach(): Dexie[] {
  const opened: Dexie[] = [];
  afterEach(async () => {
    for (const db of opened.splice(0)) {
      db.close();
      await Dexie.delete(db.name);
    }
  });
  return opened;
}
