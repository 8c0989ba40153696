/**
 * Every write to glossary entries made by the editor: save with history and a
 * conflict check, trash and restore, bulk moves and tags, and the 30-day purge
 * (issue 5). Each operation is one read-write transaction, so that a version in
 * the history always describes a state the entry really had.
 */
import Dexie from 'dexie';
import type { GlossaryDb } from './db';
import type { GlossaryEntry } from './model';
import { newId } from './model';
import { lastStamp, stampAfter } from './stamp';
import { changedFields, HISTORY_LIMIT, type ChangeAction, type ChangeAuthor, type EntryVersion } from './history';

/** How long trashed entries and lists are kept before the purge removes them. */
export const TRASH_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

/** The author of a version whose change predates the history (made before version 2, or by an import). */
const UNKNOWN_AUTHOR: ChangeAuthor = { context: 'background', device: '' };

export type SaveResult =
  | { kind: 'saved'; entry: GlossaryEntry }
  /** The entry changed since the form loaded it; `current` is what the DB holds now (undefined: purged). */
  | { kind: 'conflict'; current: GlossaryEntry | undefined };

export interface SaveOptions {
  author: ChangeAuthor;
  /**
   * The `updatedAt` the form loaded, or null for a new entry. When the stored entry's
   * `updatedAt` differs, nothing is written and the result is a conflict. Leave it
   * undefined to overwrite whatever is stored.
   */
  expectedUpdatedAt?: number | null;
  now?: number;
}

/**
 * Saves an entry (new or edited) and records a version of it.
 *
 * Promises: `updatedAt` of the stored entry grows strictly with every save, even
 * within one millisecond; `createdAt` of an existing entry is kept; the history of
 * the entry keeps its last HISTORY_LIMIT versions; an edit of an entry that has no
 * history yet first records the state it had as a `baseline` version, so that the
 * state before the first edit can be restored.
 */
export async function saveEntry(db: GlossaryDb, entry: GlossaryEntry, options: SaveOptions): Promise<SaveResult> {
  const now = options.now ?? Date.now();
  return db.transaction('rw', db.entry, db.history, async () => {
    const current = await db.entry.get(entry.id);
    if (options.expectedUpdatedAt !== undefined) {
      const expected = options.expectedUpdatedAt;
      if (expected === null ? current !== undefined : current?.updatedAt !== expected) {
        return { kind: 'conflict', current } as const;
      }
    }
    const next: GlossaryEntry = {
      ...structuredClone(entry),
      createdAt: current?.createdAt ?? entry.createdAt ?? now,
      updatedAt: nextStamp(current, now),
    };
    await writeWithHistory(db, current, next, current ? 'edit' : 'create', options.author);
    return { kind: 'saved', entry: next } as const;
  });
}

/** Moves entries to the trash. Entries already in the trash keep their date. */
export function trashEntries(db: GlossaryDb, ids: readonly string[], author: ChangeAuthor, now = Date.now()): Promise<number> {
  return changeEach(db, ids, 'trash', author, now, (e) => (e.deletedAt === undefined ? { ...e, deletedAt: now } : null));
}

/** Takes entries out of the trash. */
export function restoreEntries(db: GlossaryDb, ids: readonly string[], author: ChangeAuthor, now = Date.now()): Promise<number> {
  return changeEach(db, ids, 'restore', author, now, (e) => {
    if (e.deletedAt === undefined) return null;
    const { deletedAt: _gone, ...live } = e;
    return live;
  });
}

/** Moves entries to another list. */
export function moveEntries(
  db: GlossaryDb,
  ids: readonly string[],
  listId: string,
  author: ChangeAuthor,
  now = Date.now(),
): Promise<number> {
  return changeEach(db, ids, 'edit', author, now, (e) => (e.listId === listId ? null : { ...e, listId }));
}

/** Adds a tag to entries that lack it. */
export function tagEntries(db: GlossaryDb, ids: readonly string[], tag: string, author: ChangeAuthor, now = Date.now()): Promise<number> {
  const clean = tag.trim();
  if (clean === '') return Promise.resolve(0);
  return changeEach(db, ids, 'edit', author, now, (e) => (e.tags.includes(clean) ? null : { ...e, tags: [...e.tags, clean] }));
}

/** Removes a tag from entries that have it. */
export function untagEntries(db: GlossaryDb, ids: readonly string[], tag: string, author: ChangeAuthor, now = Date.now()): Promise<number> {
  return changeEach(db, ids, 'edit', author, now, (e) =>
    e.tags.includes(tag) ? { ...e, tags: e.tags.filter((t) => t !== tag) } : null,
  );
}

/**
 * Makes an entry look as it did in one of its versions (everything but its id,
 * creation date and trash state), as a new version. Returns the saved entry, or
 * undefined when the version or the entry is gone.
 */
