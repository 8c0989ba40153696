/**
 * The distinct keys of a compile, each numbered in the order it was first added: an
 * open-addressing hash table over two typed arrays, sized once for the most keys it will hold.
 *
 * Hand-written rather than a `Map` (docs/architecture.md, "Compiling: few allocations"): for the
 * realistic 10,000-entry glossary's 20,000 forms a `Map` took 8–14 ms and allocated 2.7 MB of
 * the compile's 12 MB of garbage (Node 20), and that garbage, collected in the service worker
 * beside a heap that holds the whole glossary, was what made compiles of the same glossary take
 * 28 ms one time and 120 ms the next.
 *
 * The hash starts from a random seed, and its last steps mix every bit into the low bits that
 * pick a slot: a glossary (a subscription is written by someone else) cannot be made of keys that
 * all land in one slot whatever the seed, which would make adding them quadratic.
 */
export class KeyTable {
  /** The keys by number. */
  readonly keys: string[] = [];
  /** How many slots `add` and `indexOf` have looked at so far: about one per call while keys spread well. */
  probes = 0;
  /** Per slot: the key's number + 1, or 0 when the slot is empty. */
  readonly #slots: Int32Array;
  /** Per slot: the key's full hash, compared before the strings are. */
  readonly #hashes: Int32Array;
  readonly #mask: number;
  readonly #seed: number;

  /** `capacity`: the most keys that will be added (the table never grows). */
  constructor(capacity: number, seed: number = (Math.random() * 0x1_0000_0000) | 0) {
    let size = 16;
    // At most half full: linear probing stays short.
    while (size < capacity * 2) size *= 2;
    this.#slots = new Int32Array(size);
    this.#hashes = new Int32Array(size);
    this.#mask = size - 1;
    this.#seed = seed;
  }

  /** The number of `key`, which is added if it is new. Throws when `capacity` keys are already in. */
  add(key: string): number {
    const h = this.#hash(key);
    const s = this.#slotOf(key, h);
    const at = this.#slots[s]!;
    if (at !== 0) return at - 1;
    const keys = this.keys;
    if (keys.length * 2 >= this.#slots.length) throw new RangeError('KeyTable: more keys than its capacity');
    keys.push(key);
    this.#slots[s] = keys.length;
    this.#hashes[s] = h;
    return keys.length - 1;
  }

  /** The number of `key`, or -1 if it was never added. */
  indexOf(key: string): number {
    return this.#slots[this.#slotOf(key, this.#hash(key))]! - 1;
  }

  /** The slot that holds `key` (whose hash is `h`), or the empty slot where it would go. */
  #slotOf(key: string, h: number): number {
    const slots = this.#slots;
    const mask = this.#mask;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      this.probes++;
      const at = slots[s]!;
      if (at === 0 || (this.#hashes[s] === h && this.keys[at - 1] === key)) return s;
    }
  }

  /** FNV-1a over the code units from a seeded start, then MurmurHash3's finaliser. */
  #hash(key: string): number {
    let h = this.#seed ^ 0x811c9dc5;
    for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    return h ^ (h >>> 16);
  }
}
