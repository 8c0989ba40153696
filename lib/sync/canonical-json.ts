/**
 * A canonical text for plain data and a short hash of it. Records that are equal as
 * data must compare equal however their keys were ordered (IndexedDB, JSON files and
 * storage.sync each hand objects back in their own order), so every comparison and
 * every revision in lib/sync goes through here.
 */

/**
 * JSON with object keys sorted and `undefined` properties left out, so that two
 * values that mean the same data give the same string.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value)) ?? 'undefined';
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = sortKeys(v);
  }
  return out;
}

/** True when `a` and `b` are the same data (see {@link canonicalJson}). */
export function sameData(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/**
 * A 64-bit hash of a string as 16 hex digits (two independent 32-bit FNV-1a style
 * mixes). Not cryptographic: it names revisions and derives ids, where a collision
 * among one list's entries is what must not happen, and 64 bits make that negligible.
 * Synchronous, so that it can run inside a Dexie transaction without leaving it.
 */
export function hash64(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 13;
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 0x85ebca6b);
  h1 = Math.imul(h1 ^ (h1 >>> 13), 0xc2b2ae35);
  h1 ^= h1 >>> 16;
  h2 = Math.imul(h2 ^ (h2 >>> 16), 0x85ebca6b);
  h2 = Math.imul(h2 ^ (h2 >>> 13), 0xc2b2ae35);
  h2 ^= h2 >>> 16;
  return (h1 >>> 0).toString(16).padStart(8, '0') + (h2 >>> 0).toString(16).padStart(8, '0');
}
