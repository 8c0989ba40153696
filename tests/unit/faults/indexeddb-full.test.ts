// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import Dexie, { type DBCore, type Middleware } from 'dexie';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { GlossaryDb } from '@/lib/glossary/db';
import { writeFailedText } from '@/lib/glossary/db-problem-text';
import { saveEntry, trashEntries } from '@/lib/glossary/entry-store';
import { applyImport, previewImport, readExisting } from '@/lib/glossary/import-bundle';
import { createList } from '@/lib/glossary/list-store';
import { defaultMatchOptions, type GlossaryEntry } from '@/lib/glossary/model';
import { showDbOpenProblem } from '@/components/db-open-problem';

const author = { context: 'options', device: 'test' } as const;

/**
 * A disk that fills up: once `full` is set, every write that adds data fails as Chrome fails it,
 * with a DOMException named QuotaExceededError, after the transaction has begun (so writes made
 * earlier in the same transaction must be rolled back).
 */
function fillingDisk(): { middleware: Middleware<DBCore>; full: boolean; room: number } {
  const disk = {
    full: false,
    /** Writes that still fit once `full` is set: the disk fills in the middle of a transaction. */
    room: 0,
    middleware: {
      stack: 'dbcore',
      name: 'filling-disk',
      create: (down: DBCore): DBCore => ({
        ...down,
        table: (name) => {
          const table = down.table(name);
          return {
            ...table,
            mutate: (req) => {
              if (disk.full && (req.type === 'add' || req.type === 'put') && disk.room-- <= 0) {
                return Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
              }
              return table.mutate(req);
            },
          };
        },
      }),
    } as Middleware<DBCore>,
  };
  return disk;
}

let db: GlossaryDb;
let disk: ReturnType<typeof fillingDisk>;
let names = 0;

beforeEach(() => {
  fakeBrowser.reset();
  vi.spyOn(fakeBrowser.i18n, 'getMessage').mockImplementation((key: string) => key);
  disk = fillingDisk();
  db = new GlossaryDb(`termlens-full-${++names}`);
  db.use(disk.middleware);
});
afterEach(async () => {
  db.close();
  await Dexie.delete(db.name);
});

function entry(listId: string, term: string, definition = ''): GlossaryEntry {
  return {
    id: crypto.randomUUID(),
    listId,
    term,
    variants: [],
    lang: 'zh-Hans',
    translations: {},
    definition,
    note: '',
    tags: [],
    match: defaultMatchOptions(),
    createdAt: 1,
    updatedAt: 1,
  };
}

/** Every row of every table, for comparing before and after. */
async function snapshot() {
  return {
    list: await db.list.toArray(),
    entry: await db.entry.toArray(),
    history: await db.history.toArray(),
    override: await db.override.toArray(),
  };
}

async function seeded() {
  const list = await createList(db, { name: '政策术语' });
  const saved = await saveEntry(db, entry(list.id, '新质生产力', '旧释义'), { author, expectedUpdatedAt: null });
  if (saved.kind !== 'saved') throw new Error('seed failed');
  await saveEntry(db, { ...saved.entry, definition: '第二版释义' }, { author, expectedUpdatedAt: saved.entry.updatedAt });
  return { list, entry: (await db.entry.get(saved.entry.id))! };
}

describe('faults: IndexedDB is full', () => {
  it('an edit fails as "storage full", and the entry and its history stay as they were', async () => {
    const { entry: stored } = await seeded();
    const before = await snapshot();
    disk.full = true;
    const error = await saveEntry(db, { ...stored, definition: '新释义' }, { author, expectedUpdatedAt: stored.updatedAt }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(writeFailedText(error)).toBe('dbStorageFull');
    expect(await snapshot()).toEqual(before);
  });

  it('a bulk change that fails half-way writes none of its entries', async () => {
    const { list } = await seeded();
    const more = await Promise.all(['能源革命', '西部大开发'].map((t) => saveEntry(db, entry(list.id, t), { author, expectedUpdatedAt: null })));
    const ids = more.map((r) => (r.kind === 'saved' ? r.entry.id : ''));
    const before = await snapshot();
    disk.full = true;
    disk.room = 2; // the first entry and its version fit, the second entry does not
    await expect(trashEntries(db, ids, author)).rejects.toThrow();
    expect(await snapshot()).toEqual(before);
  });

  it('an import that does not fit writes nothing at all', async () => {
    await seeded();
    const before = await snapshot();
    const entries = Array.from({ length: 500 }, (_, i) => {
      const { id: _id, listId: _list, createdAt: _c, updatedAt: _u, ...content } = entry('', `术语${i}`);
      return content;
    });
    const plan = previewImport(await readExisting(db), { lists: [{ name: '导入', entries }] }, 'add-new', { kind: 'new-list', name: '导入' });
    expect(plan.operations.length).toBeGreaterThan(500);
    disk.full = true;
    disk.room = 1; // the new list fits, its entries do not
    const error = await applyImport(db, plan.operations).catch((e: unknown) => e);
    expect(writeFailedText(error)).toBe('dbStorageFull');
    expect(await snapshot()).toEqual(before);
  });

  it('when the disk has room again, the same save succeeds', async () => {
    const { entry: stored } = await seeded();
    disk.full = true;
    await expect(saveEntry(db, { ...stored, definition: '新释义' }, { author, expectedUpdatedAt: stored.updatedAt })).rejects.toThrow();
    disk.full = false;
    const result = await saveEntry(db, { ...stored, definition: '新释义' }, { author, expectedUpdatedAt: stored.updatedAt });
    expect(result.kind).toBe('saved');
    expect((await db.entry.get(stored.id))?.definition).toBe('新释义');
  });

  it('an error that is not about space is reported as a failed save with its message', () => {
    expect(writeFailedText(new Error('disk on fire'))).toBe('optWriteFailed');
  });
});

describe('faults: the database cannot be opened', () => {
  it('the page says so at the top, as an alert naming the failed upgrade', async () => {
    const name = `termlens-broken-${++names}`;
    const current = new GlossaryDb(name);
    await current.list.add({ id: 'l', name: 'x', color: 0, enabled: true, priority: 0, origin: 'local', createdAt: 1, updatedAt: 1 });
    current.close();
    class Broken extends GlossaryDb {
      constructor() {
        super(name);
        this.version(this.verno + 1)
          .stores({ entry: 'id, listId, term, *tags, updatedAt, deletedAt, lang' })
          .upgrade(() => {
            throw new Error('conversion failed');
          });
      }
    }
    document.body.innerHTML = '<div id="app"></div>';
    await showDbOpenProblem(new Broken());
    const banner = document.querySelector('[data-testid="db-open-problem"]');
    expect(banner?.getAttribute('role')).toBe('alert');
    expect(banner?.getAttribute('data-problem')).toBe('upgrade-failed');
    const again = new GlossaryDb(name);
    expect(await again.list.count()).toBe(1);
    again.close();
    await Dexie.delete(name);
  });
});
