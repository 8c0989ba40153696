import { browser, type Browser } from 'wxt/browser';
import { Matcher } from '../match';
import { unpackMatcherFromWire } from '../match/wire';
import { HighlightPainter, highlightApiSupported } from '../page/highlight-painter';
import { PageHighlighter, type Occurrence } from '../page/page-highlighter';
import { sendToBackground } from '../browser/send';
import { isActiveOnHost, settingsItem, timingsItem, type Settings } from '../settings';
import { setTimingsEnabled, timingMark, timingMeasure } from '../page/timings';
import { containerOf } from '../page/blocks';
import { whenDocumentHoldsText } from './frame-text';
import {
  PAGE_TERMS_PORT,
  parseContentRequest,
  parsePagePortRequest,
  type ContentResponses,
  type PagePortReply,
  type PageInfo,
  type PageTermCount,
  type PageTermsResponse,
} from '../messages';
import { CardController } from './card-controller';

/**
 * TermLens in one frame of one page: fetches the compiled glossary from the
 * background, runs the page pipeline while highlighting is on here, opens entry
 * cards (lib/content/card-controller.ts), answers the popup and the keyboard
 * commands, and removes every trace of itself on `detach()`.
 */
export class TermLensPage {
  #window: Window;
  #abort = new AbortController();
  #painter: HighlightPainter | undefined;
  #highlighter: PageHighlighter | undefined;
  #matcher: Matcher | undefined;
  #revision: number | undefined;
  /** Entry id → label, made from the matcher when the popup first asks (null until then). */
  #labels: Map<string, string> | null = null;
  #active = false;
  #revealIndex = new Map<string, number>();
  /**
   * This script's name on the popup's port to every frame (PAGE_TERMS_PORT); random, so that it
   * says nothing of the frame. Not `crypto.randomUUID`, which exists only in secure contexts: a
   * content script on an http: page has none (it threw there, and the script never started). Made
   * when the popup first asks (0.2 ms of every page's start-up in a CPU profile, made at once).
   */
  #token: string | undefined;
  #unwatchSettings: (() => void) | undefined;
  #cards: CardController | undefined;
  #detached = false;
  /** The count of distinct terms last sent to the background (#reportStats). */
  #toldTerms: number | undefined;
  /**
   * When the document was last shown (ms since the epoch), which the top frame's reports carry:
   * when it started, or when the browser last brought it back from its back/forward cache
   * (#onPageShow).
   */
  #shownAt = performance.timeOrigin;
  /** When start() began (performance.now), for the `termlens:startup` measure. */
  #startedAt = 0;
  /** Stops the wait of a frame whose document holds no text yet (#loadWhenReadable), while it waits. */
  #stopWaitingForText: (() => void) | undefined;
  /** The last #loadMatcher call: the next one waits for it. */
  #loading: Promise<void> = Promise.resolve();

  constructor(win: Window) {
    this.#window = win;
  }

