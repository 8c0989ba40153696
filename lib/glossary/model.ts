/**
 * The glossary data model (design: "Data model"). These types are shared by the
 * database, the exchange formats, sync and the UI. They hold plain data only, so
 * that every record can be cloned, serialised and compared.
 */

/** One of the eight highlight colours; a list's highlights use `termlens-<slot>`. */
export type ColorSlot = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7;

export const COLOR_SLOTS: readonly ColorSlot[] = [0, 1, 2, 3, 4, 5, 6, 7];

/** Where a list comes from: made by the reader, or fetched from a published URL. */
export type ListOrigin = 'local' | 'subscription';

/** The state of a list published at a URL (design: "Subscriptions"). */
export interface SubscriptionState {
  url: string;
  etag?: string;
  lastModified?: string;
  /** When the URL was last asked (ms since epoch). */
  checkedAt?: number;
  /** When a valid copy was last swapped in (ms since epoch). */
  lastSuccessAt?: number;
  /** The list's own version string, if it states one. */
  version?: string;
  /** The refresh interval the list asks for, already clamped to the floor. */
  intervalMinutes?: number;
  /** The last update's error, in words; absent after a success. */
  error?: string;
}

export interface GlossaryList {
  id: string;
  name: string;
  color: ColorSlot;
  enabled: boolean;
  /** Higher wins when two lists claim the same text. */
  priority: number;
  origin: ListOrigin;
  subscription?: SubscriptionState;
  createdAt: number;
  updatedAt: number;
  /** Tombstone: set when deleted, so that sync can carry the deletion. */
  deletedAt?: number;
}

export interface EntrySource {
  title: string;
  url: string;
  /** ISO date (YYYY-MM-DD) of the source text, if known. */
  date?: string;
}

export interface MatchOptions {
  /** Latin forms only: match letter case exactly. */
  caseSensitive: boolean;
  /** Latin forms only: match on word boundaries (the default). */
  wholeWord: boolean;
  /** Contexts in which the entry must not match, e.g. `大开发区` for `大开发`. */
  exclusions: string[];
}

export interface GlossaryEntry {
  id: string;
  listId: string;
  /** The headword, in the entry's language. */
  term: string;
  /** Other written forms of the headword (abbreviations, older names). */
  variants: string[];
  /** BCP 47 language of `term`, e.g. `zh-Hans`. */
  lang: string;
  /** Renderings per language, preferred first: `{ en: ['new quality productive forces'] }`. */
  translations: Record<string, string[]>;
  definition: string;
  /** Private: never sent to a content script. */
  note: string;
  tags: string[];
  source?: EntrySource;
  match: MatchOptions;
  createdAt: number;
  updatedAt: number;
  /** Tombstone: the entry is in the trash since this time. */
  deletedAt?: number;
}

/**
 * The fields that hold an entry's content: what a reader reads and edits. History
 * and subscription overrides compare entries on these (exchange formats keep their
 * own versioned field lists).
 */
export const ENTRY_CONTENT_FIELDS = [
  'term',
  'variants',
  'lang',
  'translations',
  'definition',
  'note',
  'tags',
  'source',
  'match',
] as const satisfies readonly (keyof GlossaryEntry)[];

/** The default match options of a new entry. */
export function defaultMatchOptions(): MatchOptions {
  return { caseSensitive: false, wholeWord: true, exclusions: [] };
}

/** A random id that is unique across browsers (records travel through sync). */
export function newId(): string {
  return crypto.randomUUID();
}
