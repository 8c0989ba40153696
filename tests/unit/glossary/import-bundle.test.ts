import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GlossaryDb } from '@/lib/glossary/db';
import { applyImport, previewImport, readExisting, ReadOnlyListError, StaleImportError, type ImportTarget } from '@/lib/glossary/import-bundle';
import { entryHistory, saveEntry } from '@/lib/glossary/entry-store';
import { newEntryDraft } from '@/lib/glossary/entry-draft';
import { createList } from '@/lib/glossary/list-store';
import { HISTORY_LIMIT, type ChangeAuthor } from '@/lib/glossary/history';
import type { GlossaryEntry } from '@/lib/glossary/model';
import type { ExchangeBundle, ExchangeEntry, ImportMode } from '@/lib/exchange';

const T0 = Date.UTC(2024, 3, 24);
const NOW = T0 + 60_000;
const importer: ChangeAuthor = { context: 'import', device: 'Chrome · Linux' };
const editor: ChangeAuthor = { context: 'options', device: 'Chrome · Linux' };

let db: GlossaryDb;
let listId: string;
let n = 0;
beforeEach(async () => {
  db = new GlossaryDb(`termlens-import-${++n}`);
  listId = (await createList(db, { name: '政策术语' }, T0)).id;
});
afterEach(async () => {
  db.close();
  await Dexie.delete(db.name);
});

async function saved(term: string, definition = `${term}的定义`): Promise<GlossaryEntry> {
  const draft = { ...newEntryDraft(listId, { term }, T0), definition };
  const result = await saveEntry(db, draft, { author: editor, expectedUpdatedAt: null, now: T0 });
  if (result.kind !== 'saved') throw new Error('not saved');
  return result.entry;
}

const fileEntry = (term: string, over: Partial<ExchangeEntry> = {}): ExchangeEntry => ({
  term,
  variants: [],
  lang: 'zh-Hans',
  translations: { en: [] },
  definition: `${term}的定义`,
  note: '',
  tags: [],
  match: { caseSensitive: false, wholeWord: true, exclusions: [] },
  ...over,
});
const bundle = (...entries: ExchangeEntry[]): ExchangeBundle => ({ lists: [{ name: '政策术语', entries }] });

/** Everything stored, sorted, for before/after comparisons. */
async function snapshot() {
  const byId = <T extends { id: string }>(rows: T[]) => rows.sort((a, b) => a.id.localeCompare(b.id));
  return {
    lists: byId(await db.list.toArray()),
    entries: byId(await db.entry.toArray()),
    history: byId(await db.history.toArray()),
  };
}

async function preview(b: ExchangeBundle, mode: ImportMode, target: ImportTarget = { kind: 'existing', listId }) {
  return previewImport(await readExisting(db), b, mode, target, { now: NOW });
}

describe('applying an import', () => {
  it('writes new, changed and restored entries and counts them', async () => {
    await saved('新质生产力');
    await saved('西部大开发');
    const p = await preview(bundle(fileEntry('新质生产力', { definition: '改过的定义' }), fileEntry('西部大开发'), fileEntry('能源革命')), 'merge');
    expect([p.newCount, p.changedCount, p.unchangedCount, p.deletedCount]).toEqual([1, 1, 1, 0]);

    const counts = await applyImport(db, p.operations, importer);
    expect(counts).toEqual({ listsAdded: 0, listsUpdated: 0, entriesAdded: 1, entriesUpdated: 1, entriesDeleted: 0 });
    const entries = await db.entry.toArray();
    expect(entries.map((e) => e.term).sort()).toEqual(['能源革命', '西部大开发', '新质生产力'].sort());
    expect(entries.find((e) => e.term === '新质生产力')?.definition).toBe('改过的定义');
    expect(entries.every((e) => e.listId === listId)).toBe(true);
  });

  it('replace moves the entries the file lacks to the trash as tombstones', async () => {
    const kept = await saved('新质生产力');
    const gone = await saved('旧提法');
    const p = await preview(bundle(fileEntry('新质生产力')), 'replace');
    expect(p.deletedCount).toBe(1);

    const counts = await applyImport(db, p.operations, importer);
    expect(counts.entriesDeleted).toBe(1);
    const tomb = await db.entry.get(gone.id);
    expect(tomb?.deletedAt).toBe(NOW);
    expect(tomb?.term).toBe('旧提法');
    expect((await db.entry.get(kept.id))?.deletedAt).toBeUndefined();
  });

  it('creates the new list and puts every entry in it', async () => {
    const p = await preview(bundle(fileEntry('低空经济'), fileEntry('银发经济')), 'merge', { kind: 'new-list', name: '新词' });
    expect(p.newListCount).toBe(1);
    const counts = await applyImport(db, p.operations, importer);
    expect(counts).toMatchObject({ listsAdded: 1, entriesAdded: 2 });
    const created = (await db.list.toArray()).find((l) => l.name === '新词');
    expect(created).toMatchObject({ origin: 'local', enabled: true, color: 1 });
    expect((await db.entry.where('listId').equals(created!.id).toArray()).map((e) => e.term).sort()).toEqual(['低空经济', '银发经济'].sort());
  });

  it('records a baseline and an import version for a changed entry, and none for a new one', async () => {
    const entry = await saved('新质生产力');
    await db.history.where('entryId').equals(entry.id).delete(); // as if saved before history existed
    const p = await preview(bundle(fileEntry('新质生产力', { definition: '改过的定义' }), fileEntry('能源革命')), 'merge');
    await applyImport(db, p.operations, importer);

    const versions = await entryHistory(db, entry.id);
    expect(versions.map((v) => v.action)).toEqual(['edit', 'baseline']);
    expect(versions[0]).toMatchObject({ by: importer, changed: ['definition'] });
    expect(versions[0]!.entry.definition).toBe('改过的定义');
    expect(versions[1]!.entry.definition).toBe('新质生产力的定义');
    const added = (await db.entry.toArray()).find((e) => e.term === '能源革命')!;
    expect(await entryHistory(db, added.id)).toEqual([]);
  });

  it('records trash and restore versions, and keeps only the last HISTORY_LIMIT versions', async () => {
    const entry = await saved('新质生产力');
    for (let i = 0; i < HISTORY_LIMIT + 3; i++) {
      await saveEntry(db, { ...(await db.entry.get(entry.id))!, definition: `v${i}` }, { author: editor, now: T0 + i + 1 });
    }
    const p = await preview(bundle(fileEntry('别的')), 'replace');
    await applyImport(db, p.operations, importer);
    const versions = await entryHistory(db, entry.id);
    expect(versions).toHaveLength(HISTORY_LIMIT);
    expect(versions[0]).toMatchObject({ action: 'trash', by: importer });

    const back = previewImport(await readExisting(db), { lists: [{ name: '政策术语', entries: [{ ...fileEntry('新质生产力'), id: entry.id }] }] }, 'merge', {
      kind: 'existing',
      listId,
    }, { now: NOW + 1 });
    await applyImport(db, back.operations, importer);
    expect((await entryHistory(db, entry.id))[0]).toMatchObject({ action: 'restore' });
    expect((await db.entry.get(entry.id))?.deletedAt).toBeUndefined();
  });

  it('makes a changed entry newer than the stored one even when the clock is behind it', async () => {
    const entry = await saved('新质生产力');
    const p = previewImport(await readExisting(db), bundle(fileEntry('新质生产力', { definition: 'x' })), 'merge', { kind: 'existing', listId }, { now: T0 - 5000 });
    await applyImport(db, p.operations, importer);
    expect((await db.entry.get(entry.id))!.updatedAt).toBeGreaterThan(entry.updatedAt);
  });
});

