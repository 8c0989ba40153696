import { describe, expect, it } from 'vitest';
import { foldForMatching } from '@/lib/match';
import { firstTraditionalSpelling, hasTraditionalSpelling, traditionalSpelling } from '@/lib/glossary/traditional-forms';

describe('the Traditional spellings an entry also matches', () => {
  it('spells 新质生产力 as 新質生產力', () => {
    expect(firstTraditionalSpelling(traditionalSpelling('新质生产力'))).toBe('新質生產力');
  });

  it('lists every Traditional character that folds to an ambiguous Simplified one', () => {
    const slots = traditionalSpelling('发展');
    expect(slots[0]).toEqual({ simplified: '发', traditional: ['發', '髮'] });
    expect(slots[1]).toEqual({ simplified: '展', traditional: [] });
  });

  it('promises only spellings that the matcher folds back to the same text', () => {
    for (const term of ['新质生产力', '西部大开发', '能源革命', '干部', '里程碑']) {
      const slots = traditionalSpelling(term);
      for (const [i, slot] of slots.entries()) {
        for (const t of slot.traditional) {
          const spelled = slots.map((s, j) => (j === i ? t : s.simplified)).join('');
          expect(foldForMatching(spelled).key, spelled).toBe(foldForMatching(term).key);
        }
      }
    }
  });

  it('says when a form has no Traditional spelling', () => {
    expect(hasTraditionalSpelling(traditionalSpelling('能源'))).toBe(false);
    expect(hasTraditionalSpelling(traditionalSpelling('new quality'))).toBe(false);
  });
});
