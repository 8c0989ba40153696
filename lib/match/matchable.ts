/**
 * Turns glossary entries (lib/glossary/model.ts) into what the matcher needs, and shows an editor
 * what an entry will match.
 */
import type { GlossaryEntry, GlossaryList } from '../glossary/model';
import type { MatchableEntry } from './compile';
import { foldForm } from './compile';

/** The written forms of an entry that the matcher looks for: term, variants, then every translation. */
export function formsOf(entry: Pick<GlossaryEntry, 'term' | 'variants' | 'translations'>): string[] {
  const forms = [entry.term, ...entry.variants];
  for (const values of Object.values(entry.translations)) forms.push(...values);
  return forms;
}

/**
 * The matcher's view of an entry of a list: its forms (term, variants, all translations), match
 * options, the list's colour slot and priority, and the term as its label. The entry's private note and definition are not
 * carried.
 */
export function matchableFromEntry(
  entry: GlossaryEntry,
  list: Pick<GlossaryList, 'priority'> & { color: number },
): MatchableEntry {
  return {
    id: entry.id,
    slot: list.color,
    priority: list.priority,
    forms: formsOf(entry),
    caseSensitive: entry.match.caseSensitive,
    wholeWord: entry.match.wholeWord,
    exclusions: [...entry.match.exclusions],
    label: entry.term,
  };
}

/** One written form of an entry and the text that it matches. */
export interface FoldedForm {
  form: string;
  /**
   * The folded form, as the automaton sees it: Simplified, full-width folded, whitespace folded,
   * lower-cased unless the entry is case-sensitive. '' for a form that can never match (empty).
   */
  folded: string;
}

/**
 * Each form of an entry with its folded key, in the order of formsOf, so that the editor can show
 * which text the entry will match (新質生產力 → 新质生产力, "New  Quality" → "new quality").
 */
export function foldedFormsOf(
  entry: Pick<GlossaryEntry, 'term' | 'variants' | 'translations'> & { match?: Pick<GlossaryEntry['match'], 'caseSensitive'> },
): FoldedForm[] {
  const keepCase = entry.match?.caseSensitive ?? false;
  return formsOf(entry).map((form) => ({ form, folded: foldForm(form, keepCase) }));
}
