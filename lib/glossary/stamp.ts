/**
 * Time stamps of changes, for last-writer-wins sync (lib/sync/last-writer-wins.ts).
 *
 * Sync keeps the version of a record changed last, by its stamp. Browsers' clocks differ: a
 * browser whose clock is five minutes behind would stamp an edit it makes *after* taking another
 * browser's version with a time before that version's, and its edit would lose, in both
 * browsers. So a change is stamped no earlier than one past the record's last stamp: an edit made
 * after seeing a version always wins over it, whatever the clocks say. Only edits made without
 * seeing each other are ordered by the clocks.
 */

/** A record's last stamp: its `updatedAt`, or its deletion if later. */
export function lastStamp(record: { updatedAt: number; deletedAt?: number }): number {
  return Math.max(record.updatedAt, record.deletedAt ?? 0);
}

/** The stamp of a change made `now` to a record whose last stamp is `previous` (none: a new record). */
export function stampAfter(previous: number | undefined, now: number): number {
  return previous === undefined ? now : Math.max(now, previous + 1);
}
