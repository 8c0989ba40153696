// The backup specification both browsers are checked against (tests/browser/backup.test.ts in
// Chromium, tests/browser-firefox/workspace-more.test.ts in Firefox): where the panel is, what the
// downloaded file must look like, the entry added behind the page's back, the damage done to a
// backup and the path its refusal must name, and the readers and writers that run IN an extension
// page (Playwright's page.evaluate, or their source text in Firefox), so each is self-contained.

import { storedRowsInPage } from './shared-faults';

export { IMPORT_HASH as BACKUP_HASH } from './shared-import-export';

/** The downloaded backup's file name: `termlens-backup-2024-04-24.json`. */
export const BACKUP_FILE_NAME = /^termlens-backup-\d{4}-\d{2}-\d{2}\.json$/;

/** The `format` field of a backup file. */
export const BACKUP_FORMAT = 'termlens-backup';

/** The entry written after the backup was made, which restoring the backup must take away. */
export const LATER_TERM = '备份之后加的';

/** The damaged copy's file name. */
export const DAMAGED_FILE = 'damaged.json';

/** Damages a backup file's content in place: its first entry's term becomes a number. */
export function damageBackup(backup: { tables: { entry: Record<string, unknown>[] } }): void {
  backup.tables.entry[0]!.term = 42;
}

/** Where the refusal of the damaged backup must say the bad value is. */
export const DAMAGED_PATH = 'tables.entry[0].term';

/** The automatic backups' total size, as the panel shows it. */
export const AUTO_USAGE = /\d+(\.\d)? (KB|MB)/;

/** The storage.local key of the automatic backups' state (lib/glossary/backup.ts AUTO_BACKUP_STATE_KEY). */
export const AUTO_STATE_KEY = 'backup-state';

/** Every row of every table of the extension's database, by table, as stored. Runs in an extension page. */
export const readAllTables: () => Promise<Record<string, unknown[]>> = storedRowsInPage;

/**
 * Adds an entry with this term to the first list straight into IndexedDB (what an edit elsewhere
 * would do, unseen by the page). Runs in an extension page.
 */
export function addEntryBehindTheBack(term: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const open = indexedDB.open('termlens');
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction(['list', 'entry'], 'readwrite');
      const lists = tx.objectStore('list').getAll();
      lists.onsuccess = () => {
        const listId = (lists.result[0] as { id: string }).id;
        tx.objectStore('entry').add({
          id: `later-${term}`,
          listId,
          term,
          variants: [],
          lang: 'zh-Hans',
          translations: {},
          definition: '',
          note: '',
          tags: [],
          match: { caseSensitive: false, wholeWord: true, exclusions: [] },
          createdAt: 1,
          updatedAt: 1,
        });
      };
      tx.oncomplete = () => {
        db.close();
        resolve();
      };
      tx.onerror = () => reject(tx.error);
    };
  });
}

/** The id addEntryBehindTheBack gives its entry. */
export const laterEntryId = (term: string): string => `later-${term}`;

type Row = Record<string, unknown>;

/**
 * What a restore must bring back exactly (lib/glossary/backup.ts, restoreBackup): the lists and
 * entries in use, `updatedAt` aside (a restore writes each at its own time, so that browser sync
 * carries it), the history and the overrides. Records made after the backup stay as tombstones.
 */
export function restoredView(tables: Record<string, unknown[]>): Record<string, unknown[]> {
  const live = (rows: unknown[] = []) =>
    (rows as Row[]).filter((r) => r.deletedAt === undefined).map(({ updatedAt: _u, ...rest }) => rest);
  return { list: live(tables.list), entry: live(tables.entry), history: tables.history ?? [], override: tables.override ?? [] };
}
