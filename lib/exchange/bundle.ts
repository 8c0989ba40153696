/**
 * The in-memory shape of an imported or exported file: lists with their entries,
 * independent of the format. Parsers produce a bundle; `planImport` compares it with
 * the database; exporters write one.
 */
import type { ColorSlot, GlossaryEntry, GlossaryList } from '../glossary/model';

/** An entry as a file carries it: no list, no tombstone, and id and times only if the format has them. */
export type ExchangeEntry = Omit<GlossaryEntry, 'id' | 'listId' | 'createdAt' | 'updatedAt' | 'deletedAt'> & {
  id?: string;
  createdAt?: number;
  updatedAt?: number;
};

/** A list as a file carries it. Only `name` and `entries` are in every format. */
export interface ExchangeList {
  id?: string;
  name: string;
  color?: ColorSlot;
  priority?: number;
  enabled?: boolean;
  /** The publisher's own version string for the list (native JSON only; for subscriptions). */
  revision?: string;
  /** How often a subscriber should check for updates, in minutes (native JSON only). */
  refreshMinutes?: number;
  entries: ExchangeEntry[];
}

/** The entry fields that hold content (not identity or time). */
export type EntryField = 'term' | 'variants' | 'lang' | 'translations' | 'definition' | 'note' | 'tags' | 'source' | 'match';

export const ENTRY_FIELDS: readonly EntryField[] = [
  'term',
  'variants',
  'lang',
  'translations',
  'definition',
  'note',
  'tags',
  'source',
  'match',
];

export interface ExchangeBundle {
  lists: ExchangeList[];
  /**
   * The content fields the file actually had (a CSV without a `note` column does not
   * carry notes). A merge leaves the other fields of an existing entry alone instead of
   * blanking them. Absent: every field.
   */
  carriedFields?: EntryField[];
}

/**
 * Turns database records into a bundle for export: live lists in the given order, each
 * with its live entries in the given order. Trashed lists and entries are left out.
 */
export function bundleFromGlossary(lists: readonly GlossaryList[], entries: readonly GlossaryEntry[]): ExchangeBundle {
  const byList = new Map<string, ExchangeEntry[]>();
  for (const list of lists) if (list.deletedAt === undefined) byList.set(list.id, []);
  for (const entry of entries) {
    if (entry.deletedAt !== undefined) continue;
    byList.get(entry.listId)?.push(exchangeEntryFromGlossary(entry));
  }
  return {
    lists: lists
      .filter((l) => l.deletedAt === undefined)
      .map((l) => {
        const out: ExchangeList = {
          id: l.id,
          name: l.name,
          color: l.color,
          priority: l.priority,
          enabled: l.enabled,
          entries: byList.get(l.id) ?? [],
        };
        if (l.subscription?.version !== undefined) out.revision = l.subscription.version;
        return out;
      }),
  };
}

/** Copies a database entry into its exchange shape (deep copy: nothing is shared). */
export function exchangeEntryFromGlossary(e: GlossaryEntry): ExchangeEntry {
  const out: ExchangeEntry = {
    id: e.id,
    term: e.term,
    variants: [...e.variants],
    lang: e.lang,
    translations: Object.fromEntries(Object.entries(e.translations).map(([k, v]) => [k, [...v]])),
    definition: e.definition,
    note: e.note,
    tags: [...e.tags],
    match: { caseSensitive: e.match.caseSensitive, wholeWord: e.match.wholeWord, exclusions: [...e.match.exclusions] },
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
  };
  if (e.source) out.source = { ...e.source };
  return out;
}

/** Counts the entries of a bundle. */
export function countEntries(bundle: ExchangeBundle): number {
  return bundle.lists.reduce((n, l) => n + l.entries.length, 0);
}
