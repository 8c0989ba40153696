/**
 * Compiles a glossary into the Aho–Corasick automaton that content scripts match with (design:
 * "Matching: one fold, one automaton"). Compiling runs in the background once per glossary change;
 * the result is plain JSON-safe data that Matcher.from decodes in a content script.
 */
import { foldKey } from './fold';
import { WORD } from './fold-tables';
import { KeyTable } from './key-table';
import { packPairs, packUints } from './packing';

/** What the matcher needs to know about one glossary entry. */
export interface MatchableEntry {
  id: string;
  /** Highlight colour slot, 0–7. */
  slot: number;
  /** The list's priority: when two entries claim the same text, the higher wins. */
  priority: number;
  /** Term, variants and translations, as written; compileGlossary folds them. */
  forms: string[];
  caseSensitive: boolean;
  wholeWord: boolean;
  /** Contexts in which the entry must not match, e.g. `大开发区` for `大开发`. */
  exclusions: string[];
  /** The entry's headword, which Matcher.labels gives back; usually its first form. */
  label?: string;
}

/** The format of CompiledMatcher (see its layout below); the wire's prefix names it too (wire.ts). */
export const MATCHER_FORMAT_VERSION = 5;

/**
 * The compiled glossary: plain data that survives `JSON.parse(JSON.stringify(x))` with its meaning
 * unchanged. Decode it with `Matcher.from`.
 *
 * Layout (format version 5): the distinct folded keys in code-unit order, and per key its records
 * (entry, flags). No trie: Matcher.from makes the trie's nodes lazily from the sorted keys (a node
 * is the range of keys that share its path), as scanning reaches them, because a content script
 * decodes once per page in cold code and a page reaches few nodes.
 *
 * Every list of strings (keys, entry ids, labels, case forms) travels as ONE string, the list's
 * strings concatenated. Why (version 3): version 2 sent keys, ids and labels as JSON arrays, some
 * 40,000 small strings for the realistic 10,000-entry glossary, which JSON.parse made one by one;
 * one long string per list halves the parse (Node 20: about 20 → 10 ms for that glossary with UUID
 * ids), and Matcher reads a key's code units in place (`charCodeAt(offset + d)`) and cuts an id out
 * only when a match names its entry. Concatenating changes no code unit, so the strings survive
 * JSON.stringify → UTF-8 → JSON.parse as the separate strings did (JSON.stringify escapes a lone
 * surrogate; two halves that meet at a boundary travel as the pair they make: the same code units).
 *
 * Where each string starts is sent as offsets, two units each (packPairs), which Matcher reads in
 * place. Why (version 4): version 3 sent lengths, which the content script had to add up, 70,000 of
 * them for that glossary: 8–11 ms of cold code per page, and decoding took 19–27 ms against the
 * 20 ms budget. Version 5 sends the keys' offsets as pairs too (version 4 sent their lengths as
 * varints); Matcher.from unpacks those, because making the trie's nodes reads them over and over.
 * Colour slots and record flags take one unit each (packUints), read in place.
 */
export interface CompiledMatcher {
  version: typeof MATCHER_FORMAT_VERSION;
  entryCount: number;
  /** Entry ids by entry index, concatenated. */
  entryIds: string;
  /** Where each entry id starts in `entryIds`, by entry index, and the total last (packPairs). */
  entryIdOffsets: string;
  /** Colour slot (0–7) by entry index, one unit each (packUints). */
  entrySlots: string;
  /**
   * Each entry's label (its headword, for lists of a page's terms) by entry index, concatenated:
   * '' where a record with RECORD_LABEL gives it (the label is that record's key), or where the
   * entry has none.
   */
  labels: string;
  /** Where each label starts in `labels`, by entry index, and the total last (packPairs). */
  labelOffsets: string;
  /** Nodes of the trie that the keys make: Matcher.from makes room for that many. */
  nodeCount: number;
  /** How many distinct keys there are. */
  keyCount: number;
  /** The distinct folded keys, in code-unit order, concatenated. */
  keys: string;
  /** Where each key starts in `keys`, in key order, and the total last (packPairs). */
  keyOffsets: string;
  recordCount: number;
  /** Per key: where its records start, and the record count last (packPairs). */
  keyRecordOffsets: string;
  /** Per record, grouped by key: entry index (packPairs). */
  recordEntries: string;
  /** Per record: RECORD_* flags. */
  recordFlags: string;
  /**
   * For each record with RECORD_CASE_SENSITIVE, in record order, concatenated: its form folded with
   * case kept, which is as long as its key (case folding keeps lengths).
   */
  caseForms: string;
}

