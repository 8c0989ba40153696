/**
 * Backup and restore of everything TermLens keeps (issue 8, "Backup and restore"): every
 * table of the database and the extension's storage.local (settings and the like), in one
 * JSON file; and a weekly automatic backup into storage.local that keeps the last three.
 *
 * A restore validates the whole file before it touches anything, then replaces every
 * table in one read-write transaction (all of it or nothing), then writes the stored
 * settings. The backups' own keys are neither backed up nor restored.
 */
import { browser } from 'wxt/browser';
import type { GlossaryDb } from './db';
import type { EntryVersion } from './history';
import type { GlossaryEntry, GlossaryList } from './model';
import { readAllInPages } from './paged-read';
import { clearedOverride, isCleared, type EntryOverride } from '../sync/entry-override';
import { lastStamp, stampAfter } from './stamp';

export const BACKUP_FORMAT = 'termlens-backup';
/** The version of the backup file this code writes and the newest it reads. */
export const BACKUP_VERSION = 1;

export interface BackupTables {
  list: GlossaryList[];
  entry: GlossaryEntry[];
  history: EntryVersion[];
  override: EntryOverride[];
}

export interface BackupFile {
  format: typeof BACKUP_FORMAT;
  version: number;
  /** ISO 8601. */
  createdAt: string;
  /** The Dexie schema version of the database that was backed up. */
  schemaVersion: number;
  tables: BackupTables;
  /** storage.local, except the backups' own keys. */
  storage: Record<string, unknown>;
}

