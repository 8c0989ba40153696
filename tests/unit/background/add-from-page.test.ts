import { describe, expect, it } from 'vitest';
import { addFormPath, MAX_TERM_LENGTH, termFromSelection } from '../../../lib/background/add-from-page';

describe('termFromSelection', () => {
  it('drops a printed line break inside a Chinese term', () => {
    expect(termFromSelection('西部大开\n发')).toBe('西部大开发');
  });

  it('drops the letter-spacing of a headline, and zero-width characters between Chinese characters', () => {
    expect(termFromSelection(' 西 部 大 开 发 ')).toBe('西部大开发');
    expect(termFromSelection('新质\u200b生产力')).toBe('新质生产力');
  });

  it('keeps one space between Latin words', () => {
    expect(termFromSelection('  new   quality\nproductive forces ')).toBe('new quality productive forces');
  });

  it('cuts a long selection to a term’s length', () => {
    expect([...termFromSelection('长'.repeat(500))].length).toBe(MAX_TERM_LENGTH);
  });
});

describe('addFormPath', () => {
  it('opens the options page’s add form with the term, page URL and title', () => {
    const path = addFormPath('新质生产力', 'https://news.example.cn/a?b=1&c=2', '晋中日报 第1版');
    expect(path.startsWith('/options.html#/add?')).toBe(true);
    const params = new URLSearchParams(path.slice(path.indexOf('?') + 1));
    expect(Object.fromEntries(params)).toEqual({
      term: '新质生产力',
      url: 'https://news.example.cn/a?b=1&c=2',
      title: '晋中日报 第1版',
    });
  });

  it('passes no source for a page that is not http(s)', () => {
    const path = addFormPath('术语', 'file:///home/reader/a.html', 'A');
    expect(Object.fromEntries(new URLSearchParams(path.slice(path.indexOf('?') + 1)))).toEqual({ term: '术语' });
  });
});
