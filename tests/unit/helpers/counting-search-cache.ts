import { SearchTextCache } from '@/lib/glossary/search';
import type { GlossaryEntry } from '@/lib/glossary/model';

/** A search cache that counts the entries it is asked to fold (EntrySearch folds through it). */
export class CountingSearchCache extends SearchTextCache {
  asked = 0;

  override get(entry: GlossaryEntry) {
    this.asked++;
    return super.get(entry);
  }
}
