import { liveQuery } from 'dexie';
import { useEffect, useState } from 'preact/hooks';

/**
 * The current result of a Dexie query, re-run whenever the tables it read change
 * in any extension context. `undefined` until the first result.
 */
export function useLiveQuery<T>(query: () => Promise<T> | T, deps: unknown[] = []): T | undefined {
  const [value, setValue] = useState<T | undefined>(undefined);
  useEffect(() => {
    const subscription = liveQuery(query).subscribe({
      next: setValue,
      error: (error: unknown) => console.error('TermLens: live query failed', error),
    });
    return () => subscription.unsubscribe();
  }, deps);
  return value;
}
