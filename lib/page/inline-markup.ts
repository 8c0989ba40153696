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

import { isBreakTag, isHtmlSpace, NAMED_REFERENCES } from '../match/fold';

const LT = 0x3c; // <
const GT = 0x3e; // >
const AMP = 0x26; // &
const QUOTE = 0x22; // "
const SLASH = 0x2f; // /

const NO_NAMES: ReadonlySet<string> = new Set();

/** Attributes that make an element other than inline text to TermLens (blocks.ts, `skipKind`). */
const REFUSED_ATTRIBUTES = [' contenteditable=', ' data-termlens-ui='] as const;

/** Whether `markup` (a tag's attributes, or more) names a refused attribute. */
function hasRefusedAttribute(markup: string): boolean {
  return markup.includes(REFUSED_ATTRIBUTES[0]) || markup.includes(REFUSED_ATTRIBUTES[1]);
}

/** Whether the start tag in html[from, end) names a refused element or carries a refused attribute. */
function refusesTag(html: string, from: number, end: number, refuse: ReadonlySet<string>): boolean {
  const name = tagName(html, from, end);
  const nameEnd = from + name.length;
  // No lower-casing: the serialiser writes an HTML element's name and attributes as the element has
  // them, and the walk compares `localName` and attribute names case-sensitively too (blocks.ts),
  // so the two agree on a name in capitals (an element made with createElementNS).
  if (refuse.has(name)) return true;
  if (nameEnd === end) return false;
  // An attribute's value may hold these words too: then the block is walked, which is only slower.
  const tag = html.slice(nameEnd, end);
  return hasRefusedAttribute(tag);
}

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
  if (isSimpleMarkup(html)) return refuses(html, refuse) ? null : simpleText(html);
  return readInline(html, 0, refuse)?.text ?? null;
}

// The fast route. A content script reads a page's markup once, in code the engine has not
// optimised yet: a JS loop over every tag cost 100–180 ms on a million-character page there, and
// regular expressions run as native code from the first call. They need "simple" markup: no
// comments, and no `<` or `>` inside an attribute value, so that every `<` opens a tag and every
// `>` closes one. Anything else takes the tag-by-tag route (readInline), which is exact for all
// of the serialiser's output.

