/**
 * Export, then import, gives back what was there: every field for native JSON; for CSV
 * and TBX every field they carry, and the differences are exactly the documented ones
 * (docs/formats/csv.md, tbx.md). Random entries are full of what breaks formats: CJK,
 * quotes, commas, `|`, `\`, line breaks, `<`, `&`, `]]>`, emoji, formula starts.
 */
import fc from 'fast-check';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { ENTRY_FIELDS, exportCsv, exportJson, exportTbx, parseCsv, parseJson, parseTbx, type ExchangeBundle, type ExchangeEntry, type ExchangeList } from '../../../lib/exchange';
import { sampleBundle } from './sample-bundle';

const PIECES = ['新', '质', '生产力', '西部', 'a', 'Z', 'x y', ' ', '"', ',', ';', '|', '\\', '\n', '\r\n', '\r', '\t', '<', '>', '&', '&amp;', "'", '😀', '🚀', '=', '-', '@', '+', '[', ']', '[2024-01-01]', '[]', ']]>', '<![CDATA[', 'termlens'];
const LANGS = ['zh-Hans', 'zh-Hant', 'en', 'fr', 'ja'];
/** fast-check makes null-prototype objects by default; records from a parser have Object's. */
const plainObjects = { noNullPrototype: true } as const;

/** Text for a format that trims cells (CSV, TBX): no leading or trailing whitespace. */
const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 8 }).map((parts) => parts.join('').trim());
const nonEmpty = text.filter((s) => s !== '');
const items = fc.array(nonEmpty, { maxLength: 3 });
const isoDate = fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const time = fc.integer({ min: 0, max: 4_102_444_800_000 });

const translations = fc
  .subarray(LANGS)
  .chain((langs) => fc.tuple(...langs.map(() => fc.array(nonEmpty, { minLength: 1, maxLength: 3 }))).map((forms) => Object.fromEntries(langs.map((l, i) => [l, forms[i]!])) as Record<string, string[]>));

const source = fc
  .record({ title: text, url: text, date: fc.option(isoDate, { nil: undefined }) }, plainObjects)
  .filter((s) => s.title !== '' || s.url !== '' || s.date !== undefined)
  .map((s) => (s.date === undefined ? { title: s.title, url: s.url } : s));

const entry: fc.Arbitrary<ExchangeEntry> = fc
  .record({
    id: fc.uuid(),
    term: nonEmpty,
    variants: items,
    lang: fc.constantFrom(...LANGS),
    translations,
    definition: text,
    note: text,
    tags: items,
    source: fc.option(source, { nil: undefined }),
    match: fc.record({ caseSensitive: fc.boolean(), wholeWord: fc.boolean(), exclusions: items }, plainObjects),
    createdAt: time,
    updatedAt: time,
  }, plainObjects)
  .map((e) => {
    if (e.source === undefined) delete (e as Partial<typeof e>).source;
    return e;
  });

const lists: fc.Arbitrary<ExchangeList[]> = fc
  .uniqueArray(
    fc.record({
      id: fc.uuid(),
      name: nonEmpty,
      color: fc.constantFrom(0, 1, 2, 3, 4, 5, 6, 7 as const),
      priority: fc.integer({ min: -10, max: 10 }),
      enabled: fc.boolean(),
      entries: fc.uniqueArray(entry, { minLength: 1, maxLength: 5, selector: (e) => e.term.normalize('NFC') }),
    }, plainObjects),
    { minLength: 1, maxLength: 3, selector: (l) => l.name },
  )
  .map((ls) => ls as ExchangeList[]);

// Ids must be unique in a file (a duplicate is an error), and random UUIDs shrink to the same one.
let serial = 0;
const bundle: fc.Arbitrary<ExchangeBundle> = lists.map((ls) => {
  for (const l of ls) for (const e of l.entries) e.id = `0b6f6c2e-0000-4000-8000-${String(serial++ % 1e12).padStart(12, '0')}`;
  return { lists: ls };
});

/**
 * What a CSV or TBX import says it carried: every field, except one that is empty in every
 * entry, which such a file cannot tell from a field it left out (no language column, no
 * note written); a merge then keeps what the database has.
 */
