import { readFileSync } from 'node:fs';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { exportTbx, parseTbx } from '../../../lib/exchange';
import { issuesOf } from './expect-issues';
import { sampleBundle, sampleEntry } from './sample-bundle';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/exchange/${name}`, import.meta.url), 'utf8');

const tbx = (body: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<tbx type="TBX-Basic" style="dca" xml:lang="zh" xmlns="urn:iso:std:iso:30042:ed-2">\n<text>\n<body>\n${body}\n</body>\n</text>\n</tbx>\n`;
const concept = (term: string, extra = '') =>
  `<conceptEntry id="c">${extra}<langSec xml:lang="zh"><termSec><term>${term}</term></termSec></langSec></conceptEntry>`;

describe('TBX export', () => {
  const text = exportTbx(sampleBundle());

  it('writes well-formed TBX v3, dialect TBX-Basic, in the ISO 30042 namespace', () => {
    expect(XMLValidator.validate(text)).toBe(true);
    expect(text).toContain('<tbx type="TBX-Basic" style="dca" xml:lang="zh-Hans" xmlns="urn:iso:std:iso:30042:ed-2">');
  });

  it('writes the headword as preferred term and variants as admitted terms in the langSec of its language', () => {
    expect(text).toMatch(
      /<langSec xml:lang="zh-Hans">\s*<descrip type="definition">以科技创新[^<]*<\/descrip>\s*<termSec><term>新质生产力<\/term><termNote type="administrativeStatus">preferredTerm-admn-sts<\/termNote><\/termSec>\s*<termSec><term>新质生产力发展<\/term><termNote type="administrativeStatus">admittedTerm-admn-sts<\/termNote><\/termSec>/,
    );
  });

  it('writes tags as subjectField, the list as projectSubset, and the source with its date in brackets', () => {
    expect(text).toContain('<descrip type="subjectField">经济</descrip>');
    expect(text).toContain('<admin type="projectSubset">Policy terms</admin>');
    expect(text).toContain('<admin type="source">2024年政府工作报告 [2024-03-05]</admin>');
    expect(text).toContain('<xref type="externalCrossReference" target="https://www.gov.cn/yaowen/liebiao/202403/content_6939153.htm">');
  });

  it('escapes <, & and carriage returns', () => {
    expect(text).toContain('&lt;angle&gt; &amp; ampersand');
    expect(text).toContain('line one&#13;\nline two');
  });

  it('leaves private notes out when includeNotes is false', () => {
    expect(exportTbx(sampleBundle(), { includeNotes: false })).not.toContain('private: check');
  });

  it('writes match options only when they differ from the defaults', () => {
    const plain = exportTbx({ lists: [{ name: 'L', entries: [sampleEntry()] }] });
    expect(plain).not.toContain('termlens:match');
  });
});

