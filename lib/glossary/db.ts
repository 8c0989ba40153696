import Dexie, { type EntityTable } from 'dexie';
import type { GlossaryEntry, GlossaryList } from './model';

/** The name of the one glossary database (design: "Data model"). */
export const DB_NAME = 'termlens';

/**
 * The glossary database. Only extension pages and the background open it: in a
 * content script IndexedDB would belong to the page's origin.
 *
 * Every schema change is a new `version()` with an upgrade function, and a test
 * that opens a database written by the previous version (tests/unit/glossary).
 */
export class GlossaryDb extends Dexie {
  list!: EntityTable<GlossaryList, 'id'>;
  entry!: EntityTable<GlossaryEntry, 'id'>;

  constructor(name: string = DB_NAME, options?: ConstructorParameters<typeof Dexie>[1]) {
    super(name, options);
    // Version 1: lists and entries. Tombstoned rows stay in the tables (deletedAt)
    // so that the trash and sync can see them.
    this.version(1).stores({
      list: 'id, priority, updatedAt',
      entry: 'id, listId, term, *tags, updatedAt',
    });
  }
}

let shared: GlossaryDb | undefined;

/** The database of this extension context, opened once and shared. */
export function glossaryDb(): GlossaryDb {
  shared ??= new GlossaryDb();
  return shared;
}
