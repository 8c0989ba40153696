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

/** Throws a RangeError unless `v` is an integer in [0, 2^28). */
function checkPackable(v: number): void {
  if (!(v >= 0 && v <= MAX && v === Math.floor(v))) throw new RangeError(`cannot pack ${v}`);
}

/** Packs non-negative integers up to 2^28 - 1 as varints; values below 16384 take one code unit. */
export function packUints(values: ArrayLike<number>): string {
  const units = new Uint16Array(values.length * 2);
  let p = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    checkPackable(v);
    if (v > PAYLOAD) units[p++] = BASE + MORE + (v >>> 14);
    units[p++] = BASE + (v & PAYLOAD);
  }
  return unitsToString(units, p);
}

/**
 * Unpacks `count` values that packUints packed; throws a RangeError if the string holds more or
 * fewer, or if a value is not below `limit`. The matcher reads packUints values in place
 * (smallUintAt) and never unpacks them; this is the inverse of packUints for its tests.
 */
export function unpackUints(packed: string, count: number, limit = MAX + 1): Int32Array {
  const out = new Int32Array(count);
  let p = 0;
  for (let i = 0; i < count; i++) {
    // NaN (past the end) and out-of-range units fail these tests.
    let u = packed.charCodeAt(p++) - BASE;
    if (!(u >= 0 && u <= MORE + PAYLOAD)) throw new RangeError('packed array ends too early or is malformed');
    if (u & MORE) {
      const low = packed.charCodeAt(p++) - BASE;
      if (!(low >= 0 && low <= PAYLOAD)) throw new RangeError('packed array ends too early or is malformed');
      u = ((u & PAYLOAD) << 14) | low;
    }
    if (u >= limit) throw new RangeError(`packed value ${u} is not in [0, ${limit})`);
    out[i] = u;
  }
  if (p !== packed.length) throw new RangeError('packed array is longer than its count');
  return out;
}

/**
 * Packs non-negative integers below 2^28 in exactly two units each, so that any of them can be
 * read in place (pairAt) with no pass over the others: a content script reads only the values a
 * page needs, where unpacking 70,000 offsets cost 8–11 ms of cold code per page.
 */
export function packPairs(values: ArrayLike<number>): string {
  const units = new Uint16Array(values.length * 2);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    checkPackable(v);
    units[2 * i] = BASE + (v >>> 14);
    units[2 * i + 1] = BASE + (v & PAYLOAD);
  }
  return unitsToString(units, units.length);
}

/**
 * Whether `packed` holds exactly `count` values that packPairs packed (two units each, every unit
 * in range). One native scan (a RegExp), no loop per value.
 */
export function isPackedInPairs(packed: string, count: number): boolean {
  return packed.length === 2 * count && !unitClass(`^${hexUnit(BASE)}-${hexUnit(BASE + PAYLOAD)}`).test(packed);
}

/** Value `i` of a string that isPackedInPairs accepted. */
export function pairAt(packed: string, i: number): number {
  return ((packed.charCodeAt(2 * i) - BASE) << 14) | (packed.charCodeAt(2 * i + 1) - BASE);
}

/**
 * Whether `packed` holds exactly `count` values, each packed in one unit and below `limit` (at
 * most 16384), so that smallUintAt can read them in place. One native scan (a RegExp): no loop per
 * value in a content script's cold code.
 */
export function isPackedBelow(packed: string, count: number, limit: number): boolean {
  if (!(limit >= 1 && limit <= PAYLOAD + 1)) throw new RangeError(`limit ${limit} is not in [1, ${PAYLOAD + 1}]`);
  return packed.length === count && !unitClass(`^${hexUnit(BASE)}-${hexUnit(BASE + limit - 1)}`).test(packed);
}

/** Whether a string that isPackedBelow accepted holds one of `values` (each below 16384). */
export function packedIncludesAny(packed: string, values: readonly number[]): boolean {
  return values.length > 0 && unitClass(values.map((v) => hexUnit(BASE + v)).join('')).test(packed);
}

/** Value `i` of a string that isPackedBelow accepted. */
export function smallUintAt(packed: string, i: number): number {
  return packed.charCodeAt(i) - BASE;
}

const unitClasses = new Map<string, RegExp>();
/** A RegExp of one character class, made once per class. */
function unitClass(inside: string): RegExp {
  let re = unitClasses.get(inside);
  if (!re) unitClasses.set(inside, (re = new RegExp(`[${inside}]`)));
  return re;
}
const hexUnit = (unit: number): string => `\\u${unit.toString(16).padStart(4, '0')}`;

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
