/**
 * The entries table's filters and sort orders (issue 5, "Entries"), as pure
 * functions over arrays, so that the options page can sort once per glossary
 * change and filter per keystroke in linear time.
 */
import type { GlossaryEntry, GlossaryList } from './model';

export type SortField = 'term' | 'translation' | 'list' | 'updated';
export interface SortOrder {
  field: SortField;
  descending: boolean;
}

export interface EntryFilter {
  /** Only entries of this list; undefined for every list. */
  listId?: string;
  /** Only entries with this tag. */
  tag?: string;
  /** Only these ids (a search result); null or undefined for no search. */
  ids?: ReadonlySet<string> | null;
}

/** The first English rendering of an entry, or its first rendering in any language. */
export function primaryTranslation(entry: GlossaryEntry): string {
  return entry.translations.en?.[0] ?? Object.values(entry.translations).find((v) => v.length > 0)?.[0] ?? '';
}

// Chinese headwords sort by pinyin, as editors look them up in print glossaries.
const collator = new Intl.Collator(['zh-Hans-CN-u-co-pinyin', 'en'], { numeric: true, sensitivity: 'base' });

/**
 * The entries sorted by `order` (a new array; stable, ties by headword). Sorting by
 * term uses pinyin order; sort keys are computed once per entry, not per comparison.
 */
export function sortEntries(
  entries: readonly GlossaryEntry[],
  order: SortOrder,
  lists: ReadonlyMap<string, Pick<GlossaryList, 'name' | 'priority'>>,
): GlossaryEntry[] {
  const keyed = entries.map((entry, i) => ({ entry, i, key: sortKey(entry, order.field, lists) }));
  const sign = order.descending ? -1 : 1;
  keyed.sort((a, b) => {
    const byKey =
      typeof a.key === 'number' && typeof b.key === 'number' ? a.key - b.key : collator.compare(String(a.key), String(b.key));
    return sign * byKey || collator.compare(a.entry.term, b.entry.term) || a.i - b.i;
  });
  return keyed.map((k) => k.entry);
}

function sortKey(
  entry: GlossaryEntry,
  field: SortField,
  lists: ReadonlyMap<string, Pick<GlossaryList, 'name' | 'priority'>>,
): string | number {
  switch (field) {
    case 'term':
      return entry.term;
    case 'translation':
      return primaryTranslation(entry).toLowerCase();
    case 'list':
      // Lists in their priority order (highest first), which is how the sidebar shows them.
      return -(lists.get(entry.listId)?.priority ?? Number.NEGATIVE_INFINITY);
    case 'updated':
      return entry.updatedAt;
  }
}

/** The entries that pass the filter, in the order given. */
export function filterEntries(entries: readonly GlossaryEntry[], filter: EntryFilter): GlossaryEntry[] {
  const { listId, tag, ids } = filter;
  return entries.filter(
    (e) =>
      (listId === undefined || e.listId === listId) &&
      (tag === undefined || e.tags.includes(tag)) &&
      (ids == null || ids.has(e.id)),
  );
}

/** Every tag used by the entries, with how many entries use it, most used first, then by name. */
export function tagCounts(entries: readonly GlossaryEntry[]): { tag: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const e of entries) for (const t of e.tags) counts.set(t, (counts.get(t) ?? 0) + 1);
  return [...counts]
    .map(([tag, count]) => ({ tag, count }))
    .sort((a, b) => b.count - a.count || collator.compare(a.tag, b.tag));
}