export async function revertToVersion(
  db: GlossaryDb,
  versionId: string,
  author: ChangeAuthor,
  now = Date.now(),
): Promise<GlossaryEntry | undefined> {
  return db.transaction('rw', db.entry, db.history, async () => {
    const version = await db.history.get(versionId);
    if (!version) return undefined;
    const current = await db.entry.get(version.entryId);
    if (!current) return undefined;
    const { deletedAt: _old, ...content } = structuredClone(version.entry);
    const next: GlossaryEntry = {
      ...content,
      id: current.id,
      createdAt: current.createdAt,
      updatedAt: nextStamp(current, now),
      ...(current.deletedAt === undefined ? {} : { deletedAt: current.deletedAt }),
    };
    await writeWithHistory(db, current, next, 'revert', author);
    return next;
  });
}

/** The versions of an entry, newest first. */
export async function entryHistory(db: GlossaryDb, entryId: string): Promise<EntryVersion[]> {
  const versions = await db.history
    .where('[entryId+at]')
    .between([entryId, Dexie.minKey], [entryId, Dexie.maxKey])
    .toArray();
  return versions.reverse();
}

/** Deletes entries and their history for good (the trash's "delete forever"). */
export async function deleteEntriesForever(db: GlossaryDb, ids: readonly string[]): Promise<void> {
  await db.transaction('rw', db.entry, db.history, async () => {
    await db.entry.bulkDelete([...ids]);
    await db.history.where('entryId').anyOf([...ids]).delete();
  });
}

/**
 * Removes, for good, the entries that have been in the trash for TRASH_DAYS days
 * or longer, the lists deleted that long ago together with all their entries, and
 * the history of everything removed. Returns how many entries and lists went.
 */
export async function purgeTrash(db: GlossaryDb, now = Date.now()): Promise<{ entries: number; lists: number }> {
  const cutoff = now - TRASH_DAYS * DAY_MS;
  return db.transaction('rw', db.list, db.entry, db.history, async () => {
    const oldLists = (await db.list.toArray()).filter((l) => l.deletedAt !== undefined && l.deletedAt <= cutoff);
    const listIds = oldLists.map((l) => l.id);
    const fromLists = listIds.length ? await db.entry.where('listId').anyOf(listIds).primaryKeys() : [];
    const trashed = await db.entry.where('deletedAt').belowOrEqual(cutoff).primaryKeys();
    const ids = [...new Set([...fromLists, ...trashed])];
    if (ids.length) {
      await db.entry.bulkDelete(ids);
      await db.history.where('entryId').anyOf(ids).delete();
    }
    if (listIds.length) await db.list.bulkDelete(listIds);
    return { entries: ids.length, lists: listIds.length };
  });
}

/** Days left before a trashed record is purged (0 on its last day or after). */
export function daysLeftInTrash(deletedAt: number, now = Date.now()): number {
  return Math.max(0, Math.ceil((deletedAt + TRASH_DAYS * DAY_MS - now) / DAY_MS));
}

/** A time stamp after `now` and after the entry's last one, so that versions never tie (stamp.ts). */
function nextStamp(current: GlossaryEntry | undefined, now: number): number {
  return stampAfter(current && lastStamp(current), now);
}

async function changeEach(
  db: GlossaryDb,
  ids: readonly string[],
  action: ChangeAction,
  author: ChangeAuthor,
  now: number,
  change: (entry: GlossaryEntry) => GlossaryEntry | null,
): Promise<number> {
  return db.transaction('rw', db.entry, db.history, async () => {
    const entries = await db.entry.bulkGet([...ids]);
    let changed = 0;
    for (const current of entries) {
      if (!current) continue;
      const next = change(structuredClone(current));
      if (!next) continue;
      await writeWithHistory(db, current, { ...next, updatedAt: nextStamp(current, now) }, action, author);
      changed++;
    }
    return changed;
  });
}

/** Writes `next` and records it as a version; must run inside a transaction over entry and history. */
async function writeWithHistory(
  db: GlossaryDb,
  current: GlossaryEntry | undefined,
  next: GlossaryEntry,
  action: ChangeAction,
  author: ChangeAuthor,
): Promise<void> {
  await db.entry.put(next);
  const range = db.history.where('[entryId+at]').between([next.id, Dexie.minKey], [next.id, Dexie.maxKey]);
  if (current && (await range.count()) === 0) {
    await db.history.add(version(current, undefined, 'baseline', UNKNOWN_AUTHOR, current.updatedAt));
  }
  await db.history.add(version(next, current, action, author, next.updatedAt));
  const keys = await range.primaryKeys();
  // primaryKeys() of a compound-index range come in index order: oldest first.
  if (keys.length > HISTORY_LIMIT) await db.history.bulkDelete(keys.slice(0, keys.length - HISTORY_LIMIT));
}

function version(
  entry: GlossaryEntry,
  before: GlossaryEntry | undefined,
  action: ChangeAction,
  by: ChangeAuthor,
  at: number,
): EntryVersion {
  return { id: newId(), entryId: entry.id, at, by, action, changed: changedFields(before, entry), entry: structuredClone(entry) };
}
