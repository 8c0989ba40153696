/**
 * What the subscriptions panel shows, built from database records: plain values and
 * text, so that the panel is a view with no database handle. Field values are turned
 * into text here; the panel renders them as text nodes, never as HTML.
 */
import type { GlossaryList } from '../glossary/model';
import type { OverridableField } from './entry-override';
import { nextCheckAt } from './refresh-interval';
import type { ReviewItem } from './subscriptions';
import { isSubscription } from './subscriptions';

export interface SubscriptionView {
  listId: string;
  name: string;
  url: string;
  enabled: boolean;
  entryCount: number;
  checkedAt?: number;
  lastSuccessAt?: number;
  /** When the next scheduled check is due (ms since epoch); 0: at the next alarm. */
  nextCheckAt: number;
  /** The last update's error, in words (English details from the server or the file). */
  error?: string;
  version?: string;
}

export interface ReviewView {
  entryId: string;
  listId: string;
  term: string;
  field: OverridableField;
  mine: string;
  theirs: string;
}

/** The panel rows of the live subscriptions among `lists`, by name. */
export function subscriptionViews(lists: readonly GlossaryList[], entryCounts: ReadonlyMap<string, number>): SubscriptionView[] {
  return lists
    .filter(isSubscription)
    .map((list) => {
      const s = list.subscription;
      const view: SubscriptionView = {
        listId: list.id,
        name: list.name,
        url: s.url,
        enabled: list.enabled,
        entryCount: entryCounts.get(list.id) ?? 0,
        nextCheckAt: nextCheckAt(list),
      };
      if (s.checkedAt !== undefined) view.checkedAt = s.checkedAt;
      if (s.lastSuccessAt !== undefined) view.lastSuccessAt = s.lastSuccessAt;
      if (s.error !== undefined) view.error = s.error;
      if (s.version !== undefined) view.version = s.version;
      return view;
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** A review item with both values as text. */
export function reviewView(item: ReviewItem): ReviewView {
  return {
    entryId: item.entryId,
    listId: item.listId,
    term: item.term,
    field: item.field,
    mine: fieldText(item.mine),
    theirs: fieldText(item.theirs),
  };
}

/**
 * A field value as one line of text: lists joined with " | ", translations as
 * `en: a | b; fr: c`, a source as its title and URL, match options as JSON. Empty
 * values give "" (the panel says "empty").
 */
export function fieldText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return new Date(value).toISOString();
  if (Array.isArray(value)) return value.map(String).join(' | ');
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record.title === 'string' && typeof record.url === 'string') {
      return [record.title, record.url, typeof record.date === 'string' ? record.date : ''].filter(Boolean).join(' — ');
    }
    if (Object.values(record).every(Array.isArray)) {
      return Object.entries(record)
        .map(([lang, forms]) => `${lang}: ${(forms as unknown[]).map(String).join(' | ')}`)
        .join('; ');
    }
    return JSON.stringify(value);
  }
  return String(value);
}
