/**
 * When the entry card opens and closes, in one frame of a page.
 *
 * - **Hover** (mouse, pen): pointer moves are hit-tested at most once per
 *   animation frame; a term held under the pointer for `HOVER_DELAY_MS` opens its
 *   card. The card stays while the pointer is on the term or on the card (so
 *   its link can be clicked), and closes `LEAVE_DELAY_MS` after it left both.
 * - **Tap** (touch): a tap on a term opens its card and cancels the tap's
 *   default action (following a link the term is in). A second tap on the same
 *   term, with its card open, is an ordinary tap: the link is followed. Touch
 *   pointer moves are scrolls, never hovers.
 * - **Keyboard**: `navigate()` (the next/previous commands) moves through the
 *   occurrences in document order, scrolls to one, flashes it and opens its
 *   card. Focus stays in the page, as in 10ten Reader: the reader is reading,
 *   and the page's own keys keep working. A live region says the card aloud.
 * - **Closing**: Escape, a press outside the card, or the term scrolling out of
 *   view. Pointer moves close only a card that hover opened.
 *
 * Every listener is added with the controller's AbortSignal; `detach()` removes
 * them and the card's host element.
 */
import { occurrenceAtPoint } from '../page/hit-test';
import type { Occurrence } from '../page/page-highlighter';
import type { CardEntry, TermDirection } from '../messages';
import { t } from '../i18n';
import { CardHost } from './card-host';
import { nextOccurrenceIndex } from './term-navigation';
import { HOVER_DELAY_MS, LEAVE_DELAY_MS } from './card-timing';

/** How far (px) a finger may land beside a term and still tap it. */
const TAP_SLOP_PX = 4;

type OpenedBy = 'hover' | 'tap' | 'keyboard';

/** What the controller needs of the page pipeline. */
export interface CardPage {
  /** The page's occurrences in document order (empty while highlighting is off). */
  occurrences(): readonly Occurrence[];
  /** The occurrences in a block container's own runs. */
  occurrencesIn(container: Element): readonly Occurrence[];
  /** The block container whose runs hold `node`, or null outside the scanned root. */
  containerOf(node: Node): Element | null;
  /** Scrolls the occurrence into view if it is not, and flashes it. */
  reveal(occurrence: Occurrence): void;
  /** The card of an entry (without its private note), or null when it no longer exists. */
  fetchEntry(entryId: string): Promise<CardEntry | null>;
}

interface Shown {
  occurrence: Occurrence;
  rectIndex: number;
  by: OpenedBy;
}

export class CardController {
  readonly #window: Window;
  readonly #page: CardPage;
  /** The language the card's labels are in, asked for when the card is first made (see the constructor). */
  readonly #uiLanguage: () => string;
  readonly #abort = new AbortController();
  #host: CardHost | undefined;
  #entries = new Map<string, Promise<CardEntry | null>>();
  #shown: Shown | undefined;
  /** The occurrence waiting out the hover delay. */
  #pending: Occurrence | undefined;
  #openTimer: ReturnType<typeof setTimeout> | undefined;
  #leaveTimer: ReturnType<typeof setTimeout> | undefined;
  #frame = 0;
  #pointer = { x: 0, y: 0 };
  /** Bumped by every open and close, so a slow entry fetch cannot open a card that was closed meanwhile. */
  #generation = 0;
  /** The occurrence keyboard navigation visited last. */
  #cursor: Occurrence | undefined;

  /**
   * @param uiLanguage the language of the card's labels, called when the first card is made, not
   *   before: in Chromium a content script's first `i18n.getMessage` loads the extension's message
   *   catalogue through a synchronous call to the browser process, 5–7 ms of the page's main
   *   thread (a CPU profile of the 1M benchmark page), which most pages, where no card opens, need not pay.
   */
  constructor(win: Window, page: CardPage, uiLanguage: () => string) {
    this.#window = win;
    this.#page = page;
    this.#uiLanguage = uiLanguage;
  }

