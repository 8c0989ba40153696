/**
 * The native TermLens JSON format, version 1 (spec: docs/formats/json.md, schema:
 * docs/formats/termlens-v1.schema.json). It carries every field of lists and entries,
 * so a user's own export restores exactly what was there.
 */
import type { ColorSlot, EntrySource, MatchOptions } from '../glossary/model';
import { defaultMatchOptions } from '../glossary/model';
import type { EntryField, ExchangeBundle, ExchangeEntry, ExchangeList } from './bundle';
import { ENTRY_FIELDS } from './bundle';
import { checkDuplicates } from './check-duplicates';
import { IssueList, fail } from './import-error';
import { isLanguageTag } from './language-tag';
import { Pacer, type ParseOptions } from './pacer';

export const JSON_FORMAT_NAME = 'termlens';
/** The newest version this code reads and the one it writes. */
export const JSON_FORMAT_VERSION = 1;

/**
 * The keys the format allows at each level. The validator rejects any other key, and a
 * unit test checks that the JSON Schema lists exactly these.
 */
export const NATIVE_JSON_KEYS = {
  top: ['format', 'version', 'exportedAt', 'lists'],
  list: ['id', 'name', 'color', 'priority', 'enabled', 'revision', 'refreshMinutes', 'entries'],
  entry: ['id', ...ENTRY_FIELDS, 'createdAt', 'updatedAt'],
  source: ['title', 'url', 'date'],
  match: ['caseSensitive', 'wholeWord', 'exclusions'],
} as const;

export interface JsonExportOptions {
  /** Write each entry's private note (default true: an export is the user's own file). */
  includeNotes?: boolean;
  /** The time written as `exportedAt` (default: now). */
  exportedAt?: Date;
  /** Indent for readability (default true); false writes one line. */
  pretty?: boolean;
}

/**
 * Writes a bundle as native JSON. Lists keep `id`, `color`, `priority` and `enabled` when
 * they have them; entries keep every field, timestamps as ISO 8601 strings, and the note
 * unless `includeNotes` is false.
 */
export function exportJson(bundle: ExchangeBundle, options: JsonExportOptions = {}): string {
  const includeNotes = options.includeNotes ?? true;
  const doc = {
    format: JSON_FORMAT_NAME,
    version: JSON_FORMAT_VERSION,
    exportedAt: (options.exportedAt ?? new Date()).toISOString(),
    lists: bundle.lists.map((list) => {
      const out: Record<string, unknown> = {};
      if (list.id !== undefined) out.id = list.id;
      out.name = list.name;
      if (list.color !== undefined) out.color = list.color;
      if (list.priority !== undefined) out.priority = list.priority;
      if (list.enabled !== undefined) out.enabled = list.enabled;
      if (list.revision !== undefined) out.revision = list.revision;
      if (list.refreshMinutes !== undefined) out.refreshMinutes = list.refreshMinutes;
      out.entries = list.entries.map((e) => entryToJson(e, includeNotes));
      return out;
    }),
  };
  return JSON.stringify(doc, null, options.pretty === false ? undefined : 2) + '\n';
}

function entryToJson(e: ExchangeEntry, includeNotes: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (e.id !== undefined) out.id = e.id;
  out.term = e.term;
  out.variants = e.variants;
  out.lang = e.lang;
  out.translations = e.translations;
  out.definition = e.definition;
  if (includeNotes) out.note = e.note;
  out.tags = e.tags;
  if (e.source) out.source = e.source;
  out.match = e.match;
  if (e.createdAt !== undefined) out.createdAt = new Date(e.createdAt).toISOString();
  if (e.updatedAt !== undefined) out.updatedAt = new Date(e.updatedAt).toISOString();
  return out;
}

/**
 * Reads native JSON into a bundle. Checks the format name and version first, then the
 * type of every field, and reports every problem with its JSON path
 * (`lists[0].entries[12].translations.en[1]: expected a string`), plus duplicate terms
 * and ids. Throws an ImportError; never returns a partly valid bundle.
 *
 * `JSON.parse` itself cannot be interrupted (it is one native call, fast and linear);
 * the checking after it yields every `yieldEvery` entries.
 */
export async function parseJson(text: string, options: ParseOptions = {}): Promise<ExchangeBundle> {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (source.trim() === '') fail('empty-file', {}, 'The file is empty.');
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch (err) {
    syntaxError(source, err);
  }
  return readNativeJson(value, options);
}