  get #isTopFrame(): boolean {
    return this.#window.top === this.#window;
  }

  async start(): Promise<void> {
    this.#startedAt = performance.now();
    timingMark('termlens:start', this.#startedAt);
    // Whether the page's timeline gets TermLens's performance entries (lib/page/timings.ts).
    timingsItem.getValue().then(setTimingsEnabled, () => setTimingsEnabled(false));
    const onMessage = (raw: unknown) => {
      const request = parseContentRequest(raw);
      if (!request) return undefined;
      switch (request.type) {
        case 'glossary-changed':
          // A frame still waiting for text fetches the newest matcher when the text comes.
          if (this.#active && request.revision !== this.#revision && !this.#stopWaitingForText) {
            this.#cards?.glossaryChanged();
            void this.#loadMatcher();
          }
          return Promise.resolve(null);
        case 'get-page-terms':
          return this.#isTopFrame ? Promise.resolve(this.pageTerms()) : undefined;
        case 'reveal-term':
          return this.#isTopFrame ? Promise.resolve<ContentResponses['reveal-term']>(this.reveal(request.entryId)) : undefined;
        case 'navigate-term': {
          const mine = request.focusedOnly ? this.#holdsFocus() : this.#isTopFrame;
          return mine ? Promise.resolve<ContentResponses['navigate-term']>(this.navigate(request.direction)) : undefined;
        }
        case 'get-page-info':
          return this.#isTopFrame ? Promise.resolve(this.pageInfo()) : undefined;
        case 'report-page-stats':
          // The top frame's report is the one that asked.
          if (!this.#isTopFrame) this.#reportStatsAgain();
          return undefined;
      }
    };
    browser.runtime.onMessage.addListener(onMessage);
    this.#abort.signal.addEventListener('abort', () => quietly(() => browser.runtime.onMessage.removeListener(onMessage)));
    const onConnect = (port: Browser.runtime.Port) => {
      if (port.name === PAGE_TERMS_PORT) port.onMessage.addListener((raw: unknown) => this.#answerPopup(port, raw));
    };
    browser.runtime.onConnect.addListener(onConnect);
    this.#abort.signal.addEventListener('abort', () => quietly(() => browser.runtime.onConnect.removeListener(onConnect)));
    // Chrome tells a content script nothing when its extension is reloaded, updated or
    // removed: its extension APIs just start throwing. WXT's context notices only when a
    // newer copy of the script starts in the frame; without one (extension removed or
    // disabled) this check is what takes the highlights away. A property read a second. The same
    // tick puts back our highlights if the page took them out of the registry it shares with us.
    const alive = this.#window.setInterval(() => {
      if (!extensionAlive()) this.detach();
      else this.#painter?.reclaim();
    }, 1_000);
    this.#abort.signal.addEventListener('abort', () => this.#window.clearInterval(alive));
    // A frame that leaves (the page removes it, or it goes to another page) takes its entries
    // off the badge; nothing else would tell the background (tab-terms.ts).
    if (!this.#isTopFrame) this.#window.addEventListener('pagehide', () => this.#tellFrameLeft(), { signal: this.#abort.signal });
    this.#window.addEventListener('pageshow', (event) => this.#onPageShow(event), { signal: this.#abort.signal });
    if (!highlightApiSupported()) return;

    // The card names languages in the language of its own labels, i.e. of the message catalogue in
    // use: asked for when the first card opens (CardController's constructor says why).
    const uiLanguage = () => browser.i18n.getMessage('@@ui_locale').replace('_', '-') || 'zh-CN';
    this.#cards = new CardController(this.#window, this.#cardPage(), uiLanguage);
    this.#cards.start();
    this.#unwatchSettings = settingsItem.watch((settings) => void this.#applySettings(settings));
    await this.#applySettings(await settingsItem.getValue());
  }

  /** Entry id → label (the entry's headword), for the popup's list of the page's terms. */
  #labelsById(): Map<string, string> {
    if (this.#labels) return this.#labels;
    const byId = new Map<string, string>();
    if (this.#matcher) {
      const ids = this.#matcher.entryIds;
      const labels = this.#matcher.labels();
      for (let i = 0; i < ids.length; i++) byId.set(ids[i]!, labels[i] || ids[i]!);
    }
    this.#labels = byId;
    return byId;
  }

  /** The terms on this page with their counts, most frequent first. */
  pageTerms(): PageTermsResponse {
    const supported = highlightApiSupported();
    const counts = this.#highlighter?.countsByEntry() ?? new Map<string, number>();
    const slots = this.#highlighter?.slotsByEntry() ?? new Map<string, number>();
    const terms: PageTermCount[] = [...counts].map(([entryId, count]) => ({
      entryId,
      count,
      term: this.#labelsById().get(entryId) ?? entryId,
      slot: slots.get(entryId) ?? 0,
    }));
    terms.sort((a, b) => b.count - a.count || a.term.localeCompare(b.term, 'zh'));
    return { supported, active: this.#active, host: this.#window.location.hostname, terms };
  }

  /** The page's address, title and host name. */
  pageInfo(): PageInfo {
    const location = this.#window.location;
    return { url: location.href, title: this.#window.document.title, host: location.hostname };
  }

  /**
   * Whether this frame is the one the keyboard focus is in: its document has the focus, and the
   * focus is not inside one of its own frames (then the document's active element is that frame).
   * One frame of a tab at most, the innermost with the focus.
   */
  #holdsFocus(): boolean {
    const doc = this.#window.document;
    const active = doc.activeElement?.localName;
    return doc.hasFocus() && active !== 'iframe' && active !== 'frame';
  }

  /** Goes to the next or previous occurrence, flashes it and opens its card (the keyboard commands). */
  navigate(direction: 'next' | 'previous'): boolean {
    return this.#cards?.navigate(direction) ?? false;
  }

  /** Scrolls to the entry's next occurrence (after the last one revealed) and flashes it. */
  reveal(entryId: string): boolean {
    return this.#revealNext(entryId).total > 0;
  }

  /** reveal, telling which occurrence it showed, of how many (-1 of 0: none here). */
  #revealNext(entryId: string): { index: number; total: number } {
    const all = this.#highlighter?.occurrences(entryId) ?? [];
    if (all.length === 0) return { index: -1, total: 0 };
    const index = ((this.#revealIndex.get(entryId) ?? -1) + 1) % all.length;
    this.#revealIndex.set(entryId, index);
    this.#showOccurrence(all[index]!);
    return { index, total: all.length };
  }

  /**
   * Answers the popup on its port to every frame (PAGE_TERMS_PORT): this frame's terms, with its
   * token and whether it is the top frame; and a reveal meant for this frame's token.
   */
  #answerPopup(port: Browser.runtime.Port, raw: unknown): void {
    const request = parsePagePortRequest(raw);
    if (!request || this.#detached) return;
    const token = (this.#token ??= randomToken());
    let reply: PagePortReply;
    if (request.type === 'get-page-terms') {
      reply = { type: 'page-terms', seq: request.seq, frame: token, top: this.#isTopFrame, ...this.pageTerms() };
    } else {
      if (request.frame !== token) return;
      reply = { type: 'revealed', frame: token, entryId: request.entryId, ...this.#revealNext(request.entryId) };
    }
    quietly(() => port.postMessage(reply));
  }

  /** Scrolls the occurrence to a third of the viewport (unless `onlyIfHidden` and it is in view) and flashes it. */
  #showOccurrence(occurrence: Occurrence, onlyIfHidden = false): void {
    this.#highlighter?.ensurePainted(occurrence.container);
    const doc = this.#window.document.documentElement;
    const inView = (rect: DOMRect) => rect.top >= 0 && rect.bottom <= doc.clientHeight;
    let rect = occurrence.range.getBoundingClientRect();
    if (!onlyIfHidden || !inView(rect)) {
      // In a frame, the frame itself may lie outside the page's view. Scrolling an element into
      // view scrolls the frames around it too: the occurrence's own element (a line or a
      // paragraph), to the middle of the page's view; then the frame's own document, if need be.
      const element = occurrence.range.startContainer.parentElement;
      if (!this.#isTopFrame && element) {
        element.scrollIntoView({ block: 'center', inline: 'nearest', behavior: 'instant' });
        rect = occurrence.range.getBoundingClientRect();
      }
      if (this.#isTopFrame || !inView(rect)) this.#window.scrollBy({ top: rect.top - doc.clientHeight / 3, behavior: 'instant' });
    }
    this.#painter?.flash(occurrence.range);
  }

  /** What the card controller sees of this page: the pipeline's occurrences and the background's entries. */
  #cardPage() {
    return {
      occurrences: () => (this.#active ? (this.#highlighter?.occurrences() ?? []) : []),
      occurrencesIn: (container: Element) => this.#highlighter?.occurrencesIn(container) ?? [],
      containerOf: (node: Node) => {
        const body = this.#window.document.body;
        return body && body.contains(node) ? containerOf(node, body) : null;
      },
      reveal: (occurrence: Occurrence) => this.#showOccurrence(occurrence, true),
      // async: an invalidated extension throws at the call, and the card expects a rejection.
      fetchEntry: async (entryId: string) => sendToBackground({ type: 'get-card-entry', entryId }),
    };
  }

  async #applySettings(settings: Settings): Promise<void> {
    const active = isActiveOnHost(settings, this.#window.location.hostname);
    if (active === this.#active || this.#detached) return;
    this.#active = active;
    if (active) await this.#loadWhenReadable();
    else {
      this.#stopWaitingForText?.();
      this.#stopHighlighting();
    }
    this.#reportStats();
  }

  /**
   * Loads the matcher (#loadMatcher): in the top frame at once, so that fetching and decoding it
   * overlap the page's loading; in a frame, once its document holds text that a scan would read
   * (`whenDocumentHoldsText`). The script comes into a frame only once the frame holds text
   * (entrypoints/frame.content.ts); a frame whose text is gone again by the time the script runs
   * waits here. A frame that waits lets `glossary-changed` pass, and fetches the newest matcher
   * when its text comes.
   */
  async #loadWhenReadable(): Promise<void> {
    if (this.#isTopFrame) return this.#loadMatcher();
    if (this.#stopWaitingForText) return;
    // The text came: the wait ends as if stopped (whenDocumentHoldsText never calls back at once,
    // so stopWaiting is defined by then), and the matcher is fetched.
    const stop = whenDocumentHoldsText(this.#window.document, () => {
      stopWaiting();
      if (!this.#detached && this.#active) void this.#loadMatcher();
    });
    const stopWaiting = () => {
      stop();
      this.#abort.signal.removeEventListener('abort', stopWaiting);
      this.#stopWaitingForText = undefined;
    };
    this.#abort.signal.addEventListener('abort', stopWaiting);
    this.#stopWaitingForText = stopWaiting;
  }

  /**
   * Fetches the matcher and (re)starts the pipeline. Calls are chained, one after the other:
   * start-up and a `glossary-changed` broadcast right after seeding would otherwise both find no
   * pipeline yet and start two, each with its own painter.
   */
  #loadMatcher(): Promise<void> {
    // A failure is reported and ends only its own call, never the chain.
    this.#loading = this.#loading.then(() => this.#fetchMatcher()).catch((error: unknown) => reportError(error));
    return this.#loading;
  }

  async #fetchMatcher(): Promise<void> {
    // Performance entries `termlens:*` time the start-up stages for bench/ (lib/page/timings.ts).
    const requested = performance.now();
    let response;
    try {
      response = await sendToBackground({ type: 'get-matcher', knownRevision: this.#revision });
    } catch {
      // The extension was reloaded or its worker is gone: nothing to highlight with.
      return;
    }
    if (this.#detached || !this.#active || !response) return;
    const received = performance.now();
    timingMeasure('termlens:get-matcher', { start: requested, end: received });
    if (response.matcher) {
      // Throws on a malformed matcher. The unwire (cutting the strings out of the wire) and the
      // decode (Matcher.from) are measured apart, both main-thread time (read by bench/).
      const compiled = unpackMatcherFromWire(response.matcher);
      const unwired = performance.now();
      timingMeasure('termlens:unwire-matcher', { start: received, end: unwired });
      this.#matcher = Matcher.from(compiled);
      // The labels map is made when the popup first asks: most pages are never asked.
      this.#labels = null;
      const decoded = performance.now();
      timingMeasure('termlens:decode-matcher', { start: unwired, end: decoded, detail: { mainThreadMs: decoded - received } });
    }
    this.#revision = response.revision;
    if (!this.#matcher) return;
    // The script starts at document_start, so that this round trip and the decoding overlap the
    // page's own loading; the page is scanned once its DOM is complete.
    if (this.#window.document.readyState === 'loading') {
      // The content script's own start-up ends here (read by bench/); the wait for the DOM is the page's.
      timingMeasure('termlens:startup', { start: this.#startedAt, end: performance.now() });
      await domReady(this.#window.document);
      if (this.#detached || !this.#active) return;
    }
    timingMark('termlens:dom-ready');
    const body = this.#window.document.body;
    if (!body) return;
    if (this.#highlighter) {
      // The same revision: the pipeline already runs with this matcher.
      if (response.matcher) this.#highlighter.setMatcher(this.#matcher);
      return;
    }
    this.#painter = new HighlightPainter();
    this.#highlighter = new PageHighlighter({
      root: body,
      painter: this.#painter,
      onChange: () => this.#reportStats(),
    });
    this.#highlighter.start(this.#matcher);
  }

  #stopHighlighting(): void {
    this.#cards?.close();
    this.#highlighter?.detach();
    this.#painter?.detach();
    this.#highlighter = undefined;
    this.#painter = undefined;
  }

  /**
   * Tells the background which entries this frame holds (the toolbar badge counts them over the
   * tab's frames: lib/background/tab-terms.ts), when their count differs from the count last told.
   * A change that swaps one entry for another at once is told with the next change of the count.
   * The pipeline reports every change, and a page that rewrites a ticker every 100 ms changes ten
   * times a second: a message each time kept the background's worker from ever stopping, and cost
   * the page a task each time. A new top document's script tells its first count whatever it is; a
   * frame's, only once it has found something.
   */
  #reportStats(): void {
    if (this.#detached || !extensionAlive()) return;
    // Counted once: before the first walk ends, the counts are counted again at each question.
    const counts = this.#active ? this.#highlighter?.countsByEntry() : undefined;
    const distinctTerms = counts?.size ?? 0;
    if (distinctTerms === this.#toldTerms) return;
    // A frame with nothing found and nothing told before has nothing to tell.
    if (distinctTerms === 0 && this.#toldTerms === undefined && !this.#isTopFrame) return;
    this.#toldTerms = distinctTerms;
    const entryIds = counts ? [...counts.keys()] : [];
    const documentStart = this.#isTopFrame ? this.#shownAt : undefined;
    quietly(
      () =>
        void sendToBackground({ type: 'page-stats', entryIds, ...(documentStart ? { documentStart } : {}) }).catch(() => {
          // Not told after all: the next change tells it again.
          if (this.#toldTerms === distinctTerms) this.#toldTerms = undefined;
        }),
    );
  }

  /**
   * A document brought back from the back/forward cache (Back, Forward) tells its entries again:
   * the browser cleared the tab's badge when the tab went to the other page, and the background
   * holds the other page's frames. The top frame's report counts as a new document's, shown when
   * the browser began to bring it back, so that it drops every frame that reported before. Without
   * the new time, the background would take the top frame's report for a late one of the document
   * before (tab-terms.ts), and ignore it. Chromium brings the frames back after the top frame, so
   * their reports reach the background after that time; Firefox brings them back a millisecond or
   * two before it, and a frame's report that comes before the top frame's time is dropped with the
   * other page's: the background then asks the frames to tell again (`report-page-stats`).
   */
  #onPageShow(event: PageTransitionEvent): void {
    if (!event.persisted) return;
    if (this.#isTopFrame) this.#shownAt = performance.timeOrigin + event.timeStamp;
    this.#reportStatsAgain();
  }

  /** Tells the background this frame's entries, whether or not their count changed since last told. */
  #reportStatsAgain(): void {
    this.#toldTerms = undefined;
    this.#reportStats();
  }

  /** Tells the background that this frame holds no entries any more, if it had told of some. */
  #tellFrameLeft(): void {
    if (!this.#toldTerms || !extensionAlive()) return;
    this.#toldTerms = undefined;
    quietly(() => void sendToBackground({ type: 'page-stats', entryIds: [] }).catch(() => undefined));
  }

  /**
   * Removes every highlight, listener and observer this script added, without throwing.
   * Also called after the extension was reloaded, when every extension API throws
   * "Extension context invalidated": the page's own state goes first, and each
   * extension listener is removed on its own, so that one failure stops nothing else.
   */
  detach(): void {
    if (this.#detached) return;
    this.#detached = true;
    quietly(() => this.#stopHighlighting());
    quietly(() => this.#cards?.detach());
    quietly(() => this.#unwatchSettings?.());
    quietly(() => this.#abort.abort());
  }
}

/** 128 random bits as hex; `crypto.getRandomValues` works in any context, secure or not. */
function randomToken(): string {
  return Array.from(crypto.getRandomValues(new Uint32Array(4)), (n) => n.toString(16).padStart(8, '0')).join('');
}

/** Resolves once the document has been parsed (at once if it already has). */
function domReady(doc: Document): Promise<void> {
  if (doc.readyState !== 'loading') return Promise.resolve();
  return new Promise((resolve) => doc.addEventListener('DOMContentLoaded', () => resolve(), { once: true }));
}

/** False once the extension was reloaded, updated, disabled or removed under this script. */
function extensionAlive(): boolean {
  try {
    return Boolean(browser.runtime?.id);
  } catch {
    return false;
  }
}

/** Runs a clean-up step; an invalidated extension API throws, and that must not stop the next step. */
function quietly(step: () => void): void {
  try {
    step();
  } catch {
    // Nothing to undo: the API that threw belongs to an extension context that is gone.
  }
}
