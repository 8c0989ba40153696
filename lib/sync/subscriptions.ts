/**
 * Subscriptions (design: "Subscriptions"; issue 6, point 3): a list published at a
 * URL, fetched on a schedule and on demand, validated, then swapped in atomically.
 * A failed or invalid update keeps the last good copy and records the error. The
 * reader's edits to subscribed entries are overrides (entry-override.ts) that survive
 * every update.
 *
 * Safety: the fetched file is only ever data for the one list it was subscribed as.
 * Its rows get ids derived from that list's id, every row written is checked to belong
 * to it, and the list's own settings (name, colour, switch, priority) and the reader's
 * settings are never taken from the file.
 */
import type { GlossaryDb } from '../glossary/db';
import type { GlossaryEntry, GlossaryList, SubscriptionState } from '../glossary/model';
import { newId } from '../glossary/model';
import { lastStamp, stampAfter } from '../glossary/stamp';
import { nextColor } from '../glossary/list-store';
import { t } from '../i18n';
import { fetchList, type FetchedList, type FetchLike } from './fetch-list';
import {
  clearedOverride,
  effectiveEntry,
  entryContent,
  liveOverride,
  overrideAfterEdit,
  resolveReviewField,
  upstreamBehind,
  type EntryOverride,
  type OverridableField,
} from './entry-override';
import { keptListId, planSubscriptionUpdate, type SubscriptionUpdatePlan } from './plan-subscription-update';
import { isDue, refreshMinutes } from './refresh-interval';
import { SubscriptionError } from './subscription-error';
import { checkSubscriptionUrl } from './subscription-url';

export interface SubscriptionOptions {
  fetch?: FetchLike;
  /** The clock (tests pass their own). */
  now?: () => number;
  /** The name of the reader's list that keeps edited entries a subscription dropped. */
  keptListName?: (subscribedListName: string) => string;
}

export type UpdateResult =
  | { status: 'not-modified' }
  | { status: 'updated'; counts: SubscriptionUpdatePlan['counts'] }
  | { status: 'failed'; error: SubscriptionError };

/** True for a live list that is a subscription. */
export function isSubscription(list: GlossaryList): list is GlossaryList & { subscription: SubscriptionState } {
  return list.origin === 'subscription' && list.subscription !== undefined && list.deletedAt === undefined;
}

/**
 * Subscribes to the list at `url`: checks the URL (http/https only), fetches and
 * validates the list, then creates the subscribed list with its entries in one
 * transaction. Nothing is stored when any step fails: the SubscriptionError says why.
 * A URL already subscribed is refused. Returns the new list.
 */
export async function subscribe(db: GlossaryDb, input: string, options: SubscriptionOptions = {}): Promise<GlossaryList> {
  const url = checkSubscriptionUrl(input);
  const now = options.now ?? Date.now;
  if (await findSubscription(db, url)) throw new SubscriptionError('already-subscribed', 'This list is already subscribed.');
  const fetched = await fetchList(url, {}, { fetch: options.fetch });
  if (fetched.kind !== 'list') throw new SubscriptionError('http-status', 'The server answered 304 Not Modified to a first request.');
  return db.transaction('rw', [db.list, db.entry, db.override], async () => {
    if (await findSubscription(db, url)) throw new SubscriptionError('already-subscribed', 'This list is already subscribed.');
    const lists = await db.list.toArray();
    const at = now();
    const list: GlossaryList = {
      id: newId(),
      name: fetched.list.name.trim() || url,
      color: nextColor(lists),
      enabled: true,
      priority: 0,
      origin: 'subscription',
      subscription: { url },
      createdAt: at,
      updatedAt: at,
    };
    await db.list.add(list);
    await swapIn(db, list, fetched, at, options);
    return (await db.list.get(list.id))!;
  });
}

async function findSubscription(db: GlossaryDb, url: string): Promise<GlossaryList | undefined> {
  const lists = await db.list.toArray();
  return lists.find((l) => isSubscription(l) && l.subscription.url === url);
}

