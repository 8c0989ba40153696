/**
 * How often a subscribed list is checked. The list may ask (native JSON
 * `refreshMinutes`, else the response's `Cache-Control: max-age`), within a floor that
 * keeps a popular list from hammering its host and a ceiling that keeps a reader
 * from missing updates for weeks.
 */
import type { GlossaryList } from '../glossary/model';

export const MIN_REFRESH_MINUTES = 60;
export const MAX_REFRESH_MINUTES = 7 * 24 * 60;
export const DEFAULT_REFRESH_MINUTES = 24 * 60;
/** After a failed check, try again this soon (or at the list's own interval, if shorter). */
export const RETRY_MINUTES = 60;

const MINUTE = 60_000;

/** The interval a list asks for, clamped to [MIN, MAX]; the default when it asks for none. */
export function refreshMinutes(requested: number | undefined): number {
  if (requested === undefined || !Number.isFinite(requested) || requested <= 0) return DEFAULT_REFRESH_MINUTES;
  return Math.min(MAX_REFRESH_MINUTES, Math.max(MIN_REFRESH_MINUTES, Math.round(requested)));
}

/** `max-age` of a Cache-Control header in minutes, or undefined (also for `no-store`/`no-cache`). */
export function maxAgeMinutes(cacheControl: string | null): number | undefined {
  if (!cacheControl) return undefined;
  const match = /(?:^|,)\s*max-age\s*=\s*"?(\d+)"?/i.exec(cacheControl);
  if (!match) return undefined;
  return Number(match[1]) / 60;
}

/** When the subscription should next be checked (ms since epoch); 0 when never checked. */
export function nextCheckAt(list: Pick<GlossaryList, 'subscription'>): number {
  const state = list.subscription;
  if (!state || state.checkedAt === undefined) return 0;
  const interval = state.intervalMinutes ?? DEFAULT_REFRESH_MINUTES;
  const wait = state.error !== undefined ? Math.min(interval, RETRY_MINUTES) : interval;
  return state.checkedAt + wait * MINUTE;
}

/** True when the subscription is due for a check at `now`. */
export function isDue(list: Pick<GlossaryList, 'subscription'>, now: number): boolean {
  return nextCheckAt(list) <= now;
}