function syntaxError(text: string, err: unknown): never {
  const detail = err instanceof Error ? err.message : String(err);
  const position = /position (\d+)/.exec(detail);
  if (position) {
    const offset = Number(position[1]);
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const col = offset - before.lastIndexOf('\n');
    fail('json-syntax', { line, col }, `the file is not valid JSON (${detail.replace(/\s*\(line \d+ column \d+\)/, '')}).`, { detail });
  }
  fail('json-syntax', {}, `The file is not valid JSON (${detail}).`, { detail });
}

/** Validates an already parsed JSON value as native format and returns its bundle (see {@link parseJson}). */
export async function readNativeJson(value: unknown, options: ParseOptions = {}): Promise<ExchangeBundle> {
  const issues = new IssueList();
  const pacer = new Pacer(options);
  if (!isObject(value)) fail('unknown-format', {}, 'The file is not a TermLens JSON file (expected an object with "format": "termlens").');
  if (value.format !== JSON_FORMAT_NAME) {
    fail('unknown-format', { path: 'format' }, `this is not a TermLens JSON file ("format" is ${JSON.stringify(value.format) ?? 'missing'}, expected "termlens").`, {
      found: String(value.format),
    });
  }
  const version = value.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    fail('invalid-value', { path: 'version' }, `"version" must be a positive whole number, found ${JSON.stringify(version) ?? 'nothing'}.`);
  }
  if (version > JSON_FORMAT_VERSION) {
    fail(
      'unsupported-version',
      { path: 'version' },
      `the file is format version ${version}, made by a newer TermLens; this TermLens reads version ${JSON_FORMAT_VERSION}. Update TermLens to import it.`,
      { version, supported: JSON_FORMAT_VERSION },
    );
  }
  unknownKeys(value, NATIVE_JSON_KEYS.top, '', issues);
  if (value.exportedAt !== undefined && (typeof value.exportedAt !== 'string' || Number.isNaN(Date.parse(value.exportedAt)))) {
    issues.add('wrong-type', { path: 'exportedAt' }, 'expected an ISO 8601 date-time string.');
  }
  if (!Array.isArray(value.lists)) {
    issues.add(value.lists === undefined ? 'missing-field' : 'wrong-type', { path: 'lists' }, 'expected an array of lists.');
    issues.throwIfAny();
    throw new Error('unreachable');
  }

  const rawLists: unknown[] = value.lists;
  const total = rawLists.reduce<number>((n, l) => n + (isObject(l) && Array.isArray(l.entries) ? l.entries.length : 0), 0);
  let done = 0;
  const lists: ExchangeList[] = [];
  let notesSeen = false;
  for (let li = 0; li < rawLists.length; li++) {
    const path = `lists[${li}]`;
    const raw = rawLists[li];
    if (!isObject(raw)) {
      issues.add('wrong-type', { path }, 'expected a list object.');
      continue;
    }
    unknownKeys(raw, NATIVE_JSON_KEYS.list, path, issues);
    const list: ExchangeList = { name: requiredString(raw, 'name', path, issues, true), entries: [] };
    const id = optionalString(raw, 'id', path, issues);
    if (id !== undefined) list.id = id;
    if (raw.color !== undefined) {
      if (isColorSlot(raw.color)) list.color = raw.color;
      else issues.add('invalid-value', { path: `${path}.color` }, `expected a colour slot, a whole number from 0 to 7, found ${JSON.stringify(raw.color)}.`);
    }
    if (raw.priority !== undefined) {
      if (typeof raw.priority === 'number' && Number.isFinite(raw.priority)) list.priority = raw.priority;
      else issues.add('wrong-type', { path: `${path}.priority` }, 'expected a number.');
    }
    if (raw.enabled !== undefined) {
      if (typeof raw.enabled === 'boolean') list.enabled = raw.enabled;
      else issues.add('wrong-type', { path: `${path}.enabled` }, 'expected true or false.');
    }
    const revision = optionalString(raw, 'revision', path, issues);
    if (revision !== undefined) list.revision = revision;
    if (raw.refreshMinutes !== undefined) {
      if (typeof raw.refreshMinutes === 'number' && Number.isFinite(raw.refreshMinutes) && raw.refreshMinutes > 0) {
        list.refreshMinutes = raw.refreshMinutes;
      } else issues.add('invalid-value', { path: `${path}.refreshMinutes` }, 'expected a positive number of minutes.');
    }
    if (!Array.isArray(raw.entries)) {
      issues.add(raw.entries === undefined ? 'missing-field' : 'wrong-type', { path: `${path}.entries` }, 'expected an array of entries.');
    } else {
      const rawEntries: unknown[] = raw.entries;
      for (let ei = 0; ei < rawEntries.length; ei++) {
        const rawEntry = rawEntries[ei];
        if (isObject(rawEntry)) {
          if (rawEntry.note !== undefined) notesSeen = true;
        }
        const entry = readEntry(rawEntry, `${path}.entries[${ei}]`, ei + 1, issues);
        if (entry) list.entries.push(entry);
        done++;
        if (pacer.tick()) await pacer.pause(done / Math.max(1, total));
      }
    }
    lists.push(list);
  }
  issues.throwIfAny();
  const bundle: ExchangeBundle = { lists };
  checkDuplicates(bundle, (li, ei) => ({ path: `lists[${li}].entries[${ei}]`, entry: ei + 1, term: lists[li]?.entries[ei]?.term }), issues);
  issues.throwIfAny();
  // A file without any note was exported without notes (or never had any): a merge
  // must not read that as "blank every note".
  // (An export with notes writes `"note": ""` for entries without one, so any entry shows it.)
  if (!notesSeen && total > 0) bundle.carriedFields = ENTRY_FIELDS.filter((f): f is EntryField => f !== 'note');
  pacer.finish();
  return bundle;
}

