import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import data from '../../../lib/glossary/starter-glossary.json';
import {
  readStarterGlossary,
  STARTER_LIST_NAME,
  starterEntries,
  starterListName,
  type StarterEntryData,
} from '../../../lib/glossary/starter-glossary';
import { defaultMatchOptions } from '../../../lib/glossary/model';

const glossary = readStarterGlossary(data);
const entries = glossary.entries;

/** Every written form of an entry that the matcher looks for in Chinese text. */
function chineseForms(entry: StarterEntryData): string[] {
  return [entry.term, ...entry.variants];
}

/**
 * A deliberately simple leftmost-longest, non-overlapping matcher, independent of
 * lib/match: at each position take the longest form that starts there, else move
 * on by one character. Whitespace inside a paragraph is dropped first (a printed
 * line break or a letter-spaced headline); paragraphs are separated by blank lines
 * and a match never crosses one.
 */
function countOccurrences(text: string, all: readonly StarterEntryData[]): Map<string, number> {
  const formToTerm = new Map<string, string>();
  for (const entry of all) for (const form of chineseForms(entry)) formToTerm.set(form, entry.term);
  const forms = [...formToTerm.keys()];
  const counts = new Map<string, number>();
  for (const paragraph of text.split(/\n\s*\n/)) {
    const flat = paragraph.replace(/\s+/g, '');
    let at = 0;
    while (at < flat.length) {
      let best = '';
      for (const form of forms) if (form.length > best.length && flat.startsWith(form, at)) best = form;
      if (best === '') {
        at += 1;
        continue;
      }
      const term = formToTerm.get(best)!;
      counts.set(term, (counts.get(term) ?? 0) + 1);
      at += best.length;
    }
  }
  return counts;
}

const referencePage = readFileSync(new URL('../../fixtures/jinzhong-daily-2024-04-24-p1.txt', import.meta.url), 'utf8');

describe('the starter glossary data', () => {
  it('is a valid termlens-starter file', () => {
    expect(glossary.format).toBe('termlens-starter');
    expect(glossary.version).toBe(1);
  });

  it('holds at least 40 policy terms', () => {
    expect(entries.length).toBeGreaterThanOrEqual(40);
  });

  it('includes 新质生产力, 能源革命 and 西部大开发', () => {
    const terms = entries.map((entry) => entry.term);
    expect(terms).toEqual(expect.arrayContaining(['新质生产力', '能源革命', '西部大开发']));
  });

  it('writes every term and variant in Chinese, marked zh-Hans', () => {
    for (const entry of entries) {
      expect(entry.lang, entry.term).toBe('zh-Hans');
      for (const form of chineseForms(entry)) expect(form, entry.term).toMatch(/^[\p{Script=Han}0-9、]+$/u);
    }
  });

  it('explains every term in Chinese prose of two to four sentences', () => {
    for (const entry of entries) {
      const text = entry.definition;
      const han = [...text].filter((ch) => /\p{Script=Han}/u.test(ch)).length;
      expect(han / [...text].length, entry.term).toBeGreaterThan(0.6);
      const sentences = text.split(/[。！？]/).filter((part) => part.trim() !== '');
      expect(sentences.length, entry.term).toBeGreaterThanOrEqual(2);
      expect(sentences.length, entry.term).toBeLessThanOrEqual(4);
      expect(text.endsWith('。'), entry.term).toBe(true);
    }
  });

  it('gives every term at least one English rendering', () => {
    for (const entry of entries) {
      expect(entry.translations.en?.length ?? 0, entry.term).toBeGreaterThanOrEqual(1);
    }
  });

  it('names a source with a title and an http(s) URL for every term', () => {
    for (const entry of entries) {
      expect(entry.source.title.trim(), entry.term).not.toBe('');
      expect(() => new URL(entry.source.url), entry.term).not.toThrow();
      expect(new URL(entry.source.url).protocol, entry.term).toMatch(/^https?:$/);
    }
  });

  it('gives every term at least one topic tag, without repeats', () => {
    for (const entry of entries) {
      expect(entry.tags.length, entry.term).toBeGreaterThanOrEqual(1);
      expect(new Set(entry.tags).size, entry.term).toBe(entry.tags.length);
    }
  });

  it('never lists the same Chinese form twice, within or across entries', () => {
    const owner = new Map<string, string>();
    for (const entry of entries) {
      for (const form of chineseForms(entry)) {
        expect(owner.get(form), `${form} in ${entry.term}`).toBeUndefined();
        owner.set(form, entry.term);
      }
    }
  });

  it('never gives two entries the same English rendering', () => {
    // English forms are matched too (design: "An entry's forms are its term, its
    // variants and its translations"), so a shared one would be ambiguous.
    const owner = new Map<string, string>();
    for (const entry of entries) {
      for (const form of entry.translations.en ?? []) {
        const key = form.toLowerCase();
        expect(owner.get(key), `${form} in ${entry.term}`).toBeUndefined();
        owner.set(key, entry.term);
      }
    }
  });
});