/** The fields of a CompiledMatcher that are strings (Matcher.from checks each; wire.ts splits them into texts and packed lists). */
export const COMPILED_STRING_FIELDS = [
  'entryIds',
  'entryIdOffsets',
  'entrySlots',
  'labels',
  'labelOffsets',
  'keys',
  'keyOffsets',
  'keyRecordOffsets',
  'recordEntries',
  'recordFlags',
  'caseForms',
] as const satisfies readonly StringField[];
type StringField = { [K in keyof CompiledMatcher]: CompiledMatcher[K] extends string ? K : never }[keyof CompiledMatcher];
// Every string field is in the list: a field added to CompiledMatcher but not here fails to compile.
const everyStringField: Exclude<StringField, (typeof COMPILED_STRING_FIELDS)[number]> extends never ? true : never = true;
void everyStringField;

/** The record is an exclusion of its entry, not a form. */
export const RECORD_EXCLUSION = 1;
/** The record's form must match letter case. */
export const RECORD_CASE_SENSITIVE = 2;
/** The record's form starts with a word character and must start on a word boundary. */
export const RECORD_BOUNDARY_START = 4;
/** The record's form ends with a word character and must end on a word boundary. */
export const RECORD_BOUNDARY_END = 8;
/** The record's key is its entry's label as written, so the label is not sent again. */
export const RECORD_LABEL = 16;

/**
 * Folds a form for the automaton: foldForMatching's key, without the one space that the fold keeps
 * for leading or trailing whitespace. '' for a form that is only whitespace or invisible characters.
 */
export function foldForm(form: string, keepCase = false): string {
  const key = foldKey(form, keepCase);
  const start = key.charCodeAt(0) === 0x20 ? 1 : 0;
  const end = key.length > start && key.charCodeAt(key.length - 1) === 0x20 ? key.length - 1 : key.length;
  return start === 0 && end === key.length ? key : key.slice(start, end);
}

/**
 * Compiles entries into a CompiledMatcher.
 *
 * Promises:
 * - every form and exclusion is folded with foldForMatching; empty ones are ignored;
 * - when several entries have the same folded form, the one with the higher priority is tried
 *   first, and on a tie the one given first; a lower one still matches where the higher one's
 *   checks (case, word boundary, exclusions) reject the text;
 * - a side of a form that is a word character (letter or digit) must meet a word boundary in the
 *   text when the entry's `wholeWord` is set;
 * - for a case-sensitive entry, a form with cased letters must match their case;
 * - linear time in the total length of the forms, apart from sorting them.
 */
