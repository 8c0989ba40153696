/**
 * Packs integer arrays into strings and back, for the compiled matcher. The compiled matcher travels
 * from the background to content scripts through extension messaging, which JSON-serialises, so it
 * must be plain data; strings of UTF-16 code units are the most compact plain data that JSON and
 * UTF-8 carry without loss, provided they hold no surrogates. Every string made here is free of
 * surrogates, so it survives JSON.stringify → UTF-8 → JSON.parse unchanged.
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

// Code units that must not appear as themselves: surrogates (JSON and UTF-8 cannot carry lone
// ones) and the escape unit itself.
const ESCAPE = 0xffff;
const ESCAPE_OFFSET = 0xd000;
// Made at run time: a bundler may write a literal U+FFFF as itself, and Chrome refuses a content
// script file that holds a noncharacter ("isn't UTF-8 encoded").
const ESCAPE_CHAR = String.fromCharCode(ESCAPE);

/** Packs 16-bit code units one to one, escaping surrogates and U+FFFF as two units. */
export function packCodeUnits(units: ArrayLike<number>): string {
  const out = new Uint16Array(units.length * 2);
  let p = 0;
  for (let i = 0; i < units.length; i++) {
    const c = units[i]!;
    if ((c >= 0xd800 && c <= 0xdfff) || c === ESCAPE) {
      out[p++] = ESCAPE;
      out[p++] = c - ESCAPE_OFFSET;
    } else out[p++] = c;
  }
  return unitsToString(out, p);
}

/** The text as packCodeUnits would pack its code units; the text itself when it has nothing to escape. */
export function packText(text: string): string {
  return /[\ud800-\udfff\uffff]/.test(text) ? packCodeUnits(stringUnits(text)) : text;
}

/** Unpacks `count` units that packCodeUnits packed; throws if the string holds more or fewer. */
export function unpackCodeUnits(packed: string, count: number): Uint16Array {
  const out = new Uint16Array(count);
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p >= packed.length) throw new RangeError('packed units are shorter than their count');
    let c = packed.charCodeAt(p++);
    if (c === ESCAPE) c = packed.charCodeAt(p++) + ESCAPE_OFFSET;
    out[i] = c;
  }
  if (p !== packed.length) throw new RangeError('packed units are longer than their count');
  return out;
}

/** Code units as a string, exactly: lone surrogates kept (TextDecoder would replace them). */
export function unitsAsString(units: Uint16Array): string {
  let s = '';
  for (let at = 0; at < units.length; at += 8192) {
    s += String.fromCharCode.apply(null, units.subarray(at, at + 8192) as unknown as number[]);
  }
  return s;
}

function stringUnits(s: string): Uint16Array {
  const units = new Uint16Array(s.length);
  for (let i = 0; i < s.length; i++) units[i] = s.charCodeAt(i);
  return units;
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
