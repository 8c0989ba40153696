import { describe, expect, it } from 'vitest';
import { exportCsv, joinPipeList, parseCsv, splitPipeList } from '../../../lib/exchange';
import { issuesOf } from './expect-issues';
import { sampleBundle } from './sample-bundle';

describe('values separated by |', () => {
  it('escapes | and \\ inside a value so that splitting gives the values back', () => {
    const values = ['a|b', 'c\\d', 'e\\|f', '新质生产力'];
    expect(joinPipeList(values)).toBe('a\\|b|c\\\\d|e\\\\\\|f|新质生产力');
    expect(splitPipeList(joinPipeList(values))).toEqual(values);
  });

  it('trims values and drops empty ones, as a spreadsheet user types them', () => {
    expect(splitPipeList(' new quality productive forces | NQPF ||')).toEqual(['new quality productive forces', 'NQPF']);
  });

  it('keeps a backslash before any other character', () => {
    expect(splitPipeList('C:\\dir|x')).toEqual(['C:\\dir', 'x']);
  });
});

describe('CSV export', () => {
  it('writes a BOM, the fixed columns with one column per language after lang, and CRLF lines', () => {
    const text = exportCsv(sampleBundle());
    expect(text.startsWith('\uFEFF')).toBe(true);
    const header = text.slice(1, text.indexOf('\r\n'));
    expect(header).toBe(
      'term,variants,lang,en,fr,zh-Hans,zh-Hant,definition,note,tags,source_title,source_url,source_date,case_sensitive,whole_word,exclusions,list',
    );
  });

  it('omits the note column when includeNotes is false', () => {
    expect(exportCsv(sampleBundle(), { includeNotes: false })).not.toMatch(/,note,/);
  });

  it("guards cells a spreadsheet would run as a formula with a leading ', and reads them back unchanged", async () => {
    const bundle = sampleBundle();
    bundle.lists[0]!.entries[0]!.definition = '=HYPERLINK("http://evil")';
    bundle.lists[0]!.entries[1]!.definition = "'=already quoted";
    const text = exportCsv(bundle);
    expect(text).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(text).toContain(`''=already quoted`);
    const back = await parseCsv(text);
    expect(back.lists[0]!.entries[0]!.definition).toBe('=HYPERLINK("http://evil")');
    expect(back.lists[0]!.entries[1]!.definition).toBe("'=already quoted");
  });
});

describe('CSV import', () => {
  it('reads one concept a row with translations from language columns and | between synonyms', async () => {
    const csv = 'term,lang,en,zh-Hant,tags\n新质生产力,zh-Hans,new quality productive forces|NQPF,新質生產力,经济|科技\n';
    const b = await parseCsv(csv, { listName: 'Mine' });
    expect(b.lists).toHaveLength(1);
    expect(b.lists[0]!.name).toBe('Mine');
    expect(b.lists[0]!.entries[0]).toStrictEqual({
      term: '新质生产力',
      variants: [],
      lang: 'zh-Hans',
      translations: { en: ['new quality productive forces', 'NQPF'], 'zh-Hant': ['新質生產力'] },
      definition: '',
      note: '',
      tags: ['经济', '科技'],
      match: { caseSensitive: false, wholeWord: true, exclusions: [] },
    });
  });

  it('says which fields the file carried, so a merge leaves the others alone', async () => {
    const b = await parseCsv('term,en\n能源革命,energy revolution\n');
    expect(b.carriedFields).toEqual(['term', 'translations']);
  });

  it('takes header names case-insensitively, with spaces or - for _', async () => {
    const b = await parseCsv('Term,Source URL,whole-word\nAI,https://example.org,FALSE\n');
    expect(b.lists[0]!.entries[0]).toMatchObject({ source: { title: '', url: 'https://example.org' }, match: { wholeWord: false } });
  });

  it('reads tab- and semicolon-separated files too', async () => {
    expect((await parseCsv('term\ten\n能源革命\tenergy revolution\n')).lists[0]!.entries[0]!.translations).toEqual({ en: ['energy revolution'] });
    expect((await parseCsv('term;en\n能源革命;energy revolution\n')).lists[0]!.entries[0]!.translations).toEqual({ en: ['energy revolution'] });
  });

  it('puts rows into the lists their list column names, in order of first use', async () => {
    const b = await parseCsv('term,list\na,Energy\nb,Policy\nc,Energy\nd,\n', { listName: 'Default' });
    expect(b.lists.map((l) => [l.name, l.entries.map((e) => e.term)])).toEqual([
      ['Energy', ['a', 'c']],
      ['Policy', ['b']],
      ['Default', ['d']],
    ]);
  });

  it('skips blank rows, and rows of only commas', async () => {
    const b = await parseCsv('term,en\n\na,x\n,\n\nb,y\n');
    expect(b.lists[0]!.entries.map((e) => e.term)).toEqual(['a', 'b']);
  });

  it('accepts a UTF-8 BOM', async () => {
    expect((await parseCsv('\uFEFFterm\nAI\n')).lists[0]!.entries[0]!.term).toBe('AI');
  });
});

