/**
 * When browser sync runs, in the background: at start, after every local change (to
 * the glossary or the settings), and when storage.sync changes (another browser
 * wrote). Runs never overlap; changes are gathered for DEBOUNCE_MS, and two runs are
 * at least MIN_GAP_MS apart. A run writes at most two operations (remove + set), so
 * that is at most 24 operations a minute and 1,440 an hour, inside the quotas of 120
 * and 1,800.
 */
import Dexie from 'dexie';
import { browser } from 'wxt/browser';
import type { GlossaryDb } from '../glossary/db';
import { glossaryDb } from '../glossary/db';
import { settingsItem } from '../settings';
import { pushLocalChanges, type SyncContext } from './browser-sync';
import { ensureSubscriptionAlarms } from './subscription-alarms';
import { syncStatusItem, type SyncReport } from './sync-status';

export const DEBOUNCE_MS = 1_000;
export const MIN_GAP_MS = 5_000;

/**
 * Starts browser sync for this background context and returns a function that stops
 * it. Each run's report is kept in `syncStatusItem` for the options page. Nothing runs
 * while the reader has switched sync off.
 */
export function startBrowserSync(db: GlossaryDb = glossaryDb(), ctx: SyncContext = {}): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | null = null;
  let again = false;
  let lastRun = 0;
  let stopped = false;

  const schedule = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    clearTimeout(timer);
    const wait = Math.max(DEBOUNCE_MS, lastRun + MIN_GAP_MS - Date.now());
    timer = setTimeout(() => void run(), wait);
  };

  const run = async () => {
    running = (async () => {
      const status = await syncStatusItem.getValue();
      if (!status.enabled) return;
      lastRun = Date.now();
      let report: SyncReport;
      try {
        report = await pushLocalChanges(db, ctx);
        if ('pulled' in report && report.pulled > 0) await ensureSubscriptionAlarms(db);
      } catch (error) {
        report = { ok: false, at: Date.now(), reason: 'error', message: error instanceof Error ? error.message : String(error) };
      }
      await syncStatusItem.setValue({ ...(await syncStatusItem.getValue()), lastReport: report });
    })();
    try {
      await running;
    } finally {
      running = null;
      if (again) {
        again = false;
        schedule();
      }
    }
  };

  // Writes from every extension context (options page, popup, this worker) land here;
  // keep those to lists, entries and overrides of our database.
  const prefixes = [`idb://${db.name}/list`, `idb://${db.name}/entry`, `idb://${db.name}/override`];
  const onMutated = (parts: Record<string, unknown>) => {
    if (Object.keys(parts).some((key) => prefixes.some((p) => key.startsWith(p)))) schedule();
  };
  Dexie.on('storagemutated', onMutated);
  const onStorage = (_changes: unknown, area: string) => {
    if (area === 'sync') schedule();
  };
  browser.storage.onChanged.addListener(onStorage);
  const unwatchSettings = settingsItem.watch(() => schedule());
  const unwatchStatus = syncStatusItem.watch((next, previous) => {
    if (next.enabled && !previous?.enabled) schedule();
  });
  schedule();

  return () => {
    stopped = true;
    clearTimeout(timer);
    Dexie.on('storagemutated').unsubscribe(onMutated);
    browser.storage.onChanged.removeListener(onStorage);
    unwatchSettings();
    unwatchStatus();
  };
}

/** Switches browser sync on or off for this browser (the options page's switch). */
export async function setSyncEnabled(enabled: boolean): Promise<void> {
  await syncStatusItem.setValue({ ...(await syncStatusItem.getValue()), enabled });
}
