/**
 * Where the entry card lives on a foreign page: one host element, `<termlens-card
 * data-termlens-ui>`, appended to `<html>` on first use, with a *closed* shadow
 * root. Page CSS cannot reach inside, page scripts cannot read it, and the page
 * scanner skips the host by its attribute. The card is a manual popover (the top
 * layer, above the page's own stacking) positioned with Floating UI.
 *
 * Nothing here runs at import time: `wxt build` imports entry files in Node, and
 * a page that never shows a card never gets a host.
 */
import { h, render } from 'preact';
import { autoUpdate, computePosition, flip, hide, offset, shift, size, type VirtualElement } from '@floating-ui/dom';
import cardCss from '@/components/entry-card.css?inline';
import { EntryCard } from '@/components/EntryCard';
import { OWN_UI_ATTRIBUTE } from '../page/blocks';
import type { CardEntry } from '../messages';

/** The host element's tag: tests and the page scanner know TermLens's UI by it (and by `data-termlens-ui`). */
export const CARD_HOST_TAG = 'termlens-card';

const NOTICE_MS = 2500;

export interface CardHostOptions {
  /** The reader closed the card, or its term scrolled out of view. */
  onClose: () => void;
  uiLanguage: string;
}

export class CardHost {
  readonly #doc: Document;
  readonly #options: CardHostOptions;
  #host: HTMLElement | undefined;
  #card: HTMLElement | undefined;
  #live: HTMLElement | undefined;
  #notice: HTMLElement | undefined;
  #noticeTimer: ReturnType<typeof setTimeout> | undefined;
  #stopAutoUpdate: (() => void) | undefined;
  #open = false;
  /** Which `show()` is current: a position computed for an earlier card is dropped. */
  #showCount = 0;

  constructor(doc: Document, options: CardHostOptions) {
    this.#doc = doc;
    this.#options = options;
  }

  get isOpen(): boolean {
    return this.#open;
  }

  /** True when `target` (an event's target, retargeted at the shadow boundary) is TermLens's UI. */
  owns(target: EventTarget | null): boolean {
    return target !== null && target === this.#host;
  }

  /**
   * Shows `entry`'s card beside line `rectIndex` of `range` (a term broken over
   * two lines has two), and keeps it there while the page scrolls, until the
   * term leaves the viewport. `announcement` goes to the live region.
   */
  show(entry: CardEntry, range: Range, rectIndex: number, announcement: string): void {
    const card = this.#ensureCard();
    this.#stopAutoUpdate?.();
    const showing = ++this.#showCount;
    render(h(EntryCard, { entry, uiLanguage: this.#options.uiLanguage, onClose: () => this.#closeByReader() }), card);
    if (!this.#open) {
      if (typeof card.showPopover === 'function') card.showPopover();
      else card.hidden = false;
      this.#open = true;
    }
    card.firstElementChild?.scrollTo(0, 0);
    this.#announce(announcement);

    const reference: VirtualElement = {
      getBoundingClientRect: () => {
        const rects = range.getClientRects();
        return rects[rectIndex] ?? rects[0] ?? range.getBoundingClientRect();
      },
      contextElement: range.startContainer.parentElement ?? undefined,
    };
    const update = () => {
      void computePosition(reference, card, {
        strategy: 'fixed',
        placement: 'bottom-start',
        middleware: [
          offset(6),
          flip({ padding: 8 }),
          shift({ padding: 8 }),
          size({
            padding: 8,
            apply: ({ availableHeight }) =>
              card.style.setProperty('--tl-card-max-height', `${Math.max(120, Math.min(420, Math.floor(availableHeight)))}px`),
          }),
          hide(),
        ],
      }).then(({ x, y, middlewareData }) => {
        if (!this.#open || showing !== this.#showCount) return;
        // Scrolled away: the term is no longer in view, so neither is its card.
        if (middlewareData.hide?.referenceHidden) {
          this.#closeByReader();
          return;
        }
        card.style.left = `${x}px`;
        card.style.top = `${y}px`;
      });
    };
    this.#stopAutoUpdate = autoUpdate(reference, card, update);
  }

  /** Hides the card (the host stays, for the next one). */
  hide(): void {
    this.#stopAutoUpdate?.();
    this.#stopAutoUpdate = undefined;
    if (!this.#open || !this.#card) return;
    this.#open = false;
    const card = this.#card;
    if (typeof card.hidePopover === 'function') {
      try {
        card.hidePopover();
      } catch {
        // Already hidden (the page removed and re-added the host).
      }
    } else card.hidden = true;
    render(null, card);
  }

  /** Shows a short notice at the bottom of the viewport, and says it to screen readers. */
  notice(text: string): void {
    this.#ensureCard();
    const notice = this.#notice!;
    notice.textContent = text;
    notice.hidden = false;
    this.#announce(text);
    clearTimeout(this.#noticeTimer);
    this.#noticeTimer = setTimeout(() => (notice.hidden = true), NOTICE_MS);
  }

  /** Removes the host and everything in it. */
  detach(): void {
    this.hide();
    clearTimeout(this.#noticeTimer);
    this.#host?.remove();
    this.#host = undefined;
    this.#card = undefined;
  }

  #closeByReader(): void {
    if (!this.#open) return;
    this.hide();
    this.#options.onClose();
  }

  #announce(text: string): void {
    if (!this.#live) return;
    // Replace rather than append, so a screen reader says the new text once.
    this.#live.textContent = text;
  }

  #ensureCard(): HTMLElement {
    const doc = this.#doc;
    if (this.#host && this.#card) {
      // Some pages rebuild <html>'s children; come back if thrown out.
      if (!this.#host.isConnected) doc.documentElement.append(this.#host);
      return this.#card;
    }
    const host = doc.createElement(CARD_HOST_TAG);
    host.setAttribute(OWN_UI_ATTRIBUTE, '');
    const root = host.attachShadow({ mode: 'closed' });
    adoptCss(root, cardCss);
    const layer = doc.createElement('div');
    layer.className = 'tl-layer';
    const card = doc.createElement('div');
    card.className = 'tl-card-popover';
    if (typeof card.showPopover === 'function') card.setAttribute('popover', 'manual');
    else card.hidden = true;
    const live = doc.createElement('div');
    live.className = 'tl-sr-only';
    live.setAttribute('role', 'status');
    live.setAttribute('aria-live', 'polite');
    const notice = doc.createElement('div');
    notice.className = 'tl-notice';
    notice.setAttribute('aria-hidden', 'true');
    notice.hidden = true;
    layer.append(card, live, notice);
    root.append(layer);
    doc.documentElement.append(host);
    this.#host = host;
    this.#card = card;
    this.#live = live;
    this.#notice = notice;
    return card;
  }
}

/**
 * The card's CSS in the shadow root: a constructed stylesheet, which a page's CSP
 * (`style-src`) does not govern; a `<style>` element where those are missing.
 */
function adoptCss(root: ShadowRoot, css: string): void {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];
    return;
  } catch {
    const style = root.ownerDocument.createElement('style');
    style.textContent = css;
    root.append(style);
  }
}
