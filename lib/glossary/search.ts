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
 * A searcher over entries. The query and the entries go through the same fold as
 * matching, so a Traditional or full-width query finds the Simplified entry.
 * Results: headword hits first, then other hits, each in the given order.
 */
export class EntrySearch {
  #index: Indexed[];

  constructor(entries: readonly GlossaryEntry[], cache?: SearchTextCache) {
    this.#index = entries.map((entry) => {
      const folded = cache
        ? cache.get(entry)
        : { term: foldForMatching(entry.term).key, text: searchableText(entry) };
      return { entry, term: folded.term, text: folded.text };
    });
  }

  /** The entries whose text contains every space-separated part of `query`. */
  search(query: string): GlossaryEntry[] {
    const parts = queryParts(query);
    if (parts.length === 0) return this.#index.map((i) => i.entry);
    const headword: GlossaryEntry[] = [];
    const other: GlossaryEntry[] = [];
    for (const item of this.#index) {
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
    for (const item of this.#index) if (parts.every((p) => item.text.includes(p))) ids.add(item.entry.id);
    return ids;
  }
}
