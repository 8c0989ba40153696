/**
 * Page text as blocks (design: "Matching", point 3). A block is a run of inline
 * content: the text of a block-level element together with its inline
 * descendants, cut wherever a nested block element begins or ends. A term may run
 * across `<b>`, `<a>`, `<span>` and `<br>`, never from one block into the next.
 *
 * Blocks are decided by tag, not by computed style: computed style blockifies
 * absolutely positioned spans (a PDF viewer's text layer), changes with hostile
 * page CSS, and costs a style recalc. Unknown and custom elements are inline, as
 * in CSS.
 */

/** Elements that begin a new block (by `localName`, which HTML documents keep in lower case). */
import { storyMarkupRanges, textOfInlineMarkup, textsOfStoryMarkup } from './inline-markup';

const BLOCK_TAGS = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'caption', 'center', 'dd', 'details', 'dialog', 'dir',
  'div', 'dl', 'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'header', 'hgroup', 'hr', 'html', 'legend', 'li', 'main', 'menu', 'nav', 'ol', 'optgroup', 'option', 'p',
  'pre', 'section', 'summary', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul', 'img', 'video',
  'audio', 'canvas', 'iframe', 'object', 'embed', 'button', 'xmp', 'plaintext',
]);

/**
 * Elements whose content is never page prose. Those marked `true` also cut the
 * block: a form field between two characters is not part of a word.
 */
const SKIPPED_TAGS = new Map<string, boolean>([
  ['script', false], ['style', false], ['noscript', false], ['template', false], ['rt', false], ['rp', false],
  ['textarea', true], ['input', true], ['select', true], ['iframe', true], ['object', true], ['canvas', true],
  ['video', true], ['audio', true], ['svg', true], ['math', true],
]);

const HTML_NAMESPACE = 'http://www.w3.org/1999/xhtml';

/** Elements whose text children `innerHTML` writes raw, unescaped (see inline-markup.ts). */
const RAW_TEXT_TAGS = ['xmp', 'plaintext', 'noembed', 'noframes'];

/** The attribute TermLens's own UI hosts carry, so the scanner never reads them. */
export const OWN_UI_ATTRIBUTE = 'data-termlens-ui';

/** Why an element's subtree is not scanned, or null when it is. */
export function skipKind(el: Element): 'silent' | 'cut' | null {
  const known = SKIPPED_TAGS.get(el.localName);
  if (known !== undefined) return known ? 'cut' : 'silent';
  // SVG and MathML: any element outside the HTML namespace.
  if (el.namespaceURI !== HTML_NAMESPACE) return 'cut';
  // Most elements of a page carry no attribute at all: one call instead of two.
  if (!el.hasAttributes()) return null;
  if (el.hasAttribute(OWN_UI_ATTRIBUTE)) return 'cut';
  const editable = el.getAttribute('contenteditable');
  if (editable !== null && editable.toLowerCase() !== 'false') return 'cut';
  return null;
}

/**
 * The run text of `el` when it is a plain block (nothing inside it but inline elements and
 * text: see NOT_PLAIN_NAMES), read without touching any of its nodes; null otherwise.
 * Equals the text of `collectBlocks(el, { ownOnly: true })`'s one block, or '' where that finds none.
 */
export function plainBlockText(el: Element): string | null {
  if (RAW_TEXT_TAGS.includes(el.localName)) return null;
  // Containers mostly begin or end with a block: two wrappers decide, and the container's
  // markup (the whole page, for <main>) is never serialised just to be refused.
  const first = el.firstElementChild;
  if (first && !isInline(first)) return null;
  const last = el.lastElementChild;
  if (last && last !== first && !isInline(last)) return null;
  return textOfInlineMarkup(el.innerHTML, NOT_PLAIN_NAMES);
}

