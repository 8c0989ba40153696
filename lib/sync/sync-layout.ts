/**
 * How records are laid out as `storage.sync` items. A record is one item when it
 * fits QUOTA_BYTES_PER_ITEM (8 KB, key included); a larger one (an entry with a long
 * definition) is chunked: its JSON text is cut into parts `KEY#1`…`KEY#n`, and `KEY`
 * holds the number of parts and a hash of the whole. Sync may deliver the items of one
 * write to another browser one by one, so a record whose parts do not match its hash
 * is "incomplete" and left alone until the rest arrives.
 */
import { canonicalJson, hash64 } from './canonical-json';
import { itemBytes, SYNC_QUOTA, utf8Bytes } from './sync-quota';
import { recordKind, type SyncValue } from './sync-records';
import { noTurns, type Turn } from './turns';

const PARTS = '~parts';
const HASH = '~hash';

/**
 * The items that hold `records` (key → record). Deterministic: the same records give the same items.
 * `turn` is asked after each record (see turns.ts): a push lays out every entry of the glossary.
 */
export async function layoutRecords(records: ReadonlyMap<string, SyncValue>, turn: Turn = noTurns): Promise<Record<string, unknown>> {
  const items: Record<string, unknown> = {};
  for (const [key, value] of records) {
    layOutRecord(items, key, value);
    const pause = turn();
    if (pause) await pause;
  }
  return items;
}

/** Puts the item or items that hold one record into `items`. */
function layOutRecord(items: Record<string, unknown>, key: string, value: SyncValue): void {
  const canonical = JSON.parse(canonicalJson(value)) as SyncValue;
  if (itemBytes(key, canonical) <= SYNC_QUOTA.QUOTA_BYTES_PER_ITEM) {
    items[key] = canonical;
    return;
  }
  const text = JSON.stringify(canonical);
  const parts = cutIntoParts(key, text);
  items[key] = { [PARTS]: parts.length, [HASH]: hash64(text) };
  parts.forEach((part, i) => (items[partKey(key, i + 1)] = part));
}

/** The item that holds part `i` (from 1) of a record cut into parts. */
const partKey = (key: string, i: number): string => `${key}#${i}`;

/** Cuts `text` so that every `KEY#i` item with its piece as a JSON string fits one item. */
function cutIntoParts(key: string, text: string): string[] {
  // The longest part key this record can have (`#` and up to 4 digits: 512 items at most).
  const budget = SYNC_QUOTA.QUOTA_BYTES_PER_ITEM - utf8Bytes(`${key}#9999`) - 2;
  const parts: string[] = [];
  let start = 0;
  let size = 0;
  for (let i = 0; i < text.length; ) {
    const code = text.codePointAt(i)!;
    const width = code > 0xffff ? 2 : 1;
    const cost = utf8Bytes(JSON.stringify(text.slice(i, i + width))) - 2;
    if (size + cost > budget) {
      parts.push(text.slice(start, i));
      start = i;
      size = 0;
    }
    size += cost;
    i += width;
  }
  parts.push(text.slice(start));
  return parts;
}

export interface ReadRecords {
  /** Every complete record, by key. */
  records: Map<string, SyncValue>;
  /** Keys of chunked records whose parts are missing or do not match (still arriving). */
  incomplete: Set<string>;
}

/** Reads records back from items; items that are neither records nor parts are ignored. */
export function readRecords(items: Readonly<Record<string, unknown>>): ReadRecords {
  const records = new Map<string, SyncValue>();
  const incomplete = new Set<string>();
  for (const [key, value] of Object.entries(items)) {
    if (recordKind(key) === null || typeof value !== 'object' || value === null || Array.isArray(value)) continue;
    const head = value as Record<string, unknown>;
    if (!(PARTS in head)) {
      records.set(key, head);
      continue;
    }
    const count = head[PARTS];
    let text = '';
    let whole = typeof count === 'number' && Number.isInteger(count) && count > 0;
    for (let i = 1; whole && i <= (count as number); i++) {
      const part = items[partKey(key, i)];
      if (typeof part === 'string') text += part;
      else whole = false;
    }
    if (whole && hash64(text) === head[HASH]) {
      try {
        records.set(key, JSON.parse(text) as SyncValue);
        continue;
      } catch {
        // A part from another write: treat as still arriving.
      }
    }
    incomplete.add(key);
  }
  return { records, incomplete };
}

/** What record `key` costs in `items` (a layout, see layoutRecords): its item, and its parts' items if it was cut. */
export function recordBytes(items: Readonly<Record<string, unknown>>, key: string): number {
  const head = items[key];
  let bytes = itemBytes(key, head);
  const parts = typeof head === 'object' && head !== null && PARTS in head ? Number((head as Record<string, unknown>)[PARTS]) : 0;
  for (let i = 1; i <= parts; i++) bytes += itemBytes(partKey(key, i), items[partKey(key, i)]);
  return bytes;
}

/** The items of `all` that belong to the record `key` (its head and its parts). */
export function itemsOfRecord(all: Readonly<Record<string, unknown>>, key: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(all)) if (k === key || k.startsWith(`${key}#`)) out[k] = v;
  return out;
}
