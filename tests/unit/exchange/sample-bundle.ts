/** A small bundle with the fields and characters that break formats: CJK, quotes, commas, `|`, line breaks, `<`, `&`, emoji. */
import type { ExchangeBundle, ExchangeEntry } from '../../../lib/exchange';

export function sampleEntry(over: Partial<ExchangeEntry> = {}): ExchangeEntry {
  return {
    term: '新质生产力',
    variants: ['新质生产力发展'],
    lang: 'zh-Hans',
    translations: { en: ['new quality productive forces'], fr: ['nouvelles forces productives de qualité'] },
    definition: '以科技创新为主导、摆脱传统经济增长方式的先进生产力质态。',
    note: 'private: check the 2024 government work report',
    tags: ['经济', 'economy'],
    source: { title: '2024年政府工作报告', url: 'https://www.gov.cn/yaowen/liebiao/202403/content_6939153.htm', date: '2024-03-05' },
    match: { caseSensitive: false, wholeWord: true, exclusions: [] },
    ...over,
  };
}

export function sampleBundle(): ExchangeBundle {
  return {
    lists: [
      {
        id: 'list-policy',
        name: 'Policy terms',
        color: 2,
        priority: 10,
        enabled: true,
        entries: [
          sampleEntry({ id: '0b6f6c2e-6a57-4f4e-9a77-1d2b7b1c9d01', createdAt: 1713916800000, updatedAt: 1713920400123 }),
          sampleEntry({
            id: '0b6f6c2e-6a57-4f4e-9a77-1d2b7b1c9d02',
            term: '西部大开发',
            variants: [],
            translations: { en: ['large-scale development of the western region', 'Western Development'] },
            definition: 'A "strategy", with commas, a | pipe,\na line break, <angle> & ampersand, and 🚀.',
            note: '',
            tags: [],
            match: { caseSensitive: false, wholeWord: true, exclusions: ['大开发区'] },
            createdAt: 1713916800000,
            updatedAt: 1713916800000,
          }),
        ],
      },
      {
        id: 'list-energy',
        name: 'Energy, "quoted" | piped',
        color: 5,
        priority: 0,
        enabled: false,
        entries: [
          sampleEntry({
            id: '0b6f6c2e-6a57-4f4e-9a77-1d2b7b1c9d03',
            term: 'AI',
            lang: 'en',
            variants: ['A.I.', 'a|b\\c'],
            translations: { 'zh-Hans': ['人工智能'], 'zh-Hant': ['人工智慧'] },
            definition: '',
            note: 'line one\r\nline two',
            tags: ['tech|nology'],
            source: { title: 'Glossary [draft]', url: '' },
            match: { caseSensitive: true, wholeWord: false, exclusions: ['AIR', 'MAIN'] },
            createdAt: 1700000000000,
            updatedAt: 1700000000001,
          }),
        ],
      },
    ],
  };
}