/**
 * The plain blocks that make up `el` when it is a story (nothing inside it but plain blocks, with
 * whitespace and comments between them: an `<article>` of paragraphs), each with where its run
 * text is in one serialisation of the story; null otherwise, and then `el` is walked. Void blocks
 * (`<img>`, `<hr>`) between the paragraphs are allowed and left out. Each text equals
 * `plainBlockText` of its block: in most stories it is read in place from the story's markup,
 * which the matcher folds without cutting it out (see StoryBlock).
 */
export function storyBlocks(el: Element): StoryBlock[] | null {
  if (RAW_TEXT_TAGS.includes(el.localName)) return null;
  // Two looks decide most elements without serialising them: a story begins and ends with a
  // block that looks plain (a container of containers, <main> or <body>, is walked instead).
  const first = el.firstElementChild;
  const last = el.lastElementChild;
  if (!first || !last || !looksPlainBlock(first) || !looksPlainBlock(last)) return null;
  // Its children are counted, not taken: a story is one unit of work between two looks at the
  // clock, and one of more than STORY_MAX_BLOCKS is walked instead. Each child taken costs a
  // wrapper of this world's own (about 1 µs a child in a content script's world, 8.6 ms over the
  // 8,600 blocks of the million-character page), and most stories are never needed block by block
  // (storyChildren gives them when they are).
  const count = el.childElementCount;
  if (count > STORY_MAX_BLOCKS) return null;
  const html = el.innerHTML;
  const out: StoryBlock[] = [];
  const ranges = storyMarkupRanges(html, STORY_CHILD_NAMES, NOT_PLAIN_NAMES);
  if (ranges === null) return null;
  // Markup that storyMarkupRanges does not take is cut into texts, tag by tag.
  const children = ranges ?? textsOfStoryMarkup(html, STORY_CHILD_NAMES, NOT_PLAIN_NAMES);
  if (children === null) return null;
  // The markup and the tree are one serialisation apart, within this call: the page cannot change
  // the element in between, so the markup's children are the tree's, one for one. Their count is
  // checked; their names are not asked of the tree again (a DOM call a block, about 1.5 ms over the
  // million-character page's 8,600 blocks in a content script's world).
  if (children.length !== count) return null;
  for (let index = 0; index < children.length; index++) {
    const c = children[index]!;
    if ('from' in c) {
      if (c.from >= 0) out.push({ index, source: html, from: c.from, to: c.to, markup: true });
    } else if (c.text !== null) {
      out.push({ index, source: c.text, from: 0, to: c.text.length, markup: false });
    }
  }
  return out;
}

/**
 * A block of a story (storyBlocks): the story's element child number `index` (storyChildren), whose
 * text is `source[from, to)` read as markup (Matcher.findMatchesInMarkup) when `markup`, else
 * `source` is its text.
 */
export interface StoryBlock {
  index: number;
  source: string;
  from: number;
  to: number;
  markup: boolean;
}

/**
 * A story's element children, in order: its blocks, where storyBlocks's `index` counts them, as long as
 * the page has not changed which children it has since.
 */
export function storyChildren(el: Element): Element[] {
  const out: Element[] = [];
  for (let child = el.firstElementChild; child; child = child.nextElementSibling) out.push(child);
  return out;
}

/** The most blocks read from one story's markup (a slice does a story's matching at one go). */
const STORY_MAX_BLOCKS = 64;

/** A block element whose first and last children are inline (what plainBlockText looks at before serialising). */
function looksPlainBlock(el: Element): boolean {
  if (!BLOCK_TAGS.has(el.localName) || skipKind(el) !== null) return false;
  const first = el.firstElementChild;
  if (first && !isInline(first)) return false;
  const last = el.lastElementChild;
  return !last || last === first || isInline(last);
}

/**
 * Element names that make a block not plain: a nested block, anything skipped or cutting, or an
 * element whose text `innerHTML` writes raw. (Editables and TermLens's own UI are refused by
 * their attributes, in inline-markup.ts.)
 */
const NOT_PLAIN_NAMES: ReadonlySet<string> = new Set([...BLOCK_TAGS, ...SKIPPED_TAGS.keys(), ...RAW_TEXT_TAGS]);

