/**
 * Drafts of entries as the entry form edits them: a new entry's defaults, and the
 * clean-up applied before validating and saving (trimmed text, no blank rows).
 */
import type { GlossaryEntry } from './model';
import { defaultMatchOptions, newId } from './model';

/** What a new entry may start with (the `#/add?term=…&url=…&title=…` route, a quick add). */
export interface EntrySeed {
  term?: string;
  sourceUrl?: string;
  sourceTitle?: string;
}

/** A new, unsaved entry in list `listId`: Simplified Chinese, an empty English rendering row. */
export function newEntryDraft(listId: string, seed: EntrySeed = {}, now = Date.now()): GlossaryEntry {
  const draft: GlossaryEntry = {
    id: newId(),
    listId,
    term: seed.term?.trim() ?? '',
    variants: [],
    lang: 'zh-Hans',
    translations: { en: [] },
    definition: '',
    note: '',
    tags: [],
    match: defaultMatchOptions(),
    createdAt: now,
    updatedAt: now,
  };
  if (seed.sourceUrl || seed.sourceTitle) {
    draft.source = { title: seed.sourceTitle?.trim() ?? '', url: seed.sourceUrl?.trim() ?? '' };
  }
  return draft;
}

const cleanList = (values: readonly string[]): string[] => {
  const out: string[] = [];
  for (const v of values) {
    const t = v.trim();
    if (t !== '' && !out.includes(t)) out.push(t);
  }
  return out;
};

/**
 * The entry as it will be stored: text trimmed; blank and repeated variants,
 * renderings, tags and exclusions dropped; languages without renderings dropped;
 * a source with neither title nor URL dropped, and an empty date removed.
 */
export function normalizeEntry(entry: GlossaryEntry): GlossaryEntry {
  const translations: Record<string, string[]> = {};
  for (const [lang, values] of Object.entries(entry.translations)) {
    const clean = cleanList(values);
    const key = lang.trim();
    if (clean.length > 0 && key !== '') translations[key] = [...(translations[key] ?? []), ...clean];
  }
  const { source: rawSource, ...rest } = entry;
  const out: GlossaryEntry = {
    ...rest,
    term: entry.term.trim(),
    variants: cleanList(entry.variants),
    translations,
    definition: entry.definition.trim(),
    note: entry.note.trim(),
    tags: cleanList(entry.tags),
    match: { ...entry.match, exclusions: cleanList(entry.match.exclusions) },
  };
  const title = rawSource?.title.trim() ?? '';
  const url = rawSource?.url.trim() ?? '';
  const date = rawSource?.date?.trim() ?? '';
  if (title !== '' || url !== '' || date !== '') out.source = { title, url, ...(date === '' ? {} : { date }) };
  return out;
}
