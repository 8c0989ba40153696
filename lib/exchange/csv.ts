/**
 * CSV: one concept a row, a column per language, `|` between synonyms (spec:
 * docs/formats/csv.md). Read and written with PapaParse, which runs in a service worker
 * and the options page alike.
 */
import Papa from 'papaparse';
import type { MatchOptions } from '../glossary/model';
import { defaultMatchOptions } from '../glossary/model';
import { ENTRY_FIELDS, type EntryField, type ExchangeBundle, type ExchangeEntry, type ExchangeList } from './bundle';
import { checkDuplicates } from './check-duplicates';
import { IssueList, fail } from './import-error';
import { isIsoDate } from './json';
import { isLanguageTag } from './language-tag';
import { Pacer, type ParseOptions } from './pacer';
import { joinPipeList, splitPipeList } from './pipe-list';

/** The fixed columns, in the order the exporter writes them (language columns go after `lang`). */
export const CSV_COLUMNS = [
  'term',
  'variants',
  'lang',
  'definition',
  'note',
  'tags',
  'source_title',
  'source_url',
  'source_date',
  'case_sensitive',
  'whole_word',
  'exclusions',
  'list',
] as const;
type CsvColumn = (typeof CSV_COLUMNS)[number];

export interface CsvExportOptions {
  /** Write the `note` column (default true). */
  includeNotes?: boolean;
  /** Start with a UTF-8 byte order mark, so that Excel reads the file as UTF-8 (default true). */
  bom?: boolean;
}

export interface CsvParseOptions extends ParseOptions {
  /** The list for rows without a `list` cell (default "Imported"). */
  listName?: string;
  /** The language for rows without a `lang` cell (default "zh-Hans"). */
  defaultLang?: string;
}

/**
 * Writes a bundle as CSV: a header, then one row per entry with the fixed columns and a
 * column per translation language (in order of first use). Lists go in the `list`
 * column. Cells that a spreadsheet would run as a formula get a leading `'` (see the spec).
 */
export function exportCsv(bundle: ExchangeBundle, options: CsvExportOptions = {}): string {
  const includeNotes = options.includeNotes ?? true;
  const languages: string[] = [];
  const seen = new Set<string>();
  for (const list of bundle.lists)
    for (const e of list.entries)
      for (const lang of Object.keys(e.translations))
        if (!seen.has(lang)) {
          seen.add(lang);
          languages.push(lang);
        }
  const fixed = CSV_COLUMNS.filter((c) => includeNotes || c !== 'note');
  const langAt = fixed.indexOf('lang') + 1;
  const fields = [...fixed.slice(0, langAt), ...languages, ...fixed.slice(langAt)];
  const data: string[][] = [];
  for (const list of bundle.lists) {
    for (const e of list.entries) {
      const cells: Record<string, string> = {
        term: e.term,
        variants: joinPipeList(e.variants),
        lang: e.lang,
        definition: e.definition,
        note: e.note,
        tags: joinPipeList(e.tags),
        source_title: e.source?.title ?? '',
        source_url: e.source?.url ?? '',
        source_date: e.source?.date ?? '',
        case_sensitive: String(e.match.caseSensitive),
        whole_word: String(e.match.wholeWord),
        exclusions: joinPipeList(e.match.exclusions),
        list: list.name,
      };
      for (const lang of languages) cells[lang] = joinPipeList(e.translations[lang] ?? []);
      data.push(fields.map((f) => guardFormula(cells[f] ?? '')));
    }
  }
  const body = Papa.unparse({ fields: fields.map(guardFormula), data }, { newline: '\r\n', escapeFormulae: false });
  return (options.bom ?? true ? '\uFEFF' : '') + body + '\r\n';
}

// Spreadsheets run a cell that starts with one of these as a formula (CSV injection).
// Prefixing `'` stops that; a value that already starts with `'`s before such a character
// gets one more, so the reader can always take exactly one off.
const FORMULA_START = /^'*[=+\-@\t\r]/;
const GUARDED = /^'+[=+\-@\t\r]/;