function expectCarriedFields(parsed: ExchangeBundle, original: ExchangeBundle, droppable: readonly string[]): void {
  const missing = ENTRY_FIELDS.filter((f) => !(parsed.carriedFields ?? ENTRY_FIELDS).includes(f));
  for (const f of missing) {
    expect(droppable).toContain(f);
    for (const l of original.lists) for (const e of l.entries) expect(f === 'translations' ? Object.keys(e.translations) : e[f]).toHaveLength(0);
  }
}

/** The bundle without what the format does not carry. */
function carried(b: ExchangeBundle, drop: { entryIds: boolean }): ExchangeBundle {
  return {
    lists: b.lists.map((l) => ({
      name: l.name,
      entries: l.entries.map(({ id, createdAt: _c, updatedAt: _u, ...rest }) => (drop.entryIds ? rest : { id, ...rest })),
    })),
  };
}

describe('round trips', () => {
  it('native JSON gives back every field of any bundle, even untrimmed text and lone surrogates', { timeout: 30_000 }, async () => {
    const anyText = fc.string({ unit: 'binary', maxLength: 12 });
    const plain = { noNullPrototype: true } as const;
    const anyEntry = fc.record({
      term: anyText.filter((s) => s.trim() !== ''),
      variants: fc.array(anyText, { maxLength: 3 }),
      lang: fc.constantFrom(...LANGS),
      translations: fc.dictionary(fc.constantFrom(...LANGS), fc.array(anyText, { maxLength: 3 }), plain),
      definition: anyText,
      note: anyText,
      tags: fc.array(anyText, { maxLength: 3 }),
      match: fc.record({ caseSensitive: fc.boolean(), wholeWord: fc.boolean(), exclusions: fc.array(anyText, { maxLength: 2 }) }, plain),
      createdAt: time,
      updatedAt: time,
    }, plain);
    const anyBundle = fc.record(
      {
      lists: fc.uniqueArray(
        fc.record({ name: anyText.filter((s) => s.trim() !== ''), color: fc.constantFrom(0, 7 as const), entries: fc.uniqueArray(anyEntry, { maxLength: 4, selector: (e) => e.term.normalize('NFC') }) }, plain),
        { maxLength: 3, selector: (l) => l.name },
      ),
      },
      plain,
    );
    await fc.assert(
      fc.asyncProperty(anyBundle, async (b) => {
        expect(await parseJson(exportJson(b as ExchangeBundle))).toStrictEqual(b);
      }),
    );
  });

  it('native JSON keeps every field of the random bundle too', { timeout: 30_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(bundle, async (b) => {
        expect(await parseJson(exportJson(b))).toStrictEqual(b);
      }),
    );
  });

  it('CSV gives back every field except ids, timestamps and list colour/priority/enabled', { timeout: 30_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(bundle, async (b) => {
        const parsed = await parseCsv(exportCsv(b));
        expect(parsed.lists).toStrictEqual(carried(b, { entryIds: true }).lists);
        expectCarriedFields(parsed, b, ['translations']);
      }),
    );
  });

  it('TBX gives back every field except timestamps and list colour/priority/enabled, and is well-formed XML', { timeout: 30_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(bundle, async (b) => {
        const xml = exportTbx(b);
        expect(XMLValidator.validate(xml)).toBe(true);
        const parsed = await parseTbx(xml);
        expect(parsed.lists).toStrictEqual(carried(b, { entryIds: false }).lists);
        expectCarriedFields(parsed, b, ['note']);
      }),
    );
  });

  it('the hand-made sample survives all three formats', async () => {
    const b = sampleBundle();
    expect(await parseJson(exportJson(b))).toStrictEqual(b);
    expect(await parseCsv(exportCsv(b))).toStrictEqual(carried(b, { entryIds: true }));
    expect(await parseTbx(exportTbx(b))).toStrictEqual(carried(b, { entryIds: false }));
    expect(await parseTbx(exportTbx(b, { includeNotes: false }))).toMatchObject({ carriedFields: ['term', 'variants', 'lang', 'translations', 'definition', 'tags', 'source', 'match'] });
  });
});