describe('the starter glossary on the reference page (Jinzhong Daily, 24 April 2024, p. 1)', () => {
  const counts = countOccurrences(referencePage, entries);

  it('finds 新质生产力 4 times, 能源革命 twice and 西部大开发 7 times', () => {
    expect(counts.get('新质生产力')).toBe(4);
    expect(counts.get('能源革命')).toBe(2);
    expect(counts.get('西部大开发')).toBe(7);
  });

  it('has no form that swallows 能源革命 in 能源革命综合改革试点', () => {
    const forms = entries.flatMap(chineseForms);
    expect(forms.filter((form) => form.includes('能源革命') && form !== '能源革命')).toEqual([]);
  });

  it('finds the other policy terms that the page uses', () => {
    for (const term of ['高质量发展', '中国式现代化', '一带一路', '双碳', '乡村振兴', '千万工程', '枫桥经验', '西电东送', '先立后破', '晋创谷']) {
      expect(counts.get(term) ?? 0, term).toBeGreaterThanOrEqual(1);
    }
  });

  it('counts a term the same way with or without the glossary around it', () => {
    // No other entry steals an occurrence: matching each anchor term alone gives
    // the same count as matching the whole glossary.
    for (const term of ['新质生产力', '能源革命', '西部大开发', '高质量发展', '乡村振兴']) {
      const alone = countOccurrences(
        referencePage,
        entries.filter((entry) => entry.term === term),
      );
      expect(counts.get(term), term).toBe(alone.get(term));
    }
  });

  it('is checked by a matcher that does find a term across a printed line break', () => {
    const tiny: StarterEntryData[] = [{ ...entries[0]!, term: '西部大开发', variants: [] }];
    expect(countOccurrences('推进西部大开\n发\n\n西 部 大 开 发', tiny).get('西部大开发')).toBe(2);
    expect(countOccurrences('西部大\n\n开发', tiny).get('西部大开发')).toBeUndefined();
  });
});

describe('the official English renderings (shared/reference/policy-terms.md)', () => {
  // The renderings listed there, preferred first. Articles are dropped because
  // renderings are also match forms ("Belt and Road Initiative" must match
  // "a Belt and Road Initiative project"). The strategy name of 能源革命 ("Four
  // Reforms and One Cooperation") is its own entry, 四个革命、一个合作, and the
  // informal "Go West" is left out.
  const official: Record<string, string[]> = {
    新质生产力: ['new quality productive forces', 'new quality productivity'],
    能源革命: ['energy revolution'],
    西部大开发: ['large-scale development of western China', 'large-scale development of the western region', 'western development'],
    高质量发展: ['high-quality development'],
    中国式现代化: ['Chinese modernization', 'Chinese path to modernization'],
    一带一路: ['Belt and Road Initiative', 'Belt and Road', 'B&R'],
    双碳: ['dual carbon goals', 'carbon peaking and carbon neutrality'],
    乡村振兴: ['rural revitalization', 'rural vitalization'],
    共同富裕: ['common prosperity'],
  };

  for (const [term, renderings] of Object.entries(official)) {
    it(`renders ${term} as ${renderings.map((r) => `"${r}"`).join(', ')}`, () => {
      const entry = entries.find((candidate) => candidate.term === term);
      expect(entry, term).toBeDefined();
      expect(entry?.translations.en).toEqual(renderings);
    });
  }

  it('renders the strategy 四个革命、一个合作 as "Four Reforms and One Cooperation"', () => {
    const entry = entries.find((candidate) => candidate.term === '四个革命、一个合作');
    expect(entry?.translations.en?.[0]).toBe('Four Reforms and One Cooperation');
  });

  it('never calls the Belt and Road a strategy, nor OBOR', () => {
    const entry = entries.find((candidate) => candidate.term === '一带一路');
    for (const form of entry?.translations.en ?? []) expect(form).not.toMatch(/strategy|OBOR/i);
  });
});

