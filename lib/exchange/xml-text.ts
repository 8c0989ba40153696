/**
 * Text in and out of XML without a DOM (the service worker has no DOMParser). The TBX
 * reader keeps the raw inner XML of leaf elements such as `<term>` and turns it into text
 * here, so inline markup (`<hi>`, `<foreign>`) and CDATA are handled, and no entity is
 * ever expanded beyond the five predefined ones and character references: a DOCTYPE
 * cannot inflate a file.
 */

// Characters XML 1.0 cannot carry at all, not even as a character reference.
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Escapes text content; a carriage return becomes `&#13;` so that it survives XML line-end normalisation. */
export function escapeXmlText(s: string): string {
  return s.replace(NOT_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

/** Escapes an attribute value (double-quoted); tabs and line breaks become character references. */
export function escapeXmlAttribute(s: string): string {
  return escapeXmlText(s).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Decodes the predefined entities and character references; an unknown entity stays as written. */
export function decodeXmlEntities(s: string): string {
  return s.replace(/&(#x[0-9A-Fa-f]+|#[0-9]+|[A-Za-z][\w.-]*);/g, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[ref] ?? whole;
  });
}

/**
 * The text of raw inner XML: CDATA kept literally, comments and tags dropped (their text
 * kept), literal line ends normalised to `\n` as XML requires, entities decoded.
 */
export function xmlInnerText(raw: string): string {
  let out = '';
  const parts = /<!\[CDATA\[([\s\S]*?)\]\]>|<!--[\s\S]*?-->|<[^>]*>|([^<]+)/g;
  for (let m = parts.exec(raw); m; m = parts.exec(raw)) {
    if (m[1] !== undefined) out += m[1].replace(/\r\n?/g, '\n');
    else if (m[2] !== undefined) out += decodeXmlEntities(m[2].replace(/\r\n?/g, '\n'));
  }
  return out;
}
