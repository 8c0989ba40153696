/**
 * Writes to glossary lists made by the editor: create, rename, colour, switch,
 * reorder (priority), delete and undo (issue 5, "Lists"). A deleted list is a
 * tombstone (`deletedAt`) whose entries stay untouched, so undo restores it whole;
 * the 30-day purge (entry-store.ts) removes it with its entries.
 */
import type { GlossaryDb } from './db';
import type { ColorSlot, GlossaryList } from './model';
import { COLOR_SLOTS, newId } from './model';
import { lastStamp, stampAfter } from './stamp';

/** Lists that are not deleted, highest priority first (the order the editor sees and matching uses). */
export function orderedLists(lists: readonly GlossaryList[]): GlossaryList[] {
  return lists
    .filter((l) => l.deletedAt === undefined)
    .sort((a, b) => b.priority - a.priority || a.createdAt - b.createdAt || a.id.localeCompare(b.id));
}

/** The first colour slot no live list uses, else the least used one (lowest slot on a tie). */
export function nextColor(lists: readonly GlossaryList[]): ColorSlot {
  const uses = new Map<ColorSlot, number>(COLOR_SLOTS.map((s) => [s, 0]));
  for (const list of lists) if (list.deletedAt === undefined) uses.set(list.color, (uses.get(list.color) ?? 0) + 1);
  let best: ColorSlot = 0;
  for (const slot of COLOR_SLOTS) if (uses.get(slot)! < uses.get(best)!) best = slot;
  return best;
}

/**
 * Creates a local list above every other (highest priority), in the first unused
 * colour unless one is given. Returns it.
 */
export async function createList(
  db: GlossaryDb,
  init: { name: string; color?: ColorSlot },
  now = Date.now(),
): Promise<GlossaryList> {
  return db.transaction('rw', db.list, async () => {
    const lists = await db.list.toArray();
    const live = lists.filter((l) => l.deletedAt === undefined);
    const list: GlossaryList = {
      id: newId(),
      name: init.name.trim(),
      color: init.color ?? nextColor(lists),
      enabled: true,
      priority: live.length ? Math.max(...live.map((l) => l.priority)) + 1 : 0,
      origin: 'local',
      createdAt: now,
      updatedAt: now,
    };
    await db.list.add(list);
    return list;
  });
}

/** Changes a list's name, colour or on/off switch. */
export async function updateList(
  db: GlossaryDb,
  id: string,
  patch: Partial<Pick<GlossaryList, 'name' | 'color' | 'enabled'>>,
  now = Date.now(),
): Promise<void> {
  const clean = patch.name === undefined ? patch : { ...patch, name: patch.name.trim() };
  await db.transaction('rw', db.list, async () => {
    const list = await db.list.get(id);
    if (list) await db.list.update(id, { ...clean, updatedAt: stampAfter(lastStamp(list), now) });
  });
}

/**
 * Gives the lists new priorities in the order given: the first gets the highest.
 * Only lists whose priority changes are written (and so touched for sync).
 */
export async function reorderLists(db: GlossaryDb, orderedIds: readonly string[], now = Date.now()): Promise<void> {
  await db.transaction('rw', db.list, async () => {
    const n = orderedIds.length;
    for (let i = 0; i < n; i++) {
      const id = orderedIds[i]!;
      const list = await db.list.get(id);
      const priority = n - 1 - i;
      if (list && list.priority !== priority) await db.list.update(id, { priority, updatedAt: stampAfter(lastStamp(list), now) });
    }
  });
}

/** Moves a list one place up (-1) or down (+1) among the live lists. */
export async function moveList(db: GlossaryDb, id: string, step: -1 | 1, now = Date.now()): Promise<void> {
  const order = orderedLists(await db.list.toArray()).map((l) => l.id);
  const from = order.indexOf(id);
  const to = from + step;
  if (from < 0 || to < 0 || to >= order.length) return;
  [order[from], order[to]] = [order[to]!, order[from]!];
  await reorderLists(db, order, now);
}

/** Deletes a list (a tombstone: its entries stay, and undoDeleteList brings it back whole). */
export async function deleteList(db: GlossaryDb, id: string, now = Date.now()): Promise<void> {
  await db.transaction('rw', db.list, async () => {
    const list = await db.list.get(id);
    if (!list) return;
    const at = stampAfter(lastStamp(list), now);
    await db.list.update(id, { deletedAt: at, updatedAt: at });
  });
}

/** Brings back a deleted list, with all its entries. */
export async function undoDeleteList(db: GlossaryDb, id: string, now = Date.now()): Promise<void> {
  await db.transaction('rw', db.list, async () => {
    const list = await db.list.get(id);
    if (!list || list.deletedAt === undefined) return;
    const { deletedAt: _gone, ...live } = list;
    await db.list.put({ ...live, updatedAt: stampAfter(lastStamp(list), now) });
  });
}
