import Dexie, { type DBCore, type DBCoreMutateRequest, type EntityTable, type Middleware } from 'dexie';
import type { GlossaryEntry, GlossaryList } from './model';
import type { EntryVersion } from './history';
import type { EntryOverride } from '../sync/entry-override';

/** The name of the one glossary database (design: "Data model"). */
export const DB_NAME = 'termlens';

/**
 * A row of the `meta` table. `generation`: a token that every write to the glossary's tables
 * replaces, in the write's own transaction (generationStamp), so that a compiled matcher kept
 * across service-worker restarts can tell whether the glossary changed since it was compiled
 * (lib/background/matcher-cache.ts), whoever wrote and whether or not anyone told the background.
 * `starter-seeded`: that the starter glossary's seeding was decided (lib/glossary/seed.ts).
 */
export interface MetaRow {
  key: string;
  value: string;
}

/** The `meta` key of the glossary's generation (MetaRow). */
export const GENERATION_KEY = 'generation';

/** The table that holds the generation; a write to any other table makes a new one. */
const META_TABLE = 'meta';

/**
 * Dexie middleware: a read-write transaction over any other table also covers `meta`, and its
 * first write to another table puts a new generation token, issued in the same transaction (so
 * that it commits, or aborts, with the write). Middleware rather than a call in each write function:
 * the options page, the popup, the import worker, sync and subscriptions all write, and one of
 * them forgetting would leave a stale matcher that nothing shows.
 */
const generationStamp: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'termlens-generation',
  create(down) {
    const hasMeta = down.schema.tables.some((table) => table.name === META_TABLE);
    if (!hasMeta) return {};
    // One token a transaction: it commits or aborts whole, so no one sees the states between its
    // writes, and a second token would only be another write to `meta`.
    const stamped = new WeakSet<object>();
    const stamp = (request: DBCoreMutateRequest): void => {
      // An upgrade's versionchange transaction, or one that does not cover `meta`, is left alone.
      const transaction = request.trans as unknown as IDBTransaction;
      if (transaction.mode !== 'readwrite' || !transaction.objectStoreNames.contains(META_TABLE)) return;
      // An empty bulk write (a subscription update with nothing to remove, say) changes nothing.
      if (request.type === 'delete' && request.keys.length === 0) return;
      if ((request.type === 'put' || request.type === 'add') && request.values.length === 0) return;
      if (stamped.has(request.trans)) return;
      stamped.add(request.trans);
      const row: MetaRow = { key: GENERATION_KEY, value: crypto.randomUUID() };
      // A write whose generation could not be stamped must not commit: the transaction aborts,
      // and the write fails as any failed write does (the caller shows the error).
      down
        .table(META_TABLE)
        .mutate({ type: 'put', trans: request.trans, values: [row] })
        .catch(() => {
          try {
            transaction.abort();
          } catch {
            // Already finished or aborted.
          }
        });
    };
    return {
      transaction(stores, mode, options) {
        const widen = mode === 'readwrite' && !stores.includes(META_TABLE);
        return down.transaction(widen ? [...stores, META_TABLE] : stores, mode, options);
      },
      table(name) {
        const table = down.table(name);
        if (name === META_TABLE) return table;
        return {
          ...table,
          mutate(request) {
            stamp(request);
            return table.mutate(request);
          },
        };
      },
    };
  },
};

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
  meta!: EntityTable<MetaRow, 'key'>;

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
    // Version 4: `meta`, which holds the glossary's generation (generationStamp). A new table
    // only; a database upgraded to it starts with a generation of its own.
    this.version(4)
      .stores({ meta: 'key' })
      .upgrade((tx) => tx.table(META_TABLE).put({ key: GENERATION_KEY, value: crypto.randomUUID() } satisfies MetaRow));
    this.use(generationStamp);
  }
}

/** The glossary's generation now (see MetaRow), or undefined before the first write. */
export async function glossaryGeneration(db: GlossaryDb): Promise<string | undefined> {
  return (await db.meta.get(GENERATION_KEY))?.value;
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
