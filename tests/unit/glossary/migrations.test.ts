import 'fake-indexeddb/auto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { GlossaryDb, dbProblemOf, glossaryGeneration, openGlossaryDb } from '@/lib/glossary/db';
import type { EntryOverride } from '@/lib/sync/entry-override';
import type { EntryVersion } from '@/lib/glossary/history';
import type { GlossaryEntry, GlossaryList } from '@/lib/glossary/model';
import { deletedAfterEach } from '../helpers/scratch-databases';

const FIXTURES = join(__dirname, '../../fixtures/db');

/** The schema of each shipped version, as lib/glossary/db.ts declared it (v1's fixture predates `stores`). */
const V1_STORES = { list: 'id, priority, updatedAt', entry: 'id, listId, term, *tags, updatedAt' };

interface Fixture {
  version: number;
  stores: Record<string, Record<string, string>>;
  lists: GlossaryList[];
  entries: GlossaryEntry[];
  history: EntryVersion[];
  overrides: EntryOverride[];
}

function fixture(version: number): Fixture {
  const raw = JSON.parse(readFileSync(join(FIXTURES, `v${version}-glossary.json`), 'utf8')) as Partial<Fixture>;
  return {
    version,
    stores: raw.stores ?? { 1: V1_STORES },
    lists: raw.lists ?? [],
    entries: raw.entries ?? [],
    history: raw.history ?? [],
    overrides: raw.overrides ?? [],
  };
}

/** The current schema version, read from a fresh database. */
async function currentVersion(): Promise<number> {
  const db = new GlossaryDb(`termlens-current-${Math.random()}`);
  await db.open();
  const version = db.verno;
  db.close();
  await Dexie.delete(db.name);
  return version;
}

let names = 0;
const opened = deletedAfterEach();

/** A database written by schema version `f.version`, holding the fixture's rows; returns its name. */
async function writtenBy(f: Fixture): Promise<string> {
  const name = `termlens-migration-${++names}`;
  const old = new Dexie(name);
  for (const [version, stores] of Object.entries(f.stores)) old.version(Number(version)).stores(stores);
  await old.table('list').bulkAdd(f.lists);
  await old.table('entry').bulkAdd(f.entries);
  if (f.history.length) await old.table('history').bulkAdd(f.history);
  if (f.overrides.length) await old.table('override').bulkAdd(f.overrides);
  expect(old.verno).toBe(f.version);
  old.close();
  return name;
}

const byId = <T extends { id: string }>(rows: readonly T[]) => [...rows].sort((a, b) => a.id.localeCompare(b.id));

describe('the database fixtures', () => {
  it('keep one fixture for every schema version before the current one', async () => {
    const current = await currentVersion();
    for (let v = 1; v < current; v++) expect(existsSync(join(FIXTURES, `v${v}-glossary.json`)), `tests/fixtures/db/v${v}-glossary.json`).toBe(true);
  });

  it('declare the schema their version shipped with (the v2 fixture names v1 and v2)', () => {
    expect(fixture(2).stores).toEqual({
      1: V1_STORES,
      2: { list: 'id, priority, updatedAt', entry: 'id, listId, term, *tags, updatedAt, deletedAt', history: 'id, entryId, [entryId+at]' },
    });
  });
});

