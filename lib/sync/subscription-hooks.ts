/**
 * The subscription functions the background exposes on its global scope
 * (`termlensBackground.subscriptions`), for the browser tests and DevTools: headless
 * Chromium cannot grant a permission prompt, so a test subscribes through the worker.
 * Results are plain JSON, because they cross `worker.evaluate`.
 */
import type { GlossaryDb } from '../glossary/db';
import type { GlossaryEntry, GlossaryList } from '../glossary/model';
import { editSubscribedEntry, subscribe, subscriptionReviews, updateSubscription, type ReviewItem } from './subscriptions';
import { SubscriptionError } from './subscription-error';

export type HookUpdateResult =
  | { status: 'not-modified' }
  | { status: 'updated'; counts: Record<string, number> }
  | { status: 'failed'; code: string; message: string };

export interface SubscriptionHooks {
  subscribe(url: string): Promise<GlossaryList | { code: string; message: string }>;
  update(listId: string): Promise<HookUpdateResult>;
  list(listId: string): Promise<GlossaryList | undefined>;
  entries(listId: string): Promise<GlossaryEntry[]>;
  edit(entryId: string, patch: Partial<GlossaryEntry>): Promise<GlossaryEntry>;
  reviews(listId?: string): Promise<ReviewItem[]>;
}

/** The hooks over the database `db`. */
export function subscriptionHooks(db: GlossaryDb): SubscriptionHooks {
  return {
    async subscribe(url) {
      try {
        return await subscribe(db, url);
      } catch (error) {
        if (error instanceof SubscriptionError) return { code: error.code, message: error.message };
        throw error;
      }
    },
    async update(listId) {
      const result = await updateSubscription(db, listId);
      if (result.status === 'failed') return { status: 'failed', code: result.error.code, message: result.error.message };
      return result;
    },
    list: (listId) => db.list.get(listId),
    entries: (listId) => db.entry.where('listId').equals(listId).toArray(),
    async edit(entryId, patch) {
      const row = await db.entry.get(entryId);
      if (!row) throw new Error(`no entry ${entryId}`);
      return editSubscribedEntry(db, { ...row, ...patch });
    },
    reviews: (listId) => subscriptionReviews(db, listId),
  };
}