describe('TBX import', () => {
  it('reads an entry back with every field TBX carries', async () => {
    const bundle = await parseTbx(exportTbx(sampleBundle()));
    // TBX carries no timestamps (see docs/formats/tbx.md); everything else comes back.
    const { createdAt: _c, updatedAt: _u, ...expected } = sampleBundle().lists[0]!.entries[0]!;
    expect(bundle.lists[0]!.entries[0]).toStrictEqual(expected);
  });

  it('reads TBX v2 (martif, termEntry, langSet, tig and ntig)', async () => {
    const b = await parseTbx(fixture('tbx-v2-martif.tbx'));
    expect(b.lists.map((l) => l.name)).toEqual(['Policy glossary (TBX v2)']);
    const [a, c] = b.lists[0]!.entries;
    expect(a).toMatchObject({
      term: '新质生产力',
      lang: 'zh-CN',
      definition: '以科技创新为主导的先进生产力质态。',
      tags: ['经济'],
      note: 'Check against the 2024 report.',
      // The deprecated English rendering is not offered as a translation.
      translations: { en: ['new quality productive forces'] },
    });
    expect(c).toMatchObject({ term: '西部大开发', variants: ['西部开发'], translations: { en: ['Western Development'] } });
  });

  it('reads another tool’s TBX v3: inline markup, CDATA, concept-level definition', async () => {
    const b = await parseTbx(fixture('tbx-v3-foreign.tbx'), { listName: 'Energy' });
    expect(b.lists[0]!.name).toBe('Energy');
    expect(b.lists[0]!.entries[0]).toMatchObject({
      term: 'energy revolution',
      lang: 'en',
      translations: { zh: ['能源革命'] },
      definition: 'A fundamental change in how energy is produced & used.',
      tags: ['energy'],
    });
    expect(b.lists[0]!.entries[0]!.id).toBeUndefined();
  });

  it('takes the headword from the language the reader names', async () => {
    const b = await parseTbx(fixture('tbx-v3-foreign.tbx'), { sourceLang: 'zh' });
    expect(b.lists[0]!.entries[0]).toMatchObject({ term: '能源革命', lang: 'zh', translations: { en: ['energy revolution'] } });
  });

  it('keeps a translation into the headword’s own language apart from its variants', async () => {
    const entry = sampleEntry({ variants: ['新质生产力发展'], translations: { 'zh-Hans': ['新型生产力'], en: ['NQPF'] } });
    const b = await parseTbx(exportTbx({ lists: [{ name: 'L', entries: [entry] }] }));
    expect(b.lists[0]!.entries[0]).toMatchObject({ variants: ['新质生产力发展'], translations: { 'zh-Hans': ['新型生产力'], en: ['NQPF'] } });
  });

  it('does not expand entities declared in a DOCTYPE', async () => {
    const text = `<?xml version="1.0"?>\n<!DOCTYPE tbx [<!ENTITY boom "BOOM">]>\n${tbx(concept('a &boom; b')).replace(/^<\?xml[^>]*>\n/, '')}`;
    const b = await parseTbx(text);
    expect(b.lists[0]!.entries[0]!.term).toBe('a &boom; b');
  });
});

describe('bad TBX files', () => {
  it('names line and column of malformed XML', async () => {
    const issues = await issuesOf(() => parseTbx(tbx(`${concept('a')}\n<conceptEntry id="x"><langSec xml:lang="zh"><termSec><term>b</termSec></langSec></conceptEntry>`)));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'xml-syntax', where: { line: 6 } });
    expect(issues[0]!.where.col).toBeGreaterThan(1);
    expect(issues[0]!.message).toMatch(/^line 6, col \d+: the file is not well-formed XML: /);
  });

  it('refuses XML that is not TBX', async () => {
    const issues = await issuesOf(() => parseTbx('<?xml version="1.0"?><html><body/></html>'));
    expect(issues[0]!.code).toBe('not-tbx');
  });

  it('names the line of a concept without a term and of a langSec without a language', async () => {
    const body = [concept('a'), '<conceptEntry id="empty"><langSec xml:lang="zh"><termSec><term> </term></termSec></langSec></conceptEntry>', '<conceptEntry id="nolang"><langSec><termSec><term>c</term></termSec></langSec></conceptEntry>'].join('\n');
    const issues = await issuesOf(() => parseTbx(tbx(body)));
    expect(issues.map((i) => [i.code, i.where.line, i.where.entry])).toEqual([
      ['no-term', 6, 2],
      ['no-language', 7, 3],
    ]);
  });

  it('rejects the same headword twice in one list, naming both concepts', async () => {
    const issues = await issuesOf(() => parseTbx(tbx([concept('能源革命'), concept('西部大开发'), concept('能源革命')].join('\n'))));
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'duplicate-term', where: { line: 7, entry: 3, term: '能源革命' } });
    expect(issues[0]!.message).toContain('first at line 5, entry 1');
  });

  it('rejects an empty file', async () => {
    expect((await issuesOf(() => parseTbx('')))[0]!.code).toBe('empty-file');
  });
});
