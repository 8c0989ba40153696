import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ImportError, NATIVE_JSON_KEYS, exportJson, parseJson } from '../../../lib/exchange';
import { issuesOf } from './expect-issues';
import { sampleBundle, sampleEntry } from './sample-bundle';

const doc = (lists: unknown[], extra: Record<string, unknown> = {}) => JSON.stringify({ format: 'termlens', version: 1, lists, ...extra });
const list = (entries: unknown[], extra: Record<string, unknown> = {}) => ({ name: 'L', entries, ...extra });

describe('native JSON export', () => {
  it('writes format, version, exportedAt and every list and entry field', () => {
    const text = exportJson(sampleBundle(), { exportedAt: new Date('2024-04-24T08:00:00Z') });
    const value = JSON.parse(text);
    expect(value.format).toBe('termlens');
    expect(value.version).toBe(1);
    expect(value.exportedAt).toBe('2024-04-24T08:00:00.000Z');
    expect(Object.keys(value.lists[0])).toEqual(['id', 'name', 'color', 'priority', 'enabled', 'entries']);
    expect(value.lists[0].entries[0]).toMatchObject({
      id: '0b6f6c2e-6a57-4f4e-9a77-1d2b7b1c9d01',
      term: '新质生产力',
      note: 'private: check the 2024 government work report',
      createdAt: '2024-04-24T00:00:00.000Z',
      updatedAt: '2024-04-24T01:00:00.123Z',
    });
  });

  it('leaves private notes out when includeNotes is false, and a merge then keeps existing notes', async () => {
    const text = exportJson(sampleBundle(), { includeNotes: false });
    expect(text).not.toContain('"note"');
    const back = await parseJson(text);
    expect(back.carriedFields).not.toContain('note');
    expect(back.lists[0]!.entries[0]!.note).toBe('');
  });
});

describe('native JSON import', () => {
  it('gives back exactly the exported bundle, every field', async () => {
    const bundle = sampleBundle();
    expect(await parseJson(exportJson(bundle))).toStrictEqual(bundle);
  });

  it('fills defaults for optional fields of a hand-written file', async () => {
    const b = await parseJson(doc([list([{ term: '能源革命', lang: 'zh-Hans', translations: { en: ['energy revolution'] } }])]));
    expect(b.lists[0]!.entries[0]).toStrictEqual({
      term: '能源革命',
      lang: 'zh-Hans',
      variants: [],
      translations: { en: ['energy revolution'] },
      definition: '',
      note: '',
      tags: [],
      match: { caseSensitive: false, wholeWord: true, exclusions: [] },
    });
  });

  it('accepts a UTF-8 byte order mark', async () => {
    const b = await parseJson('\uFEFF' + doc([list([])]));
    expect(b.lists[0]!.name).toBe('L');
  });

  it('refuses a file of another format, naming what it found', async () => {
    const issues = await issuesOf(() => parseJson(JSON.stringify({ format: 'glossary-pro', lists: [] })));
    expect(issues[0]).toMatchObject({ code: 'unknown-format', where: { path: 'format' } });
    expect(issues[0]!.message).toContain('"glossary-pro"');
  });

  it('refuses a version newer than it reads, and says to update', async () => {
    const issues = await issuesOf(() => parseJson(JSON.stringify({ format: 'termlens', version: 2, lists: [] })));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'unsupported-version', params: { version: 2, supported: 1 } });
    expect(issues[0]!.message).toMatch(/version 2.*newer.*Update TermLens/);
  });

  it('names line and column of a JSON syntax error', async () => {
    const issues = await issuesOf(() => parseJson('{\n  "format": "termlens",\n  "version": 1,,\n}'));
    expect(issues[0]).toMatchObject({ code: 'json-syntax', where: { line: 3 } });
    expect(issues[0]!.where.col).toBeGreaterThan(1);
  });

  it('reports every wrong type with its JSON path, not just the first', async () => {
    const bad = sampleEntry({ translations: { en: ['ok', 42 as unknown as string] } });
    const text = doc([list([sampleEntry({ term: 'a' }), ...Array.from({ length: 11 }, (_, i) => sampleEntry({ term: `t${i}` })), bad, { term: 7, lang: 'zh-Hans', tags: 'x' }])]);
    const issues = await issuesOf(() => parseJson(text));
    const paths = issues.map((i) => i.where.path);
    expect(paths).toContain('lists[0].entries[12].translations.en[1]');
    expect(paths).toContain('lists[0].entries[13].term');
    expect(paths).toContain('lists[0].entries[13].tags');
    const en = issues.find((i) => i.where.path === 'lists[0].entries[12].translations.en[1]')!;
    expect(en.message).toBe('lists[0].entries[12].translations.en[1]: expected a string.');
    expect(en.code).toBe('wrong-type');
  });

  it('quotes keys that are not identifiers in paths', async () => {
    const issues = await issuesOf(() => parseJson(doc([list([sampleEntry({ translations: { 'zh-Hant': [1 as unknown as string] } })])])));
    expect(issues[0]!.where.path).toBe('lists[0].entries[0].translations["zh-Hant"][0]');
  });

  it('rejects unknown fields, which are usually typos', async () => {
    const issues = await issuesOf(() => parseJson(doc([list([{ term: 'x', lang: 'en', translation: { fr: ['y'] } }])])));
    expect(issues[0]).toMatchObject({ code: 'unknown-field', where: { path: 'lists[0].entries[0].translation' }, params: { field: 'translation' } });
  });

  it('rejects a missing term or lang, an empty term, a bad language tag, colour, date and timestamp', async () => {
    const entries = [
      { lang: 'en' },
      { term: '  ', lang: 'en' },
      { term: 'a', lang: 'english!' },
      { term: 'b', lang: 'en', source: { title: 't', url: 'u', date: '2024/04/24' } },
      { term: 'c', lang: 'en', updatedAt: 'yesterday' },
      { term: 'd' },
    ];
    const issues = await issuesOf(() => parseJson(doc([list(entries, { color: 9 })])));
    expect(issues.map((i) => [i.code, i.where.path])).toEqual([
      ['invalid-value', 'lists[0].color'],
      ['missing-field', 'lists[0].entries[0].term'],
      ['empty-term', 'lists[0].entries[1].term'],
      ['invalid-value', 'lists[0].entries[2].lang'],
      ['invalid-value', 'lists[0].entries[3].source.date'],
      ['wrong-type', 'lists[0].entries[4].updatedAt'],
      ['missing-field', 'lists[0].entries[5].lang'],
    ]);
  });

  it('rejects the same term twice in one list, naming both entries', async () => {
    const text = doc([list([sampleEntry({ term: '能源革命' }), sampleEntry({ term: '新质生产力' }), sampleEntry({ term: '能源革命' })])]);
    const issues = await issuesOf(() => parseJson(text));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'duplicate-term', where: { path: 'lists[0].entries[2]', entry: 3, term: '能源革命' } });
    expect(issues[0]!.message).toContain('lists[0].entries[0]');
    expect(issues[0]!.message).toContain('lists[0].entries[2]');
  });

  it('treats composed and decomposed forms of a term as the same term', async () => {
    const issues = await issuesOf(() => parseJson(doc([list([sampleEntry({ term: 'Caf\u00e9' }), sampleEntry({ term: 'Cafe\u0301' })])])));
    expect(issues[0]!.code).toBe('duplicate-term');
  });

  it('allows the same term in two lists, but not the same id twice', async () => {
    const a = sampleEntry({ id: 'same' });
    const issues = await issuesOf(() => parseJson(doc([list([a]), { name: 'M', entries: [a] }])));
    expect(issues.map((i) => i.code)).toEqual(['duplicate-id']);
  });

  it('caps a flood of problems and says how many more there were', async () => {
    const entries = Array.from({ length: 500 }, () => ({ term: 1, lang: 'en' }));
    const issues = await issuesOf(() => parseJson(doc([list(entries)])));
    expect(issues).toHaveLength(201);
    expect(issues[200]).toMatchObject({ code: 'too-many-issues', params: { count: 300 } });
  });

  it('throws ImportError whose message is readable English', async () => {
    await expect(parseJson('')).rejects.toThrow(ImportError);
    await expect(parseJson('')).rejects.toThrow('The file is empty.');
  });
});

