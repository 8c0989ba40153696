// @vitest-environment happy-dom
// The options page's entry table (components/options/EntryTable.tsx): a new result set starts at the
// top in the same commit that shows it, not in a later effect, which would leave a frame at the old
// scroll position and undo a scroll made right after the results came (as the Firefox 10,000-entry
// test did once, under load).
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it } from 'vitest';
import { componentsInBody } from '../helpers/components-in-body';
import { EntryTable, ROW_HEIGHT } from '@/components/options/EntryTable';
import { newEntryDraft } from '@/lib/glossary/entry-draft';
import type { GlossaryEntry } from '@/lib/glossary/model';

componentsInBody();

const entries = (n: number, prefix: string): GlossaryEntry[] =>
  Array.from({ length: n }, (_, i) => ({ ...newEntryDraft('l', { term: `${prefix}${i}` }, 0), id: `${prefix}${i}` }));

const table = (rows: readonly GlossaryEntry[]) =>
  h(EntryTable, {
    rows,
    lists: new Map(),
    selected: new Set<string>(),
    sort: { field: 'term', direction: 'asc' } as never,
    onSort: () => {},
    onOpen: () => {},
    onSelect: () => {},
    emptyText: 'empty',
  });

describe('EntryTable', () => {
  it('is back at the top when it shows a new result set, before anything else runs', () => {
    // act: the first render's effects have run (the table has settled) before the reader scrolls.
    act(() => render(table(entries(500, 'a')), document.body));
    const scroller = document.querySelector<HTMLElement>('.tl-table-body')!;
    scroller.scrollTop = 200 * ROW_HEIGHT;
    expect(scroller.scrollTop).toBe(200 * ROW_HEIGHT);
    // A render commits synchronously; effects (useEffect) would run only later, after the frame.
    render(table(entries(400, 'b')), document.body);
    expect(scroller.scrollTop).toBe(0);
  });
});
