// @vitest-environment happy-dom
// useIdleSearchPreparation (components/use-idle-search.ts): a view's searcher is folded from idle
// callbacks, a slice per callback, until done; a new searcher or the view's end stops the old one.
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { componentsInBody } from '../helpers/components-in-body';
import { useIdleSearchPreparation } from '@/components/use-idle-search';
import { EntrySearch } from '@/lib/glossary/search';
import { CountingSearchCache } from '../helpers/counting-search-cache';
import { newEntryDraft } from '@/lib/glossary/entry-draft';
import type { GlossaryEntry } from '@/lib/glossary/model';

componentsInBody();

/** Happy-dom has no idle callbacks: these are queued here, and run by the test. */
let queued: Map<number, IdleRequestCallback>;
let nextHandle: number;
beforeEach(() => {
  queued = new Map();
  nextHandle = 1;
  globalThis.requestIdleCallback = (callback) => {
    queued.set(nextHandle, callback);
    return nextHandle++;
  };
  globalThis.cancelIdleCallback = (handle) => void queued.delete(handle);
});
afterEach(() => {
  delete (globalThis as { requestIdleCallback?: unknown }).requestIdleCallback;
  delete (globalThis as { cancelIdleCallback?: unknown }).cancelIdleCallback;
});

/** Runs the queued idle callbacks once, each with `slices` entries' worth of time. */
function idle(slices: number) {
  const now = [...queued];
  queued.clear();
  for (const [, callback] of now) {
    let left = slices;
    callback({ didTimeout: false, timeRemaining: () => (--left > 0 ? 10 : 0) });
  }
}

const entries = (n: number): GlossaryEntry[] => Array.from({ length: n }, (_, i) => ({ ...newEntryDraft('l', { term: `术语${i}` }, 0), id: `e${i}` }));

function View({ search }: { search: EntrySearch }) {
  useIdleSearchPreparation(search);
  return null;
}

describe('folding a view’s searcher when the page is idle', () => {
  it('folds a slice per idle callback until every entry is folded, then asks for no more', () => {
    const cache = new CountingSearchCache();
    const search = new EntrySearch(entries(10), cache);
    act(() => render(h(View, { search }), document.body));
    expect(cache.asked).toBe(0);
    expect(queued.size).toBe(1);
    idle(4);
    expect(cache.asked).toBe(4);
    idle(4);
    expect(cache.asked).toBe(8);
    idle(4);
    expect(cache.asked).toBe(10);
    expect(queued.size).toBe(0);
  });

  it('stops folding a searcher that was replaced, and folds the new one', () => {
    const first = new CountingSearchCache();
    const second = new CountingSearchCache();
    act(() => render(h(View, { search: new EntrySearch(entries(10), first) }), document.body));
    idle(2);
    act(() => render(h(View, { search: new EntrySearch(entries(10), second) }), document.body));
    expect(queued.size).toBe(1);
    idle(3);
    expect(first.asked).toBe(2);
    expect(second.asked).toBe(3);
    act(() => render(null, document.body));
    expect(queued.size).toBe(0);
  });
});