/** The elements a story may hold: block elements that are neither skipped nor written raw. */
const STORY_CHILD_NAMES: ReadonlySet<string> = new Set(
  [...BLOCK_TAGS].filter((name) => !SKIPPED_TAGS.has(name) && !RAW_TEXT_TAGS.includes(name)),
);

function isInline(el: Element): boolean {
  return !BLOCK_TAGS.has(el.localName) && skipKind(el) === null;
}

/** True when the element starts a block of its own. */
export function isBlockElement(el: Element): boolean {
  return BLOCK_TAGS.has(el.localName);
}

/**
 * A run of inline text. `text` is the concatenation of the text nodes, with one
 * `\n` for each `<br>`; `starts[i]` is where `nodes[i]` begins in `text`.
 */
export interface Block {
  /** The nearest block element that holds the run: what a mutation inside it dirties. */
  container: Element;
  nodes: Text[];
  starts: number[];
  text: string;
}

class BlockBuilder {
  nodes: Text[] = [];
  starts: number[] = [];
  parts: string[] = [];
  length = 0;
  hasText = false;

  constructor(readonly container: Element, readonly sink: { out: Block[] }) {}

  addText(node: Text): void {
    const data = node.data;
    if (data.length === 0) return;
    this.nodes.push(node);
    this.starts.push(this.length);
    this.parts.push(data);
    this.length += data.length;
    // A run of only whitespace holds no term: skip it without a regex per node.
    if (!this.hasText && data.trim().length > 0) this.hasText = true;
  }

  addBreak(): void {
    this.parts.push('\n');
    this.length += 1;
  }

  flush(): void {
    if (this.hasText) {
      this.sink.out.push({ container: this.container, nodes: this.nodes, starts: this.starts, text: this.parts.join('') });
    }
    this.nodes = [];
    this.starts = [];
    this.parts = [];
    this.length = 0;
    this.hasText = false;
  }
}

const TEXT_NODE = 3;
const ELEMENT_NODE = 1;
/** How many nodes the walker visits between two looks at the clock. */
const NODES_PER_CLOCK_CHECK = 64;

/**
 * A resumable walk over `container`'s blocks, in document order. Walking a large
 * page costs real time (in a content script's isolated world every node visited
 * gets a wrapper of its own: about 2 µs a node, 0.5 s for a million characters
 * on the test machines), so the walk is done in pieces: `next` walks until
 * `shouldStop` says so, and the next call goes on from there.
 *
 * The page may change between two pieces. The walk then follows the tree as it
 * is: it never throws, but blocks may come from nodes that have since moved or
 * left the document; the caller's MutationObserver sees those changes and
 * rescans (tests/unit/page/page-highlighter.test.ts).
 */
export class BlockWalker {
  readonly #sink: { out: Block[] } = { out: [] };
  // The stack as two parallel arrays (the next node to visit at each level, and the run it
  // adds to), not an object per level: the walk visits every element of the page, and
  // garbage per element is what makes the collector pause mid-slice.
  readonly #nodes: (Node | null)[] = [];
  readonly #builders: BlockBuilder[] = [];
  readonly #root: BlockBuilder;
  readonly #ownOnly: boolean;
  readonly #enterBlock: ((el: Element) => boolean) | undefined;

  /**
   * @param options.ownOnly pass nested block elements over (rescanning one container's own runs)
   * @param options.enterBlock asked before walking into a nested block element: false skips its
   *   whole subtree, so its nodes are never touched (see PageHighlighter's textContent pre-check)
   */
  constructor(readonly container: Element, options: { ownOnly?: boolean; enterBlock?: (el: Element) => boolean } = {}) {
    this.#ownOnly = options.ownOnly ?? false;
    this.#enterBlock = options.enterBlock;
    this.#root = new BlockBuilder(container, this.#sink);
    if (!skipKind(container)) {
      this.#nodes.push(container.firstChild);
      this.#builders.push(this.#root);
    }
  }

