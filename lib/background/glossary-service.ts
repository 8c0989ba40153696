import Dexie from 'dexie';
import { browser } from 'wxt/browser';
import { glossaryGeneration, type GlossaryDb } from '../glossary/db';
import { compileActiveGlossary, isEntryLive } from '../glossary/active-glossary';
import type { CardEntry, ContentRequest, MatcherResponse } from '../messages';
import { packMatcherForWire } from '../match';
import type { MatcherCache } from './matcher-cache';

interface Compiled {
  revision: number;
  /** The matcher packed for messages, once per glossary change rather than once per tab. */
  wire: string;
  entryCount: number;
}

/**
 * The background's view of the glossary: the compiled matcher, rebuilt after
 * every change, and the entries that cards show. A restarted service worker takes the
 * matcher back from `cache` when the glossary has not changed since it was compiled
 * (matcher-cache.ts), and compiles again from the database otherwise.
 */
export class GlossaryService {
  #db: GlossaryDb;
  #cache: MatcherCache | undefined;
  /** What compiles here (MatcherCache's `build`): a kept matcher of another build is not used. */
  #build: string;
  #compiled: Promise<Compiled> | null = null;
  /**
   * Whether the kept matcher may answer: only for this worker's first compile. A change this
   * worker hears of (Dexie's event, a `glossary-changed` notice) always compiles anew, whatever
   * the generation says, so that even a write that went around GlossaryDb is picked up.
   */
  #mayUseKept = true;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(db: GlossaryDb, options: { cache?: MatcherCache; build?: string } = {}) {
    this.#db = db;
    this.#cache = options.cache;
    this.#build = options.build ?? '';
    // Dexie reports writes from every extension context (popup, options) here,
    // for every database: keep those of ours (keys look like `idb://termlens/entry/…`).
    const prefix = `idb://${db.name}/`;
    Dexie.on('storagemutated', (parts) => {
      if (Object.keys(parts).some((key) => key.startsWith(prefix))) this.invalidate();
    });
  }

  /** The compiled glossary, compiling it if needed. */
  compiled(): Promise<Compiled> {
    this.#compiled ??= this.#keptOrCompiled();
    // A failed compile must not stick.
    this.#compiled.catch(() => (this.#compiled = null));
    return this.#compiled;
  }

  /**
   * The kept matcher if this is the worker's first compile and the glossary is still at the
   * generation it was compiled at; else a new compile (then kept).
   */
  async #keptOrCompiled(): Promise<Compiled> {
    const cache = this.#cache;
    if (cache && this.#mayUseKept) {
      const generation = await glossaryGeneration(this.#db).catch(() => undefined);
      const kept = await cache.read(generation, this.#build).catch(() => undefined);
      if (kept) return { revision: kept.revision, wire: kept.wire, entryCount: kept.entryCount };
    }
    const g = await compileActiveGlossary(this.#db);
    const compiled = { revision: Date.now(), wire: packMatcherForWire(g.matcher), entryCount: g.entryCount };
    if (cache && g.generation !== undefined) cache.write({ ...compiled, generation: g.generation, build: this.#build }).catch(() => undefined);
    return compiled;
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
    this.#mayUseKept = false;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#broadcast(), 50);
  }

  async #broadcast(): Promise<void> {
    let revision: number;
    try {
      ({ revision } = await this.compiled());
    } catch (error) {
      // Nothing to announce; the next get-matcher compiles again (a failed compile does not stick).
      console.error('TermLens: compiling the glossary failed', error);
      return;
    }
    const message: ContentRequest = { type: 'glossary-changed', revision };
    const tabs = await browser.tabs.query({});
    await Promise.all(
      tabs.map((tab) =>
        tab.id === undefined ? undefined : browser.tabs.sendMessage(tab.id, message).catch(() => undefined),
      ),
    );
  }
}
