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

/** Packs non-negative integers below 2^28 as varints; small values take one code unit. */
export function packUints(values: ArrayLike<number>): string {
  const units: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!(v >= 0 && v < 0x10000000 && Number.isInteger(v))) throw new RangeError(`cannot pack ${v}`);
    if (v > PAYLOAD) units.push(BASE + MORE + (v >>> 14));
    units.push(BASE + (v & PAYLOAD));
  }
  return fromUnits(units);
}

/** Unpacks what packUints packed, into an Int32Array of `count` values; throws if it doesn't fit. */
export function unpackUints(packed: string, count: number): Int32Array {
  const out = new Int32Array(count);
  let p = 0;
  for (let i = 0; i < count; i++) {
    let v = 0;
    let u: number;
    do {
      u = packed.charCodeAt(p++) - BASE;
      if (!(u >= 0)) throw new RangeError('packed array is shorter than its count');
      v = (v << 14) | (u & PAYLOAD);
    } while (u & MORE);
    out[i] = v;
  }
  if (p !== packed.length) throw new RangeError('packed array is longer than its count');
  return out;
}

// Code units that must not appear as themselves: surrogates (JSON and UTF-8 cannot carry lone
// ones) and the escape unit itself.
const ESCAPE = 0xffff;
const ESCAPE_OFFSET = 0xd000;

/** Packs 16-bit code units one to one, escaping surrogates and U+FFFF as two units. */
export function packCodeUnits(units: ArrayLike<number>): string {
  const out: number[] = [];
  for (let i = 0; i < units.length; i++) {
    const c = units[i]!;
    if ((c >= 0xd800 && c <= 0xdfff) || c === ESCAPE) out.push(ESCAPE, c - ESCAPE_OFFSET);
    else out.push(c);
  }
  return fromUnits(out);
}

/** Unpacks what packCodeUnits packed, into a Uint16Array of `count` units; throws if it doesn't fit. */
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

function fromUnits(units: number[]): string {
  const parts: string[] = [];
  for (let at = 0; at < units.length; at += 8192) {
    parts.push(String.fromCharCode.apply(null, units.slice(at, at + 8192)));
  }
  return parts.join('');
}