for (const version of [1, 2, 3]) {
  describe(`upgrading a database written by schema version ${version} to the current schema`, () => {
    const f = fixture(version);

    it('finds every list, entry and history row, field for field', async () => {
      const db = new GlossaryDb(await writtenBy(f));
      opened.push(db);
      expect(await openGlossaryDb(db)).toEqual({ ok: true });
      expect(db.verno).toBe(await currentVersion());
      expect(byId(await db.list.toArray())).toEqual(byId(f.lists));
      expect(byId(await db.entry.toArray())).toEqual(byId(f.entries));
      expect(byId(await db.history.toArray())).toEqual(byId(f.history));
      expect(await db.override.toArray()).toEqual(f.overrides);
      // Version 4: a generation, so that a matcher compiled before a restart can be checked against it.
      expect(await glossaryGeneration(db)).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('answers the indexes every later version added (trash by deletedAt, history by entry and time)', async () => {
      const db = new GlossaryDb(await writtenBy(f));
      opened.push(db);
      const trashed = f.entries.filter((e) => e.deletedAt !== undefined).map((e) => e.id).sort();
      expect((await db.entry.where('deletedAt').above(0).primaryKeys()).sort()).toEqual(trashed);
      const versions = await db.history.where('[entryId+at]').between(['entry-xzscl', Dexie.minKey], ['entry-xzscl', Dexie.maxKey]).primaryKeys();
      expect(versions).toEqual(f.history.filter((h) => h.entryId === 'entry-xzscl').sort((a, b) => a.at - b.at).map((h) => h.id));
      expect(await db.entry.where('tags').equals('区域').primaryKeys()).toEqual(['entry-xbdkf']);
    });

    it('keeps working after the upgrade: an override of a subscribed entry can be stored', async () => {
      const db = new GlossaryDb(await writtenBy(f));
      opened.push(db);
      await db.override.put({
        entryId: 'entry-old',
        listId: 'list-old',
        changed: ['definition'],
        mine: { definition: 'mine' },
        upstream: { definition: 'theirs' },
        upstreamRevision: '0',
        review: [],
        updatedAt: 1,
      });
      expect(await db.override.where('listId').equals('list-old').primaryKeys()).toEqual(['entry-old']);
    });
  });
}

/** The current schema plus a next version whose upgrade throws half-way, after changing rows. */
class BrokenNextVersion extends GlossaryDb {
  constructor(name: string) {
    super(name);
    this.version(this.verno + 1)
      .stores({ entry: 'id, listId, term, *tags, updatedAt, deletedAt, lang' })
      .upgrade(async (tx) => {
        await tx.table('entry').toCollection().modify((e: GlossaryEntry) => (e.definition = 'HALF-CONVERTED'));
        await tx.table('list').clear();
        throw new Error('the conversion failed');
      });
  }
}

describe('a failed upgrade', () => {
  it('leaves the old data readable by the old version, unchanged, and says that the upgrade failed', async () => {
    const f = fixture(2);
    const name = await writtenBy(f);
    const current = new GlossaryDb(name);
    await current.open();
    current.close();

    const broken = new BrokenNextVersion(name);
    const result = await openGlossaryDb(broken);
    broken.close();
    expect(result).toMatchObject({ ok: false, problem: 'upgrade-failed' });

    const again = new GlossaryDb(name);
    opened.push(again);
    expect(await openGlossaryDb(again)).toEqual({ ok: true });
    expect(byId(await again.list.toArray())).toEqual(byId(f.lists));
    expect(byId(await again.entry.toArray())).toEqual(byId(f.entries));
    expect(byId(await again.history.toArray())).toEqual(byId(f.history));
  });

  it('names a full disk as such, also when Dexie wraps it in an AbortError', () => {
    const quota = Object.assign(new Error('full'), { name: 'QuotaExceededError' });
    expect(dbProblemOf(quota)).toBe('storage-full');
    expect(dbProblemOf(Object.assign(new Error('aborted'), { name: 'AbortError', inner: quota }))).toBe('storage-full');
    expect(dbProblemOf(new Error('other'))).toBe('unavailable');
  });

  it('does not call an ordinary open failure of an up-to-date database an upgrade failure', async () => {
    const name = `termlens-closed-${++names}`;
    const db = new GlossaryDb(name);
    opened.push(db);
    await db.open();
    db.close({ disableAutoOpen: true });
    const again = new GlossaryDb(name);
    opened.push(again);
    expect(await openGlossaryDb(again)).toEqual({ ok: true });
  });
});
