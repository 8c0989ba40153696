import { describe, expect, it } from 'vitest';
import { newEntryDraft } from '@/lib/glossary/entry-draft';
import { GlossaryFormIndex, validateEntry, canSave, isWebUrl, isIsoDate, type EntryIssue } from '@/lib/glossary/validate-entry';
import type { GlossaryEntry, GlossaryList } from '@/lib/glossary/model';

const T0 = Date.UTC(2024, 3, 24);
const list = (id: string, priority: number, enabled = true): GlossaryList => ({
  id,
  name: id,
  color: 0,
  enabled,
  priority,
  origin: 'local',
  createdAt: T0,
  updatedAt: T0,
});
const LISTS = [list('main', 1), list('high', 5), list('peer', 1), list('off', 9, false)];

function entry(id: string, listId: string, term: string, more: Partial<GlossaryEntry> = {}): GlossaryEntry {
  return { ...newEntryDraft(listId, { term }, T0), id, ...more };
}

const STORED: GlossaryEntry[] = [
  entry('xbdkf', 'main', '西部大开发', { variants: ['西部开发'], translations: { en: ['western development'] } }),
  entry('xzscl', 'main', '新质生产力', { translations: { en: ['new quality productive forces'] } }),
  entry('hi-nengyuan', 'high', '能源革命'),
  entry('hi-cs', 'high', 'AI', { match: { caseSensitive: true, wholeWord: true, exclusions: [] } }),
  entry('hi-excl', 'high', '改革', { match: { caseSensitive: false, wholeWord: true, exclusions: ['改革开放'] } }),
  entry('peer-x', 'peer', '共同富裕'),
  entry('off-x', 'off', '乡村振兴'),
  entry('trashed', 'main', '高质量发展', { deletedAt: T0 }),
];
const index = new GlossaryFormIndex(STORED, LISTS);

/** The issues as `severity code @field (→ other entry)`, the way a reader of the form would see them. */
function check(draft: GlossaryEntry): string[] {
  return validateEntry(draft, index).map(
    (i: EntryIssue) => `${i.severity} ${i.code} @${i.field}${i.other ? ` → ${i.other.entryId}` : ''}`,
  );
}

describe('validating an entry before saving', () => {
  const cases: [string, GlossaryEntry, string[]][] = [
    ['accepts a new term nobody has', entry('new', 'main', '能源安全'), []],
    ['flags an empty term', entry('new', 'main', '   '), ['error term-empty @term']],
    [
      'refuses a variant that is another entry’s term in the same list, linking to it',
      entry('new', 'main', '大开发', { variants: ['西部大开发'] }),
      ['note inside-longer-form @term → xbdkf', 'error duplicate-form @variants.0 → xbdkf'],
    ],
    [
      'refuses a Traditional spelling of another entry’s variant (they fold to the same text)',
      entry('new', 'main', '开发西部', { variants: ['西部開發'] }),
      ['error duplicate-form @variants.0 → xbdkf'],
    ],
    [
      'warns when a rendering is shared with another entry of the list',
      entry('new', 'main', '西进', { translations: { en: ['Western Development'] } }),
      ['warning shared-translation @translations.en.0 → xbdkf'],
    ],
    [
      'does not compare an entry with its own stored self',
      entry('xbdkf', 'main', '西部大开发', { variants: ['西部开发'] }),
      [],
    ],
    [
      'ignores entries in the trash',
      entry('new', 'main', '高质量发展'),
      [],
    ],
    [
      'warns that a form never matches while a higher-priority list claims the same text',
      entry('new', 'main', '能源革命'),
      ['warning shadowed-by-priority @term → hi-nengyuan'],
    ],
    [
      'does not call a form shadowed when the higher entry is case-sensitive and this one is not',
      entry('new', 'main', 'ai'),
      [],
    ],
    [
      'does not call a form shadowed when the higher entry has an exclusion around it',
      entry('new', 'main', '改革'),
      [],
    ],
    [
      'says nothing about a list that is switched off',
      entry('new', 'main', '乡村振兴'),
      [],
    ],
    [
      'warns about the same text in another list of equal priority (which wins is undecided)',
      entry('new', 'main', '共同富裕'),
      ['warning priority-tie @term → peer-x'],
    ],
    [
      'notes that a longer entry wins inside its own text, without blocking',
      entry('new', 'main', '大开发'),
      ['note inside-longer-form @term → xbdkf'],
    ],
    [
      'flags an exclusion equal to one of the entry’s forms: the form could never match',
      entry('new', 'main', '开发区', { match: { caseSensitive: false, wholeWord: true, exclusions: ['開發區'] } }),
      ['error form-excluded @exclusions.0'],
    ],
    [
      'warns about an exclusion that contains none of the entry’s forms (it does nothing)',
      entry('new', 'main', '开发区', { match: { caseSensitive: false, wholeWord: true, exclusions: ['经济特区'] } }),
      ['warning exclusion-unused @exclusions.0'],
    ],
    [
      'flags a form made only of invisible characters',
      entry('new', 'main', '开发区', { variants: ['\u200b\u00ad'] }),
      ['error form-folds-empty @variants.0'],
    ],
    [
      'warns about a variant that repeats the term',
      entry('new', 'main', '开发区', { variants: ['開發區'] }),
      ['warning form-repeated @variants.0'],
    ],
    [
      'flags an invalid source URL and date',
      entry('new', 'main', '开发区', { source: { title: '新华社', url: 'www.news.cn', date: '2024-02-30' } }),
      ['error url-invalid @source.url', 'error date-invalid @source.date'],
    ],
    [
      'flags a translation language that is not a language tag',
      entry('new', 'main', '开发区', { translations: { 'english!': ['development zone'] } }),
      ['error lang-invalid @translations.english!'],
    ],
  ];

  for (const [name, draft, expected] of cases) {
    it(name, () => {
      expect(check(draft)).toEqual(expected);
    });
  }

  it('lets warnings and notes through, but not errors', () => {
    expect(canSave(validateEntry(entry('new', 'main', '共同富裕'), index))).toBe(true);
    expect(canSave(validateEntry(entry('new', 'main', ''), index))).toBe(false);
  });

  it('names the other entry’s list and term in the link data', () => {
    const [issue] = validateEntry(entry('new', 'main', '开发西部', { variants: ['西部开发'] }), index);
    expect(issue?.other).toEqual({ entryId: 'xbdkf', term: '西部大开发', listId: 'main', listName: 'main', form: '西部开发' });
  });
});

describe('URL and date checks', () => {
  it.each([
    ['https://www.news.cn/politics/2024-04/24/c_1.htm', true],
    ['http://example.org', true],
    ['ftp://example.org/x', false],
    ['javascript:alert(1)', false],
    ['news.cn', false],
  ])('%s is a web URL: %s', (url, ok) => expect(isWebUrl(url)).toBe(ok));

  it.each([
    ['2024-04-24', true],
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['2024-4-24', false],
  ])('%s is a date: %s', (date, ok) => expect(isIsoDate(date)).toBe(ok));
});