const inFlight = new Map<string, Promise<UpdateResult>>();

/**
 * Checks the subscribed list `listId` for a new copy ("update now", and the schedule).
 * - 304: only `checkedAt` changes (and the error is cleared: the good copy is current).
 * - 200 with a valid list: its entries are swapped in, in one transaction, and
 *   `etag`, `lastModified`, `version`, `intervalMinutes`, `lastSuccessAt` are stored.
 * - anything else (network, HTTP error, not a list, invalid): the entries stay as they
 *   were, `lastSuccessAt` stays, and `error` says what happened.
 * Two calls for one list at once share one fetch. Throws only when `listId` is not a
 * live subscription.
 */
export function updateSubscription(db: GlossaryDb, listId: string, options: SubscriptionOptions = {}): Promise<UpdateResult> {
  const running = inFlight.get(listId);
  if (running) return running;
  const job = runUpdate(db, listId, options).finally(() => inFlight.delete(listId));
  inFlight.set(listId, job);
  return job;
}

async function runUpdate(db: GlossaryDb, listId: string, options: SubscriptionOptions): Promise<UpdateResult> {
  const now = options.now ?? Date.now;
  const list = await db.list.get(listId);
  if (!list || !isSubscription(list)) throw new SubscriptionError('not-found', 'This list is not a subscription.');
  const state = list.subscription;
  let fetched: FetchedList;
  try {
    const validators = { etag: state.etag, lastModified: state.lastModified };
    fetched = await fetchList(state.url, validators, { fetch: options.fetch });
  } catch (error) {
    const failure = error instanceof SubscriptionError ? error : new SubscriptionError('network', String(error));
    await recordState(db, listId, state.url, (s) => ({ ...s, checkedAt: now(), error: failure.message }));
    return { status: 'failed', error: failure };
  }
  if (fetched.kind === 'not-modified') {
    await recordState(db, listId, state.url, (s) => {
      const { error: _cleared, ...rest } = s;
      return { ...rest, checkedAt: now() };
    });
    return { status: 'not-modified' };
  }
  try {
    const counts = await db.transaction('rw', [db.list, db.entry, db.override], async () => {
      const current = await db.list.get(listId);
      // Unsubscribed, or pointed elsewhere, while the fetch ran: this copy is not its.
      if (!current || !isSubscription(current) || current.subscription.url !== state.url) {
        throw new SubscriptionError('not-found', 'The subscription changed while it was being updated.');
      }
      return swapIn(db, current, fetched, now(), options);
    });
    return { status: 'updated', counts };
  } catch (error) {
    const failure = error instanceof SubscriptionError ? error : new SubscriptionError('invalid-list', error instanceof Error ? error.message : String(error));
    if (failure.code !== 'not-found') {
      await recordState(db, listId, state.url, (s) => ({ ...s, checkedAt: now(), error: failure.message }));
    }
    return { status: 'failed', error: failure };
  }
}

/** Writes the new copy into the list; must run inside a rw transaction on list, entry, override. */
async function swapIn(
  db: GlossaryDb,
  list: GlossaryList,
  fetched: Extract<FetchedList, { kind: 'list' }>,
  at: number,
  options: SubscriptionOptions,
): Promise<SubscriptionUpdatePlan['counts']> {
  const [existing, overrides] = await Promise.all([
    db.entry.where('listId').equals(list.id).toArray(),
    db.override.where('listId').equals(list.id).toArray(),
  ]);
  const plan = planSubscriptionUpdate({
    listId: list.id,
    existing,
    overrides: new Map(overrides.map((o) => [o.entryId, o])),
    upstream: fetched.list.entries,
    now: at,
  });
  if (plan.put.some((e) => e.listId !== list.id) || plan.putOverrides.some((o) => o.listId !== list.id)) {
    throw new Error('refused: a subscribed list may only write its own entries');
  }
  if (plan.kept.length > 0) {
    const keptId = await ensureKeptList(db, list, at, options);
    await db.entry.bulkPut(plan.kept.map((e) => ({ ...e, listId: keptId })));
  }
  await db.entry.bulkDelete(plan.remove);
  await db.entry.bulkPut(plan.put);
  await db.override.bulkDelete(plan.removeOverrides);
  await db.override.bulkPut(plan.putOverrides);
  const { error: _cleared, ...state } = list.subscription ?? { url: '' };
  const next: SubscriptionState = { ...state, checkedAt: at, lastSuccessAt: at };
  delete next.etag;
  delete next.lastModified;
  delete next.version;
  if (fetched.etag !== undefined) next.etag = fetched.etag;
  if (fetched.lastModified !== undefined) next.lastModified = fetched.lastModified;
  if (fetched.list.revision !== undefined) next.version = fetched.list.revision;
  next.intervalMinutes = refreshMinutes(fetched.list.refreshMinutes ?? fetched.maxAgeMinutes);
  await db.list.update(list.id, { subscription: next });
  return plan.counts;
}

