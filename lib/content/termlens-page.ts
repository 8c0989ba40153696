import { browser } from 'wxt/browser';
import { Matcher } from '../match';
import { HighlightPainter, highlightApiSupported } from '../page/highlight-painter';
import { PageHighlighter, type Occurrence } from '../page/page-highlighter';
import { sendToBackground } from '../browser/send';
import { isActiveOnHost, settingsItem, type Settings } from '../settings';
import { parseContentRequest, type ContentResponses, type PageTermCount, type PageTermsResponse } from '../messages';

/**
 * TermLens in one frame of one page: fetches the compiled glossary from the
 * background, runs the page pipeline while highlighting is on here, answers the
 * popup, and removes every trace of itself on `detach()`.
 */
export class TermLensPage {
  #window: Window;
  #abort = new AbortController();
  #painter: HighlightPainter | undefined;
  #highlighter: PageHighlighter | undefined;
  #matcher: Matcher | undefined;
  #revision: number | undefined;
  #labels: Record<string, string> = {};
  #active = false;
  #revealIndex = new Map<string, number>();
  #unwatchSettings: (() => void) | undefined;
  #detached = false;

  constructor(win: Window) {
    this.#window = win;
  }

  get #isTopFrame(): boolean {
    return this.#window.top === this.#window;
  }

  async start(): Promise<void> {
    const onMessage = (raw: unknown) => {
      const request = parseContentRequest(raw);
      if (!request) return undefined;
      switch (request.type) {
        case 'glossary-changed':
          if (this.#active && request.revision !== this.#revision) void this.#loadMatcher();
          return Promise.resolve(null);
        case 'get-page-terms':
          return this.#isTopFrame ? Promise.resolve(this.pageTerms()) : undefined;
        case 'reveal-term':
          return this.#isTopFrame ? Promise.resolve<ContentResponses['reveal-term']>(this.reveal(request.entryId)) : undefined;
      }
    };
    browser.runtime.onMessage.addListener(onMessage);
    this.#abort.signal.addEventListener('abort', () => browser.runtime.onMessage.removeListener(onMessage));
    if (!highlightApiSupported()) return;

    this.#unwatchSettings = settingsItem.watch((settings) => void this.#applySettings(settings));
    await this.#applySettings(await settingsItem.getValue());
  }

  /** The terms on this page with their counts, most frequent first. */
  pageTerms(): PageTermsResponse {
    const supported = highlightApiSupported();
    const counts = this.#highlighter?.countsByEntry() ?? new Map<string, number>();
    const slots = new Map<string, number>();
    for (const o of this.#highlighter?.occurrences() ?? []) slots.set(o.entryId, o.slot);
    const terms: PageTermCount[] = [...counts].map(([entryId, count]) => ({
      entryId,
      count,
      term: this.#labels[entryId] ?? entryId,
      slot: slots.get(entryId) ?? 0,
    }));
    terms.sort((a, b) => b.count - a.count || a.term.localeCompare(b.term, 'zh'));
    return { supported, active: this.#active, terms };
  }

  /** Scrolls to the entry's next occurrence (after the last one revealed) and flashes it. */
  reveal(entryId: string): boolean {
    const all = this.#highlighter?.occurrences().filter((o) => o.entryId === entryId) ?? [];
    if (all.length === 0) return false;
    const index = ((this.#revealIndex.get(entryId) ?? -1) + 1) % all.length;
    this.#revealIndex.set(entryId, index);
    const occurrence = all[index]!;
    this.#showOccurrence(occurrence);
    return true;
  }

  #showOccurrence(occurrence: Occurrence): void {
    this.#highlighter?.ensurePainted(occurrence.block.container);
    const rect = occurrence.range.getBoundingClientRect();
    const doc = this.#window.document.documentElement;
    this.#window.scrollBy({ top: rect.top - doc.clientHeight / 3, behavior: 'instant' });
    this.#painter?.flash(occurrence.range);
  }

  async #applySettings(settings: Settings): Promise<void> {
    const active = isActiveOnHost(settings, this.#window.location.hostname);
    if (active === this.#active || this.#detached) return;
    this.#active = active;
    if (active) await this.#loadMatcher();
    else this.#stopHighlighting();
    this.#reportStats();
  }

  async #loadMatcher(): Promise<void> {
    let response;
    try {
      response = await sendToBackground({ type: 'get-matcher', knownRevision: this.#revision });
    } catch {
      // The extension was reloaded or its worker is gone: nothing to highlight with.
      return;
    }
    if (this.#detached || !this.#active || !response) return;
    if (response.matcher) {
      this.#matcher = Matcher.from(response.matcher);
      this.#labels = response.labels ?? {};
    }
    this.#revision = response.revision;
    if (!this.#matcher) return;
    const body = this.#window.document.body;
    if (!body) return;
    if (this.#highlighter) {
      this.#highlighter.setMatcher(this.#matcher);
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
    this.#highlighter?.detach();
    this.#painter?.detach();
    this.#highlighter = undefined;
    this.#painter = undefined;
  }

  #reportStats(): void {
    if (!this.#isTopFrame || this.#detached) return;
    const distinctTerms = this.#active ? (this.#highlighter?.countsByEntry().size ?? 0) : 0;
    sendToBackground({ type: 'page-stats', distinctTerms }).catch(() => undefined);
  }

  /** Removes every highlight, listener and observer this script added. */
  detach(): void {
    if (this.#detached) return;
    this.#detached = true;
    this.#unwatchSettings?.();
    this.#abort.abort();
    this.#stopHighlighting();
  }
}