export function compileGlossary(entries: readonly MatchableEntry[]): CompiledMatcher {
  // Every array is sized up front and most are typed: the compile's garbage, collected in the
  // service worker beside the whole glossary, decided its time more than its work did
  // (docs/architecture.md, "Compiling: few allocations").
  let recordTotal = 0;
  for (let e = 0; e < entries.length; e++) recordTotal += entries[e]!.forms.length + entries[e]!.exclusions.length;
  // 1. Every form and exclusion, folded, as a record of a distinct key.
  const keys = new KeyTable(recordTotal);
  const recordKey = new Int32Array(recordTotal);
  const recordEntry = new Int32Array(recordTotal);
  const recordFlag = new Uint8Array(recordTotal);
  // A case form only for a record with RECORD_CASE_SENSITIVE (few of them): a sparse array.
  const recordCase: string[] = [];
  let n = 0;
  const labels: string[] = new Array<string>(entries.length);
  for (let e = 0; e < entries.length; e++) {
    const entry = entries[e]!;
    labels[e] = entry.label ?? '';
    // A label that is one of the entry's forms and folds to itself travels as that form's record.
    let labelPending = labels[e] !== '';
    const forms = entry.forms;
    for (let f = 0; f < forms.length; f++) {
      const form = forms[f]!;
      const key = foldForm(form);
      if (key === '') continue;
      let flags = 0;
      if (entry.caseSensitive) {
        const withCase = foldForm(form, true);
        // A form without cased letters (all of Chinese) has nothing to compare.
        if (withCase.toLowerCase() !== withCase.toUpperCase()) {
          flags |= RECORD_CASE_SENSITIVE;
          recordCase[n] = withCase;
        }
      }
      if (entry.wholeWord) {
        if (WORD[key.charCodeAt(0)]) flags |= RECORD_BOUNDARY_START;
        if (WORD[key.charCodeAt(key.length - 1)]) flags |= RECORD_BOUNDARY_END;
      }
      if (labelPending && form === key && form === labels[e]) {
        flags |= RECORD_LABEL;
        labels[e] = '';
        labelPending = false;
      }
      recordKey[n] = keys.add(key);
      recordEntry[n] = e;
      recordFlag[n++] = flags;
    }
    const exclusions = entry.exclusions;
    for (let x = 0; x < exclusions.length; x++) {
      const key = foldForm(exclusions[x]!);
      if (key === '') continue;
      recordKey[n] = keys.add(key);
      recordEntry[n] = e;
      recordFlag[n++] = RECORD_EXCLUSION;
    }
  }

  // 2. Distinct keys in code-unit order (the order of the trie's edges), and each key's records.
  const sortedKeys = keys.keys.slice().sort();
  const keyCount = sortedKeys.length;
  const rankOf = new Int32Array(keyCount);
  for (let r = 0; r < keyCount; r++) rankOf[keys.indexOf(sortedKeys[r]!)] = r;
  const bucketStart = new Int32Array(keyCount + 1);
  for (let i = 0; i < n; i++) bucketStart[rankOf[recordKey[i]!]! + 1]!++;
  for (let r = 0; r < keyCount; r++) bucketStart[r + 1]! += bucketStart[r]!;
  const bucketed = new Int32Array(n);
  {
    const fill = bucketStart.slice(0, keyCount);
    for (let i = 0; i < n; i++) bucketed[fill[rankOf[recordKey[i]!]!]!++] = i;
  }
  // Forms in the order they are tried (priority, then the order given); exclusions after them.
  const recordOrder = (a: number, b: number): number =>
    (recordFlag[a]! & RECORD_EXCLUSION) - (recordFlag[b]! & RECORD_EXCLUSION) ||
    entries[recordEntry[b]!]!.priority - entries[recordEntry[a]!]!.priority ||
    a - b;

  // 3. Per key in order: its records, and the trie nodes it adds (past its common prefix with the
  // key before).
  const keyOffsets = new Int32Array(keyCount + 1);
  const keyRecordOffsets = new Int32Array(keyCount + 1);
  const recordEntries = new Int32Array(n);
  const recordFlags = new Uint8Array(n);
  const caseForms: string[] = [];
  // Appending makes a rope, flattened once when the wire is packed.
  let joinedKeys = '';
  let kept = 0;
  let nodeCount = 1;
  let previous = '';
  for (let rank = 0; rank < keyCount; rank++) {
    const key = sortedKeys[rank]!;
    let common = 0;
    const limit = Math.min(previous.length, key.length);
    while (common < limit && previous.charCodeAt(common) === key.charCodeAt(common)) common++;
    nodeCount += key.length - common;
    previous = key;
    joinedKeys += key;
    keyOffsets[rank + 1] = keyOffsets[rank]! + key.length;

    const from = bucketStart[rank]!;
    const to = bucketStart[rank + 1]!;
    if (to - from === 1) {
      // The common case: one form of one entry.
      const r = bucketed[from]!;
      recordEntries[kept] = recordEntry[r]!;
      recordFlags[kept++] = recordFlag[r]!;
      if (recordFlag[r]! & RECORD_CASE_SENSITIVE) caseForms.push(recordCase[r]!);
    } else {
      const records = Array.from(bucketed.subarray(from, to)).sort(recordOrder);
      for (let i = 0; i < records.length; i++) {
        const r = records[i]!;
        const p = i > 0 ? records[i - 1]! : -1;
        // The same entry giving the same form twice (a term and a variant that fold alike): one
        // record does, and it keeps the label if the other had it.
        if (
          p >= 0 &&
          recordEntry[p] === recordEntry[r] &&
          (recordFlag[p]! & ~RECORD_LABEL) === (recordFlag[r]! & ~RECORD_LABEL) &&
          recordCase[p] === recordCase[r]
        ) {
          recordFlags[kept - 1]! |= recordFlag[r]! & RECORD_LABEL;
          continue;
        }
        recordEntries[kept] = recordEntry[r]!;
        recordFlags[kept++] = recordFlag[r]!;
        if (recordFlag[r]! & RECORD_CASE_SENSITIVE) caseForms.push(recordCase[r]!);
      }
    }
    keyRecordOffsets[rank + 1] = kept;
  }

  const entryIdOffsets = new Int32Array(entries.length + 1);
  const labelOffsets = new Int32Array(entries.length + 1);
  // Float64: packUints refuses a slot that is not a small whole number, where a Uint8Array would wrap it.
  const slots = new Float64Array(entries.length);
  const ids = new Array<string>(entries.length);
  for (let e = 0; e < entries.length; e++) {
    const entry = entries[e]!;
    ids[e] = entry.id;
    slots[e] = entry.slot;
    entryIdOffsets[e + 1] = entryIdOffsets[e]! + entry.id.length;
    labelOffsets[e + 1] = labelOffsets[e]! + labels[e]!.length;
  }
  return {
    version: MATCHER_FORMAT_VERSION,
    entryCount: entries.length,
    entryIds: ids.join(''),
    entryIdOffsets: packPairs(entryIdOffsets),
    entrySlots: packUints(slots),
    labels: labels.join(''),
    labelOffsets: packPairs(labelOffsets),
    nodeCount,
    keyCount,
    keys: joinedKeys,
    keyOffsets: packPairs(keyOffsets),
    recordCount: kept,
    keyRecordOffsets: packPairs(keyRecordOffsets),
    recordEntries: packPairs(recordEntries.subarray(0, kept)),
    recordFlags: packUints(recordFlags.subarray(0, kept)),
    caseForms: caseForms.join(''),
  };
}
