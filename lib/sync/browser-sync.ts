/**
 * Browser sync (design: "Browser sync"; issue 6, point 4): the reader's own lists and
 * entries, the settings, and subscriptions as URLs travel through `storage.sync`.
 *
 * Every run reads the whole of storage.sync (100 KB at most) and the local records,
 * merges each record last-writer-wins (last-writer-wins.ts), takes the remote winners
 * into this browser, and — for a push — computes the complete new storage.sync state,
 * checks it against every quota, and only then writes it: one `remove` of the items
 * that are no longer needed and one `set` of the items that changed (two write
 * operations, whatever the number of records). When the new state would not fit,
 * nothing is written and the report says how much it would take.
 */
import { browser } from 'wxt/browser';
import type { GlossaryDb } from '../glossary/db';
import { isPristineStarterEntry } from '../glossary/seed';
import type { GlossaryList } from '../glossary/model';
import { settingsItem, type Settings } from '../settings';
import { sameData } from './canonical-json';
import { pickWinner } from './last-writer-wins';
import { itemsOfRecord, layoutRecords, readRecords } from './sync-layout';
import { fitsQuota, usageOf, type SyncUsage } from './sync-quota';
import {
  decodeEntry,
  decodeList,
  decodeSettings,
  encodeEntry,
  encodeList,
  encodeSettings,
  entryKey,
  isTombstone,
  listKey,
  recordKind,
  recordStamp,
  SETTINGS_KEY,
  type SyncValue,
} from './sync-records';
import type { ListShare, SyncReport } from './sync-status';
import { dropSubscriptionContents } from './subscriptions';

/** The part of `browser.storage.sync` that sync uses (tests pass a fake that enforces the quotas). */
export interface SyncArea {
  get(keys?: null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string[]): Promise<void>;
}

/** Where this browser keeps its settings (storage.local by default). */
export interface SettingsStore {
  get(): Promise<Settings>;
  set(settings: Settings): Promise<void>;
}

export interface SyncContext {
  area?: SyncArea;
  settings?: SettingsStore;
  now?: () => number;
}

/**
 * Tombstones older than this leave storage.sync, so that deletions do not fill the
 * quota for ever. A browser that stays offline longer can bring a deleted record back.
 */
export const TOMBSTONE_DAYS = 90;
const DAY_MS = 86_400_000;

function areaOf(ctx: SyncContext): SyncArea {
  return ctx.area ?? (browser.storage.sync as unknown as SyncArea);
}

function settingsOf(ctx: SyncContext): SettingsStore {
  return ctx.settings ?? { get: () => settingsItem.getValue(), set: (s) => settingsItem.setValue(s) };
}

interface LocalState {
  records: Map<string, SyncValue>;
  lists: GlossaryList[];
}

/** The local records that sync carries: every list, entries of lists that are not subscriptions (but untouched starter entries), the settings. */
async function readLocal(db: GlossaryDb, settings: SettingsStore): Promise<LocalState> {
  const [lists, entries] = await db.transaction('r', db.list, db.entry, () => Promise.all([db.list.toArray(), db.entry.toArray()]));
  const subscribed = new Set(lists.filter((l) => l.origin === 'subscription').map((l) => l.id));
  const records = new Map<string, SyncValue>();
  records.set(SETTINGS_KEY, encodeSettings(await settings.get()));
  for (const list of lists) records.set(listKey(list.id), encodeList(list));
  for (const entry of entries) {
    // Untouched starter entries are the same in every browser: carrying them would take
    // over half of storage.sync's 100 KB for nothing.
    if (subscribed.has(entry.listId) || isPristineStarterEntry(entry)) continue;
    records.set(entryKey(entry.id), encodeEntry(entry));
  }
  return { records, lists };
}

interface Merge {
  /** The new storage.sync records (incomplete remote records left out). */
  merged: Map<string, SyncValue>;
  /** Remote versions that win over this browser's. */
  toLocal: [string, SyncValue][];
}

