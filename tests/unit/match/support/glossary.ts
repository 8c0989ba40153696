import { Matcher, compileGlossary, type MatchableEntry } from '../../../../lib/match';

/** A matchable entry with the defaults of a new glossary entry; `id` defaults to the first form. */
export function entry(forms: string | string[], options: Partial<MatchableEntry> = {}): MatchableEntry {
  const list = typeof forms === 'string' ? [forms] : forms;
  return {
    id: list[0] ?? '',
    slot: 0,
    priority: 0,
    forms: list,
    caseSensitive: false,
    wholeWord: true,
    exclusions: [],
    ...options,
  };
}

/** A matcher for the entries, compiled and sent through JSON as the background sends it. */
export function matcherOf(entries: MatchableEntry[]): Matcher {
  return Matcher.from(JSON.parse(JSON.stringify(compileGlossary(entries))));
}

/** What the matcher finds in `text`, as `entryId:matched text` strings. */
export function found(entries: MatchableEntry[], text: string): string[] {
  return matcherOf(entries)
    .findMatches(text)
    .map((m) => `${m.entryId}:${text.slice(m.start, m.end)}`);
}
