import 'fake-indexeddb/auto';
import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GlossaryDb } from '@/lib/glossary/db';
import {
  AUTO_BACKUP_STATE_KEY,
  AUTO_BACKUPS_KEPT,
  BACKUP_ALARM,
  BackupError,
  createBackup,
  handleBackupAlarm,
  isAutoBackupDue,
  parseBackup,
  readAutoBackup,
  readAutoBackupState,
  restoreBackup,
  runAutoBackup,
  setAutoBackupEnabled,
  type LocalArea,
} from '@/lib/glossary/backup';
import { saveEntry, trashEntries } from '@/lib/glossary/entry-store';
import { newEntryDraft } from '@/lib/glossary/entry-draft';
import { createList, deleteList } from '@/lib/glossary/list-store';
import type { ChangeAuthor } from '@/lib/glossary/history';
import type { EntryOverride } from '@/lib/sync/entry-override';

const T0 = Date.UTC(2024, 3, 24);
const DAY = 86_400_000;
const editor: ChangeAuthor = { context: 'options', device: 'Chrome · Linux' };

/** storage.local as a Map, with an optional quota in bytes of JSON. */
class FakeLocal implements LocalArea {
  readonly items = new Map<string, unknown>();
  constructor(private readonly quota = Infinity) {}
  async get(keys?: string | string[] | null) {
    const wanted = keys == null ? [...this.items.keys()] : typeof keys === 'string' ? [keys] : keys;
    return Object.fromEntries(wanted.filter((k) => this.items.has(k)).map((k) => [k, structuredClone(this.items.get(k))]));
  }
  async set(items: Record<string, unknown>) {
    const next = new Map(this.items);
    for (const [k, v] of Object.entries(items)) next.set(k, structuredClone(v));
    const size = [...next].reduce((n, [k, v]) => n + k.length + JSON.stringify(v).length, 0);
    if (size > this.quota) throw new Error('QUOTA_BYTES quota exceeded');
    for (const [k, v] of next) this.items.set(k, v);
  }
  async remove(keys: string | string[]) {
    for (const k of typeof keys === 'string' ? [keys] : keys) this.items.delete(k);
  }
}

let db: GlossaryDb;
let local: FakeLocal;
let n = 0;
beforeEach(async () => {
  db = new GlossaryDb(`termlens-backup-${++n}`);
  local = new FakeLocal();
  await fill(db, local);
});
afterEach(async () => {
  db.close();
  await Dexie.delete(db.name);
});

/** A glossary with something in every table: lists (one deleted), entries (one trashed), history, an override; and settings. */
async function fill(target: GlossaryDb, area: FakeLocal) {
  const list = await createList(target, { name: '政策术语' }, T0);
  const other = await createList(target, { name: '旧表' }, T0);
  await deleteList(target, other.id, T0 + 1);
  const ids: string[] = [];
  for (const term of ['新质生产力', '西部大开发', '能源革命']) {
    const r = await saveEntry(target, { ...newEntryDraft(list.id, { term }, T0), note: `${term} 私人笔记` }, { author: editor, now: T0 });
    if (r.kind === 'saved') ids.push(r.entry.id);
  }
  await trashEntries(target, [ids[2]!], editor, T0 + 5);
  const override: EntryOverride = {
    entryId: ids[0]!,
    listId: list.id,
    changed: ['definition'],
    mine: { definition: '我的' },
    upstream: { definition: '上游的' },
    upstreamRevision: 'abc',
    review: [],
    updatedAt: T0,
  };
  await target.override.put(override);
  await area.set({ settings: { enabled: false, siteMode: 'only-listed', excludedSites: [], includedSites: ['news.cn'], updatedAt: T0 }, 'sync-status': { enabled: false } });
}

async function everything(target: GlossaryDb) {
  const sort = <T>(rows: T[], key: (r: T) => string) => rows.sort((a, b) => key(a).localeCompare(key(b)));
  return {
    list: sort(await target.list.toArray(), (r) => r.id),
    entry: sort(await target.entry.toArray(), (r) => r.id),
    history: sort(await target.history.toArray(), (r) => r.id),
    override: sort(await target.override.toArray(), (r) => r.entryId),
  };
}

/** `state`'s lists and entries as a restore at `at` writes them: updatedAt raised to `at`. */
function restampedAt(state: Awaited<ReturnType<typeof everything>>, at: number) {
  return {
    list: state.list.map((l) => ({ ...l, updatedAt: Math.max(l.updatedAt, at) })),
    entry: state.entry.map((e) => ({ ...e, updatedAt: Math.max(e.updatedAt, at) })),
    override: state.override.map((o) => ({ ...o, updatedAt: Math.max(o.updatedAt, at) })),
  };
}