async function ensureKeptList(db: GlossaryDb, from: GlossaryList, at: number, options: SubscriptionOptions): Promise<string> {
  const id = keptListId(from.id);
  const kept = await db.list.get(id);
  if (kept && kept.deletedAt === undefined) return id;
  if (kept) {
    // The reader deleted it earlier; bring it back rather than hide their edits in the trash.
    const { deletedAt: _revived, ...live } = kept;
    await db.list.put({ ...live, updatedAt: stampAfter(lastStamp(kept), at) });
    return id;
  }
  await db.list.add({
    id,
    name: (options.keptListName ?? defaultKeptListName)(from.name),
    color: from.color,
    enabled: true,
    priority: from.priority,
    origin: 'local',
    createdAt: at,
    updatedAt: at,
  });
  return id;
}

function defaultKeptListName(name: string): string {
  try {
    const text = t('subscriptionKeptListName', name);
    if (text !== 'subscriptionKeptListName') return text;
  } catch {
    // No i18n here (unit tests): fall through to the English name.
  }
  return `${name} (kept edits)`;
}

/** Changes the list's subscription state in a transaction, if it is still the same subscription. */
async function recordState(
  db: GlossaryDb,
  listId: string,
  url: string,
  change: (state: SubscriptionState) => SubscriptionState,
): Promise<void> {
  await db.transaction('rw', db.list, async () => {
    const list = await db.list.get(listId);
    if (!list || !isSubscription(list) || list.subscription.url !== url) return;
    await db.list.update(listId, { subscription: change(list.subscription) });
  });
}

/**
 * Checks every live subscription that is due (see refresh-interval.ts), one after
 * another so that a reader with many lists does not open many connections at once.
 */
export async function updateDueSubscriptions(db: GlossaryDb, options: SubscriptionOptions = {}): Promise<Map<string, UpdateResult>> {
  const now = (options.now ?? Date.now)();
  const due = (await db.list.toArray()).filter((l) => isSubscription(l) && isDue(l, now));
  const results = new Map<string, UpdateResult>();
  for (const list of due) {
    try {
      results.set(list.id, await updateSubscription(db, list.id, options));
    } catch (error) {
      // Unsubscribed meanwhile: nothing to do.
      if (!(error instanceof SubscriptionError)) throw error;
    }
  }
  return results;
}

/**
 * Unsubscribes: the list becomes a tombstone (so that browser sync carries the
 * unsubscription), and its entries and overrides are deleted — the contents can be
 * fetched again, and the reader's kept list is left alone.
 */
export async function unsubscribe(db: GlossaryDb, listId: string, now = Date.now()): Promise<void> {
  await db.transaction('rw', [db.list, db.entry, db.override], async () => {
    const list = await db.list.get(listId);
    if (!list || list.origin !== 'subscription') return;
    await dropSubscriptionContents(db, listId);
    if (list.deletedAt === undefined) {
      const at = stampAfter(lastStamp(list), now);
      await db.list.update(listId, { deletedAt: at, updatedAt: at });
    }
  });
}

