/**
 * The schedule of subscription checks. One periodic alarm wakes the background every
 * CHECK_PERIOD_MINUTES and checks the lists that are due, rather than one alarm per
 * list: there is nothing to create, move or clear when a list is added, removed or
 * asks for a new interval, and a browser that was closed catches up on its first
 * alarm. Alarms survive the service worker's death; `ensureSubscriptionAlarms` runs
 * at every worker start and leaves an existing alarm's schedule alone.
 */
import { browser } from 'wxt/browser';
import type { GlossaryDb } from '../glossary/db';
import { glossaryDb } from '../glossary/db';
import { isSubscription, updateDueSubscriptions, type SubscriptionOptions, type UpdateResult } from './subscriptions';

export const SUBSCRIPTION_ALARM = 'termlens-subscriptions';
/** Lists ask for an interval of at least an hour; a quarter of that keeps them close to it. */
export const CHECK_PERIOD_MINUTES = 15;

/** The alarm as `browser.alarms.onAlarm` hands it over. */
export interface AlarmLike {
  name: string;
}

/**
 * Makes sure the check alarm exists while there is a live subscription, and does not
 * when there is none. Idempotent; call it at worker start and after subscribing.
 */
export async function ensureSubscriptionAlarms(db: GlossaryDb = glossaryDb()): Promise<void> {
  const any = (await db.list.toArray()).some(isSubscription);
  const existing = await browser.alarms.get(SUBSCRIPTION_ALARM);
  if (any && !existing) {
    await browser.alarms.create(SUBSCRIPTION_ALARM, { delayInMinutes: 1, periodInMinutes: CHECK_PERIOD_MINUTES });
  } else if (!any && existing) {
    await browser.alarms.clear(SUBSCRIPTION_ALARM);
  }
}

/**
 * The `browser.alarms.onAlarm` listener's part for subscriptions: on the check alarm,
 * updates every due subscription. Other alarms are not its business (returns null).
 */
export async function handleSubscriptionAlarm(
  alarm: AlarmLike,
  db: GlossaryDb = glossaryDb(),
  options: SubscriptionOptions = {},
): Promise<Map<string, UpdateResult> | null> {
  if (alarm.name !== SUBSCRIPTION_ALARM) return null;
  return updateDueSubscriptions(db, options);
}
