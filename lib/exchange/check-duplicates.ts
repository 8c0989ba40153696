/**
 * Duplicates inside one file. Two entries with the same term in one list would both
 * claim the same text on a page, and an import could not tell which one an existing
 * entry should be merged with; so a file that has them is rejected, naming both.
 */
import type { ExchangeBundle } from './bundle';
import { describeLocation, type IssueList, type IssueLocation } from './import-error';

/** Where entry `entryIndex` (0-based) of list `listIndex` (0-based) is in the file. */
export type LocateEntry = (listIndex: number, entryIndex: number) => IssueLocation;

/** The key two terms share when they are "the same term": equal after Unicode NFC. */
export function termKey(term: string): string {
  return term.normalize('NFC');
}

/**
 * Adds an issue for every entry whose term repeats an earlier one in the same list,
 * every id used twice in the file, and every list name used twice.
 */
export function checkDuplicates(bundle: ExchangeBundle, locate: LocateEntry, issues: IssueList): void {
  const ids = new Map<string, IssueLocation>();
  const listNames = new Map<string, number>();
  bundle.lists.forEach((list, li) => {
    const firstOfName = listNames.get(list.name);
    if (firstOfName !== undefined) {
      issues.add('duplicate-list', { path: `lists[${li}]` }, `the list name "${list.name}" is used twice (lists ${firstOfName + 1} and ${li + 1}).`, {
        name: list.name,
      });
    } else listNames.set(list.name, li);

    const terms = new Map<string, IssueLocation>();
    list.entries.forEach((entry, ei) => {
      const key = termKey(entry.term);
      const first = terms.get(key);
      if (first) {
        const here = locate(li, ei);
        issues.add(
          'duplicate-term',
          here,
          `the term "${entry.term}" appears twice in list "${list.name}": first at ${describeLocation({ ...first, term: undefined })}, again here.`,
          { term: entry.term, list: list.name, first: describeLocation({ ...first, term: undefined }) },
        );
      } else terms.set(key, locate(li, ei));

      if (entry.id !== undefined) {
        const firstId = ids.get(entry.id);
        if (firstId) {
          issues.add('duplicate-id', locate(li, ei), `the id "${entry.id}" is used twice: first at ${describeLocation(firstId)}.`, {
            id: entry.id,
            first: describeLocation(firstId),
          });
        } else ids.set(entry.id, locate(li, ei));
      }
    });
  });
}