  /** Starts listening to the reader: pointer, tap, Escape. Cheap: the card's host is made on first use. */
  start(): void {
    const signal = this.#abort.signal;
    const win = this.#window;
    win.addEventListener('pointermove', (e) => this.#onPointerMove(e), { capture: true, passive: true, signal });
    win.addEventListener('pointerdown', (e) => this.#onPointerDown(e), { capture: true, passive: true, signal });
    win.addEventListener('click', (e) => this.#onClick(e), { capture: true, signal });
    win.addEventListener('keydown', (e) => this.#onKeyDown(e), { capture: true, signal });
    // At document_start the document may have no root element yet; pointerleave is also seen on the document.
    win.document.addEventListener('pointerleave', (e) => {
      if (e.target === win.document.documentElement) this.#pointerLeft();
    }, { capture: true, signal });
  }

  /** The occurrence whose card is open, if any. */
  get shownOccurrence(): Occurrence | undefined {
    return this.#shown?.occurrence;
  }

  /**
   * Goes to the next or previous occurrence in document order, scrolls it into
   * view, flashes it and opens its card. False when the page has none.
   */
  navigate(direction: TermDirection): boolean {
    const all = this.#page.occurrences();
    const doc = this.#window.document.documentElement;
    const cursor = this.#cursor;
    const current = cursor ? all.findIndex((o) => o.sameAs(cursor)) : -1;
    const index = nextOccurrenceIndex(all.length, current, direction, (i) => all[i]!.range.getBoundingClientRect(), doc.clientHeight);
    if (index < 0) {
      this.close();
      this.#ensureHost().notice(t('noticeNoTermsOnPage'));
      return false;
    }
    const occurrence = all[index]!;
    this.#cursor = occurrence;
    // Close first: scrolling to the new term must not find the old card's term gone and close the new card.
    this.close();
    this.#page.reveal(occurrence);
    void this.#open(occurrence, 0, 'keyboard');
    return true;
  }

  /** Closes the card, if one is open or about to open. */
  close(): void {
    this.#generation++;
    this.#cancelPending();
    clearTimeout(this.#leaveTimer);
    this.#shown = undefined;
    this.#host?.hide();
  }

  /** The glossary changed: forget cached entries, and refresh (or close) an open card. */
  glossaryChanged(): void {
    this.#entries.clear();
    const shown = this.#shown;
    if (shown) void this.#open(shown.occurrence, shown.rectIndex, shown.by);
  }

  /** Removes every listener, timer and the card's host element. */
  detach(): void {
    this.close();
    this.#abort.abort();
    cancelAnimationFrame(this.#frame);
    this.#host?.detach();
    this.#host = undefined;
  }

  #onPointerMove(e: PointerEvent): void {
    if (e.pointerType === 'touch') return;
    if (this.#host?.owns(e.target ?? null)) {
      // On the card: it stays, whatever opened it.
      clearTimeout(this.#leaveTimer);
      this.#cancelPending();
      return;
    }
    // A button held down is a selection or a drag, not a look-up.
    if (e.buttons !== 0) {
      this.#cancelPending();
      return;
    }
    this.#pointer = { x: e.clientX, y: e.clientY };
    if (this.#frame === 0) {
      this.#frame = this.#window.requestAnimationFrame(() => {
        this.#frame = 0;
        this.#hoverAt(this.#pointer.x, this.#pointer.y);
      });
    }
  }

  #hoverAt(x: number, y: number): void {
    if (this.#abort.signal.aborted) return;
    const hit = occurrenceAtPoint(this.#window.document, x, y, this.#page);
    const occurrence = hit?.occurrence;
    if (occurrence?.sameAs(this.#shown?.occurrence)) {
      clearTimeout(this.#leaveTimer);
      this.#cancelPending();
      return;
    }
    if (!occurrence) {
      this.#cancelPending();
      this.#leaveSoon();
      return;
    }
    if (occurrence.sameAs(this.#pending)) return;
    this.#cancelPending();
    this.#pending = occurrence;
    // Fetch while the delay runs, so the card opens the moment it ends.
    void this.#entry(occurrence.entryId);
    const rectIndex = hit.rectIndex;
    this.#openTimer = setTimeout(() => {
      this.#pending = undefined;
      void this.#open(occurrence, rectIndex, 'hover');
    }, HOVER_DELAY_MS);
  }

  #pointerLeft(): void {
    this.#cancelPending();
    this.#leaveSoon();
  }

  /** A hover card closes a moment after the pointer left the term, unless it reaches the card first. */
  #leaveSoon(): void {
    if (this.#shown?.by !== 'hover') return;
    clearTimeout(this.#leaveTimer);
    this.#leaveTimer = setTimeout(() => this.close(), LEAVE_DELAY_MS);
  }

  #onPointerDown(e: PointerEvent): void {
    // Touch decides on `click`, where the tap can still be cancelled.
    if (e.pointerType === 'touch' || !this.#shown) return;
    if (!this.#host?.owns(e.target)) this.close();
  }

  #onClick(e: MouseEvent): void {
    const pointerType = (e as PointerEvent).pointerType;
    if (pointerType !== 'touch' || this.#host?.owns(e.target)) return;
    const hit = occurrenceAtPoint(this.#window.document, e.clientX, e.clientY, this.#page, TAP_SLOP_PX);
    if (!hit) {
      this.close();
      return;
    }
    // Second tap on the term whose card is open: let the tap do what it does.
    if (hit.occurrence.sameAs(this.#shown?.occurrence)) {
      this.close();
      return;
    }
    e.preventDefault();
    void this.#open(hit.occurrence, hit.rectIndex, 'tap');
  }

  #onKeyDown(e: KeyboardEvent): void {
    if (e.key === 'Escape' && (this.#shown || this.#pending)) this.close();
  }

  #cancelPending(): void {
    clearTimeout(this.#openTimer);
    this.#pending = undefined;
  }

  #entry(entryId: string): Promise<CardEntry | null> {
    let entry = this.#entries.get(entryId);
    if (!entry) {
      entry = this.#page.fetchEntry(entryId).catch(() => null);
      this.#entries.set(entryId, entry);
      // A failed fetch (worker restarting) is not remembered.
      void entry.then((e) => e === null && this.#entries.delete(entryId));
    }
    return entry;
  }

  async #open(occurrence: Occurrence, rectIndex: number, by: OpenedBy): Promise<void> {
    const generation = ++this.#generation;
    clearTimeout(this.#leaveTimer);
    const entry = await this.#entry(occurrence.entryId);
    if (generation !== this.#generation || this.#abort.signal.aborted) return;
    if (!entry || occurrence.range.collapsed) {
      this.close();
      return;
    }
    this.#shown = { occurrence, rectIndex, by };
    this.#ensureHost().show(entry, occurrence.range, rectIndex, announcement(entry));
  }

  #ensureHost(): CardHost {
    this.#host ??= new CardHost(this.#window.document, {
      uiLanguage: this.#uiLanguage(),
      // The card's own close (its button, or its term scrolled away) ends only that card, not one on its way.
      onClose: () => {
        this.#shown = undefined;
      },
    });
    return this.#host;
  }
}

/** What the live region says when a card opens: term, first renderings, definition. */
function announcement(entry: CardEntry): string {
  const renderings = Object.entries(entry.translations)
    .filter(([lang]) => lang.toLowerCase() !== entry.lang.toLowerCase())
    .map(([, forms]) => forms[0])
    .filter((form): form is string => Boolean(form));
  return [t('cardAnnouncement', entry.term), ...renderings, entry.definition].filter(Boolean).join('. ');
}
