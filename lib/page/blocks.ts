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

/** Elements that begin a new block. */
const BLOCK_TAGS = new Set([
  'ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'BODY', 'CAPTION', 'CENTER', 'DD', 'DETAILS', 'DIALOG', 'DIR',
  'DIV', 'DL', 'DT', 'FIELDSET', 'FIGCAPTION', 'FIGURE', 'FOOTER', 'FORM', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6',
  'HEADER', 'HGROUP', 'HR', 'HTML', 'LEGEND', 'LI', 'MAIN', 'MENU', 'NAV', 'OL', 'OPTGROUP', 'OPTION', 'P',
  'PRE', 'SECTION', 'SUMMARY', 'TABLE', 'TBODY', 'TD', 'TFOOT', 'TH', 'THEAD', 'TR', 'UL', 'IMG', 'VIDEO',
  'AUDIO', 'CANVAS', 'IFRAME', 'OBJECT', 'EMBED', 'BUTTON',
]);

/**
 * Elements whose content is never page prose. Those marked `true` also cut the
 * block: a form field between two characters is not part of a word.
 */
const SKIPPED_TAGS = new Map<string, boolean>([
  ['SCRIPT', false], ['STYLE', false], ['NOSCRIPT', false], ['TEMPLATE', false], ['RT', false], ['RP', false],
  ['TEXTAREA', true], ['INPUT', true], ['SELECT', true], ['IFRAME', true], ['OBJECT', true], ['CANVAS', true],
  ['VIDEO', true], ['AUDIO', true], ['SVG', true], ['MATH', true],
]);

/** The attribute TermLens's own UI hosts carry, so the scanner never reads them. */
export const OWN_UI_ATTRIBUTE = 'data-termlens-ui';

/** Why an element's subtree is not scanned, or null when it is. */
export function skipKind(el: Element): 'silent' | 'cut' | null {
  const tag = el.tagName.toUpperCase();
  const known = SKIPPED_TAGS.get(tag);
  if (known !== undefined) return known ? 'cut' : 'silent';
  // SVG and MathML: any element outside the HTML namespace.
  if (el.namespaceURI !== 'http://www.w3.org/1999/xhtml') return 'cut';
  if (el.hasAttribute(OWN_UI_ATTRIBUTE)) return 'cut';
  const editable = el.getAttribute('contenteditable');
  if (editable !== null && editable.toLowerCase() !== 'false') return 'cut';
  return null;
}

/** True when the element starts a block of its own. */
export function isBlockElement(el: Element): boolean {
  return BLOCK_TAGS.has(el.tagName.toUpperCase());
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

  constructor(readonly container: Element, readonly out: Block[]) {}

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
      this.out.push({ container: this.container, nodes: this.nodes, starts: this.starts, text: this.parts.join('') });
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

/**
 * The blocks of `container`'s own inline content, and (unless `ownOnly`) of
 * every block element inside it, in document order. With `ownOnly`, nested
 * block elements are passed over: that is what rescanning one container needs.
 */
export function collectBlocks(container: Element, options: { ownOnly?: boolean } = {}): Block[] {
  const out: Block[] = [];
  if (skipKind(container)) return out;
  // An explicit stack instead of recursion: hostile pages nest deeper than the JS stack.
  type Frame = { node: Node | null; builder: BlockBuilder };
  const root = new BlockBuilder(container, out);
  const stack: Frame[] = [{ node: container.firstChild, builder: root }];
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    const node = frame.node;
    if (node === null) {
      stack.pop();
      const parent = stack[stack.length - 1];
      // Leaving a block element: its run ends, and the parent's text after it starts a new run.
      if (parent && parent.builder !== frame.builder) frame.builder.flush();
      continue;
    }
    frame.node = node.nextSibling;
    if (node.nodeType === TEXT_NODE) {
      frame.builder.addText(node as Text);
      continue;
    }
    if (node.nodeType !== ELEMENT_NODE) continue;
    const el = node as Element;
    const skip = skipKind(el);
    if (skip) {
      if (skip === 'cut') frame.builder.flush();
      continue;
    }
    const tag = el.tagName.toUpperCase();
    if (tag === 'BR') {
      frame.builder.addBreak();
      continue;
    }
    if (isBlockElement(el)) {
      frame.builder.flush();
      if (options.ownOnly) continue;
      stack.push({ node: el.firstChild, builder: new BlockBuilder(el, out) });
      continue;
    }
    // Inline element (including <wbr>, <ruby>, custom elements): same run.
    stack.push({ node: el.firstChild, builder: frame.builder });
  }
  root.flush();
  return out;
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
