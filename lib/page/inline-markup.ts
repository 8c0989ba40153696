/**
 * The run text of a "plain" block (see `plainBlockText` in blocks.ts) read from its
 * `innerHTML` instead of from its nodes.
 *
 * Why: in a content script every DOM node that script touches gets a JS wrapper in the
 * isolated world, and creating and collecting those wrappers is most of the cost of walking a
 * large page (docs/architecture.md, "Plain blocks from their markup"). Serialising a block is
 * done by the browser in C++ and yields one string; no node is touched.
 *
 * What makes this exact: HTML serialisation (the "HTML fragment serialisation algorithm") writes
 * a text node's data with only `&`, U+00A0, `<` and `>` escaped, as `&amp;`, `&nbsp;`, `&lt;` and
 * `&gt;`; attribute values are always double-quoted with `"` escaped as `&quot;`; a comment is
 * `<!--data-->`. A plain block holds no element whose text is serialised raw (script, style,
 * xmp, plaintext, noembed, noframes, noscript, iframe are all excluded by the selector), so every
 * `<` in its markup opens a tag or a comment. The result equals what `BlockWalker` builds for
 * the same block: the text nodes' data in document order, with one `\n` for each `<br>`.
 *
 * Hand-written rather than a library: an HTML parser would rebuild the tree this avoids
 * building, and the input is the browser's own serialisation, not arbitrary HTML.
 */

const LT = 0x3c; // <
const GT = 0x3e; // >
const AMP = 0x26; // &
const QUOTE = 0x22; // "
const SLASH = 0x2f; // /

const NO_NAMES: ReadonlySet<string> = new Set();

/** Attributes that make an element other than inline text to TermLens (blocks.ts, `skipKind`). */
const REFUSED_ATTRIBUTES = [' contenteditable=', ' data-termlens-ui='] as const;

/** Whether the start tag in html[from, end) names a refused element or carries a refused attribute. */
function refusesTag(html: string, from: number, end: number, refuse: ReadonlySet<string>): boolean {
  let nameEnd = from;
  while (nameEnd < end) {
    const c = html.charCodeAt(nameEnd);
    if (c === 0x20 || c === 0x2f || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d) break;
    nameEnd++;
  }
  // No lower-casing: the serialiser writes an HTML element's name and attributes as the element has
  // them, and the walk compares `localName` and attribute names case-sensitively too (blocks.ts),
  // so the two agree on a name in capitals (an element made with createElementNS).
  if (refuse.has(html.slice(from, nameEnd))) return true;
  if (nameEnd === end) return false;
  // An attribute's value may hold these words too: then the block is walked, which is only slower.
  const tag = html.slice(nameEnd, end);
  return tag.includes(REFUSED_ATTRIBUTES[0]!) || tag.includes(REFUSED_ATTRIBUTES[1]!);
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', nbsp: '\u00a0', quot: '"', apos: "'" };

/**
 * The text of serialised inline markup: tags and comments removed, `<br>` as `\n`, the
 * serialiser's character references decoded. Input it does not expect (a `<` that opens
 * nothing) is kept as text rather than thrown away.
 *
 * Returns null as soon as the markup holds an element named in `refuse`, or an element with a
 * `contenteditable` or `data-termlens-ui` attribute: the block is then not plain, and is walked.
 * (Reading the tags here costs nothing extra; asking the DOM with `querySelector` and a list of
 * seventy selectors cost 150–450 ms over a million-character page.)
 */
export function textOfInlineMarkup(html: string, refuse: ReadonlySet<string> = NO_NAMES): string | null {
  // Most paragraphs' markup is short runs of text between tags: collect slices, join once.
  const parts: string[] = [];
  const length = html.length;
  let textStart = 0;
  let i = 0;
  while (i < length) {
    const code = html.charCodeAt(i);
    if (code === AMP) {
      const semi = html.indexOf(';', i + 1);
      if (semi > i + 1 && semi - i <= 10) {
        const decoded = decodeReference(html.slice(i + 1, semi));
        if (decoded !== null) {
          if (i > textStart) parts.push(html.slice(textStart, i));
          parts.push(decoded);
          i = semi + 1;
          textStart = i;
          continue;
        }
      }
      i++;
      continue;
    }
    if (code !== LT) {
      i++;
      continue;
    }
    if (i > textStart) parts.push(html.slice(textStart, i));
    if (html.startsWith('<!--', i)) {
      const end = html.indexOf('-->', i + 4);
      i = end < 0 ? length : end + 3;
      textStart = i;
      continue;
    }
    const end = tagEnd(html, i + 1);
    if (end < 0) {
      // Not a tag after all: keep the rest as text.
      textStart = i;
      break;
    }
    if (html.charCodeAt(i + 1) !== SLASH) {
      if (isBreakTag(html, i + 1)) parts.push('\n');
      else if (refuse.size > 0 && refusesTag(html, i + 1, end, refuse)) return null;
    }
    i = end + 1;
    textStart = i;
  }
  if (textStart < length) parts.push(html.slice(textStart));
  return parts.join('');
}

/** The index of the `>` that closes the tag whose name starts at `from`, skipping quoted values; -1 if none. */
function tagEnd(html: string, from: number): number {
  let inQuote = false;
  for (let j = from; j < html.length; j++) {
    const c = html.charCodeAt(j);
    if (c === QUOTE) inQuote = !inQuote;
    else if (c === GT && !inQuote) return j;
  }
  return -1;
}

/** True for `<br` followed by the end of the name (`>`, `/` or whitespace), in any letter case. */
function isBreakTag(html: string, at: number): boolean {
  if ((html.charCodeAt(at) | 0x20) !== 0x62 || (html.charCodeAt(at + 1) | 0x20) !== 0x72) return false;
  const next = html.charCodeAt(at + 2);
  return next === GT || next === 0x2f || next === 0x20 || next === 0x09 || next === 0x0a || next === 0x0c || next === 0x0d;
}

function decodeReference(name: string): string | null {
  if (name.charCodeAt(0) === 0x23) {
    const hex = name.charCodeAt(1) === 0x78 || name.charCodeAt(1) === 0x58;
    const digits = name.slice(hex ? 2 : 1);
    if (!(hex ? /^[0-9a-f]+$/i : /^[0-9]+$/).test(digits)) return null;
    const point = parseInt(digits, hex ? 16 : 10);
    return point > 0 && point <= 0x10ffff ? String.fromCodePoint(point) : null;
  }
  return ENTITIES[name] ?? null;
}