function merge(local: Map<string, SyncValue>, remote: Map<string, SyncValue>, incomplete: Set<string>, now: number): Merge {
  const merged = new Map<string, SyncValue>();
  const toLocal: [string, SyncValue][] = [];
  const oldest = now - TOMBSTONE_DAYS * DAY_MS;
  for (const key of new Set([...local.keys(), ...remote.keys()])) {
    if (incomplete.has(key)) continue;
    const l = local.get(key);
    const r = remote.get(key);
    const winner = pickWinner(l, r);
    const value = (winner === 'b' ? r : l)!;
    if (winner === 'b') toLocal.push([key, r!]);
    if (isTombstone(value) && recordStamp(value) < oldest) continue;
    merged.set(key, value);
  }
  return { merged, toLocal };
}

/**
 * Takes remote winners into this browser: lists and entries in one transaction, then
 * the settings. Inside the transaction each record is compared again with what this
 * browser holds now, so a local edit made while sync ran is never overwritten by an
 * older remote version. Returns how many records changed here.
 */
async function applyRemote(db: GlossaryDb, settings: SettingsStore, incoming: readonly [string, SyncValue][]): Promise<number> {
  let applied = 0;
  const records = incoming.filter(([key]) => recordKind(key) !== 'settings');
  if (records.length > 0) {
    applied += await db.transaction('rw', [db.list, db.entry, db.override], async () => {
      let n = 0;
      for (const [key, value] of records) {
        if (recordKind(key) === 'list' ? await applyList(db, value) : await applyEntry(db, value)) n++;
      }
      return n;
    });
  }
  const remoteSettings = incoming.find(([key]) => key === SETTINGS_KEY)?.[1];
  if (remoteSettings) {
    const decoded = decodeSettings(remoteSettings);
    const current = await settings.get();
    if (decoded && pickWinner(encodeSettings(current), remoteSettings) === 'b') {
      await settings.set(decoded);
      applied++;
    }
  }
  return applied;
}

async function applyList(db: GlossaryDb, value: SyncValue): Promise<boolean> {
  const decoded = decodeList(value);
  if (!decoded) return false;
  const id = decoded.tombstone ? decoded.id : decoded.list.id;
  const local = await db.list.get(id);
  if (local && pickWinner(encodeList(local), value) !== 'b') return false;
  if (decoded.tombstone) {
    // Nothing to delete here; a tombstone alone cannot make a list.
    if (!local) return false;
    if (local.origin === 'subscription') await dropSubscriptionContents(db, id);
    await db.list.put({ ...local, updatedAt: decoded.updatedAt, deletedAt: decoded.deletedAt });
    return true;
  }
  const list: GlossaryList = { ...decoded.list };
  if (decoded.url !== undefined) {
    const same = local?.origin === 'subscription' && local.subscription?.url === decoded.url;
    // Keep this browser's copy and fetch state when the URL is the one it has;
    // a new URL starts afresh (due at once, so the next check fetches it).
    if (same && local?.subscription) list.subscription = local.subscription;
    else {
      if (local) await dropSubscriptionContents(db, id);
      list.subscription = { url: decoded.url };
    }
  } else if (local?.origin === 'subscription') {
    await dropSubscriptionContents(db, id);
  }
  await db.list.put(list);
  return true;
}

async function applyEntry(db: GlossaryDb, value: SyncValue): Promise<boolean> {
  const decoded = decodeEntry(value);
  if (!decoded) return false;
  const id = decoded.tombstone ? decoded.id : decoded.entry.id;
  const local = await db.entry.get(id);
  if (local && pickWinner(encodeEntry(local), value) !== 'b') return false;
  const listId = decoded.tombstone ? decoded.listId : decoded.entry.listId;
  // Entries of subscribed lists come from their URL, never from sync.
  if ((await db.list.get(listId))?.origin === 'subscription') return false;
  if (decoded.tombstone) {
    if (!local) return false;
    await db.entry.put({ ...local, listId, updatedAt: decoded.updatedAt, deletedAt: decoded.deletedAt });
    return true;
  }
  await db.entry.put(decoded.entry);
  return true;
}

