import { foldForMatching } from '../match';
import type { GlossaryEntry } from './model';

/** What a search looks at: the folded text of an entry's term, variants, translations and definition. */
function searchableText(entry: GlossaryEntry): string {
  const parts = [entry.term, ...entry.variants, ...Object.values(entry.translations).flat(), entry.definition];
  return foldForMatching(parts.join('\u0001')).key;
}

/**
 * A searcher over entries. The query and the entries go through the same fold as
 * matching, so a Traditional or full-width query finds the Simplified entry.
 * Results: headword hits first, then other hits, each in the given order.
 */
export class EntrySearch {
  #index: { entry: GlossaryEntry; term: string; text: string }[];

  constructor(entries: readonly GlossaryEntry[]) {
    this.#index = entries.map((entry) => ({
      entry,
      term: foldForMatching(entry.term).key,
      text: searchableText(entry),
    }));
  }

  /** The entries whose text contains every space-separated part of `query`. */
  search(query: string): GlossaryEntry[] {
    const parts = query
      .trim()
      .split(/\s+/)
      .map((p) => foldForMatching(p).key.trim())
      .filter((p) => p.length > 0);
    if (parts.length === 0) return this.#index.map((i) => i.entry);
    const headword: GlossaryEntry[] = [];
    const other: GlossaryEntry[] = [];
    for (const item of this.#index) {
      if (!parts.every((p) => item.text.includes(p))) continue;
      (parts.some((p) => item.term.includes(p)) ? headword : other).push(item.entry);
    }
    return [...headword, ...other];
  }
}