function guardFormula(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

function unguardFormula(cell: string): string {
  return GUARDED.test(cell) ? cell.slice(1) : cell;
}

/** A column of the header: one of the fixed columns, or the translations into a language. */
type ColumnRole = { kind: 'fixed'; name: CsvColumn } | { kind: 'language'; lang: string };

/**
 * Reads CSV into a bundle. The header is required and `term` is the one required column;
 * every other column is a fixed column (names are case-insensitive, spaces and `-` count
 * as `_`) or a BCP 47 language tag. Any other column is an error, as is a row with more
 * or fewer cells than the header, an empty term, a bad `lang`, boolean or date, and the
 * same term twice in one list. Every issue names its 1-based line (the header is line 1;
 * a quoted cell with line breaks counts all its lines). The parse yields to the event
 * loop every `yieldEvery` rows and reports progress by characters read.
 */
export async function parseCsv(text: string, options: CsvParseOptions = {}): Promise<ExchangeBundle> {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (source.trim() === '') fail('empty-file', {}, 'The file is empty.');
  const defaultList = options.listName ?? 'Imported';
  const defaultLang = options.defaultLang ?? 'zh-Hans';
  const issues = new IssueList();
  const pacer = new Pacer(options);
  const lines = new LineCounter(source);

  let roles: ColumnRole[] | undefined;
  let headerFatal = false;
  const lists = new Map<string, { list: ExchangeList; lines: number[] }>();
  const present = new Set<string>();

  // Papa's cursor counts from where the parse last resumed, so keep the absolute base.
  let base = 0;
  let rowEnd = 0;

  const handleRow = (fields: string[], line: number): void => {
    if (!roles) {
      roles = readHeader(fields, line, issues);
      if (!roles) headerFatal = true;
      for (const r of roles ?? []) present.add(r.kind === 'fixed' ? r.name : '#language');
      return;
    }
    if (fields.every((f) => f.trim() === '')) return;
    if (fields.length !== roles.length) {
      issues.add(
        'field-count',
        { line },
        `the row has ${fields.length} cell(s) but the header has ${roles.length} column(s); check for a missing or extra comma or an unclosed quote.`,
        { found: fields.length, expected: roles.length },
      );
      return;
    }
    const entry = readRow(fields, roles, line, defaultLang, issues);
    if (!entry) return;
    const name = entry.listName || defaultList;
    let slot = lists.get(name);
    if (!slot) {
      slot = { list: { name, entries: [] }, lines: [] };
      lists.set(name, slot);
    }
    slot.list.entries.push(entry.entry);
    slot.lines.push(line);
  };

  await new Promise<void>((resolve, reject) => {
    Papa.parse<string[]>(source, {
      header: false,
      skipEmptyLines: true,
      delimiter: guessDelimiter(source),
      step(result, parser) {
        const start = lines.skipLineBreaks(rowEnd);
        const line = lines.lineAt(start);
        rowEnd = base + result.meta.cursor;
        for (const err of result.errors) {
          issues.add('csv-syntax', { line }, `${err.message.replace(/\.$/, '')}.`, { detail: err.code });
        }
        try {
          handleRow(result.data, line);
        } catch (err) {
          parser.abort();
          reject(err);
          return;
        }
        if (headerFatal) {
          parser.abort();
          return;
        }
        if (pacer.tick()) {
          parser.pause();
          const resumeAt = rowEnd;
          pacer.pause(rowEnd / source.length).then(() => {
            base = resumeAt;
            parser.resume();
          }, reject);
        }
      },
      complete: () => resolve(),
      error: (err: Error) => reject(err),
    });
  });

  // A bad header stops the parse: without knowing the columns, the rows mean nothing.
  if (headerFatal) issues.throwIfAny();
  if (!roles) fail('missing-column', { line: 1 }, 'the file has no header row; the first row must name the columns, e.g. "term,lang,en".');
  issues.throwIfAny();
  const slots = [...lists.values()];
  const bundle: ExchangeBundle = { lists: slots.map((s) => s.list) };
  checkDuplicates(bundle, (li, ei) => ({ line: slots[li]?.lines[ei], term: slots[li]?.list.entries[ei]?.term }), issues);
  issues.throwIfAny();
  const carried = carriedFields(present);
  if (carried.length !== ENTRY_FIELDS.length) bundle.carriedFields = carried;
  pacer.finish();
  return bundle;
}

/**
 * The delimiter is the one of `,`, tab and `;` that the header line uses most (`,` when it
 * uses none: a one-column file). Deciding it from the header alone, rather than from rows
 * full of free text, means a definition with many semicolons cannot sway it.
 */
function guessDelimiter(text: string): string {
  const end = text.search(/[\r\n]/);
  const header = end === -1 ? text : text.slice(0, end);
  const count = (d: string) => header.split(d).length - 1;
  const best = [',', '\t', ';'].map((d) => [d, count(d)] as const).sort((a, b) => b[1] - a[1])[0]!;
  return best[1] > 0 ? best[0] : ',';
}

function carriedFields(present: Set<string>): EntryField[] {
  const out: EntryField[] = ['term'];
  if (present.has('variants')) out.push('variants');
  if (present.has('lang')) out.push('lang');
  if (present.has('#language')) out.push('translations');
  if (present.has('definition')) out.push('definition');
  if (present.has('note')) out.push('note');
  if (present.has('tags')) out.push('tags');
  if (present.has('source_title') || present.has('source_url') || present.has('source_date')) out.push('source');
  if (present.has('case_sensitive') || present.has('whole_word') || present.has('exclusions')) out.push('match');
  return out;
}

function readHeader(fields: string[], line: number, issues: IssueList): ColumnRole[] | undefined {
  const roles: ColumnRole[] = [];
  const seen = new Map<string, string>();
  let ok = true;
  for (const raw of fields) {
    const name = unguardFormula(raw).trim();
    const normal = name.toLowerCase().replace(/[\s-]+/g, '_');
    const fixed = (CSV_COLUMNS as readonly string[]).includes(normal) ? (normal as CsvColumn) : undefined;
    const role: ColumnRole | undefined = fixed ? { kind: 'fixed', name: fixed } : isLanguageTag(name) ? { kind: 'language', lang: name } : undefined;
    if (!role) {
      ok = false;
      issues.add(
        'unknown-column',
        { line, column: name },
        `unknown column "${name}": rename it to one of ${CSV_COLUMNS.join(', ')} or to a language tag such as "en", or delete it.`,
        { column: name },
      );
      continue;
    }
    const key = role.kind === 'fixed' ? role.name : `lang:${role.lang.toLowerCase()}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      ok = false;
      issues.add('duplicate-column', { line, column: name }, `the column "${name}" appears twice (also as "${earlier}").`, { column: name });
    }
    seen.set(key, name);
    roles.push(role);
  }
  if (!seen.has('term')) {
    ok = false;
    // The columns the header does name: a file from elsewhere often has its terms under another name ("zh", "词条").
    const named = fields.map((raw) => unguardFormula(raw).trim()).filter((name) => name !== '');
    const header = named.map((name) => `"${name}"`).join(', ');
    issues.add(
      'missing-column',
      { line, column: 'term' },
      `the required column "term" is missing from the header${header ? ` (it names ${header}): rename the column of terms to "term"` : ''}.`,
      { column: 'term', header },
    );
  }
  return ok ? roles : undefined;
}

function readRow(
  fields: string[],
  roles: ColumnRole[],
  line: number,
  defaultLang: string,
  issues: IssueList,
): { entry: ExchangeEntry; listName: string } | undefined {
  const before = issues.count;
  const entry: ExchangeEntry = {
    term: '',
    variants: [],
    lang: defaultLang,
    translations: {},
    definition: '',
    note: '',
    tags: [],
    match: defaultMatchOptions(),
  };
  const match: MatchOptions = entry.match;
  let listName = '';
  let title = '';
  let url = '';
  let date = '';
  roles.forEach((role, i) => {
    const cell = unguardFormula(fields[i] ?? '');
    if (role.kind === 'language') {
      const forms = splitPipeList(cell);
      if (forms.length > 0) entry.translations[role.lang] = forms;
      return;
    }
    const value = cell.trim();
    const column = role.name;
    switch (column) {
      case 'term':
        entry.term = value;
        break;
      case 'variants':
        entry.variants = splitPipeList(cell);
        break;
      case 'lang':
        if (value === '') break;
        if (isLanguageTag(value)) entry.lang = value;
        else issues.add('invalid-value', { line, column }, `"${value}" is not a BCP 47 language tag such as "zh-Hans" or "en".`, { value });
        break;
      case 'definition':
        entry.definition = value;
        break;
      case 'note':
        entry.note = value;
        break;
      case 'tags':
        entry.tags = splitPipeList(cell);
        break;
      case 'source_title':
        title = value;
        break;
      case 'source_url':
        url = value;
        break;
      case 'source_date':
        if (value === '' || isIsoDate(value)) date = value;
        else issues.add('invalid-value', { line, column }, `"${value}" is not a date written YYYY-MM-DD.`, { value });
        break;
      case 'case_sensitive':
      case 'whole_word': {
        const flag = readBoolean(value);
        const key = column === 'case_sensitive' ? 'caseSensitive' : 'wholeWord';
        if (flag === 'invalid') issues.add('invalid-value', { line, column }, `"${value}" is not true or false.`, { value });
        else if (flag !== undefined) match[key] = flag;
        break;
      }
      case 'exclusions':
        match.exclusions = splitPipeList(cell);
        break;
      case 'list':
        listName = value;
        break;
    }
  });
  if (entry.term === '') issues.add('empty-term', { line, column: 'term' }, 'the term is empty.');
  if (title !== '' || url !== '' || date !== '') {
    entry.source = { title, url };
    if (date !== '') entry.source.date = date;
  }
  return issues.count === before ? { entry, listName } : undefined;
}

function readBoolean(value: string): boolean | undefined | 'invalid' {
  const v = value.toLowerCase();
  if (v === '') return undefined;
  if (v === 'true' || v === 'yes' || v === '1') return true;
  if (v === 'false' || v === 'no' || v === '0') return false;
  return 'invalid';
}

/**
 * Line numbers from character offsets in one forward pass: asking for ever later offsets
 * costs the text's length in all, not its length per row.
 */
class LineCounter {
  readonly #text: string;
  #pos = 0;
  #line = 1;

  constructor(text: string) {
    this.#text = text;
  }

  /** The 1-based line of `offset`; offsets must not decrease between calls. */
  lineAt(offset: number): number {
    const t = this.#text;
    for (; this.#pos < offset && this.#pos < t.length; this.#pos++) {
      const c = t.charCodeAt(this.#pos);
      if (c === 10 || (c === 13 && t.charCodeAt(this.#pos + 1) !== 10)) this.#line++;
    }
    return this.#line;
  }

  /** The first offset at or after `offset` that is not a line break (skipped empty lines). */
  skipLineBreaks(offset: number): number {
    let i = offset;
    while (i < this.#text.length) {
      const c = this.#text.charCodeAt(i);
      if (c !== 10 && c !== 13) break;
      i++;
    }
    return i;
  }
}
