// @vitest-environment happy-dom
// The popup's list of a page's terms (components/PageTerms.tsx): the ten most frequent, and a button
// for the rest once there are more than twelve.
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it } from 'vitest';
import { componentsInBody } from '../helpers/components-in-body';
import { PageTerms } from '@/components/PageTerms';
import { PAGE_TERMS_SHOWN } from '@/lib/page-terms';
import type { PageTermCount } from '@/lib/messages';

componentsInBody();

const terms = (n: number): PageTermCount[] =>
  Array.from({ length: n }, (_, i) => ({ entryId: `e${i}`, term: `术语${i}`, count: n - i, slot: i % 8 }));

function show(n: number) {
  act(() => render(h(PageTerms, { state: { kind: 'ready', terms: terms(n) }, onReveal: () => {} }), document.body));
  return {
    shown: () => [...document.querySelectorAll('[data-testid="page-term"]')].map((b) => b.getAttribute('data-entry-id')),
    more: () => document.querySelector<HTMLButtonElement>('[data-testid="page-terms-more"]'),
  };
}

describe('the popup’s list of the page’s terms', () => {
  it('shows a list of up to twelve whole, with no button', () => {
    for (const n of [1, PAGE_TERMS_SHOWN, PAGE_TERMS_SHOWN + 2]) {
      const view = show(n);
      expect(view.shown()).toHaveLength(n);
      expect(view.more()).toBeNull();
    }
  });

  it('shows the first ten of more, and a button that shows the rest and folds them again', () => {
    const view = show(42);
    expect(view.shown()).toEqual(terms(42).slice(0, PAGE_TERMS_SHOWN).map((t) => t.entryId));
    const more = view.more()!;
    expect(more.getAttribute('aria-expanded')).toBe('false');
    expect(more.getAttribute('aria-controls')).toBe(document.querySelector('[role="toolbar"]')!.id);
    act(() => more.click());
    expect(view.shown()).toHaveLength(42);
    expect(more.getAttribute('aria-expanded')).toBe('true');
    act(() => more.click());
    expect(view.shown()).toHaveLength(PAGE_TERMS_SHOWN);
  });
});
