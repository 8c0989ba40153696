/**
 * Owns TermLens's entries in the page's highlight registry (design: "Rendering").
 * One `Highlight` per colour slot, registered as `termlens-<slot>`, styled by the
 * `::highlight()` rules of the content script's CSS. The page's scripts see the
 * same registry, hence the prefix.
 *
 * Every registered range costs on every frame after a change, so callers batch:
 * `add`/`remove` only queue, and `flush` applies the queue in one go.
 */

export const HIGHLIGHT_PREFIX = 'termlens-';
export const SLOT_COUNT = 8;
/** The highlight that flashes an occurrence the reader asked to see. */
export const FLASH_HIGHLIGHT = `${HIGHLIGHT_PREFIX}flash`;

export interface PaintedRange {
  range: AbstractRange;
  slot: number;
}

/** True where this browser has the CSS Custom Highlight API. */
export function highlightApiSupported(): boolean {
  return typeof CSS !== 'undefined' && 'highlights' in CSS && typeof Highlight === 'function';
}

export class HighlightPainter {
  #slots: Highlight[] = [];
  #flash: Highlight;
  #flashTimer: ReturnType<typeof setTimeout> | undefined;
  /** Queued changes, the last one per range wins: an add then a remove cancel out. */
  #pending = new Map<AbstractRange, { slot: number; add: boolean }>();
  #count = 0;

  constructor() {
    for (let slot = 0; slot < SLOT_COUNT; slot++) {
      const highlight = new Highlight();
      this.#slots.push(highlight);
      CSS.highlights.set(`${HIGHLIGHT_PREFIX}${slot}`, highlight);
    }
    this.#flash = new Highlight();
    // Above the colour slots, so the flash shows over the term's own colour.
    this.#flash.priority = 1;
    CSS.highlights.set(FLASH_HIGHLIGHT, this.#flash);
  }

  /** How many ranges are registered now. */
  get registeredCount(): number {
    return this.#count;
  }

  /** Queues ranges to register. */
  add(ranges: Iterable<PaintedRange>): void {
    for (const { range, slot } of ranges) this.#pending.set(range, { slot, add: true });
  }

  /** Queues ranges to unregister; cancels their queued registration if not flushed yet. */
  remove(ranges: Iterable<PaintedRange>): void {
    for (const { range, slot } of ranges) this.#pending.set(range, { slot, add: false });
  }

  /** Applies every queued change to the registry at once. */
  flush(): void {
    for (const [range, { slot, add }] of this.#pending) {
      const highlight = this.#slotHighlight(slot);
      if (add) {
        if (!highlight.has(range)) {
          highlight.add(range);
          this.#count++;
        }
      } else if (highlight.delete(range)) {
        this.#count--;
      }
    }
    this.#pending.clear();
  }

  /**
   * Registers again those of TermLens's highlights that are no longer in the registry, with
   * their ranges. The page's scripts share the registry, so a page (or another extension) that
   * calls `CSS.highlights.clear()` or deletes a name takes ours away too. Returns how many were
   * put back; a check costs nine look-ups, and only a put-back costs a repaint.
   */
  reclaim(): number {
    let restored = 0;
    this.#slots.forEach((highlight, slot) => {
      const name = `${HIGHLIGHT_PREFIX}${slot}`;
      if (CSS.highlights.get(name) === highlight) return;
      CSS.highlights.set(name, highlight);
      restored++;
    });
    if (this.#slots.length > 0 && CSS.highlights.get(FLASH_HIGHLIGHT) !== this.#flash) {
      CSS.highlights.set(FLASH_HIGHLIGHT, this.#flash);
      restored++;
    }
    return restored;
  }

  /** Shows `range` in the flash colour for a moment. */
  flash(range: AbstractRange, ms = 1200): void {
    clearTimeout(this.#flashTimer);
    this.#flash.clear();
    this.#flash.add(range);
    this.#flashTimer = setTimeout(() => this.#flash.clear(), ms);
  }

  /** Removes every TermLens highlight from the page. */
  detach(): void {
    clearTimeout(this.#flashTimer);
    for (let slot = 0; slot < SLOT_COUNT; slot++) {
      const name = `${HIGHLIGHT_PREFIX}${slot}`;
      if (CSS.highlights.get(name) === this.#slots[slot]) CSS.highlights.delete(name);
    }
    if (CSS.highlights.get(FLASH_HIGHLIGHT) === this.#flash) CSS.highlights.delete(FLASH_HIGHLIGHT);
    this.#slots = [];
    this.#count = 0;
  }

  #slotHighlight(slot: number): Highlight {
    return this.#slots[Math.max(0, Math.min(SLOT_COUNT - 1, slot | 0))]!;
  }
}
