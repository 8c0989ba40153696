// @vitest-environment happy-dom
import { h, render } from 'preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { EntryCard } from '../../../components/EntryCard';
import type { CardEntry } from '../../../lib/messages';

const hostile = '<img src=x onerror="window.__pwned = true">';

function entry(overrides: Partial<CardEntry> = {}): CardEntry {
  return {
    id: 'e1',
    listId: 'l1',
    term: '新质生产力',
    variants: ['新质生产力发展'],
    lang: 'zh-Hans',
    translations: { en: ['new quality productive forces', 'new quality productivity'], fr: ['nouvelles forces productives'] },
    definition: '以科技创新为主导的先进生产力形态。',
    tags: ['经济', '科技'],
    source: { title: 'Qiushi', url: 'http://en.qstheory.cn/xijinping.html', date: '2024-05-31' },
    match: { caseSensitive: false, wholeWord: true, exclusions: [] },
    createdAt: 0,
    updatedAt: 0,
    listName: '政策术语入门词表',
    listColor: 2,
    ...overrides,
  };
}

function show(e: CardEntry, onClose = () => {}) {
  const root = document.createElement('div');
  document.body.append(root);
  render(h(EntryCard, { entry: e, uiLanguage: 'en', onClose }), root);
  return root;
}

beforeEach(() => {
  // The fake browser has no catalogue: labels are their keys.
  vi.spyOn(fakeBrowser.i18n, 'getMessage').mockImplementation((key: string) => key);
});

afterEach(() => {
  document.body.innerHTML = '';
  vi.restoreAllMocks();
});

describe('EntryCard', () => {
  it('shows a definition holding <img onerror> as text, and makes no element of it', () => {
    const root = show(entry({ definition: `定义 ${hostile}`, term: `术语${hostile}`, tags: [hostile], listName: hostile }));
    expect(root.querySelector('[data-testid="card-definition"]')!.textContent).toBe(`定义 ${hostile}`);
    expect(root.querySelector('[data-testid="card-term"]')!.textContent).toBe(`术语${hostile}`);
    expect(root.querySelector('img')).toBeNull();
    expect((window as { __pwned?: boolean }).__pwned).toBeUndefined();
  });

  it('shows the term, variants, English renderings first, definition, tags as chips and the list', () => {
    const root = show(entry());
    expect(root.querySelector('[data-testid="card-term"]')!.textContent).toBe('新质生产力');
    expect(root.querySelector('[data-testid="card-variants"]')!.textContent).toContain('新质生产力发展');
    const groups = [...root.querySelectorAll('.tl-card-rendering-group')].map((g) => g.querySelector('dt')!.textContent);
    expect(groups).toEqual(['English', 'French']);
    expect([...root.querySelectorAll('.tl-card-rendering')].map((d) => d.textContent)).toEqual([
      'new quality productive forces',
      'new quality productivity',
      'nouvelles forces productives',
    ]);
    expect([...root.querySelectorAll('[data-testid="card-tags"] li')].map((li) => li.textContent)).toEqual(['经济', '科技']);
    expect(root.querySelector('[data-testid="card-list"]')!.textContent).toContain('政策术语入门词表');
    expect(root.querySelector('.tl-dot.tl-slot-2')).not.toBeNull();
  });

  it('marks each text with its language, for fonts and screen readers', () => {
    const root = show(entry());
    expect(root.querySelector('[data-testid="card-term"]')!.getAttribute('lang')).toBe('zh-Hans');
    expect(root.querySelector('.tl-card-rendering')!.getAttribute('lang')).toBe('en');
    expect(root.querySelector('[data-testid="card-definition"]')!.getAttribute('lang')).toBe('zh-Hans');
  });

  it('links an http(s) source in a new tab that gets no opener and no referrer', () => {
    const link = show(entry()).querySelector('[data-testid="card-source"] a')!;
    expect(link.getAttribute('href')).toBe('http://en.qstheory.cn/xijinping.html');
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
  });

  it('never links a javascript: source, but still names it', () => {
    const root = show(entry({ source: { title: 'Evil', url: 'javascript:alert(1)' } }));
    expect(root.querySelector('[data-testid="card-source"] a')).toBeNull();
    expect(root.querySelector('[data-testid="card-source"]')!.textContent).toContain('Evil');
  });

  it('is a dialog labelled by its term, with a close button', () => {
    const onClose = vi.fn();
    const root = show(entry(), onClose);
    const dialog = root.querySelector('[role="dialog"]')!;
    expect(root.querySelector(`#${dialog.getAttribute('aria-labelledby')}`)!.textContent).toBe('新质生产力');
    (root.querySelector('.tl-card-close') as HTMLButtonElement).click();
    expect(onClose).toHaveBeenCalledOnce();
  });

  it('leaves out what an entry lacks: no variants, renderings, tags or source', () => {
    const root = show(entry({ variants: [], translations: {}, tags: [], source: undefined }));
    expect(root.querySelector('[data-testid="card-variants"]')).toBeNull();
    expect(root.querySelector('[data-testid="card-renderings"]')).toBeNull();
    expect(root.querySelector('[data-testid="card-tags"]')).toBeNull();
    expect(root.querySelector('[data-testid="card-source"]')).toBeNull();
  });
});
