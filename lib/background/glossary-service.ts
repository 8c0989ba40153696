import Dexie from 'dexie';
import { browser } from 'wxt/browser';
import { openTabIds } from '../browser/tabs';
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
  /** The glossary's generation (db.ts) that was compiled, when known. */
  generation?: string;
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
   * Whether the kept matcher may answer: only for this worker's first compile. Once a change
   * made it compile anew (`invalidate`), the next compile reads the database whatever the kept
   * generation says.
   */
  #mayUseKept = true;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** A change whose generation is being compared with the compiled one (#compileUnlessAt). */
  #checking: Promise<void> | null = null;

  constructor(db: GlossaryDb, options: { cache?: MatcherCache; build?: string } = {}) {
    this.#db = db;
    this.#cache = options.cache;
    this.#build = options.build ?? '';
    // Dexie reports writes from every extension context (popup, options) here,
    // for every database: keep those of ours (keys look like `idb://termlens/entry/…`).
    const prefix = `idb://${db.name}/`;
    Dexie.on('storagemutated', (parts) => {
      if (Object.keys(parts).some((key) => key.startsWith(prefix))) this.#heardWrite();
    });
  }

  /** The compiled glossary, compiling it if needed. */
  async compiled(): Promise<Compiled> {
    // A change being checked (#compileUnlessAt) decides first whether what is compiled is still current.
    while (this.#checking) await this.#checking;
    const compiled = (this.#compiled ??= this.#keptOrCompiled());
    // A failed compile must not stick.
    compiled.catch(() => {
      if (this.#compiled === compiled) this.#compiled = null;
    });
    return compiled;
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
      if (kept) return { revision: kept.revision, wire: kept.wire, entryCount: kept.entryCount, generation: kept.generation };
    }
    const g = await compileActiveGlossary(this.#db);
    const compiled = { revision: Date.now(), wire: packMatcherForWire(g.matcher), entryCount: g.entryCount, generation: g.generation };
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

  /**
   * An extension page's notice that the glossary changed (`glossary-changed`), with the generation
   * it read after the change. The matcher is compiled anew unless the one compiled, or being
   * compiled, is of that generation: then the change is in it already. Why: a page's notice
   * follows Dexie's `storagemutated` for the same write, which this worker, when it runs, hears
   * too, and each save in the options page used to compile twice (docs/architecture.md, "One
   * compile per change"). Without a generation (an import's notice, a test's write that went
   * around GlossaryDb), or with nothing compiled yet, it compiles anew, as `invalidate` does.
   */
  noticed(generation?: string): void {
    const current = this.#compiled;
    if (generation === undefined || !current) return this.invalidate();
    this.#compileUnlessAt(current, Promise.resolve(generation));
  }

  /** Dexie's report of a write to the glossary: the same, with the generation the database holds now. */
  #heardWrite(): void {
    const current = this.#compiled;
    if (!current) return this.invalidate();
    this.#compileUnlessAt(current, glossaryGeneration(this.#db));
  }

  /** Compiles anew unless `current` turns out to be of `generation`; get-matcher waits for the answer. */
  #compileUnlessAt(current: Promise<Compiled>, generation: Promise<string | undefined>): void {
    const check: Promise<void> = Promise.all([current, generation])
      .then(([c, g]) => g !== undefined && c.generation === g, () => false)
      .then((same) => {
        if (this.#checking === check) this.#checking = null;
        // Unless something else already dropped it.
        if (!same && this.#compiled === current) this.invalidate();
      });
    this.#checking = check;
  }

  /**
   * Drops the compiled matcher and, shortly after, tells every tab to fetch the new one, whatever the
   * generation says (a new build, which may fold differently; seeding).
   */
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
    await Promise.all(
      (await openTabIds()).map(async (tabId) => {
        try {
          await browser.tabs.sendMessage(tabId, message);
        } catch {
          // A tab without a content script refuses; so may one that is closing.
        }
      }),
    );
  }
}