/** Every quoted stretch free of `<` and `>` (the quotes paired from the start). */
const CLEAN_QUOTES = /^[^"]*(?:"[^"<>]*"[^"]*)*$/;
const BREAK_TAG = /<br(?:[\s/][^>]*)?>/gi;
/** A line break written other than as `<br>`. */
const OTHER_BREAK = /<(?:br[^>]|bR|Br|BR)/;
const ANY_TAG = /<[^>]*>/g;
const REFERENCE = /&([#0-9A-Za-z]{1,9});/g;

function isSimpleMarkup(html: string): boolean {
  return !hasComment(html) && (!html.includes('"') || CLEAN_QUOTES.test(html));
}

/**
 * Whether serialised markup holds a comment (`<!--`). Looked for by its `!--` first: the native
 * search finds a rare first character quickly, and `<` opens every tag of a story (about 150,000
 * on the million-character page, where `includes('<!--')` took 1.7 ms against 0.2 ms in Node).
 */
function hasComment(html: string): boolean {
  return html.includes('!--') && html.includes('<!--');
}

/** The text of simple markup (see isSimpleMarkup): what readInline gives for it. */
function simpleText(html: string): string {
  let text = html;
  if (text.includes('<')) text = breaksAsNewlines(text).replace(ANY_TAG, '');
  return text.includes('&') ? decodeReferences(text) : text;
}

/** Simple markup with every `<br>` turned into `\n`. */
function breaksAsNewlines(html: string): string {
  // The serialiser writes a line break without attributes as `<br>`: a plain string replacement.
  return OTHER_BREAK.test(html) ? html.replace(BREAK_TAG, '\n') : html.replaceAll('<br>', '\n');
}

function decodeReferences(text: string): string {
  return text.replace(REFERENCE, (whole, name: string) => decodeReference(name) ?? whole);
}

/**
 * The regular expressions made of a set of element names, one per set and kind: `make` is given
 * the names as an alternation.
 */
interface NamesPatterns {
  made: WeakMap<ReadonlySet<string>, RegExp>;
  make: (alternation: string) => RegExp;
}

function namesPattern(kind: NamesPatterns, names: ReadonlySet<string>): RegExp {
  let pattern = kind.made.get(names);
  if (!pattern) kind.made.set(names, (pattern = kind.make(alternationByFirstLetter(names))));
  return pattern;
}

/**
 * The names as an alternation grouped by first character (`a(?:rticle|side)|b(?:ody|utton)|…`),
 * which matches the same names. Why: where a tag is none of the names (a `<span>`, most tags of a
 * page), a flat alternation of seventy names tries every one of them before it fails; grouped, it
 * fails after comparing the first character with a few dozen. In a content script, whose regular
 * expressions are new on every page, that was a quarter of a story's tag stripping (session 8).
 */
function alternationByFirstLetter(names: ReadonlySet<string>): string {
  const byFirst = new Map<string, string[]>();
  for (const name of names) {
    const rest = byFirst.get(name[0]!) ?? [];
    rest.push(escapeForPattern(name.slice(1)));
    byFirst.set(name[0]!, rest);
  }
  return [...byFirst].map(([first, rests]) => `${escapeForPattern(first)}(?:${rests.join('|')})`).join('|');
}

const escapeForPattern = (text: string): string => text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');

/** A start tag of one of the names, or a refused attribute. */
const startTags: NamesPatterns = {
  made: new WeakMap(),
  make: (names) => new RegExp(`<(?:${names})[\\s/>]|${REFUSED_ATTRIBUTES.join('|')}`),
};

/** Every start tag of one of the names. */
const refusedStartTags: NamesPatterns = {
  made: new WeakMap(),
  make: (names) => new RegExp(`<(?:${names})[\\s/>]`, 'g'),
};

/**
 * Whether simple markup holds a start tag named in `refuse`, or a refused attribute (the words may
 * also stand in text or in a value: then the block is walked, which is only slower).
 */
function refuses(html: string, refuse: ReadonlySet<string>): boolean {
  return refuse.size > 0 && namesPattern(startTags, refuse).test(html);
}

/**
 * Reads inline markup from `from` on: its text, and where it ends: at the end of `html`, or at the
 * first `close` (in a story's markup, the end tag of the block being read; a nested element of
 * the same name would have been refused at its start tag). Null as soon as a start tag is refused
 * (see textOfInlineMarkup).
 */
function readInline(html: string, from: number, refuse: ReadonlySet<string>, close?: string): { text: string; end: number } | null {
  // Most paragraphs' markup is short runs of text between tags: collect slices, join once. The
  // runs are skipped with indexOf (native, and fast before the engine has optimised this code:
  // a content script runs it cold, and a loop over every character cost 30 ns a character).
  const parts: string[] = [];
  const length = html.length;
  let textStart = from;
  let i = from;
  let amp = html.indexOf('&', from);
  while (i < length) {
    let lt = html.indexOf('<', i);
    if (lt < 0) lt = length;
    if (amp >= 0 && amp < i) amp = html.indexOf('&', i);
    if (amp >= 0 && amp < lt) {
      const semi = html.indexOf(';', amp + 1);
      const decoded = semi > amp + 1 && semi - amp <= 10 ? decodeReference(html.slice(amp + 1, semi)) : null;
      if (decoded !== null) {
        if (amp > textStart) parts.push(html.slice(textStart, amp));
        parts.push(decoded);
        i = semi + 1;
        textStart = i;
      } else {
        i = amp + 1;
      }
      amp = html.indexOf('&', i);
      continue;
    }
    if (lt === length) break;
    if (lt > textStart) parts.push(html.slice(textStart, lt));
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      i = end < 0 ? length : end + 3;
      textStart = i;
      continue;
    }
    const end = tagEnd(html, lt + 1);
    if (end < 0) {
      // Not a tag after all: keep the rest as text.
      textStart = lt;
      break;
    }
    if (html.charCodeAt(lt + 1) !== SLASH) {
      if (isBreakTag(html, lt + 1)) parts.push('\n');
      else if (refuse.size > 0 && refusesTag(html, lt + 1, end, refuse)) return null;
    } else if (close !== undefined && html.startsWith(close, lt)) {
      return { text: parts.join(''), end: lt };
    }
    i = end + 1;
    textStart = i;
  }
  if (textStart < length) parts.push(html.slice(textStart));
  return { text: parts.join(''), end: length };
}

/** One child of a story (see textsOfStoryMarkup): its element name, and its text (null for a void element). */
export interface StoryChild {
  name: string;
  text: string | null;
}

/** Elements without content or end tag that may stand between a story's blocks. */
const VOID_BLOCKS: ReadonlySet<string> = new Set(['hr', 'img', 'embed']);

/**
 * The texts of a "story": serialised markup (an `<article>`'s `innerHTML`, say) that is a sequence
 * of block elements, each plain (see textOfInlineMarkup), with only whitespace and comments between
 * them. One serialisation of the story instead of one per block: the per-call cost of `innerHTML`
 * and of the wrappers for each block's first and last child made up most of a large page's
 * collection (docs/architecture.md, "Stories from one serialisation").
 *
 * `blocks` names the elements allowed as children (block elements that are neither skipped nor
 * raw text); `refuse` is what makes a block not plain. Null as soon as the markup is anything else
 * (text between the blocks, an inline or skipped child, a nested block, a refused attribute): the
 * caller then walks the story as before. Most stories are read by storyMarkupRanges instead, whose
 * blocks the matcher folds in place; this reads the markup that storyMarkupRanges does not take,
 * tag by tag.
 */
export function textsOfStoryMarkup(html: string, blocks: ReadonlySet<string>, refuse: ReadonlySet<string>): StoryChild[] | null {
  const children: StoryChild[] = [];
  const length = html.length;
  let i = 0;
  while ((i = afterSpace(html, i)) < length) {
    if (html.charCodeAt(i) !== LT || html.charCodeAt(i + 1) === SLASH) return null;
    if (html.startsWith('<!--', i)) {
      const end = html.indexOf('-->', i + 4);
      if (end < 0) return null;
      i = end + 3;
      continue;
    }
    const end = tagEnd(html, i + 1);
    if (end < 0) return null;
    const name = tagName(html, i + 1, end);
    if (!blocks.has(name)) return null;
    const attributes = html.slice(i + 1 + name.length, end);
    if (hasRefusedAttribute(attributes)) return null;
    if (VOID_BLOCKS.has(name)) {
      children.push({ name, text: null });
      i = end + 1;
      continue;
    }
    const close = `</${name}>`;
    const read = readInline(html, end + 1, refuse, close);
    if (read === null || read.end === length) return null;
    children.push({ name, text: read.text });
    i = read.end + close.length;
  }
  return children;
}

/** One child of a story read in place (see storyMarkupRanges): its element name, and where its content is. */
export interface StoryRange {
  name: string;
  /** The child's content is the story's markup [from, to): -1 and -1 for a void element. */
  from: number;
  to: number;
}

/**
 * textsOfStoryMarkup without the texts: where each block's content lies in the story's markup,
 * which the matcher folds in place (lib/match/fold.ts, `foldMarkupIntoScratch`; docs/architecture.md,
 * "Folding a story's markup"). Cutting the texts out cost two regular-expression passes over the
 * markup and a string per block.
 *
 * Undefined for markup that foldMarkupIntoScratch does not take (not simple, see isSimpleMarkup,
 * or holding a numeric reference, which the serialiser never writes): textsOfStoryMarkup reads
 * it. Null, as textsOfStoryMarkup, for markup that is not a story of plain blocks. Each block's
 * content ends at the first end tag of its name: a nested element of that name is a block too,
 * and is refused.
 */
export function storyMarkupRanges(html: string, blocks: ReadonlySet<string>, refuse: ReadonlySet<string>): StoryRange[] | null | undefined {
  if (!isSimpleMarkup(html) || html.includes('&#')) return undefined;
  if (hasRefusedAttribute(html)) return null;
  const children: StoryRange[] = [];
  const length = html.length;
  let refusedChildren = 0;
  let i = 0;
  while ((i = afterSpace(html, i)) < length) {
    if (html.charCodeAt(i) !== LT || html.charCodeAt(i + 1) === SLASH) return null;
    // Simple markup: the first `>` closes the tag.
    const end = html.indexOf('>', i + 1);
    if (end < 0) return null;
    const name = tagName(html, i + 1, end);
    if (!blocks.has(name)) return null;
    if (refuse.has(name)) refusedChildren++;
    if (VOID_BLOCKS.has(name)) {
      children.push({ name, from: -1, to: -1 });
      i = end + 1;
      continue;
    }
    const closeAt = endTagAt(html, name, end + 1);
    if (closeAt < 0) return null;
    children.push({ name, from: end + 1, to: closeAt });
    i = closeAt + name.length + 3;
  }
  // The children's own start tags are the only refused ones: any other (a nested block, a skipped
  // element inside a block) makes the story not plain. One native count instead of a look at
  // every tag.
  return refuse.size === 0 || countMatches(html, namesPattern(refusedStartTags, refuse)) === refusedChildren ? children : null;
}

/** `/name>` for each element name asked of endTagAt. */
const endTagTails = new Map<string, string>();

/**
 * Where the first end tag `</name>` at or after `from` starts in simple markup, or -1. Looked for
 * by its `/name>`: the native search steps from one occurrence of the first character to the
 * next, and a story's markup holds about three `<` for every `/` (`<span>`, `</span>`, `<br>` on
 * each printed line), so this took 0.85 ms where `indexOf('</p>')` took 2.0 ms over the
 * million-character page's 8,600 blocks (Node 20).
 */
function endTagAt(html: string, name: string, from: number): number {
  let tail = endTagTails.get(name);
  if (tail === undefined) endTagTails.set(name, (tail = `/${name}>`));
  for (let at = html.indexOf(tail, from + 1); at >= 0; at = html.indexOf(tail, at + 1)) {
    if (html.charCodeAt(at - 1) === LT) return at - 1;
  }
  return -1;
}

/** How many times a global pattern matches. */
function countMatches(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}

/** The index of the first character at or after `from` that is not HTML whitespace (or the length). */
function afterSpace(text: string, from: number): number {
  let i = from;
  while (i < text.length && isHtmlSpace(text.charCodeAt(i))) i++;
  return i;
}

/** The element name of the tag whose name starts at `from` (ending before `end` at the latest). */
function tagName(html: string, from: number, end: number): string {
  let nameEnd = from;
  while (nameEnd < end) {
    const c = html.charCodeAt(nameEnd);
    if (c === SLASH || isHtmlSpace(c)) break;
    nameEnd++;
  }
  return html.slice(from, nameEnd);
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

function decodeReference(name: string): string | null {
  if (name.charCodeAt(0) === 0x23) {
    const hex = name.charCodeAt(1) === 0x78 || name.charCodeAt(1) === 0x58;
    const digits = name.slice(hex ? 2 : 1);
    if (!(hex ? /^[0-9a-f]+$/i : /^[0-9]+$/).test(digits)) return null;
    const point = parseInt(digits, hex ? 16 : 10);
    return point > 0 && point <= 0x10ffff ? String.fromCodePoint(point) : null;
  }
  return NAMED_REFERENCES.get(name) ?? null;
}
