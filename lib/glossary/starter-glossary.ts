/**
 * The starter glossary: the embedded default list that the database is seeded
 * with on install, so that TermLens works the moment it is installed (design:
 * "Data model"). Its data is `starter-glossary.json`, which editors change by
 * hand; this module checks that data and turns it into full `GlossaryEntry`
 * records. The layout is described in `docs/starter-glossary.md`.
 */
import data from './starter-glossary.json';
import type { EntrySource, GlossaryEntry, MatchOptions } from './model';
import { defaultMatchOptions, newId } from './model';

/** One entry as the JSON file holds it: a `GlossaryEntry` without ids, dates or note. */
export interface StarterEntryData {
  term: string;
  variants: string[];
  lang: string;
  translations: Record<string, string[]>;
  definition: string;
  tags: string[];
  source: EntrySource;
  /** Only the options that differ from `defaultMatchOptions()`. */
  match?: Partial<MatchOptions>;
}

/** The whole JSON file. */
export interface StarterGlossaryData {
  format: 'termlens-starter';
  version: 1;
  list: { name: { zh_CN: string; en: string } };
  entries: StarterEntryData[];
}

/**
 * Checks `raw` against the starter-glossary layout and returns it typed.
 * Throws an Error naming the entry (its position and term) and the field that is
 * wrong, so that an editor's mistake is found by the unit test, not by a reader.
 * Every entry must have a term, a definition, at least one English rendering and
 * a source with a title and an http(s) URL.
 */
export function readStarterGlossary(raw: unknown): StarterGlossaryData {
  if (!isRecord(raw)) throw new Error('starter glossary: not a JSON object');
  if (raw.format !== 'termlens-starter') throw new Error('starter glossary: format must be "termlens-starter"');
  if (raw.version !== 1) throw new Error(`starter glossary: unsupported version ${String(raw.version)}`);
  const list = raw.list;
  if (!isRecord(list) || !isRecord(list.name) || !isText(list.name.zh_CN) || !isText(list.name.en)) {
    throw new Error('starter glossary: list.name needs non-empty zh_CN and en');
  }
  if (!Array.isArray(raw.entries)) throw new Error('starter glossary: entries must be an array');
  const entries = raw.entries.map((entry: unknown, index) => readEntry(entry, index));
  return {
    format: 'termlens-starter',
    version: 1,
    list: { name: { zh_CN: list.name.zh_CN, en: list.name.en } },
    entries,
  };
}

function readEntry(raw: unknown, index: number): StarterEntryData {
  const where = (field: string, term?: unknown) =>
    `starter glossary: entry ${index + 1}${typeof term === 'string' ? ` (${term})` : ''}: ${field}`;
  if (!isRecord(raw)) throw new Error(where('not an object'));
  const { term } = raw;
  if (!isText(term)) throw new Error(where('term must be a non-empty string'));
  if (!isTextList(raw.variants)) throw new Error(where('variants must be a list of non-empty strings', term));
  if (!isText(raw.lang)) throw new Error(where('lang must be a non-empty string', term));
  const translations = raw.translations;
  if (!isRecord(translations) || !Object.values(translations).every(isTextList)) {
    throw new Error(where('translations must map languages to lists of non-empty strings', term));
  }
  const english = translations.en;
  if (!isTextList(english) || english.length === 0) throw new Error(where('needs at least one English translation', term));
  if (!isText(raw.definition)) throw new Error(where('definition must be a non-empty string', term));
  if (!isTextList(raw.tags)) throw new Error(where('tags must be a list of non-empty strings', term));
  const source = raw.source;
  if (!isRecord(source) || !isText(source.title)) throw new Error(where('source needs a title', term));
  if (!isText(source.url) || !/^https?:\/\/[^\s/]+/.test(source.url)) {
    throw new Error(where('source.url must be an http(s) URL', term));
  }
  if (source.date !== undefined && !(typeof source.date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(source.date))) {
    throw new Error(where('source.date must be YYYY-MM-DD', term));
  }
  const entry: StarterEntryData = {
    term,
    variants: raw.variants,
    lang: raw.lang,
    translations: translations as Record<string, string[]>,
    definition: raw.definition,
    tags: raw.tags,
    source: {
      title: source.title,
      url: source.url,
      ...(source.date === undefined ? {} : { date: source.date as string }),
    },
  };
  if (raw.match !== undefined) entry.match = readMatch(raw.match, where('match', term));
  return entry;
}

function readMatch(raw: unknown, where: string): Partial<MatchOptions> {
  if (!isRecord(raw)) throw new Error(`${where} must be an object`);
  const match: Partial<MatchOptions> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'caseSensitive' || key === 'wholeWord') {
      if (typeof value !== 'boolean') throw new Error(`${where}.${key} must be true or false`);
      match[key] = value;
    } else if (key === 'exclusions') {
      if (!isTextList(value)) throw new Error(`${where}.exclusions must be a list of non-empty strings`);
      match.exclusions = value;
    } else {
      throw new Error(`${where}: unknown option ${key}`);
    }
  }
  return match;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

function isTextList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every(isText);
}

/** The embedded starter glossary, checked once on first use. */
let checked: StarterGlossaryData | undefined;
function starterGlossary(): StarterGlossaryData {
  checked ??= readStarterGlossary(data);
  return checked;
}

/** The starter list's name in both UI languages. */
export const STARTER_LIST_NAME: Readonly<{ zh_CN: string; en: string }> = data.list.name;

/**
 * The starter list's name for a browser UI language such as `zh-CN` or `en-US`.
 * English locales get the English name; every other locale gets the Chinese one,
 * because zh_CN is the extension's default locale.
 */
export function starterListName(locale: string): string {
  return /^en\b/i.test(locale) ? STARTER_LIST_NAME.en : STARTER_LIST_NAME.zh_CN;
}

/**
 * Fresh `GlossaryEntry` records of the starter glossary for the list `listId`,
 * in file order: each call makes new ids, an empty private note, the default match
 * options overlaid with the entry's own, and `createdAt = updatedAt = now`. The
 * records share no arrays or objects with the embedded data or with each other.
 */
export function starterEntries(listId: string, now: number): GlossaryEntry[] {
  return starterGlossary().entries.map((entry) => ({
    id: newId(),
    listId,
    term: entry.term,
    variants: [...entry.variants],
    lang: entry.lang,
    translations: Object.fromEntries(
      Object.entries(entry.translations).map(([language, forms]) => [language, [...forms]]),
    ),
    definition: entry.definition,
    note: '',
    tags: [...entry.tags],
    source: { ...entry.source },
    match: { ...defaultMatchOptions(), ...structuredClone(entry.match ?? {}) },
    createdAt: now,
    updatedAt: now,
  }));
}
