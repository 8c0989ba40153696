import { useEffect } from 'preact/hooks';
import type { EntrySearch } from '@/lib/glossary/search';

/**
 * Folds `search`'s entries from idle callbacks until all are folded (EntrySearch.prepare), so that
 * the reader's first keystroke finds them folded; a keystroke before that folds the rest at once.
 * Stops when the searcher is replaced or the view goes.
 */
export function useIdleSearchPreparation(search: EntrySearch): void {
  useEffect(() => {
    let idle: number | undefined;
    const step = (deadline: IdleDeadline) => {
      idle = search.prepare(() => deadline.timeRemaining() > 1) ? undefined : requestIdleCallback(step);
    };
    idle = requestIdleCallback(step);
    return () => {
      if (idle !== undefined) cancelIdleCallback(idle);
    };
  }, [search]);
}
