/**
 * Bytes to text for imports. Every TermLens format is UTF-8; a file in another encoding
 * (GB18030 from an old Windows spreadsheet, UTF-16 from Excel's "Unicode text") is
 * rejected with an error that says so, rather than imported as mojibake.
 */
import { fail } from './import-error';

/**
 * Decodes a file as UTF-8 and drops a leading byte order mark. Throws an ImportError
 * (`utf16`) for a UTF-16 byte order mark, and (`not-utf8`) for any byte sequence that is
 * not UTF-8, naming the line and the byte offset of the first bad byte.
 */
export function decodeText(bytes: Uint8Array): string {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    const order = bytes[0] === 0xff ? 'little-endian' : 'big-endian';
    fail('utf16', { line: 1 }, `The file is UTF-16 (${order}), not UTF-8. Save it again as "CSV UTF-8" or UTF-8 text.`, {
      encoding: `UTF-16 ${order}`,
    });
  }
  try {
    // ignoreBOM: false means "consume the BOM", so a UTF-8 BOM never reaches the parsers.
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    const offset = firstInvalidByte(bytes);
    let line = 1;
    for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
    fail(
      'not-utf8',
      { line },
      `The file is not UTF-8 text (first bad byte at offset ${offset}); it may be GB18030/GBK or Latin-1. Save it again as UTF-8.`,
      { offset },
    );
  }
}

/** The offset of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidByte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    let need: number;
    let min: number;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return bytes.length;
}
