/**
 * The compiled matcher, kept across service-worker restarts. MV3 stops an idle background after
 * 30 seconds, and a new one compiled again from the database for the next page: 0.6 s from the
 * stopped worker to its answer for the realistic 10,000 entries in the benchmark (reading them,
 * then compiling; seconds right after a large write), before that page's first highlight.
 *
 * The background keeps the matcher's wire here with the glossary generation it was compiled at
 * (lib/glossary/db.ts, `generationStamp`) and the build that compiled it, and takes it back when
 * both still hold: 0.25 s, most of it the worker starting.
 *
 * A database of its own, so that writing it is no change to the glossary: every context listens to
 * Dexie's change events on `termlens` (to recompile, to sync), and this must wake none of them.
 * Only a cache: anything wrong with it (missing, older, unreadable, storage full) means compiling
 * as before.
 */
import Dexie, { type EntityTable } from 'dexie';

/** The cache's database name: beside `termlens`, not inside it. */
export const MATCHER_CACHE_DB = 'termlens-matcher-cache';

/** The one row: the active glossary's matcher. */
export interface CachedMatcher {
  key: 'active';
  /** The glossary's generation when it was read for this compile. */
  generation: string;
  /** What compiled it (the extension's version and the wire's format): another build compiles again. */
  build: string;
  /** The matcher as it travels to content scripts (packMatcherForWire). */
  wire: string;
  entryCount: number;
  /** The revision that content scripts were given for it. */
  revision: number;
}

class MatcherCacheDb extends Dexie {
  matcher!: EntityTable<CachedMatcher, 'key'>;

  constructor(name: string) {
    super(name);
    this.version(1).stores({ matcher: 'key' });
  }
}

export class MatcherCache {
  readonly #db: MatcherCacheDb;

  constructor(name: string = MATCHER_CACHE_DB) {
    this.#db = new MatcherCacheDb(name);
  }

  /** The kept matcher if it was compiled by `build` at `generation`; else undefined (never throws). */
  async read(generation: string | undefined, build: string): Promise<CachedMatcher | undefined> {
    if (generation === undefined) return undefined;
    try {
      const row = await this.#db.matcher.get('active');
      return row && row.generation === generation && row.build === build && typeof row.wire === 'string' ? row : undefined;
    } catch {
      return undefined;
    }
  }

  /** Keeps a matcher (a failed write only means compiling again after the next restart). */
  async write(row: Omit<CachedMatcher, 'key'>): Promise<void> {
    try {
      await this.#db.matcher.put({ key: 'active', ...row });
    } catch {
      // Only a cache.
    }
  }

  /** Forgets the kept matcher (a new build of the extension compiles its own). */
  async clear(): Promise<void> {
    try {
      await this.#db.matcher.clear();
    } catch {
      // Only a cache.
    }
  }

  close(): void {
    this.#db.close();
  }
}
