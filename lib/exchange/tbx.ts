/**
 * TBX v3, dialect TBX-Basic (ISO 30042:2019, namespace `urn:iso:std:iso:30042:ed-2`), the
 * terminology exchange format of CAT tools. Written as v3; read as v3 and as the older
 * v2 `<martif>` form. Spec and the field mapping: docs/formats/tbx.md.
 *
 * Parsing uses fast-xml-parser, not DOMParser, because the service worker has no DOM.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { MatchOptions } from '../glossary/model';
import { defaultMatchOptions } from '../glossary/model';
import { ENTRY_FIELDS } from './bundle';
import type { ExchangeBundle, ExchangeEntry, ExchangeList } from './bundle';
import { checkDuplicates } from './check-duplicates';
import { IssueList, fail } from './import-error';
import { isIsoDate } from './json';
import { Pacer, type ParseOptions } from './pacer';
import { escapeXmlAttribute, escapeXmlText, xmlInnerText } from './xml-text';

export const TBX_NAMESPACE = 'urn:iso:std:iso:30042:ed-2';

const PREFERRED = 'preferredTerm-admn-sts';
const ADMITTED = 'admittedTerm-admn-sts';
/** Marks a termSec in the headword's own language that is a translation, not a variant. */
const TRANSLATION_MARK = 'termlens:translation';
/** Prefix of the concept-level note that carries non-default match options as JSON. */
const MATCH_NOTE = 'termlens:match ';
/** Prefix of conceptEntry ids that carry a TermLens entry id (xs:ID must not start with a digit). */
const ID_PREFIX = 'termlens-';

export interface TbxExportOptions {
  /** Write private notes as `<note>` (default true). */
  includeNotes?: boolean;
  /** The header title (default: the list's name when there is one list, else "TermLens"). */
  title?: string;
}

export interface TbxParseOptions extends ParseOptions {
  /**
   * The language of the headword. Default: the language of each concept's first langSec,
   * which is where TermLens writes it and where most tools put the source language.
   */
  sourceLang?: string;
  /** The list for concepts without `<admin type="projectSubset">` and files without a title. */
  listName?: string;
}

/**
 * Writes a bundle as TBX-Basic v3. Per entry one `<conceptEntry>`: tags as `subjectField`,
 * the list as `projectSubset`, the source as `admin source` + `xref`, the note and
 * non-default match options as `<note>`, then the headword's langSec first (definition,
 * headword as preferred term, variants as admitted terms), then a langSec per translation
 * language (first rendering preferred, the others admitted).
 */
