/**
 * What a new copy of a subscribed list does to the database, computed without
 * touching it: which rows to write and delete, which overrides change, and which
 * edited entries move to the reader's own list. Pure, so that the rules can be
 * tested as a table; `subscriptions.ts` applies the plan in one transaction.
 */
import type { GlossaryEntry } from '../glossary/model';
import type { ExchangeEntry } from '../exchange/bundle';
import { termKey } from '../exchange/check-duplicates';
import { hash64, sameData } from './canonical-json';
import { DAY_MS, TOMBSTONE_DAYS } from './sync-records';
import { stampAfter } from '../glossary/stamp';
import {
  clearedOverride,
  effectiveEntry,
  isCleared,
  liveOverride,
  UNKNOWN_UPSTREAM,
  entryContent,
  onlyHides,
  reconcileOverride,
  upstreamBehind,
  type EntryOverride,
} from './entry-override';

/**
 * The database id of an upstream entry. Derived from the list's id and the entry's
 * own id in the file (or its term, when the file has no ids), so that it is the same
 * at every update and on every browser, and can never be the id of an entry of
 * another list: a published file cannot reach rows that are not its own.
 */
export function subscribedEntryId(listId: string, entry: Pick<ExchangeEntry, 'id' | 'term'>): string {
  const key = entry.id !== undefined ? `id:${entry.id}` : `term:${termKey(entry.term)}`;
  return `${listId}:${hash64(key)}`;
}

/** The id of the reader's own list that keeps edited entries a subscription dropped. */
export function keptListId(subscriptionListId: string): string {
  return `kept-${subscriptionListId}`;
}

/** The id an edited entry gets when it moves to the kept list (the same on every browser). */
export function keptEntryId(entryId: string): string {
  return `kept-${hash64(entryId)}${hash64(`kept:${entryId}`)}`;
}

export interface SubscriptionUpdateInput {
  listId: string;
  /** The list's rows now (effective entries, trashed ones included). */
  existing: readonly GlossaryEntry[];
  /** The overrides of the list's entries, by entry id (tombstones included: clearedOverride). */
  overrides: ReadonlyMap<string, EntryOverride>;
  /** The list's entries in the new copy, already validated. */
  upstream: readonly ExchangeEntry[];
  now: number;
}

export interface SubscriptionUpdatePlan {
  /** Rows to write (new or changed effective entries); every one has `listId` of the list. */
  put: GlossaryEntry[];
  /** Row ids to delete from the list. */
  remove: string[];
  /** Edited entries that upstream dropped, as new rows of the kept list (listId still to be set). */
  kept: GlossaryEntry[];
  /** Overrides to write: changed ones, and tombstones of those no field is left in. */
  putOverrides: EntryOverride[];
  /** Overrides to delete without trace (see the end of planSubscriptionUpdate). */
  removeOverrides: string[];
  counts: { added: number; changed: number; unchanged: number; removed: number; kept: number; flagged: number };
}

/**
 * Plans an update. Rules (issue 6, point 3):
 * - an upstream entry keeps its row id across updates (see {@link subscribedEntryId});
 * - the reader's override is reconciled with the new upstream (see `reconcileOverride`)
 *   and laid on top again; a field both changed is flagged for review;
 * - an entry that left the upstream list is deleted, unless the reader had edited it
 *   (beyond only trashing it): then it moves to the reader's own list as they see it;
 * - private notes are the reader's: upstream notes are not taken;
 * - an override that ends (upstream came round to the reader's values, or dropped the entry)
 *   leaves a tombstone, which browser sync carries to the reader's other browsers.
 */
export function planSubscriptionUpdate(input: SubscriptionUpdateInput): SubscriptionUpdatePlan {
  const { listId, now } = input;
  const existing = new Map(input.existing.map((e) => [e.id, e]));
  const plan: SubscriptionUpdatePlan = {
    put: [],
    remove: [],
    kept: [],
    putOverrides: [],
    removeOverrides: [],
    counts: { added: 0, changed: 0, unchanged: 0, removed: 0, kept: 0, flagged: 0 },
  };
  const seen = new Set<string>();
  for (const entry of input.upstream) {
    const id = subscribedEntryId(listId, entry);
    if (seen.has(id)) throw new Error(`two entries of the list have the same identity (${entry.id ?? entry.term})`);
    seen.add(id);
    const row = existing.get(id);
    const override = liveOverride(input.overrides.get(id));
    const previous = row ? upstreamBehind(row, override) : undefined;
    const upstream: GlossaryEntry = {
      id,
      listId,
      ...entryContent({ ...entry, note: '' }),
      createdAt: row?.createdAt ?? entry.createdAt ?? now,
      updatedAt: row?.updatedAt ?? entry.updatedAt ?? now,
    };
    // The reader's trash is an override, never upstream's: a file cannot trash a row.
    delete upstream.deletedAt;
    const contentChanged = previous !== undefined && !sameData(entryContent(previous), entryContent(upstream));
    if (contentChanged) upstream.updatedAt = Math.max(now, (row?.updatedAt ?? 0) + 1);
    const next = override ? reconcileOverride(override, upstream, now) : undefined;
    if (override && !next) plan.putOverrides.push(clearedOverride(id, listId, stampAfter(override.updatedAt, now)));
    else if (next && !sameData(next, override)) plan.putOverrides.push(next);
    if (next && next.review.length > 0) plan.counts.flagged++;
    const shown = effectiveEntry(upstream, next);
    if (!row) {
      plan.put.push(shown);
      plan.counts.added++;
    } else if (!sameData(shown, row)) {
      plan.put.push(shown);
      plan.counts.changed++;
    } else plan.counts.unchanged++;
  }
  for (const row of input.existing) {
    if (seen.has(row.id)) continue;
    plan.remove.push(row.id);
    const override = liveOverride(input.overrides.get(row.id));
    if (override) plan.putOverrides.push(clearedOverride(row.id, listId, stampAfter(override.updatedAt, now)));
    if (override && !onlyHides(override)) {
      plan.kept.push({ ...structuredClone(row), id: keptEntryId(row.id), updatedAt: now });
      plan.counts.kept++;
    } else plan.counts.removed++;
  }
  // Overrides whose row is gone (purged from the trash) and whose entry upstream dropped: deleted
  // without a tombstone, since nothing here was taken back. Kept a while, as sync keeps
  // tombstones: a tombstone, and an edit that browser sync brought for an entry this copy of the
  // list does not hold (never laid on here); deleted, sync would bring it back at once, and the
  // next update delete it again.
  const aged = now - TOMBSTONE_DAYS * DAY_MS;
  for (const [id, override] of input.overrides) {
    if (seen.has(id) || existing.has(id)) continue;
    const waiting = isCleared(override) || override.upstreamRevision === UNKNOWN_UPSTREAM;
    if (!waiting || override.updatedAt < aged) plan.removeOverrides.push(id);
  }
  return plan;
}