function readEntry(raw: unknown, path: string, entryNo: number, issues: IssueList): ExchangeEntry | undefined {
  if (!isObject(raw)) {
    issues.add('wrong-type', { path, entry: entryNo }, 'expected an entry object.');
    return undefined;
  }
  const before = issues.count;
  unknownKeys(raw, NATIVE_JSON_KEYS.entry, path, issues);
  const term = requiredString(raw, 'term', path, issues, true);
  const lang = requiredString(raw, 'lang', path, issues, false);
  if (typeof raw.lang === 'string' && !isLanguageTag(raw.lang)) {
    issues.add('invalid-value', { path: `${path}.lang` }, `"${raw.lang}" is not a BCP 47 language tag such as "zh-Hans" or "en".`);
  }
  const entry: ExchangeEntry = {
    term,
    variants: stringArray(raw, 'variants', path, issues),
    lang,
    translations: translations(raw.translations, `${path}.translations`, issues),
    definition: optionalString(raw, 'definition', path, issues) ?? '',
    note: optionalString(raw, 'note', path, issues) ?? '',
    tags: stringArray(raw, 'tags', path, issues),
    match: matchOptions(raw.match, `${path}.match`, issues),
  };
  const id = optionalString(raw, 'id', path, issues);
  if (id !== undefined) {
    if (id === '') issues.add('invalid-value', { path: `${path}.id` }, 'an id must not be empty.');
    entry.id = id;
  }
  if (raw.source !== undefined) {
    const source = entrySource(raw.source, `${path}.source`, issues);
    if (source) entry.source = source;
  }
  for (const key of ['createdAt', 'updatedAt'] as const) {
    const v = raw[key];
    if (v === undefined) continue;
    const ms = typeof v === 'string' && ISO_DATE_TIME.test(v) ? Date.parse(v) : NaN;
    if (Number.isNaN(ms)) issues.add('wrong-type', { path: `${path}.${key}` }, `expected an ISO 8601 date-time such as "2024-04-24T08:00:00.000Z".`);
    else entry[key] = ms;
  }
  return issues.count === before ? entry : undefined;
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** True for a calendar date written YYYY-MM-DD. */
export function isIsoDate(s: string): boolean {
  if (!ISO_DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

function translations(raw: unknown, path: string, issues: IssueList): Record<string, string[]> {
  if (raw === undefined) return {};
  if (!isObject(raw)) {
    issues.add('wrong-type', { path }, 'expected an object of language tags to arrays of strings, e.g. {"en": ["…"]}.');
    return {};
  }
  const out: Record<string, string[]> = {};
  for (const [lang, forms] of Object.entries(raw)) {
    const at = () => `${path}${keyPath(lang)}`;
    if (!isLanguageTag(lang)) issues.add('invalid-value', { path: at() }, `"${lang}" is not a BCP 47 language tag.`);
    out[lang] = strings(forms, at, issues);
  }
  return out;
}

function matchOptions(raw: unknown, path: string, issues: IssueList): MatchOptions {
  const out = defaultMatchOptions();
  if (raw === undefined) return out;
  if (!isObject(raw)) {
    issues.add('wrong-type', { path }, 'expected an object {caseSensitive, wholeWord, exclusions}.');
    return out;
  }
  unknownKeys(raw, NATIVE_JSON_KEYS.match, path, issues);
  for (const key of ['caseSensitive', 'wholeWord'] as const) {
    const v = raw[key];
    if (v === undefined) continue;
    if (typeof v === 'boolean') out[key] = v;
    else issues.add('wrong-type', { path: `${path}.${key}` }, 'expected true or false.');
  }
  out.exclusions = stringArray(raw, 'exclusions', path, issues);
  return out;
}

function entrySource(raw: unknown, path: string, issues: IssueList): EntrySource | undefined {
  if (!isObject(raw)) {
    issues.add('wrong-type', { path }, 'expected an object {title, url, date}.');
    return undefined;
  }
  unknownKeys(raw, NATIVE_JSON_KEYS.source, path, issues);
  const source: EntrySource = {
    title: requiredString(raw, 'title', path, issues, false),
    url: requiredString(raw, 'url', path, issues, false),
  };
  const date = optionalString(raw, 'date', path, issues);
  if (date !== undefined) {
    if (isIsoDate(date)) source.date = date;
    else issues.add('invalid-value', { path: `${path}.date` }, `expected a date written YYYY-MM-DD, found "${date}".`);
  }
  return source;
}

// Paths are built only when there is something to report: a 50 MB file has a million
// fields, and almost all of them are fine.
function requiredString(obj: Record<string, unknown>, key: string, path: string, issues: IssueList, nonBlank: boolean): string {
  const v = obj[key];
  if (typeof v === 'string' && (!(nonBlank || key === 'lang') || v.trim() !== '')) return v;
  const at = `${path}${keyPath(key)}`;
  if (v === undefined) issues.add('missing-field', { path: at }, `"${key}" is missing.`, { field: key });
  else if (typeof v !== 'string') issues.add('wrong-type', { path: at }, 'expected a string.');
  else issues.add(key === 'term' ? 'empty-term' : 'invalid-value', { path: at }, `"${key}" must not be empty.`, { field: key });
  return typeof v === 'string' ? v : '';
}

function optionalString(obj: Record<string, unknown>, key: string, path: string, issues: IssueList): string | undefined {
  const v = obj[key];
  if (v === undefined) return undefined;
  if (typeof v === 'string') return v;
  issues.add('wrong-type', { path: `${path}${keyPath(key)}` }, 'expected a string.');
  return undefined;
}

function stringArray(obj: Record<string, unknown>, key: string, path: string, issues: IssueList): string[] {
  const v = obj[key];
  if (v === undefined) return [];
  return strings(v, () => `${path}${keyPath(key)}`, issues);
}

function strings(v: unknown, at: string | (() => string), issues: IssueList): string[] {
  const path = () => (typeof at === 'string' ? at : at());
  if (!Array.isArray(v)) {
    issues.add('wrong-type', { path: path() }, 'expected an array of strings.');
    return [];
  }
  const out: string[] = [];
  for (let i = 0; i < v.length; i++) {
    const item: unknown = v[i];
    if (typeof item === 'string') out.push(item);
    else issues.add('wrong-type', { path: `${path()}[${i}]` }, 'expected a string.');
  }
  return out;
}

function unknownKeys(obj: Record<string, unknown>, allowed: readonly string[], path: string, issues: IssueList): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) {
      issues.add('unknown-field', { path: `${path}${keyPath(key)}`.replace(/^\./, '') }, `unknown field "${key}" (allowed: ${allowed.join(', ')}).`, {
        field: key,
      });
    }
  }
}

/** `.name` for identifier keys, `["zh-Hant"]` for the rest. */
function keyPath(key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isColorSlot(v: unknown): v is ColorSlot {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 7;
}
