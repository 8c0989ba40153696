/** Databases and records for the sync tests. */
import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { GlossaryDb } from '@/lib/glossary/db';
import type { GlossaryList } from '@/lib/glossary/model';
import { DEFAULT_SETTINGS, type Settings } from '@/lib/settings';
import type { SettingsStore } from '@/lib/sync/browser-sync';

let counter = 0;
const open: GlossaryDb[] = [];

/** A fresh, empty glossary database of its own (fake-indexeddb). */
export async function freshDb(): Promise<GlossaryDb> {
  const db = new GlossaryDb(`termlens-sync-test-${++counter}-${Math.random().toString(36).slice(2)}`);
  open.push(db);
  await db.open();
  return db;
}

/** Closes and deletes every database made by freshDb (call in afterEach). */
export async function dropDbs(): Promise<void> {
  for (const db of open.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
}

export function localList(id: string, at: number, patch: Partial<GlossaryList> = {}): GlossaryList {
  return { id, name: `List ${id}`, color: 0, enabled: true, priority: 0, origin: 'local', createdAt: at, updatedAt: at, ...patch };
}

export { glossaryEntry as entry } from '../../../fixtures/glossary-entry';

/** Settings kept in memory: each simulated browser has its own storage.local. */
export function memorySettings(initial: Settings = DEFAULT_SETTINGS): SettingsStore & { value: Settings } {
  const store = {
    value: structuredClone(initial),
    async get() {
      return structuredClone(store.value);
    },
    async set(settings: Settings) {
      store.value = structuredClone(settings);
    },
  };
  return store;
}