/** How many records of the pull this browser took, and whether it holds newer ones to push. */
export interface PullResult {
  pulled: number;
  localNewer: boolean;
}

/**
 * Takes every remote record that is newer than this browser's into it (the
 * `storage.onChanged` 'sync' listener calls this). Writes nothing to storage.sync.
 */
export async function pullRemoteChanges(db: GlossaryDb, ctx: SyncContext = {}): Promise<PullResult> {
  const now = (ctx.now ?? Date.now)();
  const settings = settingsOf(ctx);
  const items = await areaOf(ctx).get(null);
  const { records: remote, incomplete } = readRecords(items);
  const local = await readLocal(db, settings);
  const { merged, toLocal } = merge(local.records, remote, incomplete, now);
  const pulled = await applyRemote(db, settings, toLocal);
  const localNewer = [...merged].some(([key, value]) => !sameData(remote.get(key), value));
  return { pulled, localNewer };
}

/**
 * A full sync: pulls what is newer remotely, then writes what is newer here, all or
 * nothing (see the file comment). Never throws for a full quota: the report says so.
 * Throws only when storage.sync or the database fails.
 */
export async function pushLocalChanges(db: GlossaryDb, ctx: SyncContext = {}): Promise<SyncReport> {
  const at = (ctx.now ?? Date.now)();
  const area = areaOf(ctx);
  const settings = settingsOf(ctx);
  const items = await area.get(null);
  const { records: remote, incomplete } = readRecords(items);
  const local = await readLocal(db, settings);
  const { merged, toLocal } = merge(local.records, remote, incomplete, at);
  const pulled = await applyRemote(db, settings, toLocal);

  const next = layoutRecords(merged);
  // A record still arriving from another browser keeps its items as they are.
  for (const key of incomplete) Object.assign(next, itemsOfRecord(items, key));
  const needed = usageOf(next);
  const usage = usageOf(items);
  if (!fitsQuota(needed)) {
    return { ok: false, at, reason: 'quota', usage, needed, largestLists: listShares(merged, local.lists), pulled };
  }
  const toSet: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(next)) if (!sameData(items[key], value)) toSet[key] = value;
  const toRemove = Object.keys(items).filter((key) => !(key in next));
  // Removing first is safe: only items the new state does not hold are removed, and it
  // keeps the store under its total quota while the set lands.
  if (toRemove.length > 0) await area.remove(toRemove);
  if (Object.keys(toSet).length > 0) await area.set(toSet);
  return { ok: true, at, usage: needed, written: Object.keys(toSet).length, removed: toRemove.length, pulled };
}

/** The reader's own lists by their share of the sync data, largest first. */
function listShares(merged: Map<string, SyncValue>, lists: readonly GlossaryList[]): ListShare[] {
  const shares = new Map<string, ListShare>();
  for (const list of lists) {
    if (list.origin !== 'local' || list.deletedAt !== undefined) continue;
    shares.set(list.id, { listId: list.id, name: list.name, bytes: 0, entries: 0 });
  }
  for (const [key, value] of merged) {
    const share = recordKind(key) === 'entry' && typeof value.listId === 'string' ? shares.get(value.listId) : undefined;
    if (!share) continue;
    share.bytes += usageOf(layoutRecords(new Map([[key, value]]))).bytes;
    if (!isTombstone(value)) share.entries++;
  }
  return [...shares.values()].sort((a, b) => b.bytes - a.bytes);
}

/** What storage.sync holds now, beside its quotas. */
export async function syncUsage(ctx: SyncContext = {}): Promise<SyncUsage> {
  return usageOf(await areaOf(ctx).get(null));
}