  /** True once every block has been returned. */
  get done(): boolean {
    return this.#nodes.length === 0;
  }

  /**
   * Walks on and returns the blocks completed meanwhile. Stops at the end of the
   * container, or as soon as `shouldStop()` returns true (asked every few dozen nodes).
   */
  next(shouldStop: () => boolean = () => false): Block[] {
    const out: Block[] = [];
    this.#sink.out = out;
    const nodes = this.#nodes;
    const builders = this.#builders;
    let visited = 0;
    // An explicit stack instead of recursion: hostile pages nest deeper than the JS stack.
    while (nodes.length > 0) {
      if (++visited % NODES_PER_CLOCK_CHECK === 0 && shouldStop()) return out;
      const top = nodes.length - 1;
      const node = nodes[top]!;
      const builder = builders[top]!;
      if (node === null) {
        nodes.pop();
        builders.pop();
        // Leaving a block element: its run ends, and the parent's text after it starts a new run.
        if (top > 0 && builders[top - 1] !== builder) builder.flush();
        if (top === 0) this.#root.flush();
        continue;
      }
      nodes[top] = node.nextSibling;
      const type = node.nodeType;
      if (type === TEXT_NODE) {
        builder.addText(node as Text);
        continue;
      }
      if (type !== ELEMENT_NODE) continue;
      const el = node as Element;
      const skip = skipKind(el);
      if (skip) {
        if (skip === 'cut') builder.flush();
        continue;
      }
      const tag = el.localName;
      if (tag === 'br') {
        builder.addBreak();
        continue;
      }
      if (BLOCK_TAGS.has(tag)) {
        builder.flush();
        if (this.#ownOnly) continue;
        if (this.#enterBlock && !this.#enterBlock(el)) {
          // The callback did a block's worth of work (a plain block read and matched): look at the clock.
          if (shouldStop()) return out;
          continue;
        }
        nodes.push(el.firstChild);
        builders.push(new BlockBuilder(el, this.#sink));
        continue;
      }
      // Inline element (including <wbr>, <ruby>, custom elements): same run.
      nodes.push(el.firstChild);
      builders.push(builder);
    }
    return out;
  }
}

/**
 * The blocks of `container`'s own inline content, and (unless `ownOnly`) of
 * every block element inside it, in document order. With `ownOnly`, nested
 * block elements are passed over: that is what rescanning one container needs.
 */
export function collectBlocks(container: Element, options: { ownOnly?: boolean } = {}): Block[] {
  return new BlockWalker(container, options).next();
}

/**
 * Whether `root` holds any text that a scan would read: a text node with more than whitespace,
 * outside the elements a scan passes over (skipKind: scripts, styles, editables, TermLens's own
 * UI…). Stops at the first one; an empty document costs a walk of its elements.
 */
export function hasReadableText(root: Element): boolean {
  if (skipKind(root)) return false;
  const walker = root.ownerDocument.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
    acceptNode: (node) => {
      if (node.nodeType === ELEMENT_NODE) return skipKind(node as Element) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_SKIP;
      return (node as Text).data.trim().length > 0 ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP;
    },
  });
  return walker.nextNode() !== null;
}

/** The nearest block element at or above `node` (the element whose run holds it), or null. */
export function containerOf(node: Node, root: Element): Element | null {
  let el: Element | null = node.nodeType === ELEMENT_NODE ? (node as Element) : node.parentElement;
  while (el && el !== root && !isBlockElement(el)) el = el.parentElement;
  return el;
}

/**
 * The text node and offset of position `offset` in the block's text. A position
 * that falls on a `<br>` resolves to the end of the text node before it.
 */
export function positionInBlock(block: Block, offset: number): { node: Text; offset: number } {
  const { starts, nodes } = block;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  const node = nodes[lo]!;
  return { node, offset: Math.min(offset - starts[lo]!, node.data.length) };
}
