import Dexie, { type EntityTable } from 'dexie';
import type { GlossaryEntry, GlossaryList } from './model';
import type { EntryVersion } from './history';
import type { EntryOverride } from '../sync/entry-override';

/** The name of the one glossary database (design: "Data model"). */
export const DB_NAME = 'termlens';

/**
 * The glossary database. Only extension pages and the background open it: in a
 * content script IndexedDB would belong to the page's origin.
 *
 * Every schema change is a new `version()` with an upgrade function, and a test
 * that opens a database written by the previous version (tests/unit/glossary).
 * Never edit a version that has shipped: browsers hold databases written by it.
 */
export class GlossaryDb extends Dexie {
  list!: EntityTable<GlossaryList, 'id'>;
  entry!: EntityTable<GlossaryEntry, 'id'>;
  history!: EntityTable<EntryVersion, 'id'>;
  override!: EntityTable<EntryOverride, 'entryId'>;

  constructor(name: string = DB_NAME, options?: ConstructorParameters<typeof Dexie>[1]) {
    super(name, options);
    // Version 1: lists and entries. Tombstoned rows stay in the tables (deletedAt)
    // so that the trash and sync can see them.
    this.version(1).stores({
      list: 'id, priority, updatedAt',
      entry: 'id, listId, term, *tags, updatedAt',
    });
    // Version 2: per-entry history, and an index on deletedAt so that the trash and
    // its 30-day purge read only trashed rows (IndexedDB leaves rows without the key
    // out of an index, so live entries cost the index nothing). No record changes
    // shape, so there is nothing to convert: IndexedDB builds the new index itself.
    this.version(2).stores({
      list: 'id, priority, updatedAt',
      entry: 'id, listId, term, *tags, updatedAt, deletedAt',
      history: 'id, entryId, [entryId+at]',
    });
    // Version 3: the reader's overrides of subscribed entries (lib/sync/entry-override.ts),
    // one per edited entry, read by list at every update of a subscription. A new table
    // only: existing rows keep their shape.
    this.version(3).stores({
      override: 'entryId, listId',
    });
  }
}

let shared: GlossaryDb | undefined;

/** The database of this extension context, opened once and shared. */
export function glossaryDb(): GlossaryDb {
  shared ??= new GlossaryDb();
  return shared;
}
