import { browser, type Browser } from 'wxt/browser';
import { PAGE_TERMS_PORT, parsePagePortReply, type PagePortRequest } from '../messages';
import { FramesPageTerms, type MergedPageTerms } from '../page-terms';

/** What the popup shows of a tab: its terms over all frames, or that no page script answers there. */
export type TabTermsState = MergedPageTerms | 'unavailable';

/**
 * Polls every frame of a tab for its terms, over a port to all of them (PAGE_TERMS_PORT; the
 * merging is FramesPageTerms's), and reveals an entry in the frame whose turn it is. Each poll
 * opens a new port: a port reaches the frames whose page script listened when it was opened, and a
 * frame gets its page script when its text comes (entrypoints/frame.content.ts), often after the
 * popup opened.
 */
export class TabTermsWatch {
  readonly #tabId: number;
  readonly #onChange: (state: TabTermsState) => void;
  readonly #pollMs: number;
  readonly #view = new FramesPageTerms();
  #port: Browser.runtime.Port | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(tabId: number, onChange: (state: TabTermsState) => void, pollMs = 1000) {
    this.#tabId = tabId;
    this.#onChange = onChange;
    this.#pollMs = pollMs;
  }

  start(): void {
    this.#poll();
    this.#timer = setInterval(() => this.#poll(), this.#pollMs);
  }

  stop(): void {
    clearInterval(this.#timer);
    const port = this.#port;
    this.#port = undefined;
    port?.disconnect();
  }

  /** Scrolls the page to the entry's next occurrence, in whichever frame holds it (FramesPageTerms.revealTarget). */
  reveal(entryId: string): void {
    const frame = this.#view.revealTarget(entryId);
    if (frame) this.#post({ type: 'reveal-term', entryId, frame });
  }

  #poll(): void {
    const seq = this.#view.nextPoll();
    const old = this.#port;
    this.#port = undefined;
    old?.disconnect();
    this.#connect();
    this.#post({ type: 'get-page-terms', seq });
  }

  #post(request: PagePortRequest): void {
    try {
      this.#port?.postMessage(request);
    } catch {
      // The port closed between the check and the post: onDisconnect says so.
    }
  }

  #connect(): void {
    let port: Browser.runtime.Port;
    try {
      port = browser.tabs.connect(this.#tabId, { name: PAGE_TERMS_PORT });
    } catch {
      this.#onChange('unavailable');
      return;
    }
    this.#port = port;
    port.onMessage.addListener((raw: unknown) => {
      const reply = parsePagePortReply(raw);
      if (!reply) return;
      if (reply.type === 'revealed') this.#view.revealed(reply);
      else if (this.#view.take(reply)) this.#onChange(this.#view.merged() ?? 'unavailable');
    });
    port.onDisconnect.addListener(() => {
      // Read, so that Chrome does not log "Unchecked runtime.lastError" for a tab with no page script.
      void browser.runtime.lastError;
      if (this.#port !== port) return;
      // Every frame's end closed (the tab went to another page, or has no page script): the next
      // poll opens a new port.
      this.#port = undefined;
      this.#view.clear();
      this.#onChange('unavailable');
    });
  }
}
