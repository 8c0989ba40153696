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

/** Why the database cannot be used, for the message the reader sees. */
export type DbProblem =
  /** An upgrade to this version's schema failed: the old data is still there, unchanged. */
  | 'upgrade-failed'
  /** The browser's storage for the extension is full. */
  | 'storage-full'
  /** Anything else (storage disabled, private mode, a corrupt profile). */
  | 'unavailable';

/** The error and the ones it wraps (Dexie keeps the cause in `inner`), outermost first. */
function errorChain(error: unknown): { name?: unknown; inner?: unknown }[] {
  const chain: { name?: unknown; inner?: unknown }[] = [];
  let current = error;
  while (typeof current === 'object' && current !== null && chain.length < 8) {
    chain.push(current as { name?: unknown; inner?: unknown });
    current = (current as { inner?: unknown }).inner;
  }
  return chain;
}

/** True when `error` (or an error it wraps, as Dexie's AbortError does) says that storage is full. */
export function isStorageFull(error: unknown): boolean {
  return errorChain(error).some((e) => e.name === 'QuotaExceededError');
}

/** What kind of problem an error of writing the database is (opening: see openGlossaryDb). */
export function dbProblemOf(error: unknown): DbProblem {
  return isStorageFull(error) ? 'storage-full' : 'unavailable';
}

/** The version the database on disk has, opened as it is (Dexie's dynamic mode), or undefined. */
async function storedVersion(name: string): Promise<number | undefined> {
  const raw = new Dexie(name);
  try {
    await raw.open();
    return raw.verno;
  } catch {
    return undefined;
  } finally {
    raw.close();
  }
}

/**
 * Opens the database and says whether it can be used. A failed upgrade does not lose
 * data: Dexie runs every upgrade inside IndexedDB's versionchange transaction, so an
 * upgrade that throws aborts it, and the database stays as the previous version left it,
 * readable by that version. The caller shows the problem instead of an empty glossary.
 */
export async function openGlossaryDb(db: GlossaryDb = glossaryDb()): Promise<{ ok: true } | { ok: false; problem: DbProblem; error: unknown }> {
  try {
    await db.open();
    return { ok: true };
  } catch (error) {
    if (isStorageFull(error)) return { ok: false, problem: 'storage-full', error };
    // Dexie passes an upgrade's own error through, whatever it is: what tells a failed
    // upgrade is that the database on disk is still at an older version.
    const stored = await storedVersion(db.name);
    const problem: DbProblem = stored !== undefined && stored < db.verno ? 'upgrade-failed' : 'unavailable';
    return { ok: false, problem, error };
  }
}
