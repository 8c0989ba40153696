/**
 * The reference page (tests/fixtures/jinzhong-daily-2024-04-24-p1.txt): printed line breaks inside
 * terms, a letter-spaced headline, and nested candidates. Matched paragraph by paragraph, as blocks
 * are matched on a page.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { entry, matcherOf } from './support/glossary';

const page = readFileSync(resolve(__dirname, '../../fixtures/jinzhong-daily-2024-04-24-p1.txt'), 'utf8');
const paragraphs = page.split(/\n[ \t\u3000]*\n/);
const terms = ['新质生产力', '生产力', '能源革命', '西部大开发', '大开发', '高质量发展', '质量'];

function countPerTerm(text: readonly string[], glossaryTerms: readonly string[]): Record<string, number> {
  const matcher = matcherOf(glossaryTerms.map((t) => entry(t)));
  const counts: Record<string, number> = {};
  for (const paragraph of text) {
    for (const m of matcher.findMatches(paragraph)) counts[m.entryId] = (counts[m.entryId] ?? 0) + 1;
  }
  return counts;
}

describe('the reference page', () => {
  it('has paragraphs separated by blank lines', () => {
    expect(paragraphs.length).toBeGreaterThan(20);
  });

  it('yields 4 × 新质生产力, 2 × 能源革命 and 7 × 西部大开发', () => {
    const counts = countPerTerm(paragraphs, terms);
    expect(counts['新质生产力']).toBe(4);
    expect(counts['能源革命']).toBe(2);
    expect(counts['西部大开发']).toBe(7);
  });

  it('gives no occurrence of those three to the shorter terms nested in them', () => {
    const withNested = countPerTerm(paragraphs, terms);
    const alone = countPerTerm(paragraphs, ['生产力', '大开发']);
    // Each 新质生产力 would otherwise also be a 生产力, each 西部大开发 a 大开发.
    expect(alone['生产力']! - (withNested['生产力'] ?? 0)).toBe(4);
    expect(alone['大开发']! - (withNested['大开发'] ?? 0)).toBe(7);
  });

  it('finds the terms that a printed line break splits, and the letter-spaced headline', () => {
    const matcher = matcherOf(terms.map((t) => entry(t)));
    const texts = paragraphs.flatMap((p) => matcher.findMatches(p).map((m) => p.slice(m.start, m.end)));
    expect(texts).toContain('新\n质生产力');
    expect(texts).toContain('西部大开\n发');
    expect(texts).toContain('西 部 大 开 发');
  });

  it('finds 枫桥经验 across its line break', () => {
    const counts = countPerTerm(paragraphs, ['枫桥经验']);
    expect(counts['枫桥经验']).toBeGreaterThanOrEqual(1);
  });

  it('finds the same in the page written in Traditional characters', () => {
    const traditional = paragraphs.map((p) =>
      p.replace(/质/g, '質').replace(/产/g, '產').replace(/开/g, '開').replace(/发/g, '發'),
    );
    const counts = countPerTerm(traditional, terms);
    expect([counts['新质生产力'], counts['能源革命'], counts['西部大开发']]).toEqual([4, 2, 7]);
  });
});