describe('starterEntries', () => {
  it('builds one full record per entry for the given list, dated now', () => {
    const records = starterEntries('list-1', 1_700_000_000_000);
    expect(records).toHaveLength(entries.length);
    for (const record of records) {
      expect(record.listId).toBe('list-1');
      expect(record.createdAt).toBe(1_700_000_000_000);
      expect(record.updatedAt).toBe(1_700_000_000_000);
      expect(record.note).toBe('');
      expect(record.deletedAt).toBeUndefined();
      expect(record.match).toEqual(defaultMatchOptions());
    }
    const first = records[0]!;
    expect(first.term).toBe(entries[0]!.term);
    expect(first.translations).toEqual(entries[0]!.translations);
    expect(first.source).toEqual(entries[0]!.source);
  });

  it('gives every record its own id, new on every call', () => {
    const a = starterEntries('list-1', 0).map((record) => record.id);
    const b = starterEntries('list-1', 0).map((record) => record.id);
    expect(new Set([...a, ...b]).size).toBe(a.length + b.length);
  });

  it('shares no arrays with the embedded data, so editing a record changes nothing else', () => {
    const [record] = starterEntries('list-1', 0);
    record!.variants.push('改过的');
    record!.translations.en!.push('edited');
    record!.tags.push('改过');
    record!.match.exclusions.push('改过');
    const [fresh] = starterEntries('list-1', 0);
    expect(fresh!.variants).not.toContain('改过的');
    expect(fresh!.translations.en).not.toContain('edited');
    expect(fresh!.tags).not.toContain('改过');
    expect(fresh!.match.exclusions).toEqual([]);
  });
});

describe('starterListName', () => {
  it('names the list in Chinese for a Chinese browser', () => {
    expect(starterListName('zh-CN')).toBe(STARTER_LIST_NAME.zh_CN);
  });

  it('names the list in English for an English browser', () => {
    expect(starterListName('en-US')).toBe(STARTER_LIST_NAME.en);
    expect(starterListName('en')).toBe(STARTER_LIST_NAME.en);
  });

  it('falls back to Chinese, the default locale, for other languages', () => {
    expect(starterListName('fr-FR')).toBe(STARTER_LIST_NAME.zh_CN);
  });

  it('has a name in both languages', () => {
    expect(STARTER_LIST_NAME.zh_CN).toMatch(/\p{Script=Han}/u);
    expect(STARTER_LIST_NAME.en).toMatch(/[a-z]/i);
  });
});

describe('readStarterGlossary', () => {
  const valid = () => structuredClone(data) as unknown as { entries: Record<string, unknown>[] } & Record<string, unknown>;

  it('rejects a file of another format', () => {
    expect(() => readStarterGlossary({ ...valid(), format: 'other' })).toThrow(/format/);
  });

  it('names the entry that lacks an English rendering', () => {
    const file = valid();
    file.entries[2] = { ...file.entries[2], translations: { en: [] } };
    expect(() => readStarterGlossary(file)).toThrow(/entry 3 \(.+\).*English/);
  });

  it('rejects a source URL that is not http(s)', () => {
    const file = valid();
    file.entries[0] = { ...file.entries[0], source: { title: 'x', url: 'ftp://example.org/' } };
    expect(() => readStarterGlossary(file)).toThrow(/entry 1 .*source\.url/);
  });

  it('rejects an empty definition', () => {
    const file = valid();
    file.entries[0] = { ...file.entries[0], definition: '  ' };
    expect(() => readStarterGlossary(file)).toThrow(/definition/);
  });

  it('keeps an entry’s own match options and rejects unknown ones', () => {
    const file = valid();
    file.entries[0] = { ...file.entries[0], match: { caseSensitive: true } };
    expect(readStarterGlossary(file).entries[0]!.match).toEqual({ caseSensitive: true });
    file.entries[0] = { ...file.entries[0], match: { fuzzy: true } };
    expect(() => readStarterGlossary(file)).toThrow(/unknown option fuzzy/);
  });
});