describe('the JSON Schema in docs/formats', () => {
  const schema = JSON.parse(readFileSync(new URL('../../../docs/formats/termlens-v1.schema.json', import.meta.url), 'utf8'));

  it('is valid JSON that names the same fields as the reader, at every level', () => {
    expect(Object.keys(schema.properties)).toEqual([...NATIVE_JSON_KEYS.top]);
    expect(Object.keys(schema.$defs.list.properties)).toEqual([...NATIVE_JSON_KEYS.list]);
    expect(Object.keys(schema.$defs.entry.properties)).toEqual([...NATIVE_JSON_KEYS.entry]);
    expect(Object.keys(schema.$defs.entry.properties.source.properties)).toEqual([...NATIVE_JSON_KEYS.source]);
    expect(Object.keys(schema.$defs.entry.properties.match.properties)).toEqual([...NATIVE_JSON_KEYS.match]);
  });

  it('requires what the reader requires', async () => {
    expect(schema.required).toEqual(['format', 'version', 'lists']);
    expect(schema.$defs.entry.required).toEqual(['term', 'lang']);
    expect(schema.$defs.list.required).toEqual(['name', 'entries']);
    for (const field of schema.$defs.entry.required as string[]) {
      const entry: Record<string, unknown> = { term: 'x', lang: 'en' };
      delete entry[field];
      const issues = await issuesOf(() => parseJson(doc([list([entry])])));
      expect(issues[0]).toMatchObject({ code: 'missing-field', params: { field } });
    }
  });

  it('uses the same language tag pattern as the reader', async () => {
    const pattern = new RegExp(schema.$defs.languageTag.pattern);
    for (const tag of ['zh', 'zh-Hans', 'zh-Hant-TW', 'en-GB', 'yue', 'english!', 'term', 'e']) {
      const ok = await parseJson(doc([list([{ term: 'x', lang: tag }])])).then(
        () => true,
        () => false,
      );
      expect(ok, tag).toBe(pattern.test(tag));
    }
  });

  it('accepts the exported sample through the schema-equivalent reader', async () => {
    const text = exportJson(sampleBundle());
    await expect(parseJson(text)).resolves.toBeDefined();
    const value = JSON.parse(text);
    expect(value.format).toBe(schema.properties.format.const);
    expect(value.version).toBe(schema.properties.version.const);
  });
});