describe('an import is all or nothing', () => {
  it('writes nothing when an entry fails half-way through (a throwing hook)', async () => {
    await saved('新质生产力');
    const old = await saved('旧提法');
    const p = await preview(bundle(fileEntry('新质生产力', { definition: '改' }), fileEntry('能源革命'), fileEntry('坏词条'), fileEntry('银发经济')), 'replace', {
      kind: 'new-list',
      name: '不该出现',
    });
    const before = await snapshot();
    db.entry.hook('creating', (_key, entry) => {
      if (entry.term === '坏词条') throw new Error('injected failure');
    });
    await expect(applyImport(db, p.operations, importer)).rejects.toThrow('injected failure');
    expect(await snapshot()).toEqual(before);
    expect((await db.entry.get(old.id))?.deletedAt).toBeUndefined();
  });

  it('writes nothing when recording history fails after the entries were written', async () => {
    await saved('新质生产力');
    await saved('旧提法');
    const p = await preview(bundle(fileEntry('新质生产力', { definition: '改' }), fileEntry('能源革命')), 'replace');
    const before = await snapshot();
    db.history.hook('creating', () => {
      throw new Error('history is full');
    });
    await expect(applyImport(db, p.operations, importer)).rejects.toThrow('history is full');
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a plan made before the entry was edited elsewhere, and writes nothing', async () => {
    const entry = await saved('新质生产力');
    const p = await preview(bundle(fileEntry('新质生产力', { definition: '文件里的' }), fileEntry('能源革命')), 'merge');
    await saveEntry(db, { ...entry, definition: '刚在弹出窗口改的' }, { author: editor, now: T0 + 10 });
    const before = await snapshot();
    await expect(applyImport(db, p.operations, importer)).rejects.toBeInstanceOf(StaleImportError);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses a plan whose new entry id was taken meanwhile', async () => {
    const p = await preview(bundle(fileEntry('能源革命')), 'merge');
    const op = p.operations.find((o) => o.kind === 'add-entry');
    if (op?.kind !== 'add-entry') throw new Error('expected an add');
    await db.entry.add({ ...op.entry, term: '别处加的' });
    await expect(applyImport(db, p.operations, importer)).rejects.toBeInstanceOf(StaleImportError);
    expect(await db.entry.count()).toBe(1);
  });

  it('refuses to write into a subscribed list, and the preview names it', async () => {
    await db.list.update(listId, { origin: 'subscription', subscription: { url: 'https://example.org/list.json' } });
    const p = await preview(bundle(fileEntry('能源革命')), 'merge', { kind: 'as-in-file' });
    expect(p.readOnlyLists).toEqual(['政策术语']);
    await expect(applyImport(db, p.operations, importer)).rejects.toBeInstanceOf(ReadOnlyListError);
    expect(await db.entry.count()).toBe(0);
  });
});
