/**
 * What the options page needs to show and drive the subscriptions and sync panels,
 * so that its wiring is a few lines: the panels' data, read in one place, and the
 * actions behind their buttons.
 */
import { browser } from 'wxt/browser';
import type { GlossaryDb } from '../glossary/db';
import { pushLocalChanges, syncUsage } from './browser-sync';
import { ensureSubscriptionAlarms } from './subscription-alarms';
import { reviewView, subscriptionViews, type ReviewView, type SubscriptionView } from './subscription-view';
import { isSubscription, subscribe, subscriptionReviews, type SubscriptionOptions } from './subscriptions';
import { checkSubscriptionUrl, originPattern } from './subscription-url';
import type { SyncUsage } from './sync-quota';
import { syncStatusItem, type SyncStatus } from './sync-status';

/** The subscriptions panel's data (use it inside a liveQuery: it reads lists, entries and overrides). */
export async function subscriptionPanelData(db: GlossaryDb): Promise<{ subscriptions: SubscriptionView[]; reviews: ReviewView[] }> {
  const lists = (await db.list.toArray()).filter(isSubscription);
  const counts = new Map<string, number>();
  for (const list of lists) {
    counts.set(list.id, await db.entry.where('listId').equals(list.id).filter((e) => e.deletedAt === undefined).count());
  }
  const reviews = (await subscriptionReviews(db)).map(reviewView);
  return { subscriptions: subscriptionViews(lists, counts), reviews };
}

/**
 * Subscribes from a click: asks for access to the list's host first (it must be the
 * first thing the click handler does, while the click still counts as a user gesture),
 * then subscribes whatever the answer — a host that sends CORS headers works without
 * access — and makes sure the check alarm exists. Throws a SubscriptionError on failure.
 */
export async function subscribeFromClick(db: GlossaryDb, input: string, options: SubscriptionOptions = {}): Promise<void> {
  const url = checkSubscriptionUrl(input);
  let asked: Promise<unknown> = Promise.resolve(false);
  try {
    asked = browser.permissions.request({ origins: [originPattern(url)] });
  } catch {
    // No permissions API here: CORS decides.
  }
  await asked.catch(() => false);
  await subscribe(db, url, options);
  await ensureSubscriptionAlarms(db).catch(() => undefined);
}

/** The sync panel's data: the switch, the last report, and what storage.sync holds. */
export async function syncPanelData(): Promise<SyncStatus & { usage: SyncUsage }> {
  const [status, usage] = await Promise.all([syncStatusItem.getValue(), syncUsage()]);
  return { ...status, usage };
}

/** "Sync now": a full sync from this page, its report kept for the panel. */
export async function syncNow(db: GlossaryDb): Promise<void> {
  let report;
  try {
    report = await pushLocalChanges(db);
  } catch (error) {
    report = { ok: false as const, at: Date.now(), reason: 'error' as const, message: error instanceof Error ? error.message : String(error) };
  }
  await syncStatusItem.setValue({ ...(await syncStatusItem.getValue()), lastReport: report });
}