describe('backup and restore', () => {
  it('restores every table and the settings exactly, through the file text', async () => {
    const before = await everything(db);
    const text = JSON.stringify(await createBackup(db, local, T0 + DAY));
    expect(before.history.length).toBeGreaterThan(0);

    // Restore into another browser's empty profile.
    const fresh = new GlossaryDb(`termlens-backup-fresh-${n}`);
    const freshLocal = new FakeLocal();
    try {
      const RESTORED_AT = T0 + 3 * DAY;
      await restoreBackup(fresh, parseBackup(text), freshLocal, RESTORED_AT);
      // The same records, each written at the restore (so that browser sync carries it as new).
      expect(await everything(fresh)).toEqual({ ...before, ...restampedAt(before, RESTORED_AT) });
      expect(freshLocal.items.get('settings')).toMatchObject({ enabled: false, includedSites: ['news.cn'] });
      expect(freshLocal.items.get('sync-status')).toEqual({ enabled: false });
    } finally {
      fresh.close();
      await Dexie.delete(fresh.name);
    }
  });

  it('replaces what is there: records made after the backup leave as tombstones, in the trash, that sync carries', async () => {
    const backup = await createBackup(db, local, T0 + DAY);
    const before = await everything(db);
    const extra = await createList(db, { name: '后来加的' }, T0 + 2 * DAY);
    const later = await saveEntry(db, newEntryDraft(extra.id, { term: '低空经济' }, T0 + 2 * DAY), { author: editor, now: T0 + 2 * DAY });
    const RESTORED_AT = T0 + 3 * DAY;
    await restoreBackup(db, backup, local, RESTORED_AT);
    const after = await everything(db);
    const stamped = restampedAt(before, RESTORED_AT);
    // What the reader sees is the backup's glossary.
    expect(after.list.filter((l) => l.deletedAt === undefined)).toEqual(stamped.list.filter((l) => l.deletedAt === undefined));
    expect(after.entry.filter((e) => e.deletedAt === undefined)).toEqual(stamped.entry.filter((e) => e.deletedAt === undefined));
    expect(after.override).toEqual(stamped.override);
    // What was made since is deleted now, not erased: sync pushes the deletion, and the entry can come back from the trash.
    expect(after.list.find((l) => l.id === extra.id)).toMatchObject({ name: '后来加的', deletedAt: RESTORED_AT, updatedAt: RESTORED_AT });
    expect(later.kind).toBe('saved');
    const laterId = later.kind === 'saved' ? later.entry.id : '';
    expect(after.entry.find((e) => e.id === laterId)).toMatchObject({ term: '低空经济', deletedAt: RESTORED_AT, updatedAt: RESTORED_AT });
    // The history keeps the later entry's versions, and every version the backup had.
    expect(after.history.filter((h) => h.entryId === laterId).length).toBeGreaterThan(0);
    expect(after.history.filter((h) => before.history.some((b) => b.id === h.id))).toEqual(before.history);
  });

  it('writes every restored record at the restore time, never earlier, so that sync does not take the newer copies back', async () => {
    const backup = await createBackup(db, local, T0 + DAY);
    const [first] = await db.entry.toArray();
    // An edit after the backup, which browser sync has already pushed.
    await db.entry.put({ ...first!, definition: '备份之后改的', updatedAt: T0 + 2 * DAY });
    await restoreBackup(db, backup, local, T0 + 3 * DAY);
    const restored = await db.entry.get(first!.id);
    expect(restored?.definition).toBe(first!.definition);
    expect(restored?.updatedAt).toBe(T0 + 3 * DAY);
    expect(restored!.updatedAt).toBeGreaterThan(T0 + 2 * DAY);
  });

  it('does not back up or restore the automatic backups themselves', async () => {
    await runAutoBackup(db, local, T0);
    const backup = await createBackup(db, local, T0 + 1);
    expect(Object.keys(backup.storage).sort()).toEqual(['settings', 'sync-status']);
  });

  it('rejects a damaged backup, naming each bad record, and changes nothing', async () => {
    const backup = await createBackup(db, local, T0 + DAY);
    const before = await everything(db);
    const damaged = structuredClone(backup) as unknown as { tables: { entry: Record<string, unknown>[]; list: unknown[] } };
    damaged.tables.entry[1]!.term = 42;
    delete damaged.tables.entry[2]!.match;
    damaged.tables.list = []; // every entry now points at a missing list
    const error = (() => {
      try {
        parseBackup(JSON.stringify(damaged));
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(BackupError);
    const paths = (error as BackupError).problems.map((p) => p.path);
    expect(paths).toContain('tables.entry[1].term');
    expect(paths).toContain('tables.entry[2].match');
    await expect(restoreBackup(db, damaged, local)).rejects.toBeInstanceOf(BackupError);
    expect(await everything(db)).toEqual(before);
    expect(local.items.get('settings')).toMatchObject({ enabled: false });
  });

  it('rejects text that is not JSON, a file that is not a backup, and one from a newer TermLens', async () => {
    expect(() => parseBackup('{"format": "termlens-backup",')).toThrow(BackupError);
    expect(() => parseBackup('{"format": "termlens", "version": 1, "lists": []}')).toThrow(/not a TermLens backup/);
    const newer = { ...(await createBackup(db, local)), version: 99 };
    expect(() => parseBackup(JSON.stringify(newer))).toThrow(/newer TermLens/);
  });

  it('rejects a backup that names one entry id twice', async () => {
    const backup = await createBackup(db, local);
    backup.tables.entry.push(backup.tables.entry[0]!);
    expect(() => parseBackup(JSON.stringify(backup))).toThrow(/used twice/);
  });

  it('leaves the database as it was when a write fails half-way through the restore', async () => {
    const backup = await createBackup(db, local, T0 + DAY);
    await saveEntry(db, newEntryDraft(backup.tables.list[0]!.id, { term: '低空经济' }, T0 + 2 * DAY), { author: editor });
    const before = await everything(db);
    // The overrides are written last: everything else is written by then.
    db.override.hook('creating', () => {
      throw new Error('disk full');
    });
    await expect(restoreBackup(db, backup, local)).rejects.toThrow('disk full');
    expect(await everything(db)).toEqual(before);
  });
});

describe('the weekly automatic backup', () => {
  it('is due when there is none, and again a week after the last', () => {
    expect(isAutoBackupDue({ enabled: true, backups: [] }, T0)).toBe(true);
    const one = { key: 'backup-auto-1', at: T0, bytes: 1, lists: 1, entries: 1 };
    expect(isAutoBackupDue({ enabled: true, backups: [one] }, T0 + 6 * DAY)).toBe(false);
    expect(isAutoBackupDue({ enabled: true, backups: [one] }, T0 + 7 * DAY)).toBe(true);
    expect(isAutoBackupDue({ enabled: false, backups: [] }, T0)).toBe(false);
  });

  it('keeps the last three, newest first, with their sizes', async () => {
    for (let week = 0; week < 5; week++) await runAutoBackup(db, local, T0 + week * 7 * DAY);
    const state = await readAutoBackupState(local);
    expect(state.backups.map((b) => b.at)).toEqual([T0 + 28 * DAY, T0 + 21 * DAY, T0 + 14 * DAY]);
    expect(state.backups).toHaveLength(AUTO_BACKUPS_KEPT);
    expect([...local.items.keys()].filter((k) => k.startsWith('backup-auto-'))).toHaveLength(AUTO_BACKUPS_KEPT);
    const newest = state.backups[0]!;
    expect(newest.bytes).toBe(new TextEncoder().encode(JSON.stringify(local.items.get(newest.key))).length);
    expect(newest).toMatchObject({ lists: 1, entries: 2 });
    const restored = await readAutoBackup(newest.key, local);
    expect(restored.tables.entry).toHaveLength(3);
  });

  it('runs from the alarm only when due and only when on', async () => {
    expect(await handleBackupAlarm({ name: 'termlens-subscriptions' }, db, local, T0)).toBeNull();
    expect((await handleBackupAlarm({ name: BACKUP_ALARM }, db, local, T0))?.backups).toHaveLength(1);
    expect((await handleBackupAlarm({ name: BACKUP_ALARM }, db, local, T0 + DAY))?.backups).toHaveLength(1);
    await setAutoBackupEnabled(false, local);
    expect((await handleBackupAlarm({ name: BACKUP_ALARM }, db, local, T0 + 30 * DAY))?.backups).toHaveLength(1);
    await setAutoBackupEnabled(true, local);
    expect((await handleBackupAlarm({ name: BACKUP_ALARM }, db, local, T0 + 30 * DAY))?.backups).toHaveLength(2);
  });

  it('keeps the older copies and records the error when storage.local is full', async () => {
    const small = new FakeLocal(20_000);
    await small.set({ settings: { enabled: true } });
    await runAutoBackup(db, small, T0);
    for (let i = 0; i < 40; i++) {
      const list = (await db.list.toArray())[0]!;
      await saveEntry(db, { ...newEntryDraft(list.id, { term: `术语${i}` }, T0), definition: '很长的定义'.repeat(40) }, { author: editor });
    }
    const state = await runAutoBackup(db, small, T0 + 7 * DAY);
    expect(state.lastError).toMatch(/quota/);
    expect(state.backups.map((b) => b.at)).toEqual([T0]);
    expect(small.items.has(state.backups[0]!.key)).toBe(true);
    expect((await readAutoBackupState(small)).lastError).toMatch(/quota/);
    expect(small.items.get(AUTO_BACKUP_STATE_KEY)).toMatchObject({ lastAttemptAt: T0 + 7 * DAY });
  });
});