/** The part of `browser.storage.local` that backups use (tests pass a fake). */
export interface LocalArea {
  get(keys?: string | string[] | null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}

const TABLES = ['list', 'entry', 'history', 'override'] as const;
type TableName = (typeof TABLES)[number];

/** Keys of storage.local that belong to backups themselves (state and the automatic copies). */
export const BACKUP_KEY_PREFIX = 'backup-';
export const AUTO_BACKUP_STATE_KEY = 'backup-state';
const AUTO_BACKUP_KEY = (at: number) => `${BACKUP_KEY_PREFIX}auto-${at}`;

function defaultArea(): LocalArea {
  return browser.storage.local as unknown as LocalArea;
}

/** Reads every table (in one transaction, so that they agree) and storage.local into a backup. */
export async function createBackup(db: GlossaryDb, local: LocalArea = defaultArea(), now = Date.now()): Promise<BackupFile> {
  const tables = await db.transaction('r', db.list, db.entry, db.history, db.override, async () => ({
    list: await db.list.toArray(),
    entry: await readAllInPages(db.entry),
    history: await readAllInPages(db.history),
    override: await db.override.toArray(),
  }));
  const all = await local.get(null);
  const storage = Object.fromEntries(Object.entries(all).filter(([k]) => !k.startsWith(BACKUP_KEY_PREFIX)));
  return { format: BACKUP_FORMAT, version: BACKUP_VERSION, createdAt: new Date(now).toISOString(), schemaVersion: db.verno, tables, storage };
}

/** The file name of a backup made at `now`: `termlens-backup-2024-04-24.json`. */
export function backupFileName(now = Date.now()): string {
  return `termlens-backup-${new Date(now).toISOString().slice(0, 10)}.json`;
}

/** Counts of what a backup holds. */
export interface BackupSummary {
  createdAt: string;
  lists: number;
  entries: number;
  history: number;
  overrides: number;
  settings: number;
}

export function summariseBackup(b: BackupFile): BackupSummary {
  return {
    createdAt: b.createdAt,
    lists: b.tables.list.filter((l) => l.deletedAt === undefined).length,
    entries: b.tables.entry.filter((e) => e.deletedAt === undefined).length,
    history: b.tables.history.length,
    overrides: b.tables.override.length,
    settings: Object.keys(b.storage).length,
  };
}

// Validation ------------------------------------------------------------------------------------

export type BackupProblemCode = 'not-json' | 'not-backup' | 'newer-version' | 'bad-record' | 'duplicate-key' | 'dangling-reference';

/** One problem with a backup file: `path` says where (`tables.entry[12].term`). */
export interface BackupProblem {
  code: BackupProblemCode;
  path: string;
  /** English, for logs; the UI words it from `code`. */
  message: string;
}

/** The file is not a backup this TermLens can restore; nothing was changed. */
export class BackupError extends Error {
  override readonly name = 'BackupError';
  constructor(readonly problems: readonly BackupProblem[]) {
    super(problems.slice(0, 5).map((p) => `${p.path}: ${p.message}`).join('\n'));
  }
}

const MAX_PROBLEMS = 50;

type Check = (v: unknown) => boolean;
const str: Check = (v) => typeof v === 'string';
const nonEmpty: Check = (v) => typeof v === 'string' && v !== '';
const num: Check = (v) => typeof v === 'number' && Number.isFinite(v);
const bool: Check = (v) => typeof v === 'boolean';
const strings: Check = (v) => Array.isArray(v) && v.every(str);
const obj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const optional = (c: Check): Check => (v) => v === undefined || c(v);
const translations: Check = (v) => obj(v) && Object.values(v).every(strings);
const source: Check = (v) => obj(v) && str(v.title) && str(v.url) && optional(str)(v.date);
const match: Check = (v) => obj(v) && bool(v.caseSensitive) && bool(v.wholeWord) && strings(v.exclusions);

const ENTRY_SHAPE: Record<string, Check> = {
  id: nonEmpty,
  listId: nonEmpty,
  term: str,
  variants: strings,
  lang: str,
  translations,
  definition: str,
  note: str,
  tags: strings,
  source: optional(source),
  match,
  createdAt: num,
  updatedAt: num,
  deletedAt: optional(num),
};
const SHAPES: Record<TableName, Record<string, Check>> = {
  list: {
    id: nonEmpty,
    name: str,
    color: (v) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 7,
    enabled: bool,
    priority: num,
    origin: (v) => v === 'local' || v === 'subscription',
    subscription: optional((v) => obj(v) && str(v.url)),
    createdAt: num,
    updatedAt: num,
    deletedAt: optional(num),
  },
  entry: ENTRY_SHAPE,
  history: {
    id: nonEmpty,
    entryId: nonEmpty,
    at: num,
    by: (v) => obj(v) && str(v.context) && str(v.device),
    action: str,
    changed: strings,
    entry: (v) => obj(v) && Object.entries(ENTRY_SHAPE).every(([k, c]) => c(v[k])),
  },
  override: {
    entryId: nonEmpty,
    listId: nonEmpty,
    changed: strings,
    mine: obj,
    upstream: obj,
    upstreamRevision: str,
    review: strings,
    updatedAt: num,
  },
};
const KEY: Record<TableName, string> = { list: 'id', entry: 'id', history: 'id', override: 'entryId' };

/**
 * Reads and checks a backup file, all of it: the format and version, the shape of every
 * record of every table, unique keys, and that every entry's list and every override's
 * entry is in the file. Throws a {@link BackupError} listing the problems (up to 50).
 */
export function parseBackup(text: string): BackupFile {
  let value: unknown;
  try {
    value = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    throw new BackupError([{ code: 'not-json', path: '', message: `not JSON (${error instanceof Error ? error.message : String(error)})` }]);
  }
  return validateBackup(value);
}

/** Checks an already parsed value as a backup (see {@link parseBackup}). */
export function validateBackup(value: unknown): BackupFile {
  const problems: BackupProblem[] = [];
  const add = (code: BackupProblemCode, path: string, message: string) => {
    if (problems.length < MAX_PROBLEMS) problems.push({ code, path, message });
  };
  if (!obj(value) || value.format !== BACKUP_FORMAT) {
    throw new BackupError([{ code: 'not-backup', path: 'format', message: `not a TermLens backup (expected "format": "${BACKUP_FORMAT}")` }]);
  }
  if (!num(value.version) || (value.version as number) < 1) add('bad-record', 'version', 'expected a positive whole number');
  else if ((value.version as number) > BACKUP_VERSION) {
    throw new BackupError([{ code: 'newer-version', path: 'version', message: `made by a newer TermLens (version ${String(value.version)})` }]);
  }
  if (!str(value.createdAt) || Number.isNaN(Date.parse(value.createdAt as string))) add('bad-record', 'createdAt', 'expected an ISO 8601 date-time');
  if (!num(value.schemaVersion)) add('bad-record', 'schemaVersion', 'expected a number');
  if (!obj(value.storage)) add('bad-record', 'storage', 'expected an object');
  const tables = value.tables;
  if (!obj(tables)) {
    add('bad-record', 'tables', 'expected an object with the tables');
    throw new BackupError(problems);
  }
  for (const name of TABLES) {
    const rows = tables[name];
    if (!Array.isArray(rows)) {
      add('bad-record', `tables.${name}`, 'expected an array of records');
      continue;
    }
    const keys = new Set<string>();
    rows.forEach((row: unknown, i) => {
      const path = `tables.${name}[${i}]`;
      if (!obj(row)) return add('bad-record', path, 'expected a record');
      for (const [field, check] of Object.entries(SHAPES[name])) {
        if (!check(row[field])) add('bad-record', `${path}.${field}`, row[field] === undefined ? 'missing' : 'has the wrong type or value');
      }
      const key = row[KEY[name]];
      if (typeof key === 'string') {
        if (keys.has(key)) add('duplicate-key', `${path}.${KEY[name]}`, `"${key}" is used twice`);
        keys.add(key);
      }
    });
  }
  if (problems.length === 0) {
    const t = tables as unknown as BackupTables;
    const listIds = new Set(t.list.map((l) => l.id));
    const entryIds = new Set(t.entry.map((e) => e.id));
    t.entry.forEach((e, i) => listIds.has(e.listId) || add('dangling-reference', `tables.entry[${i}].listId`, `no list "${e.listId}"`));
    // A tombstone (an edit taken back, kept for sync) may outlive its entry.
    t.override.forEach(
      (o, i) => entryIds.has(o.entryId) || isCleared(o) || add('dangling-reference', `tables.override[${i}].entryId`, `no entry "${o.entryId}"`),
    );
  }
  if (problems.length) throw new BackupError(problems);
  return value as unknown as BackupFile;
}

/**
 * Makes the glossary what the backup holds: first checks it again (a caller may hand over
 * any value), then writes every table in one read-write transaction (if any write fails, the
 * database stays as it was), then sets the backed-up keys of storage.local. Keys of
 * storage.local that the backup lacks are left alone, so that state of this browser made since
 * (such as sync's switch) is not lost for no reason.
 *
 * A restore is a change made now, and browser sync must carry it as one (design: "Sync"; last
 * writer wins by `updatedAt`, deletions travel as tombstones). So:
 * - every list and entry of the backup is written with `updatedAt` = `now`, or one past the
 *   stamp of the version here when this browser's clock is behind it (stamp.ts), and never
 *   earlier than the backup's own; else sync would take the newer copies it holds back;
 * - a list or entry that is here but not in the backup becomes a tombstone (`deletedAt` = `now`,
 *   stamped the same way; an entry goes to the trash), not a row removed without trace, which
 *   sync would bring back from the copy it pushed before; tombstones already here stay;
 * - the history keeps what it had (versions made after the backup can still be restored), with
 *   the backup's versions added;
 * - the reader's overrides of subscribed entries are the backup's, stamped the same way (sync
 *   carries them since session 13), and one that is here but not in the backup becomes a
 *   tombstone (clearedOverride).
 */
export async function restoreBackup(db: GlossaryDb, backup: unknown, local: LocalArea = defaultArea(), now = Date.now()): Promise<void> {
  const valid = validateBackup(backup);
  await db.transaction('rw', db.list, db.entry, db.history, db.override, async () => {
    const [lists, entries, overrides] = await Promise.all([db.list.toArray(), readAllInPages(db.entry), db.override.toArray()]);
    // Each record is stamped after the version of it here (stamp.ts): a restore is a change made
    // now, and must win over what sync may already hold of this browser's versions, whatever the
    // clock says; and never earlier than the backup's own stamp.
    const here = new Map<string, number>();
    for (const l of lists) here.set(`l:${l.id}`, lastStamp(l));
    for (const e of entries) here.set(`e:${e.id}`, lastStamp(e));
    for (const o of overrides) here.set(`o:${o.entryId}`, o.updatedAt);
    const stamped = <T extends { updatedAt: number }>(key: string, row: T): T => ({
      ...row,
      updatedAt: Math.max(row.updatedAt, stampAfter(here.get(key), now)),
    });
    // A tombstone already here stays as it is.
    const tombstone = <T extends { updatedAt: number; deletedAt?: number }>(row: T): T => {
      if (row.deletedAt !== undefined) return row;
      const at = stampAfter(lastStamp(row), now);
      return { ...row, deletedAt: at, updatedAt: at };
    };
    const listIds = new Set(valid.tables.list.map((l) => l.id));
    const entryIds = new Set(valid.tables.entry.map((e) => e.id));
    const overrideIds = new Set(valid.tables.override.map((o) => o.entryId));
    const goneLists = lists.filter((l) => !listIds.has(l.id)).map(tombstone);
    const goneEntries = entries.filter((e) => !entryIds.has(e.id)).map(tombstone);
    const goneOverrides = overrides
      .filter((o) => !overrideIds.has(o.entryId))
      .map((o) => (isCleared(o) ? o : clearedOverride(o.entryId, o.listId, stampAfter(o.updatedAt, now))));
    await Promise.all([db.list.clear(), db.entry.clear(), db.override.clear()]);
    await db.list.bulkAdd([...valid.tables.list.map((l) => stamped(`l:${l.id}`, l)), ...goneLists]);
    await db.entry.bulkAdd([...valid.tables.entry.map((e) => stamped(`e:${e.id}`, e)), ...goneEntries]);
    await db.history.bulkPut(valid.tables.history);
    await db.override.bulkAdd([...valid.tables.override.map((o) => stamped(`o:${o.entryId}`, o)), ...goneOverrides]);
  });
  const storage = Object.fromEntries(Object.entries(valid.storage).filter(([k]) => !k.startsWith(BACKUP_KEY_PREFIX)));
  if (Object.keys(storage).length) await local.set(storage);
}

// Automatic backups -------------------------------------------------------------------------------

/** How often the automatic backup runs, and how many it keeps. */
export const AUTO_BACKUP_DAYS = 7;
export const AUTO_BACKUPS_KEPT = 3;
const DAY_MS = 86_400_000;

export interface AutoBackupInfo {
  /** The storage.local key that holds it. */
  key: string;
  at: number;
  /** Its size in storage.local (UTF-8 bytes of its JSON). */
  bytes: number;
  lists: number;
  entries: number;
}

export interface AutoBackupState {
  /** On by default: a weekly copy costs little and has saved many a glossary. */
  enabled: boolean;
  /** Newest first. */
  backups: AutoBackupInfo[];
  /** When the last attempt ran, and its error if it failed (e.g. storage.local is full). */
  lastAttemptAt?: number;
  lastError?: string;
}

const DEFAULT_STATE: AutoBackupState = { enabled: true, backups: [] };

/** The automatic backups' state (storage.local `backup-state`). */
export async function readAutoBackupState(local: LocalArea = defaultArea()): Promise<AutoBackupState> {
  const got = (await local.get(AUTO_BACKUP_STATE_KEY))[AUTO_BACKUP_STATE_KEY];
  if (!obj(got)) return { ...DEFAULT_STATE, backups: [] };
  return {
    enabled: got.enabled !== false,
    backups: Array.isArray(got.backups) ? (got.backups as AutoBackupInfo[]) : [],
    ...(num(got.lastAttemptAt) ? { lastAttemptAt: got.lastAttemptAt as number } : {}),
    ...(str(got.lastError) ? { lastError: got.lastError as string } : {}),
  };
}

/** Turns the weekly backup on or off (the copies already made stay). */
export async function setAutoBackupEnabled(enabled: boolean, local: LocalArea = defaultArea()): Promise<void> {
  const state = await readAutoBackupState(local);
  await local.set({ [AUTO_BACKUP_STATE_KEY]: { ...state, enabled } });
}

/** True when the weekly backup is on and the newest one is a week old, or there is none. */
export function isAutoBackupDue(state: AutoBackupState, now = Date.now()): boolean {
  if (!state.enabled) return false;
  const newest = Math.max(state.lastAttemptAt ?? 0, state.backups[0]?.at ?? 0);
  return now - newest >= AUTO_BACKUP_DAYS * DAY_MS;
}

const utf8Bytes = (s: string) => new TextEncoder().encode(s).length;

/**
 * Makes an automatic backup into storage.local now, then removes all but the newest
 * AUTO_BACKUPS_KEPT. If storage.local refuses it (full), the older copies are kept and
 * the error is recorded in the state; the returned state says what happened.
 */
export async function runAutoBackup(db: GlossaryDb, local: LocalArea = defaultArea(), now = Date.now()): Promise<AutoBackupState> {
  const state = await readAutoBackupState(local);
  const backup = await createBackup(db, local, now);
  const key = AUTO_BACKUP_KEY(now);
  const summary = summariseBackup(backup);
  const info: AutoBackupInfo = { key, at: now, bytes: utf8Bytes(JSON.stringify(backup)), lists: summary.lists, entries: summary.entries };
  try {
    await local.set({ [key]: backup });
  } catch (error) {
    const failed: AutoBackupState = { ...state, lastAttemptAt: now, lastError: error instanceof Error ? error.message : String(error) };
    await local.set({ [AUTO_BACKUP_STATE_KEY]: failed });
    return failed;
  }
  const all = [info, ...state.backups.filter((b) => b.key !== key)].sort((a, b) => b.at - a.at);
  const kept = all.slice(0, AUTO_BACKUPS_KEPT);
  const next: AutoBackupState = { enabled: state.enabled, backups: kept, lastAttemptAt: now };
  await local.set({ [AUTO_BACKUP_STATE_KEY]: next });
  const dropped = all.slice(AUTO_BACKUPS_KEPT).map((b) => b.key);
  if (dropped.length) await local.remove(dropped);
  return next;
}

/** An automatic backup, read back and checked (throws a BackupError if it is damaged or gone). */
export async function readAutoBackup(key: string, local: LocalArea = defaultArea()): Promise<BackupFile> {
  if (!key.startsWith(`${BACKUP_KEY_PREFIX}auto-`)) throw new BackupError([{ code: 'not-backup', path: key, message: 'not an automatic backup' }]);
  const value = (await local.get(key))[key];
  return validateBackup(value);
}

/** The name of the alarm that checks, twice a day, whether the weekly backup is due. */
export const BACKUP_ALARM = 'termlens-backup';
const CHECK_PERIOD_MINUTES = 12 * 60;

/**
 * Makes sure the check alarm exists (idempotent; call at every worker start). A periodic
 * check of "is the newest backup a week old" rather than a weekly alarm: a browser that
 * is seldom open still gets its backup soon after a week, and switching the backup off
 * and on needs no alarm bookkeeping.
 */
export async function ensureBackupAlarm(): Promise<void> {
  if (await browser.alarms.get(BACKUP_ALARM)) return;
  await browser.alarms.create(BACKUP_ALARM, { delayInMinutes: 5, periodInMinutes: CHECK_PERIOD_MINUTES });
}

/**
 * The `browser.alarms.onAlarm` listener's part for backups: on the backup alarm, makes
 * the weekly backup if it is due. Other alarms are not its business (returns null).
 */
export async function handleBackupAlarm(
  alarm: { name: string },
  db: GlossaryDb,
  local: LocalArea = defaultArea(),
  now = Date.now(),
): Promise<AutoBackupState | null> {
  if (alarm.name !== BACKUP_ALARM) return null;
  const state = await readAutoBackupState(local);
  if (!isAutoBackupDue(state, now)) return state;
  return runAutoBackup(db, local, now);
}

// For the options page -----------------------------------------------------------------------------

/** A backup made for download. */
export interface BackupDownload {
  fileName: string;
  blob: Blob;
  entryCount: number;
}

/** What the backup panel does, given the database (see components/BackupPanel.tsx). */
export interface BackupActions {
  /** A backup of everything now, as a file. */
  create(): Promise<BackupDownload>;
  /** Reads and checks a chosen file; throws a BackupError. */
  read(file: Blob): Promise<BackupFile>;
  /** Replaces everything with a checked backup. */
  restore(backup: BackupFile): Promise<void>;
  /** Reads and checks an automatic backup. */
  readAuto(key: string): Promise<BackupFile>;
  setAutoEnabled(enabled: boolean): Promise<void>;
  /** Makes an automatic backup now (outside the weekly schedule). */
  backupNow(): Promise<AutoBackupState>;
  /** Calls back with the automatic backups' state now and on every change; returns the unsubscribe. */
  watchAutoState(callback: (state: AutoBackupState) => void): () => void;
}

/** The panel's actions over this context's database and `browser.storage.local`. */
export function backupActions(db: GlossaryDb, local: LocalArea = defaultArea()): BackupActions {
  return {
    async create() {
      const backup = await createBackup(db, local);
      return {
        fileName: backupFileName(),
        blob: new Blob([JSON.stringify(backup)], { type: 'application/json;charset=utf-8' }),
        entryCount: summariseBackup(backup).entries,
      };
    },
    async read(file) {
      return parseBackup(await file.text());
    },
    restore: (backup) => restoreBackup(db, backup, local),
    readAuto: (key) => readAutoBackup(key, local),
    setAutoEnabled: (enabled) => setAutoBackupEnabled(enabled, local),
    backupNow: () => runAutoBackup(db, local),
    watchAutoState(callback) {
      let live = true;
      void readAutoBackupState(local).then((s) => live && callback(s));
      const onChanged = (changes: Record<string, unknown>, area: string) => {
        if (area === 'local' && AUTO_BACKUP_STATE_KEY in changes) void readAutoBackupState(local).then((s) => live && callback(s));
      };
      browser.storage.onChanged.addListener(onChanged);
      return () => {
        live = false;
        browser.storage.onChanged.removeListener(onChanged);
      };
    },
  };
}