describe('bad CSV files', () => {
  it('names the missing required column', async () => {
    const issues = await issuesOf(() => parseCsv('lang,en\nzh-Hans,x\n'));
    expect(issues).toEqual([
      expect.objectContaining({ code: 'missing-column', where: { line: 1, column: 'term' }, params: { column: 'term', header: '"lang", "en"' } }),
    ]);
    expect(issues[0]!.message).toBe(
      'line 1, column "term": the required column "term" is missing from the header (it names "lang", "en"): rename the column of terms to "term".',
    );
  });

  it('names the columns a header without "term" has, so that a file from elsewhere can be mended', async () => {
    // A spreadsheet's own header: the terms under "zh".
    const issues = await issuesOf(() => parseCsv('zh,en,definition\n新质生产力,new quality productive forces,x\n'));
    expect(issues.map((i) => [i.code, i.params?.header])).toEqual([['missing-column', '"zh", "en", "definition"']]);
  });

  it('rejects an unknown column by name, instead of silently dropping its data', async () => {
    const issues = await issuesOf(() => parseCsv('term,defintion,comments!\nAI,x,y\n'));
    expect(issues.map((i) => [i.code, i.where.column])).toEqual([
      ['unknown-column', 'defintion'],
      ['unknown-column', 'comments!'],
    ]);
  });

  it('rejects a column that appears twice', async () => {
    const issues = await issuesOf(() => parseCsv('term,en,EN\nAI,x,y\n'));
    expect(issues[0]).toMatchObject({ code: 'duplicate-column', where: { column: 'EN' } });
  });

  it('counts lines from the header as line 1, including line breaks inside quoted cells', async () => {
    const csv = ['term,definition,case_sensitive', 'a,"one', 'two', 'three",false', '', 'b,plain,maybe', 'c,"x', 'y",true,extra'].join('\r\n');
    const issues = await issuesOf(() => parseCsv(csv));
    expect(issues.map((i) => [i.code, i.where.line, i.where.column])).toEqual([
      ['invalid-value', 6, 'case_sensitive'],
      ['field-count', 7, undefined],
    ]);
    expect(issues[0]!.message).toBe('line 6, column "case_sensitive": "maybe" is not true or false.');
  });

  it('counts lines right when the parse yields after every row', async () => {
    const csv = 'term,definition\na,"1\n2"\nb,"3\n4\n5"\n\nc,"6"\nb,x\n';
    const issues = await issuesOf(() => parseCsv(csv, { yieldEvery: 1 }));
    expect(issues[0]).toMatchObject({ code: 'duplicate-term', where: { line: 9, term: 'b' } });
    expect(issues[0]!.message).toContain('first at line 4');
  });

  it('rejects the same term twice in one list, naming both lines', async () => {
    const issues = await issuesOf(() => parseCsv('term,en\n能源革命,energy revolution\n西部大开发,x\n能源革命,revolution in energy\n'));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'duplicate-term', where: { line: 4, term: '能源革命' }, params: { first: 'line 2' } });
    expect(issues[0]!.message).toBe('line 4 (能源革命): the term "能源革命" appears twice in list "Imported": first at line 2, again here.');
  });

  it('allows the same term in two different lists', async () => {
    const b = await parseCsv('term,list\nAI,A\nAI,B\n');
    expect(b.lists).toHaveLength(2);
  });

  it('rejects an empty term, a bad language tag and a bad date, each with line and column', async () => {
    const issues = await issuesOf(() => parseCsv('term,lang,source_date\n,zh-Hans,\nx,chinese simplified,\ny,zh,24.4.2024\n'));
    expect(issues.map((i) => [i.code, i.where.line, i.where.column])).toEqual([
      ['empty-term', 2, 'term'],
      ['invalid-value', 3, 'lang'],
      ['invalid-value', 4, 'source_date'],
    ]);
  });

  it('reports an unclosed quote with its line', async () => {
    const issues = await issuesOf(() => parseCsv('term,definition\na,ok\nb,"never closed\nc,d\n'));
    expect(issues.some((i) => i.code === 'csv-syntax' && i.where.line === 3)).toBe(true);
  });

  it('rejects a file without rows', async () => {
    expect((await issuesOf(() => parseCsv('  \n')))[0]!.code).toBe('empty-file');
  });
});
