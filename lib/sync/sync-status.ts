/**
 * Browser sync's switch and its last outcome, per browser (storage.local): the switch
 * is a choice about this browser, so it does not itself sync.
 */
import { storage } from 'wxt/utils/storage';
import type { SyncUsage } from './sync-quota';

/** A list's share of the sync data (for "publish this list as a subscription instead"). */
export interface ListShare {
  listId: string;
  name: string;
  bytes: number;
  entries: number;
}

/** What the last sync did. */
export type SyncReport =
  | {
      ok: true;
      at: number;
      usage: SyncUsage;
      /** Items written and removed in storage.sync. */
      written: number;
      removed: number;
      /** Records taken from storage.sync into this browser. */
      pulled: number;
      /**
       * The reader's edits of subscribed entries that did not fit in storage.sync beside
       * everything else, and were not synced this time (the rest was).
       */
      editsLeftOut?: number;
    }
  | {
      ok: false;
      at: number;
      reason: 'quota';
      /** What storage.sync holds now (unchanged). */
      usage: SyncUsage;
      /** What the whole sync state would take. */
      needed: SyncUsage;
      /** The reader's own lists by size, largest first. */
      largestLists: ListShare[];
      pulled: number;
    }
  | { ok: false; at: number; reason: 'error'; message: string };

export interface SyncStatus {
  /** On by default: it is the reader's own data going to their own browser account. */
  enabled: boolean;
  lastReport?: SyncReport;
}

export const syncStatusItem = storage.defineItem<SyncStatus>('local:sync-status', {
  fallback: { enabled: true },
});
