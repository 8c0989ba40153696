/**
 * The records that browser sync carries, in the compact form they take in
 * `storage.sync`, and the checks that read them back. One record per list, per entry
 * of the reader's own lists, and one for the settings:
 *
 * - `l.<id>`  a list. A subscribed list travels as its URL and the reader's choices
 *             (name, colour, switch, priority), never its contents or fetch state.
 * - `e.<id>`  an entry of a list of the reader's own, private note included (it is the
 *             reader's data going to the reader's own browser account).
 * - `o.<id>`  the reader's edit of an entry of a subscribed list (entry-override.ts): the
 *             fields changed and the reader's values, not upstream's, which every browser
 *             fetches for itself.
 * - `s`       the settings.
 *
 * Deleted lists and entries travel as tombstones of a few fields. Fields at their
 * default value are left out, because 100 KB is all there is. Reading back checks
 * every field: a record that does not check out is ignored, never half-applied.
 */
import type { ColorSlot, EntrySource, GlossaryEntry, GlossaryList, MatchOptions } from '../glossary/model';
import type { Settings, SiteMode } from '../settings';
import { checkSubscriptionUrl } from './subscription-url';
import { isCleared, OVERRIDABLE_FIELDS, type EntryContent, type EntryOverride, type OverridableField } from './entry-override';

/**
 * Tombstones older than this leave storage.sync, so that deletions do not fill the
 * quota for ever. A browser that stays offline longer can bring a deleted record back.
 */
export const TOMBSTONE_DAYS = 90;
export const DAY_MS = 86_400_000;

export const SETTINGS_KEY = 's';
const LIST_PREFIX = 'l.';
const ENTRY_PREFIX = 'e.';
const OVERRIDE_PREFIX = 'o.';

export const listKey = (id: string): string => LIST_PREFIX + id;
export const entryKey = (id: string): string => ENTRY_PREFIX + id;
export const overrideKey = (entryId: string): string => OVERRIDE_PREFIX + entryId;

/** What a record key names. */
export type RecordKind = 'list' | 'entry' | 'override' | 'settings';

/** The kind of record a key holds, or null for a key that is not a record (e.g. a part). */
export function recordKind(key: string): RecordKind | null {
  if (key === SETTINGS_KEY) return 'settings';
  if (key.includes('#')) return null;
  if (key.startsWith(LIST_PREFIX)) return 'list';
  if (key.startsWith(ENTRY_PREFIX)) return 'entry';
  if (key.startsWith(OVERRIDE_PREFIX)) return 'override';
  return null;
}

/** A record as stored: a plain JSON object. */
export type SyncValue = Record<string, unknown>;

/** The time of the record's last change: its `updatedAt`, or its deletion if later. */
export function recordStamp(value: SyncValue): number {
  const updated = typeof value.updatedAt === 'number' ? value.updatedAt : 0;
  const deleted = typeof value.deletedAt === 'number' ? value.deletedAt : 0;
  return Math.max(updated, deleted);
}

/** True for a tombstone record. */
export function isTombstone(value: SyncValue): boolean {
  return typeof value.deletedAt === 'number';
}

// ---------------------------------------------------------------- lists

/** The sync form of a list. */
export function encodeList(list: GlossaryList): SyncValue {
  if (list.deletedAt !== undefined) {
    return { id: list.id, origin: list.origin, updatedAt: list.updatedAt, deletedAt: list.deletedAt };
  }
  const out: SyncValue = {
    id: list.id,
    name: list.name,
    color: list.color,
    enabled: list.enabled,
    priority: list.priority,
    origin: list.origin,
    createdAt: list.createdAt,
    updatedAt: list.updatedAt,
  };
  if (list.origin === 'subscription' && list.subscription) out.url = list.subscription.url;
  return out;
}

export type DecodedList =
  | { tombstone: true; id: string; origin: GlossaryList['origin']; updatedAt: number; deletedAt: number }
  | { tombstone: false; list: Omit<GlossaryList, 'subscription'>; url?: string };