export function exportTbx(bundle: ExchangeBundle, options: TbxExportOptions = {}): string {
  const includeNotes = options.includeNotes ?? true;
  const langCount = new Map<string, number>();
  for (const l of bundle.lists) for (const e of l.entries) langCount.set(e.lang, (langCount.get(e.lang) ?? 0) + 1);
  const rootLang = [...langCount].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'zh-Hans';
  const title = options.title ?? (bundle.lists.length === 1 ? bundle.lists[0]!.name : 'TermLens');
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<tbx type="TBX-Basic" style="dca" xml:lang="${escapeXmlAttribute(rootLang)}" xmlns="${TBX_NAMESPACE}">`,
    '  <tbxHeader>',
    '    <fileDesc>',
    `      <titleStmt><title>${escapeXmlText(title)}</title></titleStmt>`,
    '      <sourceDesc><p>Exported by TermLens</p></sourceDesc>',
    '    </fileDesc>',
    '  </tbxHeader>',
    '  <text>',
    '    <body>',
  ];
  let n = 0;
  for (const list of bundle.lists) {
    for (const e of list.entries) {
      n++;
      const id = e.id !== undefined && /^[\w.-]+$/.test(e.id) ? ID_PREFIX + e.id : `c${n}`;
      out.push(`      <conceptEntry id="${escapeXmlAttribute(id)}">`);
      for (const tag of e.tags) out.push(`        <descrip type="subjectField">${escapeXmlText(tag)}</descrip>`);
      out.push(`        <admin type="projectSubset">${escapeXmlText(list.name)}</admin>`);
      if (e.source) {
        const text = sourceText(e.source.title, e.source.date);
        if (text !== '') out.push(`        <admin type="source">${escapeXmlText(text)}</admin>`);
        if (e.source.url !== '') out.push(`        <xref type="externalCrossReference" target="${escapeXmlAttribute(e.source.url)}">${escapeXmlText(e.source.title)}</xref>`);
      }
      if (includeNotes && e.note !== '') out.push(`        <note>${escapeXmlText(e.note)}</note>`);
      const m = e.match;
      const d = defaultMatchOptions();
      if (m.caseSensitive !== d.caseSensitive || m.wholeWord !== d.wholeWord || m.exclusions.length > 0) {
        out.push(`        <note>${escapeXmlText(MATCH_NOTE + JSON.stringify(m))}</note>`);
      }
      out.push(`        <langSec xml:lang="${escapeXmlAttribute(e.lang)}">`);
      if (e.definition !== '') out.push(`          <descrip type="definition">${escapeXmlText(e.definition)}</descrip>`);
      out.push(termSec(e.term, PREFERRED));
      for (const v of e.variants) out.push(termSec(v, ADMITTED));
      for (const t of e.translations[e.lang] ?? []) out.push(termSec(t, ADMITTED, TRANSLATION_MARK));
      out.push('        </langSec>');
      for (const [lang, forms] of Object.entries(e.translations)) {
        if (lang === e.lang || forms.length === 0) continue;
        out.push(`        <langSec xml:lang="${escapeXmlAttribute(lang)}">`);
        forms.forEach((f, i) => out.push(termSec(f, i === 0 ? PREFERRED : ADMITTED)));
        out.push('        </langSec>');
      }
      out.push('      </conceptEntry>');
    }
  }
  out.push('    </body>', '  </text>', '</tbx>', '');
  return out.join('\n');
}

function termSec(term: string, status: string, note?: string): string {
  return (
    `          <termSec><term>${escapeXmlText(term)}</term>` +
    `<termNote type="administrativeStatus">${status}</termNote>` +
    (note ? `<note>${note}</note>` : '') +
    '</termSec>'
  );
}

// TBX-Basic has no category for the date of a source, so it rides at the end of the
// source text in square brackets: `人民日报 [2024-04-24]`. A title that itself ends in
// brackets gets an empty ` []` so that the reader never mistakes it for a date.
function sourceText(title: string, date: string | undefined): string {
  if (date !== undefined) return title === '' ? `[${date}]` : `${title} [${date}]`;
  return /\[[^\]]*\]$/.test(title) ? `${title} []` : title;
}

function parseSourceText(text: string): { title: string; date?: string } {
  const dated = /^([\s\S]*?)\s*\[(\d{4}-\d{2}-\d{2})\]$/.exec(text);
  if (dated && isIsoDate(dated[2]!)) return { title: dated[1]!, date: dated[2]! };
  const marked = /^([\s\S]*?)\s*\[\]$/.exec(text);
  return { title: marked ? marked[1]! : text };
}

/** Elements whose raw inner XML is kept and turned into text by `xmlInnerText`. */
const LEAVES = ['term', 'descrip', 'note', 'admin', 'xref', 'termNote', 'title', 'p', 'transac', 'date'];

type XmlNode = Record<string, unknown>;

/**
 * Reads TBX (v3 `<tbx>` or v2 `<martif>`, any dialect, TBX-Basic categories understood)
 * into a bundle. Bad XML is an ImportError naming line and column; a concept without a
 * term or a langSec without a language is an error naming the concept's line; so is the
 * same headword twice in one list. Categories that TermLens has no field for are ignored.
 */
export async function parseTbx(text: string, options: TbxParseOptions = {}): Promise<ExchangeBundle> {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (source.trim() === '') fail('empty-file', {}, 'The file is empty.');
  const valid = XMLValidator.validate(source);
  if (valid !== true) {
    const { line, col, msg } = valid.err;
    fail('xml-syntax', { line, col }, `the file is not well-formed XML: ${msg}`, { detail: msg });
  }
  const pacer = new Pacer(options);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    removeNSPrefix: true,
    processEntities: false,
    parseTagValue: false,
    parseAttributeValue: false,
    stopNodes: LEAVES.map((l) => `*.${l}`),
    isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
    captureMetaData: true,
  });
  const doc = parser.parse(source) as XmlNode;
  const meta = XMLParser.getMetaDataSymbol() as unknown as symbol;
  const root = first(doc.tbx) ?? first(doc.martif);
  if (!root) fail('not-tbx', { line: 1 }, 'this XML file is not TBX: its root element is not <tbx> (or <martif> for TBX v2).');
  const body = first(first(root.text)?.body);
  const concepts = [...children(body, 'conceptEntry'), ...children(body, 'termEntry')];
  const headerTitle = leafText(first(first(first(first(root.tbxHeader ?? root.martifHeader)?.fileDesc)?.titleStmt)?.title));
  const fallbackList = options.listName ?? (headerTitle || 'Imported');

  const lines = new LineIndex(source);
  const issues = new IssueList();
  const lists = new Map<string, { list: ExchangeList; where: { line: number; entry: number }[] }>();
  for (let i = 0; i < concepts.length; i++) {
    const concept = concepts[i]!;
    const startIndex = (concept as Record<symbol, { startIndex?: number } | undefined>)[meta]?.startIndex;
    const where = { line: startIndex === undefined ? 0 : lines.lineAt(startIndex), entry: i + 1 };
    const read = readConcept(concept, where, options.sourceLang, issues);
    if (read) {
      const name = read.listName || fallbackList;
      let slot = lists.get(name);
      if (!slot) {
        slot = { list: { name, entries: [] }, where: [] };
        lists.set(name, slot);
      }
      slot.list.entries.push(read.entry);
      slot.where.push(where);
    }
    if (pacer.tick()) await pacer.pause((i + 1) / concepts.length);
  }
  issues.throwIfAny();
  const slots = [...lists.values()];
  const bundle: ExchangeBundle = { lists: slots.map((s) => s.list) };
  // An empty note is not written, so a file without any note may have been exported
  // without notes: then a merge must keep the notes it has, not blank them.
  if (!bundle.lists.some((l) => l.entries.some((e) => e.note !== ''))) bundle.carriedFields = ENTRY_FIELDS.filter((f) => f !== 'note');
  checkDuplicates(bundle, (li, ei) => ({ ...slots[li]?.where[ei], term: slots[li]?.list.entries[ei]?.term }), issues);
  issues.throwIfAny();
  pacer.finish();
  return bundle;
}

function readConcept(
  concept: XmlNode,
  where: { line: number; entry: number },
  sourceLang: string | undefined,
  issues: IssueList,
): { entry: ExchangeEntry; listName: string } | undefined {
  const langSecs = [...children(concept, 'langSec'), ...children(concept, 'langSet')];
  const at = where.line > 0 ? where : { entry: where.entry };
  if (langSecs.length === 0) {
    issues.add('no-term', at, 'the concept has no language section (<langSec>) and so no term.');
    return undefined;
  }
  const sections: { lang: string; terms: TermInfo[]; definition: string | undefined }[] = [];
  for (const sec of langSecs) {
    const lang = attr(sec, 'lang').trim();
    if (lang === '') {
      issues.add('no-language', at, 'a <langSec> has no xml:lang attribute, so its terms have no language.');
      return undefined;
    }
    sections.push({ lang, terms: termsOf(sec), definition: definitionOf(sec) });
  }
  const wanted = sourceLang?.toLowerCase();
  const head = sections.find((s) => s.lang.toLowerCase() === wanted && s.terms.length > 0) ?? sections.find((s) => s.terms.length > 0);
  if (!head) {
    issues.add('no-term', at, 'the concept has no <term>.');
    return undefined;
  }
  const headTerm = head.terms.find((t) => t.status === PREFERRED && !t.translation) ?? head.terms.find((t) => !t.translation) ?? head.terms[0]!;
  const entry: ExchangeEntry = {
    term: headTerm.text,
    variants: head.terms.filter((t) => t !== headTerm && !t.translation).map((t) => t.text),
    lang: head.lang,
    translations: {},
    definition: head.definition ?? definitionOf(concept) ?? '',
    note: '',
    tags: [],
    match: defaultMatchOptions(),
  };
  const sameLang = head.terms.filter((t) => t !== headTerm && t.translation).map((t) => t.text);
  if (sameLang.length > 0) entry.translations[head.lang] = sameLang;
  for (const sec of sections) {
    if (sec === head) continue;
    // Deprecated and superseded renderings are not renderings a card should offer.
    const usable = sec.terms.filter((t) => t.status !== 'deprecatedTerm-admn-sts' && t.status !== 'supersededTerm-admn-sts');
    const ordered = [...usable.filter((t) => t.status === PREFERRED), ...usable.filter((t) => t.status !== PREFERRED)];
    if (ordered.length === 0) continue;
    (entry.translations[sec.lang] ??= []).push(...ordered.map((t) => t.text));
  }

  const id = attr(concept, 'id');
  if (id.startsWith(ID_PREFIX) && id.length > ID_PREFIX.length) entry.id = id.slice(ID_PREFIX.length);
  let listName = '';
  let sourceTitle: { title: string; date?: string } | undefined;
  for (const admin of typed(concept, 'admin')) {
    if (admin.type === 'projectSubset' && listName === '') listName = admin.text;
    if (admin.type === 'source' && !sourceTitle) sourceTitle = parseSourceText(admin.text);
  }
  for (const d of typed(concept, 'descrip')) if (d.type === 'subjectField' && d.text !== '') entry.tags.push(d.text);
  const xref = children(concept, 'xref').find((x) => attr(x, 'type') === 'externalCrossReference' && attr(x, 'target') !== '');
  if (sourceTitle || xref) {
    const title = sourceTitle?.title ?? (xref ? leafText(xref) : '');
    entry.source = { title, url: xref ? attr(xref, 'target') : '' };
    if (sourceTitle?.date !== undefined) entry.source.date = sourceTitle.date;
  }
  const notes: string[] = [];
  for (const raw of children(concept, 'note')) {
    const text = leafText(raw);
    const match = text.startsWith(MATCH_NOTE) ? readMatchNote(text.slice(MATCH_NOTE.length)) : undefined;
    if (match) entry.match = match;
    else if (text !== '') notes.push(text);
  }
  entry.note = notes.join('\n\n');
  return { entry, listName };
}

interface TermInfo {
  text: string;
  status: string;
  translation: boolean;
}

function termsOf(langSec: XmlNode): TermInfo[] {
  const out: TermInfo[] = [];
  for (const sec of [...children(langSec, 'termSec'), ...children(langSec, 'tig'), ...children(langSec, 'ntig')]) {
    // v2 <ntig> nests term and termNote in <termGrp>.
    const holders = [sec, ...children(sec, 'termGrp')];
    const text = holders.map((h) => leafText(first(h.term))).find((t) => t !== '') ?? '';
    if (text === '') continue;
    const status = holders.flatMap((h) => typed(h, 'termNote')).find((n) => n.type === 'administrativeStatus')?.text ?? '';
    const translation = children(sec, 'note').some((n) => leafText(n) === TRANSLATION_MARK);
    out.push({ text, status, translation });
  }
  return out;
}

function definitionOf(node: XmlNode): string | undefined {
  const all = [node, ...children(node, 'descripGrp')].flatMap((n) => typed(n, 'descrip'));
  return all.find((d) => d.type === 'definition')?.text;
}

function readMatchNote(json: string): MatchOptions | undefined {
  try {
    const v = JSON.parse(json) as Partial<MatchOptions>;
    const d = defaultMatchOptions();
    if (typeof v !== 'object' || v === null) return undefined;
    return {
      caseSensitive: typeof v.caseSensitive === 'boolean' ? v.caseSensitive : d.caseSensitive,
      wholeWord: typeof v.wholeWord === 'boolean' ? v.wholeWord : d.wholeWord,
      exclusions: Array.isArray(v.exclusions) ? v.exclusions.filter((x): x is string => typeof x === 'string') : [],
    };
  } catch {
    return undefined;
  }
}

function first(v: unknown): XmlNode | undefined {
  const item: unknown = Array.isArray(v) ? v[0] : v;
  return typeof item === 'object' && item !== null ? (item as XmlNode) : typeof item === 'string' ? { '#text': item } : undefined;
}

function children(node: XmlNode | undefined, name: string): XmlNode[] {
  const v = node?.[name];
  if (!Array.isArray(v)) return [];
  return v.map((item: unknown) => (typeof item === 'string' ? { '#text': item } : (item as XmlNode)));
}

function typed(node: XmlNode, name: string): { type: string; text: string }[] {
  return children(node, name).map((c) => ({ type: attr(c, 'type'), text: leafText(c) }));
}

function attr(node: XmlNode, name: string): string {
  const v = node[`@_${name}`];
  return typeof v === 'string' ? xmlInnerText(v) : '';
}

function leafText(node: XmlNode | undefined): string {
  const raw = node?.['#text'];
  return typeof raw === 'string' ? xmlInnerText(raw).trim() : '';
}

/** Offsets to 1-based lines by binary search over the line starts. */
class LineIndex {
  readonly #starts: number[] = [0];

  constructor(text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.#starts.push(i + 1);
  }

  lineAt(offset: number): number {
    let lo = 0;
    let hi = this.#starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.#starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }
}
