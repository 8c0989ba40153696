/**
 * Browser sync (design: "Browser sync"; issue 6, point 4): the reader's own lists and
 * entries, the settings, subscriptions as URLs, and the reader's edits of subscribed
 * entries (their overrides) travel through `storage.sync`.
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
import { readAllInPages } from '../glossary/paged-read';
import { settingsItem, type Settings } from '../settings';
import { sameData } from './canonical-json';
import { pickWinner } from './last-writer-wins';
import { itemsOfRecord, layoutRecords, readRecords, recordBytes } from './sync-layout';
import { fitsQuota, usageOf, usageOfInTurns, type SyncUsage } from './sync-quota';
import { timedTurns, type Turn } from './turns';
import {
  DAY_MS,
  decodeEntry,
  decodeList,
  decodeOverride,
  decodeSettings,
  encodeEntry,
  encodeList,
  encodeOverride,
  encodeSettings,
  entryKey,
  isTombstone,
  listKey,
  overrideKey,
  recordKind,
  recordStamp,
  SETTINGS_KEY,
  TOMBSTONE_DAYS,
  type SyncValue,
} from './sync-records';
import { clearedOverride, effectiveEntry, liveOverride, overrideTaken, upstreamBehind } from './entry-override';
import type { ListShare, SyncReport } from './sync-status';
import { dropSubscriptionContents } from './subscriptions';

/** How long tombstones stay in storage.sync (sync-records.ts). */
export { TOMBSTONE_DAYS };

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
  /** Turns of the event loop during the push's long loops (timedTurns unless given). */
  turn?: Turn;
}

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

/**
 * The local records that sync carries: every list, entries of lists that are not
 * subscriptions (but untouched starter entries), the overrides of live subscriptions'
 * entries, the settings.
 */
