/**
 * The popup's view of a tab's terms over all its frames (docs/architecture.md, "A page's terms over
 * its frames"). Each frame's page script answers the popup's polls on PAGE_TERMS_PORT with its own
 * terms and counts; this keeps the latest answer of each frame, merges them by entry, and says which
 * frame the next "reveal" of an entry goes to. No browser API: lib/browser/page-terms-port.ts
 * carries the messages.
 */
import type { PageTermCount, PageTermsReply, RevealedReply } from './messages';

/**
 * Terms shown before "Show all": about four lines of a popup 360 px wide. A page rich in terms (42 on
 * the reference page) listed them all, about 600 px, and put the glossary's search below the fold of
 * a popup of Chromium's greatest height. A list of at most PAGE_TERMS_SHOWN + 2 is shown whole: a
 * button to show one or two more would take their room.
 */
export const PAGE_TERMS_SHOWN = 10;

/** A tab's terms over its frames. */
export interface MergedPageTerms {
  /** The top frame's: whether the Highlight API is there, whether highlighting is on, its host. */
  supported: boolean;
  active: boolean;
  host: string;
  /** By entry, counts summed over the frames; most frequent first, as each frame sorts its own. */
  terms: PageTermCount[];
}

/** A frame that has not answered this many polls in a row is taken to be gone. */
const MISSED_POLLS = 2;

export class FramesPageTerms {
  #seq = 0;
  /** Each frame's latest answer, by token; a Map keeps the order frames first answered in. */
  #replies = new Map<string, PageTermsReply>();
  /** Entry id → the index, among the frames holding it, of the frame its next reveal goes to. */
  #revealFrame = new Map<string, number>();

  /** The number of the next poll, to send as `seq`. */
  nextPoll(): number {
    this.#seq++;
    for (const [frame, reply] of this.#replies) if (this.#seq - reply.seq > MISSED_POLLS) this.#replies.delete(frame);
    return this.#seq;
  }

  /** Takes a frame's answer; false when it is older than the one already kept for that frame. */
  take(reply: PageTermsReply): boolean {
    const kept = this.#replies.get(reply.frame);
    if (kept && kept.seq > reply.seq) return false;
    this.#replies.set(reply.frame, reply);
    return true;
  }

  /** Forgets every frame (the port closed: the tab went to another page). */
  clear(): void {
    this.#replies.clear();
    this.#revealFrame.clear();
  }

  /** The frames' answers, top frame first, then in the order they first answered. */
  #frames(): PageTermsReply[] {
    const all = [...this.#replies.values()];
    return [...all.filter((r) => r.top), ...all.filter((r) => !r.top)];
  }

  /** The merged view, or null before any frame answered. */
  merged(): MergedPageTerms | null {
    const frames = this.#frames();
    const first = frames[0];
    if (!first) return null;
    const byEntry = new Map<string, PageTermCount>();
    for (const reply of frames) {
      for (const term of reply.terms) {
        const seen = byEntry.get(term.entryId);
        if (seen) seen.count += term.count;
        else byEntry.set(term.entryId, { ...term });
      }
    }
    const terms = [...byEntry.values()].sort((a, b) => b.count - a.count || a.term.localeCompare(b.term, 'zh'));
    // The state is the top frame's; without its answer yet, a frame's (but never a frame's host).
    return { supported: first.supported, active: first.active, host: first.top ? first.host : '', terms };
  }

  /** The frames that hold the entry, in #frames order. */
  #holders(entryId: string): string[] {
    return this.#frames()
      .filter((reply) => reply.terms.some((term) => term.entryId === entryId && term.count > 0))
      .map((reply) => reply.frame);
  }

  /**
   * The token of the frame the entry's next reveal goes to, or undefined if no frame holds it. A
   * frame reveals its occurrences in turn; once it has shown its last (see revealed), the next
   * reveal goes to the next frame that holds the entry, and after the last frame back to the first.
   */
  revealTarget(entryId: string): string | undefined {
    const holders = this.#holders(entryId);
    if (holders.length === 0) return undefined;
    return holders[(this.#revealFrame.get(entryId) ?? 0) % holders.length];
  }

  /** Takes a frame's `revealed`: after its last occurrence, the entry's next reveal moves on to the next frame. */
  revealed(reply: RevealedReply): void {
    const holders = this.#holders(reply.entryId);
    const at = holders.indexOf(reply.frame);
    if (at < 0) return;
    const lastShown = reply.total === 0 || reply.index >= reply.total - 1;
    this.#revealFrame.set(reply.entryId, lastShown ? (at + 1) % holders.length : at);
  }
}
