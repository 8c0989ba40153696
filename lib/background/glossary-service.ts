import Dexie from 'dexie';
import { browser } from 'wxt/browser';
import type { GlossaryDb } from '../glossary/db';
import { compileActiveGlossary, isEntryLive, type ActiveGlossary } from '../glossary/active-glossary';
import type { CardEntry, ContentRequest, MatcherResponse } from '../messages';
import { packMatcherForWire } from '../match';

interface Compiled extends ActiveGlossary {
  revision: number;
  /** The matcher packed for messages, once per glossary change rather than once per tab. */
  wire: string;
}

/**
 * The background's view of the glossary: the compiled matcher, rebuilt after
 * every change, and the entries that cards show. The cache is only a cache: a
 * restarted service worker compiles again from the database.
 */
export class GlossaryService {
  #db: GlossaryDb;
  #compiled: Promise<Compiled> | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(db: GlossaryDb) {
    this.#db = db;
    // Dexie reports writes from every extension context (popup, options) here,
    // for every database: keep those of ours (keys look like `idb://termlens/entry/…`).
    const prefix = `idb://${db.name}/`;
    Dexie.on('storagemutated', (parts) => {
      if (Object.keys(parts).some((key) => key.startsWith(prefix))) this.invalidate();
    });
  }

  /** The compiled glossary, compiling it if needed. */
  compiled(): Promise<Compiled> {
    this.#compiled ??= compileActiveGlossary(this.#db).then((g) => ({
      ...g,
      revision: Date.now(),
      wire: packMatcherForWire(g.matcher),
    }));
    // A failed compile must not stick.
    this.#compiled.catch(() => (this.#compiled = null));
    return this.#compiled;
  }

  /**
   * The matcher for a content script; without its body if the caller already has this revision.
   * The entries' labels travel inside the matcher (compileGlossary packs them), not beside it,
   * and the matcher travels as one string, its strings after a JSON header (packMatcherForWire).
   */
  async matcherFor(knownRevision?: number): Promise<MatcherResponse> {
    const c = await this.compiled();
    if (knownRevision === c.revision) return { revision: c.revision };
    return { revision: c.revision, matcher: c.wire };
  }

  /** What a card shows of an entry: never its private note. */
  async cardEntry(entryId: string): Promise<CardEntry | null> {
    const entry = await this.#db.entry.get(entryId);
    if (!entry || !isEntryLive(entry)) return null;
    const list = await this.#db.list.get(entry.listId);
    const { note: _private, ...visible } = entry;
    return { ...visible, listName: list?.name ?? '', listColor: list?.color ?? 0 };
  }

  /** Drops the compiled matcher and, shortly after, tells every tab to fetch the new one. */
  invalidate(): void {
    this.#compiled = null;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#broadcast(), 50);
  }

  async #broadcast(): Promise<void> {
    const { revision } = await this.compiled();
    const message: ContentRequest = { type: 'glossary-changed', revision };
    const tabs = await browser.tabs.query({});
    await Promise.all(
      tabs.map((tab) =>
        tab.id === undefined ? undefined : browser.tabs.sendMessage(tab.id, message).catch(() => undefined),
      ),
    );
  }
}
