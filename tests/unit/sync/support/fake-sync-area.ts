/**
 * A `storage.sync` shared by simulated browsers, enforcing Chrome's quotas the way
 * Chrome does: a `set` that would break a quota fails whole with a "quota exceeded"
 * error and changes nothing. fakeBrowser's storage.sync enforces none of them and is
 * one global, so two browsers in one test need this instead.
 */
import { itemBytes, SYNC_QUOTA } from '@/lib/sync/sync-quota';
import type { SyncArea } from '@/lib/sync/browser-sync';

export type ChangeListener = (changes: Record<string, { oldValue?: unknown; newValue?: unknown }>) => void;

export class FakeSyncArea implements SyncArea {
  readonly #data = new Map<string, string>();
  readonly #writes: number[] = [];
  readonly #listeners = new Set<ChangeListener>();
  /** Every write operation, in order: for assertions about what was written. */
  readonly log: { op: 'set' | 'remove'; keys: string[] }[] = [];
  now: () => number;
  /** Quotas; tests may lower them to reach the limits with small data. */
  quota: { bytes: number; perItem: number; items: number; writesPerMinute: number };

  constructor(now: () => number = Date.now, quota: Partial<FakeSyncArea['quota']> = {}) {
    this.now = now;
    this.quota = {
      bytes: SYNC_QUOTA.QUOTA_BYTES,
      perItem: SYNC_QUOTA.QUOTA_BYTES_PER_ITEM,
      items: SYNC_QUOTA.MAX_ITEMS,
      writesPerMinute: SYNC_QUOTA.MAX_WRITE_OPERATIONS_PER_MINUTE,
      ...quota,
    };
  }

  async get(): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = {};
    for (const [key, json] of this.#data) out[key] = JSON.parse(json);
    return out;
  }

  async set(items: Record<string, unknown>): Promise<void> {
    this.#countWrite();
    const next = new Map(this.#data);
    for (const [key, value] of Object.entries(items)) {
      if (value === undefined) continue;
      if (itemBytes(key, value) > this.quota.perItem) throw new Error(`QUOTA_BYTES_PER_ITEM quota exceeded (${key})`);
      next.set(key, JSON.stringify(value));
    }
    if (next.size > this.quota.items) throw new Error('MAX_ITEMS quota exceeded');
    let total = 0;
    for (const [key, json] of next) total += itemBytes(key, JSON.parse(json));
    if (total > this.quota.bytes) throw new Error('QUOTA_BYTES quota exceeded');
    const changes: Record<string, { oldValue?: unknown; newValue?: unknown }> = {};
    for (const key of Object.keys(items)) {
      const before = this.#data.get(key);
      changes[key] = { oldValue: before === undefined ? undefined : JSON.parse(before), newValue: items[key] };
    }
    for (const [key, json] of next) this.#data.set(key, json);
    this.log.push({ op: 'set', keys: Object.keys(items) });
    this.#emit(changes);
  }

  async remove(keys: string[]): Promise<void> {
    this.#countWrite();
    const changes: Record<string, { oldValue?: unknown }> = {};
    for (const key of keys) {
      const before = this.#data.get(key);
      if (before !== undefined) changes[key] = { oldValue: JSON.parse(before) };
      this.#data.delete(key);
    }
    this.log.push({ op: 'remove', keys });
    this.#emit(changes);
  }

  /** Bytes and items held now. */
  usage(): { bytes: number; items: number } {
    let bytes = 0;
    for (const [key, json] of this.#data) bytes += itemBytes(key, JSON.parse(json));
    return { bytes, items: this.#data.size };
  }

  /** The raw items (for checking that nothing was half-written). */
  snapshot(): Map<string, string> {
    return new Map(this.#data);
  }

  onChanged(listener: ChangeListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #countWrite(): void {
    const now = this.now();
    while (this.#writes.length > 0 && this.#writes[0]! <= now - 60_000) this.#writes.shift();
    if (this.#writes.length >= this.quota.writesPerMinute) throw new Error('MAX_WRITE_OPERATIONS_PER_MINUTE quota exceeded');
    this.#writes.push(now);
  }

  #emit(changes: Record<string, { oldValue?: unknown; newValue?: unknown }>): void {
    if (Object.keys(changes).length === 0) return;
    for (const listener of this.#listeners) listener(changes);
  }
}