/** Reads a list record back, or null when it does not check out. */
export function decodeList(value: unknown): DecodedList | null {
  if (!isObject(value) || !isId(value.id) || !isOrigin(value.origin) || !isTime(value.updatedAt)) return null;
  if (value.deletedAt !== undefined) {
    if (!isTime(value.deletedAt)) return null;
    return { tombstone: true, id: value.id, origin: value.origin, updatedAt: value.updatedAt, deletedAt: value.deletedAt };
  }
  const { name, color, enabled, priority, createdAt } = value;
  if (typeof name !== 'string' || !isColor(color) || typeof enabled !== 'boolean' || !isNumber(priority) || !isTime(createdAt)) return null;
  const list: Omit<GlossaryList, 'subscription'> = {
    id: value.id,
    name,
    color,
    enabled,
    priority,
    origin: value.origin,
    createdAt,
    updatedAt: value.updatedAt,
  };
  if (value.origin === 'local') return value.url === undefined ? { tombstone: false, list } : null;
  if (typeof value.url !== 'string') return null;
  try {
    return { tombstone: false, list, url: checkSubscriptionUrl(value.url) };
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------- entries

/** The sync form of an entry: defaults left out, a tombstone as ids and times only. */
export function encodeEntry(entry: GlossaryEntry): SyncValue {
  if (entry.deletedAt !== undefined) {
    return { id: entry.id, listId: entry.listId, updatedAt: entry.updatedAt, deletedAt: entry.deletedAt };
  }
  const out: SyncValue = { id: entry.id, listId: entry.listId, term: entry.term, lang: entry.lang };
  if (entry.variants.length > 0) out.variants = entry.variants;
  if (Object.keys(entry.translations).length > 0) out.translations = entry.translations;
  if (entry.definition !== '') out.definition = entry.definition;
  if (entry.note !== '') out.note = entry.note;
  if (entry.tags.length > 0) out.tags = entry.tags;
  if (entry.source) out.source = entry.source;
  const m = entry.match;
  if (m.caseSensitive || !m.wholeWord || m.exclusions.length > 0) out.match = m;
  out.createdAt = entry.createdAt;
  out.updatedAt = entry.updatedAt;
  return out;
}

export type DecodedEntry =
  | { tombstone: true; id: string; listId: string; updatedAt: number; deletedAt: number }
  | { tombstone: false; entry: GlossaryEntry };

/** Reads an entry record back (defaults filled in), or null when it does not check out. */
export function decodeEntry(value: unknown): DecodedEntry | null {
  if (!isObject(value) || !isId(value.id) || !isId(value.listId) || !isTime(value.updatedAt)) return null;
  if (value.deletedAt !== undefined) {
    if (!isTime(value.deletedAt)) return null;
    return { tombstone: true, id: value.id, listId: value.listId, updatedAt: value.updatedAt, deletedAt: value.deletedAt };
  }
  const { term, lang, createdAt } = value;
  if (typeof term !== 'string' || term === '' || typeof lang !== 'string' || !isTime(createdAt)) return null;
  const variants = optional(value.variants, isStrings, []);
  const translations = optional(value.translations, isTranslations, {});
  const definition = optional(value.definition, isString, '');
  const note = optional(value.note, isString, '');
  const tags = optional(value.tags, isStrings, []);
  const match = optional(value.match, isMatch, { caseSensitive: false, wholeWord: true, exclusions: [] });
  if (!variants.ok || !translations.ok || !definition.ok || !note.ok || !tags.ok || !match.ok) return null;
  const entry: GlossaryEntry = {
    id: value.id,
    listId: value.listId,
    term,
    variants: variants.value,
    lang,
    translations: translations.value,
    definition: definition.value,
    note: note.value,
    tags: tags.value,
    match: { caseSensitive: match.value.caseSensitive, wholeWord: match.value.wholeWord, exclusions: match.value.exclusions },
    createdAt,
    updatedAt: value.updatedAt,
  };
  if (value.source !== undefined) {
    if (!isSource(value.source)) return null;
    const { title, url, date } = value.source;
    entry.source = date === undefined ? { title, url } : { title, url, date };
  }
  return { tombstone: false, entry: structuredClone(entry) };
}

// ---------------------------------------------------------------- overrides

/**
 * The sync form of the reader's override of a subscribed entry: the fields changed and the
 * reader's value of each (a field the reader emptied is absent from `mine`). What upstream held
 * and whether a field awaits review are this browser's own: each browser fetches the list for
 * itself, and a browser that took these fields compares them with its own copy. So a browser
 * that takes a record writes back the same record, and two browsers never answer each other.
 * A tombstone (clearedOverride) travels as ids and times.
 */
export function encodeOverride(override: EntryOverride): SyncValue {
  if (isCleared(override)) {
    return { entryId: override.entryId, listId: override.listId, updatedAt: override.updatedAt, deletedAt: override.updatedAt };
  }
  return {
    entryId: override.entryId,
    listId: override.listId,
    changed: override.changed,
    mine: override.mine,
    updatedAt: override.updatedAt,
  };
}

export type DecodedOverride =
  | { tombstone: true; entryId: string; listId: string; updatedAt: number }
  | { tombstone: false; entryId: string; listId: string; changed: OverridableField[]; mine: Partial<EntryContent>; updatedAt: number };

/** The check of each overridable field's value (a value of the entry itself, GlossaryEntry). */
const FIELD_CHECKS: { [F in OverridableField]: (v: unknown) => boolean } = {
  term: (v) => typeof v === 'string' && v !== '',
  variants: (v) => isStrings(v),
  lang: (v) => typeof v === 'string',
  translations: (v) => isTranslations(v),
  definition: (v) => typeof v === 'string',
  note: (v) => typeof v === 'string',
  tags: (v) => isStrings(v),
  source: (v) => isSource(v),
  match: (v) => isMatch(v),
  deletedAt: (v) => isTime(v),
};

/** Fields that an entry always has: the reader cannot have emptied them. */
const REQUIRED_FIELDS: ReadonlySet<OverridableField> = new Set(['term', 'variants', 'lang', 'translations', 'definition', 'note', 'tags', 'match']);

/** Reads an override record back, or null when it does not check out. */
export function decodeOverride(value: unknown): DecodedOverride | null {
  if (!isObject(value) || !isId(value.entryId) || !isId(value.listId) || !isTime(value.updatedAt)) return null;
  const { entryId, listId, updatedAt } = value;
  if (value.deletedAt !== undefined) {
    return isTime(value.deletedAt) ? { tombstone: true, entryId, listId, updatedAt: Math.max(updatedAt, value.deletedAt) } : null;
  }
  const { changed, mine } = value;
  if (!Array.isArray(changed) || changed.length === 0 || !isObject(mine)) return null;
  // In the order of OVERRIDABLE_FIELDS, each once, as this browser would write them.
  const fields = OVERRIDABLE_FIELDS.filter((f) => changed.includes(f));
  if (fields.length !== changed.length || fields.some((f, i) => changed[i] !== f)) return null;
  const out: Partial<EntryContent> = {};
  for (const key of Object.keys(mine)) if (!fields.includes(key as OverridableField)) return null;
  for (const field of fields) {
    const v = mine[field];
    if (v === undefined) {
      if (REQUIRED_FIELDS.has(field)) return null;
      continue;
    }
    if (!FIELD_CHECKS[field](v)) return null;
    (out as Record<string, unknown>)[field] = structuredClone(v);
  }
  return { tombstone: false, entryId, listId, changed: fields, mine: out, updatedAt };
}

// ---------------------------------------------------------------- settings

/** The sync form of the settings. */
export function encodeSettings(settings: Settings): SyncValue {
  return {
    enabled: settings.enabled,
    siteMode: settings.siteMode,
    excludedSites: settings.excludedSites,
    includedSites: settings.includedSites,
    updatedAt: settings.updatedAt,
  };
}

/** Reads the settings record back, or null when it does not check out. */
export function decodeSettings(value: unknown): Settings | null {
  if (!isObject(value)) return null;
  const { enabled, siteMode, excludedSites, includedSites, updatedAt } = value;
  if (typeof enabled !== 'boolean' || !isSiteMode(siteMode) || !isStrings(excludedSites) || !isStrings(includedSites) || !isTime(updatedAt)) {
    return null;
  }
  return { enabled, siteMode, excludedSites: [...excludedSites], includedSites: [...includedSites], updatedAt };
}

// ---------------------------------------------------------------- checks

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
const isString = (v: unknown): v is string => typeof v === 'string';
const isId = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 200;
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isTime = (v: unknown): v is number => isNumber(v) && v >= 0;
const isColor = (v: unknown): v is ColorSlot => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 7;
const isOrigin = (v: unknown): v is GlossaryList['origin'] => v === 'local' || v === 'subscription';
const isSiteMode = (v: unknown): v is SiteMode => v === 'everywhere-except' || v === 'only-listed';
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);
const isTranslations = (v: unknown): v is Record<string, string[]> => isObject(v) && Object.values(v).every(isStrings);
const isMatch = (v: unknown): v is MatchOptions =>
  isObject(v) && typeof v.caseSensitive === 'boolean' && typeof v.wholeWord === 'boolean' && isStrings(v.exclusions);
const isSource = (v: unknown): v is EntrySource =>
  isObject(v) && isString(v.title) && isString(v.url) && (v.date === undefined || isString(v.date));

function optional<T>(v: unknown, check: (v: unknown) => v is T, fallback: T): { ok: true; value: T } | { ok: false } {
  if (v === undefined) return { ok: true, value: fallback };
  return check(v) ? { ok: true, value: v } : { ok: false };
}
