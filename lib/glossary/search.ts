import { foldForMatching } from '../match';
import type { GlossaryEntry } from './model';

/** What a search looks at: the folded text of an entry's term, variants, translations and definition. */
function searchableText(entry: GlossaryEntry): string {
  const parts = [entry.term, ...entry.variants, ...Object.values(entry.translations).flat(), entry.definition];
  return foldForMatching(parts.join('\u0001')).key;
}

interface Indexed {
  entry: GlossaryEntry;
  term: string;
  text: string;
}

/**
 * Folded texts of entries, kept between searchers: a live query hands over new
 * objects after every change, but only the entries whose `updatedAt` moved need
 * folding again. Pass the same cache to each new EntrySearch.
 */
export class SearchTextCache {
  readonly #byId = new Map<string, { updatedAt: number; term: string; text: string }>();

  /** The folded headword and searchable text of `entry`, folded only when it changed. */
  get(entry: GlossaryEntry): { term: string; text: string } {
    const hit = this.#byId.get(entry.id);
    if (hit && hit.updatedAt === entry.updatedAt) return hit;
    const fresh = { updatedAt: entry.updatedAt, term: foldForMatching(entry.term).key, text: searchableText(entry) };
    this.#byId.set(entry.id, fresh);
    return fresh;
  }
}

/** The space-separated parts of a query, folded; empty when the query is blank. */
function queryParts(query: string): string[] {
  return query
    .trim()
    .split(/\s+/)
    .map((p) => foldForMatching(p).key.trim())
    .filter((p) => p.length > 0);
}

/**
 * The entries a query found, in the searcher's order. It remembers the query's parts
 * so that the next, longer query (the next keystroke) can look only at these hits.
 */
export interface SearchHits {
  /** The entries found, in the order the searcher was given them. */
  readonly entries: readonly GlossaryEntry[];
}

/** What EntrySearch keeps inside the hits it hands out. */
interface HitsState extends SearchHits {
  readonly searcher: EntrySearch;
  readonly parts: readonly string[];
  /** Positions in the searcher's index; null when every entry was found (a blank query). */
  readonly positions: readonly number[] | null;
}

/**
 * Whether every entry containing all of `next` also contains all of `previous`: true when each
 * earlier part lies inside some part of the new query, as when a query only grew.
 */
function narrows(previous: readonly string[], next: readonly string[]): boolean {
  return previous.every((p) => next.some((n) => n.includes(p)));
}

/**
 * A searcher over entries. The query and the entries go through the same fold as
 * matching, so a Traditional or full-width query finds the Simplified entry.
 * Results: headword hits first, then other hits, each in the given order.
 *
 * The entries are folded when a query first needs them, or ahead of it a slice at a time
 * (`prepare`, from an idle callback): a blank query, the workspace's first view, needs none.
 * Why: folding 10,000 entries was about 50 ms of the options page's opening in Chromium, and
 * most of its 65 ms of garbage collection (CPU profile, session 20); after a large import it was
 * the one long task left on Firefox's shared main thread (docs/architecture.md, "Entries folded
 * for search when the page is idle").
 */
export class EntrySearch {
  /** The folded texts of the first `#index.length` entries. */
  #index: Indexed[] = [];

  #all: readonly GlossaryEntry[];

  #cache: SearchTextCache | undefined;

  constructor(entries: readonly GlossaryEntry[], cache?: SearchTextCache) {
    this.#all = entries;
    this.#cache = cache;
  }

  /**
   * Folds entries not folded yet while `hasTime()` says so (asked after each entry), at least one;
   * true once every entry is folded.
   */
  prepare(hasTime: () => boolean = () => true): boolean {
    const all = this.#all;
    const index = this.#index;
    const cache = this.#cache;
    while (index.length < all.length) {
      const entry = all[index.length]!;
      const folded = cache ? cache.get(entry) : { term: foldForMatching(entry.term).key, text: searchableText(entry) };
      index.push({ entry, term: folded.term, text: folded.text });
      if (!hasTime()) break;
    }
    return index.length === all.length;
  }

  /** Every entry, folded. */
  #indexed(): Indexed[] {
    this.prepare();
    return this.#index;
  }

  /**
   * The entries whose text contains every space-separated part of `query`, in the order the
   * searcher was given them (every entry for a blank query). Pass the hits of the previous query
   * as `previous`: when the new query only narrows it (a keystroke that lengthens a word, or adds
   * one), only those hits are searched again; the result is the same as without `previous`.
   */
  filter(query: string, previous?: SearchHits): SearchHits {
    const parts = queryParts(query);
    if (parts.length === 0) return this.#hits(parts, null, this.#all);
    const before = previous as HitsState | undefined;
    const narrowing = before !== undefined && before.searcher === this && narrows(before.parts, parts);
    if (narrowing && before.positions !== null && before.parts.join(' ') === parts.join(' ')) return before;
    const candidates = narrowing ? before.positions : null;
    const index = this.#indexed();
    const positions: number[] = [];
    const entries: GlossaryEntry[] = [];
    const n = candidates ? candidates.length : index.length;
    // Plain loops: this runs over up to every entry on each keystroke.
    outer: for (let k = 0; k < n; k++) {
      const at = candidates ? candidates[k]! : k;
      const item = index[at]!;
      for (const p of parts) if (!item.text.includes(p)) continue outer;
      positions.push(at);
      entries.push(item.entry);
    }
    return this.#hits(parts, positions, entries);
  }

  #hits(parts: readonly string[], positions: readonly number[] | null, entries: readonly GlossaryEntry[]): HitsState {
    return { searcher: this, parts, positions, entries };
  }

  /** The entries whose text contains every space-separated part of `query`. */
  search(query: string): GlossaryEntry[] {
    const parts = queryParts(query);
    if (parts.length === 0) return [...this.#all];
    const headword: GlossaryEntry[] = [];
    const other: GlossaryEntry[] = [];
    for (const item of this.#indexed()) {
      if (!parts.every((p) => item.text.includes(p))) continue;
      (parts.some((p) => item.term.includes(p)) ? headword : other).push(item.entry);
    }
    return [...headword, ...other];
  }

  /** The ids of the entries that `search(query)` finds, or null for a blank query (every entry). */
  matchingIds(query: string): Set<string> | null {
    const parts = queryParts(query);
    if (parts.length === 0) return null;
    const ids = new Set<string>();
    for (const item of this.#indexed()) if (parts.every((p) => item.text.includes(p))) ids.add(item.entry.id);
    return ids;
  }
}
