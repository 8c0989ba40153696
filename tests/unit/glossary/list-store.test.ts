import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GlossaryDb } from '@/lib/glossary/db';
import { createList, deleteList, moveList, nextColor, orderedLists, reorderLists, undoDeleteList, updateList } from '@/lib/glossary/list-store';

let db: GlossaryDb;
let n = 0;
beforeEach(() => {
  db = new GlossaryDb(`termlens-lists-${++n}`);
});
afterEach(async () => {
  db.close();
  await Dexie.delete(db.name);
});

const names = async () => orderedLists(await db.list.toArray()).map((l) => l.name);

describe('lists', () => {
  it('puts a new list on top, in a colour no other list uses', async () => {
    const a = await createList(db, { name: ' 政策 ' }, 1);
    const b = await createList(db, { name: '地方' }, 2);
    expect([a.name, a.color, b.color]).toEqual(['政策', 0, 1]);
    expect(b.priority).toBeGreaterThan(a.priority);
    expect(await names()).toEqual(['地方', '政策']);
  });

  it('reuses the least used colour once all eight are taken', async () => {
    for (let i = 0; i < 8; i++) await createList(db, { name: `L${i}` });
    expect(nextColor(await db.list.toArray())).toBe(0);
    await updateList(db, (await db.list.toArray()).find((l) => l.color === 3)!.id, { color: 0 });
    expect(nextColor(await db.list.toArray())).toBe(3);
  });

  it('renames, recolours and switches a list', async () => {
    const a = await createList(db, { name: '政策' }, 1);
    await updateList(db, a.id, { name: '国家政策', color: 5, enabled: false }, 9);
    expect(await db.list.get(a.id)).toMatchObject({ name: '国家政策', color: 5, enabled: false, updatedAt: 9 });
  });

  it('reorders lists: the first gets the highest priority', async () => {
    const a = await createList(db, { name: 'A' });
    const b = await createList(db, { name: 'B' });
    const c = await createList(db, { name: 'C' });
    await reorderLists(db, [a.id, c.id, b.id]);
    expect(await names()).toEqual(['A', 'C', 'B']);
    await moveList(db, b.id, -1);
    expect(await names()).toEqual(['A', 'B', 'C']);
    await moveList(db, a.id, -1);
    expect(await names()).toEqual(['A', 'B', 'C']);
  });

  it('deletes a list as a tombstone that undo brings back', async () => {
    const a = await createList(db, { name: 'A' }, 1);
    await deleteList(db, a.id, 5);
    expect(await names()).toEqual([]);
    expect((await db.list.get(a.id))?.deletedAt).toBe(5);
    await undoDeleteList(db, a.id, 6);
    expect(await names()).toEqual(['A']);
    expect(await db.list.get(a.id)).not.toHaveProperty('deletedAt');
  });
});