/** Deletes a subscribed list's entries and overrides; must run inside a rw transaction on entry and override. */
export async function dropSubscriptionContents(db: GlossaryDb, listId: string): Promise<void> {
  await db.entry.where('listId').equals(listId).delete();
  await db.override.where('listId').equals(listId).delete();
}

/**
 * Saves the reader's edit of a subscribed entry: the entry row shows `edited`, and the
 * fields that differ from upstream are stored as the entry's override, so that the
 * next update keeps them. (The editor calls this instead of saving the row directly
 * when the entry's list is a subscription.) Returns the stored row.
 */
export async function editSubscribedEntry(db: GlossaryDb, edited: GlossaryEntry, now = Date.now()): Promise<GlossaryEntry> {
  return db.transaction('rw', [db.list, db.entry, db.override], async () => {
    const [row, list, stored] = await Promise.all([db.entry.get(edited.id), db.list.get(edited.listId), db.override.get(edited.id)]);
    if (!row || !list || list.origin !== 'subscription' || row.listId !== list.id) {
      throw new SubscriptionError('not-found', 'This entry is not part of a subscribed list.');
    }
    const previous = liveOverride(stored);
    const upstream = upstreamBehind(row, previous);
    // After the override's last stamp, whatever this browser's clock says (stamp.ts).
    const at = stampAfter(stored?.updatedAt, now);
    const next = overrideAfterEdit(upstream, previous, entryContent(edited), at);
    // Every change taken back: a tombstone, so that sync takes it back in the other browsers too.
    if (next) await db.override.put(next);
    else if (previous) await db.override.put(clearedOverride(edited.id, list.id, at));
    const shown = effectiveEntry(upstream, next);
    shown.updatedAt = Math.max(now, row.updatedAt + 1);
    await db.entry.put(shown);
    return shown;
  });
}

/** One field of a subscribed entry that both the reader and upstream changed. */
export interface ReviewItem {
  entryId: string;
  listId: string;
  /** The entry's headword as the reader sees it. */
  term: string;
  field: OverridableField;
  mine: unknown;
  theirs: unknown;
}

/** Every field flagged for review, optionally of one list only, in entry order. */
export async function subscriptionReviews(db: GlossaryDb, listId?: string): Promise<ReviewItem[]> {
  const overrides = listId === undefined ? await db.override.toArray() : await db.override.where('listId').equals(listId).toArray();
  const flagged = overrides.filter((o) => o.review.length > 0);
  const rows = await db.entry.bulkGet(flagged.map((o) => o.entryId));
  const items: ReviewItem[] = [];
  flagged.forEach((o, i) => {
    const row = rows[i];
    for (const field of o.review) {
      items.push({ entryId: o.entryId, listId: o.listId, term: row?.term ?? '', field, mine: o.mine[field], theirs: o.upstream[field] });
    }
  });
  return items;
}

/**
 * Settles a field under review: `mine` keeps the reader's value, `theirs` takes
 * upstream's and drops the reader's change of that field.
 */
export async function resolveReview(
  db: GlossaryDb,
  entryId: string,
  field: OverridableField,
  choice: 'mine' | 'theirs',
  now = Date.now(),
): Promise<void> {
  await db.transaction('rw', db.entry, db.override, async () => {
    const [row, stored] = await Promise.all([db.entry.get(entryId), db.override.get(entryId)]);
    const override = liveOverride(stored);
    if (!row || !override) return;
    const upstream = upstreamBehind(row, override);
    const at = stampAfter(override.updatedAt, now);
    const next = resolveReviewField(override, field, choice, at);
    if (next) await db.override.put(next);
    else await db.override.put(clearedOverride(entryId, override.listId, at));
    const shown = effectiveEntry(upstream, next);
    shown.updatedAt = Math.max(now, row.updatedAt + 1);
    await db.entry.put(shown);
  });
}

/** The override of one entry, if the reader changed it (a tombstone is no change). */
export async function overrideOf(db: GlossaryDb, entryId: string): Promise<EntryOverride | undefined> {
  return liveOverride(await db.override.get(entryId));
}
