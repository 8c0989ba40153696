import type { GlossaryDb } from '../glossary/db';
import type { GlossaryEntry } from '../glossary/model';
import type { ChangeAuthor } from '../glossary/history';
import { restoreEntries, saveEntry, trashEntries, type SaveOptions, type SaveResult } from '../glossary/entry-store';
import { editSubscribedEntry } from './subscriptions';

/** The ids of these entries that belong to subscribed lists. */
async function subscribedIds(db: GlossaryDb, ids: readonly string[]): Promise<Set<string>> {
  const entries = (await db.entry.bulkGet([...ids])).filter((e): e is GlossaryEntry => e !== undefined);
  const lists = await db.list.bulkGet([...new Set(entries.map((e) => e.listId))]);
  const subscribed = new Set(lists.filter((l) => l?.origin === 'subscription').map((l) => l!.id));
  return new Set(entries.filter((e) => subscribed.has(e.listId)).map((e) => e.id));
}

/**
 * Saves the reader's edit of any entry. An entry of a subscribed list is saved as an
 * override (so the next list update keeps the edit); any other entry goes through the
 * entry store with its history. Both check `expectedUpdatedAt` for a conflicting edit.
 */
export async function saveReaderEdit(db: GlossaryDb, entry: GlossaryEntry, options: SaveOptions): Promise<SaveResult> {
  if (!(await subscribedIds(db, [entry.id])).has(entry.id)) return saveEntry(db, entry, options);
  const current = await db.entry.get(entry.id);
  if (options.expectedUpdatedAt !== undefined && current?.updatedAt !== options.expectedUpdatedAt) {
    return { kind: 'conflict', current };
  }
  return { kind: 'saved', entry: await editSubscribedEntry(db, entry, options.now) };
}

/** Moves entries to the trash; a subscribed entry's deletion is kept as the reader's override. */
export async function trashReaderEntries(db: GlossaryDb, ids: readonly string[], author: ChangeAuthor, now = Date.now()): Promise<number> {
  return changeReaderEntries(db, ids, (own) => trashEntries(db, own, author, now), (e) =>
    e.deletedAt === undefined ? { ...e, deletedAt: now } : null,
  now);
}

/** Takes entries out of the trash; for a subscribed entry, that drops the reader's deletion. */
export async function restoreReaderEntries(db: GlossaryDb, ids: readonly string[], author: ChangeAuthor, now = Date.now()): Promise<number> {
  return changeReaderEntries(db, ids, (own) => restoreEntries(db, own, author, now), (e) => {
    if (e.deletedAt === undefined) return null;
    const { deletedAt: _gone, ...live } = e;
    return live;
  }, now);
}

async function changeReaderEntries(
  db: GlossaryDb,
  ids: readonly string[],
  changeOwn: (ids: string[]) => Promise<number>,
  changeSubscribed: (entry: GlossaryEntry) => GlossaryEntry | null,
  now: number,
): Promise<number> {
  const subscribed = await subscribedIds(db, ids);
  let changed = await changeOwn(ids.filter((id) => !subscribed.has(id)));
  for (const id of subscribed) {
    const entry = await db.entry.get(id);
    const next = entry && changeSubscribed(entry);
    if (!next) continue;
    await editSubscribedEntry(db, next, now);
    changed++;
  }
  return changed;
}
