import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeText, detectFormat, parseFile } from '../../../lib/exchange';
import { issuesOf } from './expect-issues';

const utf8 = (s: string) => new TextEncoder().encode(s);

describe('decodeText', () => {
  it('decodes UTF-8 and drops a UTF-8 byte order mark', () => {
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('term\n西部大开发')]))).toBe('term\n西部大开发');
  });

  it('refuses a GB18030 file, naming the line of the first byte that is not UTF-8', async () => {
    const bytes = new Uint8Array(readFileSync(new URL('../../fixtures/exchange/gb18030.csv', import.meta.url)));
    const issues = await issuesOf(() => decodeText(bytes));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'not-utf8', where: { line: 2 }, params: { offset: 14 } });
    expect(issues[0]!.message).toMatch(/not UTF-8.*GB18030/);
  });

  it('refuses UTF-16 in either byte order, saying so', async () => {
    for (const bom of [[0xff, 0xfe], [0xfe, 0xff]]) {
      const issues = await issuesOf(() => decodeText(new Uint8Array([...bom, 0x74, 0x00])));
      expect(issues[0]!.code).toBe('utf16');
      expect(issues[0]!.message).toContain('UTF-16');
    }
  });

  it('refuses an overlong encoding and a truncated sequence at the end', async () => {
    expect((await issuesOf(() => decodeText(new Uint8Array([0x61, 0xc0, 0xaf]))))[0]).toMatchObject({ code: 'not-utf8', params: { offset: 1 } });
    expect((await issuesOf(() => decodeText(new Uint8Array([0x61, 0x0a, 0xe8, 0xa5]))))[0]).toMatchObject({ code: 'not-utf8', where: { line: 2 }, params: { offset: 2 } });
  });
});

describe('detectFormat', () => {
  it.each([
    ['glossary.json', 'x', 'json'],
    ['glossary.CSV', '{', 'csv'],
    ['glossary.tsv', '', 'csv'],
    ['terms.tbx', '', 'tbx'],
    ['terms.xml', '', 'tbx'],
    ['export(1)', '\uFEFF  {"format":"termlens"}', 'json'],
    ['glossary.txt', '<?xml version="1.0"?><tbx/>', 'tbx'],
    ['glossary.txt', 'term,en\n', 'csv'],
  ] as const)('reads %s starting %j as %s', (name, text, format) => {
    expect(detectFormat(name, text)).toBe(format);
  });
});

describe('parseFile', () => {
  it('decodes, detects and parses in one call', async () => {
    const { format, bundle } = await parseFile('mine.csv', utf8('term,en\n能源革命,energy revolution\n'), { listName: 'Mine' });
    expect(format).toBe('csv');
    expect(bundle.lists[0]!.name).toBe('Mine');
  });
});
