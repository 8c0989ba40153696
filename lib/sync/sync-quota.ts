import type { Turn } from './turns';

/**
 * The quotas of `browser.storage.sync` (Chrome's numbers; Firefox's are the same or
 * looser) and how an item is measured against them: the key's length plus the JSON
 * text of its value, in UTF-8 bytes, as Chrome counts them.
 */
export const SYNC_QUOTA = {
  /** All items together. */
  QUOTA_BYTES: 102_400,
  /** One item, key included. */
  QUOTA_BYTES_PER_ITEM: 8_192,
  MAX_ITEMS: 512,
  /** `set`, `remove` and `clear` calls, whatever the number of keys in each. */
  MAX_WRITE_OPERATIONS_PER_MINUTE: 120,
  MAX_WRITE_OPERATIONS_PER_HOUR: 1_800,
} as const;

const encoder = new TextEncoder();

/** UTF-8 bytes of a string. */
export function utf8Bytes(text: string): number {
  return encoder.encode(text).length;
}

/** What one item costs against the quotas. */
export function itemBytes(key: string, value: unknown): number {
  return utf8Bytes(key) + utf8Bytes(JSON.stringify(value));
}

/** Bytes and items of a set of items, beside the quotas. */
export interface SyncUsage {
  bytes: number;
  items: number;
  quotaBytes: number;
  maxItems: number;
}

/** The usage of `items`. */
export function usageOf(items: Readonly<Record<string, unknown>>): SyncUsage {
  const usage = noUsage();
  for (const [key, value] of Object.entries(items)) countItem(usage, key, value);
  return usage;
}

/** usageOf, asking `turn` after each item (see turns.ts). */
export async function usageOfInTurns(items: Readonly<Record<string, unknown>>, turn: Turn): Promise<SyncUsage> {
  const usage = noUsage();
  for (const [key, value] of Object.entries(items)) {
    countItem(usage, key, value);
    const pause = turn();
    if (pause) await pause;
  }
  return usage;
}

const noUsage = (): SyncUsage => ({ bytes: 0, items: 0, quotaBytes: SYNC_QUOTA.QUOTA_BYTES, maxItems: SYNC_QUOTA.MAX_ITEMS });

function countItem(usage: SyncUsage, key: string, value: unknown): void {
  usage.bytes += itemBytes(key, value);
  usage.items++;
}

/** True when a usage is within the total byte and item quotas. */
export function fitsQuota(usage: SyncUsage): boolean {
  return usage.bytes <= usage.quotaBytes && usage.items <= usage.maxItems;
}
