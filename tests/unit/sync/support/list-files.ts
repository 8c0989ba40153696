/** Published list files as a publisher would write them (native JSON, CSV, TBX). */

export interface PublishedEntry {
  id?: string;
  term: string;
  en?: string;
  definition?: string;
  note?: string;
}

/** A native TermLens JSON file with one list. */
export function listJson(entries: PublishedEntry[], list: { name?: string; refreshMinutes?: number; revision?: string } = {}): string {
  return JSON.stringify({
    format: 'termlens',
    version: 1,
    lists: [
      {
        name: list.name ?? '政策术语（编辑部）',
        ...(list.refreshMinutes === undefined ? {} : { refreshMinutes: list.refreshMinutes }),
        ...(list.revision === undefined ? {} : { revision: list.revision }),
        entries: entries.map((e) => ({
          ...(e.id === undefined ? {} : { id: e.id }),
          term: e.term,
          lang: 'zh-Hans',
          translations: { en: [e.en ?? `${e.term} (en)`] },
          definition: e.definition ?? `${e.term}的释义`,
          ...(e.note === undefined ? {} : { note: e.note }),
        })),
      },
    ],
  });
}

/** A CSV file (header, one row per entry). */
export function listCsv(entries: PublishedEntry[]): string {
  return ['term,lang,definition,en', ...entries.map((e) => `${e.term},zh-Hans,${e.definition ?? `${e.term}的释义`},${e.en ?? `${e.term} (en)`}`)].join('\n') + '\n';
}

/** A TBX-Basic v3 file. */
export function listTbx(entries: PublishedEntry[]): string {
  const concepts = entries
    .map(
      (e, i) => `<conceptEntry id="c${i + 1}">
  <langSec xml:lang="zh-Hans"><descrip type="definition">${e.definition ?? `${e.term}的释义`}</descrip><termSec><term>${e.term}</term></termSec></langSec>
  <langSec xml:lang="en"><termSec><term>${e.en ?? `${e.term} (en)`}</term></termSec></langSec>
</conceptEntry>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="zh-Hans" xmlns="urn:iso:std:iso:30042:ed-2">
<tbxHeader><fileDesc><sourceDesc><p>test</p></sourceDesc></fileDesc></tbxHeader>
<text><body>
${concepts}
</body></text>
</tbx>
`;
}