async function readLocal(db: GlossaryDb, settings: SettingsStore, turn: Turn): Promise<LocalState> {
  const [lists, entries, overrides] = await db.transaction('r', db.list, db.entry, db.override, () =>
    Promise.all([db.list.toArray(), readAllInPages(db.entry), db.override.toArray()]),
  );
  const subscribed = new Set(lists.filter((l) => l.origin === 'subscription').map((l) => l.id));
  const records = new Map<string, SyncValue>();
  records.set(SETTINGS_KEY, encodeSettings(await settings.get()));
  for (const list of lists) records.set(listKey(list.id), encodeList(list));
  for (const entry of entries) {
    // Untouched starter entries are the same in every browser: carrying them would take
    // over half of storage.sync's 100 KB for nothing.
    if (subscribed.has(entry.listId) || isPristineStarterEntry(entry)) continue;
    records.set(entryKey(entry.id), encodeEntry(entry));
    const pause = turn();
    if (pause) await pause;
  }
  const live = new Set(lists.filter((l) => l.origin === 'subscription' && l.deletedAt === undefined).map((l) => l.id));
  for (const override of overrides) {
    if (live.has(override.listId)) records.set(overrideKey(override.entryId), encodeOverride(override));
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
  // An override goes with its subscription: once the list is gone from sync, or is no longer a
  // subscription, its overrides leave storage.sync too (each browser dropped them with the list).
  for (const [key, value] of merged) {
    if (recordKind(key) !== 'override') continue;
    const listId = typeof value.listId === 'string' ? value.listId : '';
    // A list still arriving in parts decides nothing yet.
    if (incomplete.has(listKey(listId))) continue;
    const list = merged.get(listKey(listId));
    if (!list || isTombstone(list) || list.origin !== 'subscription') merged.delete(key);
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
  // Lists first: an entry or an override that arrives with its list needs the list.
  const order = { list: 0, entry: 1, override: 2, settings: 3 } as const;
  const records = incoming
    .filter(([key]) => recordKind(key) !== null && recordKind(key) !== 'settings')
    .sort(([a], [b]) => order[recordKind(a)!] - order[recordKind(b)!]);
  if (records.length > 0) {
    applied += await db.transaction('rw', [db.list, db.entry, db.override], async () => {
      let n = 0;
      for (const [key, value] of records) {
        const kind = recordKind(key);
        const done = kind === 'list' ? await applyList(db, value) : kind === 'entry' ? await applyEntry(db, value) : await applyOverride(db, key, value);
        if (done) n++;
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

/**
 * Takes the reader's edit of a subscribed entry made in another browser: the override is
 * stored as that browser wrote it (fields and values, and its time), against this browser's
 * own copy of the entry, and the entry row shows it at once. An override for an entry this
 * browser has not fetched yet waits in the table; the list's next update lays it on
 * (reconcileOverride, UNKNOWN_UPSTREAM). A tombstone takes the edit back here too.
 */
async function applyOverride(db: GlossaryDb, key: string, value: SyncValue): Promise<boolean> {
  const decoded = decodeOverride(value);
  if (!decoded || overrideKey(decoded.entryId) !== key) return false;
  const list = await db.list.get(decoded.listId);
  if (!list || list.origin !== 'subscription' || list.deletedAt !== undefined) return false;
  const [local, row] = await Promise.all([db.override.get(decoded.entryId), db.entry.get(decoded.entryId)]);
  if (local && local.listId !== decoded.listId) return false;
  if (row && row.listId !== decoded.listId) return false;
  if (local && pickWinner(encodeOverride(local), value) !== 'b') return false;
  const previous = liveOverride(local);
  const upstream = row ? upstreamBehind(row, previous) : undefined;
  const { entryId, listId, updatedAt } = decoded;
  const next = decoded.tombstone
    ? clearedOverride(entryId, listId, updatedAt)
    : overrideTaken({ entryId, listId, changed: decoded.changed, mine: decoded.mine, updatedAt }, upstream, previous);
  await db.override.put(next);
  if (row && upstream) {
    const shown = effectiveEntry(upstream, liveOverride(next));
    shown.updatedAt = Math.max(decoded.updatedAt, row.updatedAt + 1);
    await db.entry.put(shown);
  }
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
  const local = await readLocal(db, settings, ctx.turn ?? timedTurns());
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
  const turn = ctx.turn ?? timedTurns();
  const area = areaOf(ctx);
  const settings = settingsOf(ctx);
  const items = await area.get(null);
  const { records: remote, incomplete } = readRecords(items);
  const local = await readLocal(db, settings, turn);
  const { merged, toLocal } = merge(local.records, remote, incomplete, at);
  const pulled = await applyRemote(db, settings, toLocal);

  // Laid out and measured in turns: 10,600 entries took 150 ms of Firefox's main thread, which the
  // extension's pages share with its background (docs/architecture.md, "Whole tables read in pages").
  const layout = async (records: ReadonlyMap<string, SyncValue>, carried: Iterable<string>) => {
    const out = await layoutRecords(records, turn);
    // A record still arriving from another browser, or left as it is, keeps its items.
    for (const key of carried) Object.assign(out, itemsOfRecord(items, key));
    return out;
  };
  let next = await layout(merged, incomplete);
  const needed = await usageOfInTurns(next, turn);
  const usage = usageOf(items);
  let editsLeftOut = 0;
  if (!fitsQuota(needed)) {
    // The reader's edits of subscribed entries give way first: everything else is synced, and
    // the edits are left as storage.sync holds them, or, if even that does not fit, left out.
    // Each smaller state is laid out only if the one before did not fit, and none without edits to
    // leave out (it would be the state that did not fit): a list of 10,000 entries over the quota
    // laid out both for nothing, 260–300 ms of the worker at every push (Node, fake-indexeddb).
    const edits = [...merged.keys()].filter((key) => recordKind(key) === 'override');
    let fitting: Record<string, unknown> | undefined;
    let asStoredFits = false;
    if (edits.length > 0) {
      const rest = new Map([...merged].filter(([key]) => recordKind(key) !== 'override'));
      const withStoredEdits = await layout(rest, [...incomplete, ...edits.filter((key) => key in items)]);
      asStoredFits = fitsQuota(await usageOfInTurns(withStoredEdits, turn));
      if (asStoredFits) fitting = withStoredEdits;
      else {
        const withoutEdits = await layout(rest, incomplete);
        if (fitsQuota(await usageOfInTurns(withoutEdits, turn))) fitting = withoutEdits;
      }
    }
    if (!fitting) return { ok: false, at, reason: 'quota', usage, needed, largestLists: listShares(merged, local.lists, next), pulled };
    next = fitting;
    const asStored = edits.filter((key) => key in items && !incomplete.has(key) && sameData(remote.get(key), merged.get(key)));
    const kept = asStoredFits ? new Set(asStored) : new Set<string>();
    editsLeftOut = edits.filter((key) => !kept.has(key) && !isTombstone(merged.get(key)!)).length;
  }
  const toSet: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(next)) if (!sameData(items[key], value)) toSet[key] = value;
  const toRemove = Object.keys(items).filter((key) => !(key in next));
  // Removing first is safe: only items the new state does not hold are removed, and it
  // keeps the store under its total quota while the set lands.
  if (toRemove.length > 0) await area.remove(toRemove);
  if (Object.keys(toSet).length > 0) await area.set(toSet);
  const report: SyncReport = { ok: true, at, usage: usageOf(next), written: Object.keys(toSet).length, removed: toRemove.length, pulled };
  if (editsLeftOut > 0) report.editsLeftOut = editsLeftOut;
  return report;
}

/**
 * The reader's own lists by their share of the sync data, largest first: the bytes of their entries'
 * items in `laidOut` (the layout of `merged`). Read from it, not laid out again record by record,
 * which took 130–170 ms for 10,000 entries (Node, fake-indexeddb).
 */
function listShares(merged: Map<string, SyncValue>, lists: readonly GlossaryList[], laidOut: Readonly<Record<string, unknown>>): ListShare[] {
  const shares = new Map<string, ListShare>();
  for (const list of lists) {
    if (list.origin !== 'local' || list.deletedAt !== undefined) continue;
    shares.set(list.id, { listId: list.id, name: list.name, bytes: 0, entries: 0 });
  }
  for (const [key, value] of merged) {
    const share = recordKind(key) === 'entry' && typeof value.listId === 'string' ? shares.get(value.listId) : undefined;
    if (!share) continue;
    share.bytes += recordBytes(laidOut, key);
    if (!isTombstone(value)) share.entries++;
  }
  return [...shares.values()].sort((a, b) => b.bytes - a.bytes);
}

/** What storage.sync holds now, beside its quotas. */
export async function syncUsage(ctx: SyncContext = {}): Promise<SyncUsage> {
  return usageOf(await areaOf(ctx).get(null));
}
