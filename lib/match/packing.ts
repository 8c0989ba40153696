/**
 * Packs integer arrays into strings and back, for the compiled matcher, which must be plain JSON data:
 * one code unit per value below 16,384, where a JSON array would spend a digit per 3.3 bits and a
 * comma. No unit made here is a surrogate or a control character, so the strings survive
 * JSON.stringify → UTF-8 → JSON.parse unchanged.
 */

// Varint units: 14 bits of payload plus a continuation bit, offset so that no unit is a control
// character, and all lie far below the surrogates (0x30 + 0x7fff = 0x802f).
const BASE = 0x30;
const MORE = 0x4000;
const PAYLOAD = 0x3fff;
const MAX = 0x0fffffff;

/** Packs non-negative integers up to 2^28 - 1 as varints; values below 16384 take one code unit. */
export function packUints(values: ArrayLike<number>): string {
  const units = new Uint16Array(values.length * 2);
  let p = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!(v >= 0 && v <= MAX && v === Math.floor(v))) throw new RangeError(`cannot pack ${v}`);
    if (v > PAYLOAD) units[p++] = BASE + MORE + (v >>> 14);
    units[p++] = BASE + (v & PAYLOAD);
  }
  return unitsToString(units, p);
}

/** Unpacks `count` values that packUints packed; throws if the string holds more or fewer. */
export function unpackUints(packed: string, count: number): Int32Array {
  const out = new Int32Array(count);
  let p = 0;
  // One loop, no calls per value: a content script runs this once, in code not yet optimised.
  for (let i = 0; i < count; i++) {
    // NaN (past the end) and out-of-range units fail these tests.
    let u = packed.charCodeAt(p++) - BASE;
    if (!(u >= 0 && u <= MORE + PAYLOAD)) throw new RangeError('packed array ends too early or is malformed');
    if (u & MORE) {
      const low = packed.charCodeAt(p++) - BASE;
      if (!(low >= 0 && low <= PAYLOAD)) throw new RangeError('packed array ends too early or is malformed');
      u = ((u & PAYLOAD) << 14) | low;
    }
    out[i] = u;
  }
  if (p !== packed.length) throw new RangeError('packed array is longer than its count');
  return out;
}

const utf16 = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? new TextDecoder('utf-16le', { ignoreBOM: true }) : undefined;

/** The first `length` units as a string. Units here are never surrogates, so TextDecoder is exact. */
function unitsToString(units: Uint16Array, length: number): string {
  const view = units.subarray(0, length);
  if (utf16) return utf16.decode(view);
  const parts: string[] = [];
  for (let at = 0; at < length; at += 8192) {
    parts.push(String.fromCharCode.apply(null, view.subarray(at, at + 8192) as unknown as number[]));
  }
  return parts.join('');
}
