/**
 * The schedule of subscription checks. One periodic alarm wakes the background every
 * CHECK_PERIOD_MINUTES and checks the lists that are due, rather than one alarm per
 * list: there is nothing to create, move or clear when a list is added, removed or
 * asks for a new interval, and a browser that was closed catches up on its first
 * alarm. Alarms survive the service worker's death; `ensureSubscriptionAlarms` runs
 * at every worker start and leaves an existing alarm's schedule alone.
 */
import Dexie from 'dexie';
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

/**
 * Everything the background does for subscriptions, in one call at worker start: adds
 * the alarm listener (synchronously, so that the alarm that woke the worker reaches
 * it), makes sure the alarm exists, and checks again whenever lists change in any
 * extension context (a subscription added in the options page, or arriving by sync).
 * Returns a function that stops listening.
 */
export function startSubscriptionSchedule(db: GlossaryDb = glossaryDb(), options: SubscriptionOptions = {}): () => void {
  // Without the `alarms` permission the API is missing; the rest of the worker must still run.
  if (!browser.alarms) {
    console.warn('TermLens: no alarms permission, subscriptions are checked only on "update now"');
    return () => undefined;
  }
  const onAlarm = (alarm: AlarmLike) => {
    handleSubscriptionAlarm(alarm, db, options).catch((error: unknown) => console.error('TermLens: checking subscriptions failed', error));
  };
  browser.alarms.onAlarm.addListener(onAlarm);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const ensure = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      ensureSubscriptionAlarms(db).catch((error: unknown) => console.error('TermLens: scheduling subscriptions failed', error));
    }, 200);
  };
  const prefix = `idb://${db.name}/list`;
  const onMutated = (parts: Record<string, unknown>) => {
    if (Object.keys(parts).some((key) => key.startsWith(prefix))) ensure();
  };
  Dexie.on('storagemutated', onMutated);
  ensure();
  return () => {
    clearTimeout(timer);
    browser.alarms.onAlarm.removeListener(onAlarm);
    Dexie.on('storagemutated').unsubscribe(onMutated);
  };
}
