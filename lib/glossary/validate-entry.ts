/**
 * The checks the entry form runs before saving (issue 5, "Validation"). Pure: it
 * gets the draft and an index of the rest of the glossary, and returns problems
 * tied to fields, which the form shows beside them in the user's language.
 *
 * When can a form never match? The matcher is leftmost-longest over folded text
 * (lib/match). A longer form of another entry wins only where it surrounds the
 * shorter one: 西部大开发 hides 大开发 inside 西部大开发, but 大开发 standing
 * alone (大开发区, or a line that is just 大开发) still matches. So "a longer entry
 * always wins" is never true by itself, and we do not claim it. A form F never
 * produces a match exactly when one of these holds, and these are what we flag:
 *   1. F folds to nothing (only spaces or invisible characters);
 *   2. one of the entry's own exclusions folds to the same text as F (every
 *      occurrence of F then lies within an occurrence of the exclusion);
 *   3. an entry of another enabled list with a higher priority has a form with the
 *      same folded text, and its checks are no stricter than F's (it is not
 *      case-sensitive where F has letters, it does not need word boundaries where
 *      F does not, and it has no exclusion containing F); then wherever F could
 *      match, that entry is tried first and wins. This holds while that list is on.
 * Where another entry's longer form merely contains F, the form gets a note (not
 * a problem): inside that longer text the longer entry wins.
 * Same folded text inside one list is a duplicate (an error for term and
 * variants, which say "this entry is that text"; a warning for translations,
 * since two terms may share an English rendering, but only one can be highlighted
 * by it). Same text in another list at equal priority is a warning: which wins
 * depends on storage order, so the editor should order the lists.
 */
import { foldForm } from '../match';
import type { GlossaryEntry, GlossaryList } from './model';

export type IssueSeverity = 'error' | 'warning' | 'note';

export type IssueCode =
  | 'term-empty'
  | 'form-folds-empty'
  | 'form-repeated'
  | 'form-excluded'
  | 'exclusion-unused'
  | 'duplicate-form'
  | 'shared-translation'
  | 'shadowed-by-priority'
  | 'priority-tie'
  | 'inside-longer-form'
  | 'lang-invalid'
  | 'url-invalid'
  | 'date-invalid';

/** Another entry that an issue is about, so that the form can link to it. */
export interface OtherEntryRef {
  entryId: string;
  term: string;
  listId: string;
  listName: string;
  /** The other entry's form involved. */
  form: string;
}

export interface EntryIssue {
  /**
   * The field: `term`, `variants.N`, `translations.LANG.N`, `translations.LANG`,
   * `exclusions.N`, `source.url`, `source.date`.
   */
  field: string;
  severity: IssueSeverity;
  code: IssueCode;
  /** The form of this entry the issue is about, when there is one. */
  form?: string;
  other?: OtherEntryRef;
}

interface Claim {
  entryId: string;
  term: string;
  form: string;
  listId: string;
  listName: string;
  priority: number;
  listActive: boolean;
  /** The form is the entry's term or a variant (not a translation). */
  headword: boolean;
  caseSensitive: boolean;
  caseKey: string;
  wholeWord: boolean;
  exclusionKeys: string[];
}

/**
 * Every form of every live entry of every non-deleted list, by folded text: what
 * validateEntry compares a draft with. Build it once per glossary change (it folds
 * every form), then validate any number of drafts against it.
 */
export class GlossaryFormIndex {
  readonly #byKey = new Map<string, Claim[]>();
  readonly #lists = new Map<string, GlossaryList>();

  constructor(entries: readonly GlossaryEntry[], lists: readonly GlossaryList[]) {
    for (const list of lists) if (list.deletedAt === undefined) this.#lists.set(list.id, list);
    for (const entry of entries) {
      const list = this.#lists.get(entry.listId);
      if (!list || entry.deletedAt !== undefined) continue;
      const exclusionKeys = entry.match.exclusions.map((x) => foldForm(x)).filter((k) => k !== '');
      const add = (form: string, headword: boolean) => {
        const key = foldForm(form);
        if (key === '') return;
        const claim: Claim = {
          entryId: entry.id,
          term: entry.term,
          form,
          listId: list.id,
          listName: list.name,
          priority: list.priority,
          listActive: list.enabled,
          headword,
          caseSensitive: entry.match.caseSensitive,
          caseKey: foldForm(form, true),
          wholeWord: entry.match.wholeWord,
          exclusionKeys,
        };
        const claims = this.#byKey.get(key);
        if (claims) claims.push(claim);
        else this.#byKey.set(key, [claim]);
      };
      add(entry.term, true);
      for (const v of entry.variants) add(v, true);
      for (const values of Object.values(entry.translations)) for (const v of values) add(v, false);
    }
  }

  /** The list with this id, unless deleted. */
  list(id: string): GlossaryList | undefined {
    return this.#lists.get(id);
  }

  /** The claims on a folded text. */
  claims(key: string): readonly Claim[] {
    return this.#byKey.get(key) ?? [];
  }

  /** Up to `limit` claims of forms of enabled lists whose folded text strictly contains `key`. */
  longerClaims(key: string, limit: number): Claim[] {
    const out: Claim[] = [];
    if (key === '') return out;
    for (const [other, claims] of this.#byKey) {
      if (other.length <= key.length || !other.includes(key)) continue;
      for (const c of claims) if (c.listActive) out.push(c);
      if (out.length >= limit) break;
    }
    return out.slice(0, limit);
  }
}

const WORD_EDGE = /^[\p{L}\p{N}]|[\p{L}\p{N}]$/u;
const HAS_CASE = (s: string) => s.toLowerCase() !== s.toUpperCase();
const LANG_TAG = /^[a-z]{2,3}(-[a-z0-9]{2,8})*$/i;

/** True for an absolute http(s) URL with a host. */
export function isWebUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** True for a real calendar date written YYYY-MM-DD. */
export function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/**
 * The problems of a draft entry, in field order. Blank rows (a variant, rendering
 * or exclusion not yet typed) are not problems: they are dropped on save. Errors block saving; warnings and
 * notes are shown but do not. `entry.id` is the draft's own id, so that the entry
 * is never compared with its stored self. See the module comment for the rules.
 */
export function validateEntry(entry: GlossaryEntry, index: GlossaryFormIndex): EntryIssue[] {
  const issues: EntryIssue[] = [];
  if (entry.term.trim() === '') issues.push({ field: 'term', severity: 'error', code: 'term-empty' });

  const ownList = index.list(entry.listId);
  const exclusionKeys = entry.match.exclusions.map((x) => foldForm(x));
  const forms: { field: string; form: string; headword: boolean }[] = [];
  if (entry.term.trim() !== '') forms.push({ field: 'term', form: entry.term, headword: true });
  entry.variants.forEach((form, i) => forms.push({ field: `variants.${i}`, form, headword: true }));
  for (const [lang, values] of Object.entries(entry.translations)) {
    if (!LANG_TAG.test(lang) && values.some((v) => v.trim() !== '')) issues.push({ field: `translations.${lang}`, severity: 'error', code: 'lang-invalid' });
    values.forEach((form, i) => forms.push({ field: `translations.${lang}.${i}`, form, headword: false }));
  }

  const seen = new Set<string>();
  const keys: string[] = [];
  for (const { field, form, headword } of forms) {
    const key = foldForm(form);
    const caseKey = foldForm(form, true);
    keys.push(key);
    if (key === '') {
      // A blank row is dropped on save; text made only of invisible characters is a mistake.
      if (form.trim() !== '') issues.push({ field, severity: 'error', code: 'form-folds-empty', form });
      continue;
    }
    if (seen.has(key)) {
      issues.push({ field, severity: 'warning', code: 'form-repeated', form });
      continue;
    }
    seen.add(key);
    const excludedBy = exclusionKeys.indexOf(key);
    if (excludedBy >= 0) {
      issues.push({ field: `exclusions.${excludedBy}`, severity: 'error', code: 'form-excluded', form });
    }

    let blocking = false;
    for (const claim of index.claims(key)) {
      if (claim.entryId === entry.id) continue;
      // Two case-sensitive forms that differ in case claim different text.
      if (entry.match.caseSensitive && claim.caseSensitive && claim.caseKey !== caseKey) continue;
      const other = ref(claim);
      if (claim.listId === entry.listId) {
        if (headword && claim.headword) issues.push({ field, severity: 'error', code: 'duplicate-form', form, other });
        else issues.push({ field, severity: 'warning', code: 'shared-translation', form, other });
        blocking = true;
      } else if (ownList && claim.listActive) {
        if (claim.priority > ownList.priority && noStricter(claim, key, caseKey, entry)) {
          issues.push({ field, severity: 'warning', code: 'shadowed-by-priority', form, other });
          blocking = true;
        } else if (claim.priority === ownList.priority) {
          issues.push({ field, severity: 'warning', code: 'priority-tie', form, other });
        }
      }
    }
    if (!blocking) {
      const longer = index.longerClaims(key, 1).find((c) => c.entryId !== entry.id);
      if (longer) issues.push({ field, severity: 'note', code: 'inside-longer-form', form, other: ref(longer) });
    }
  }

  entry.match.exclusions.forEach((exclusion, i) => {
    const key = exclusionKeys[i]!;
    if (key === '' || keys.includes(key)) return;
    // An exclusion acts only on a match that lies within it: one that contains no form does nothing.
    if (!keys.some((k) => k !== '' && key.includes(k))) {
      issues.push({ field: `exclusions.${i}`, severity: 'warning', code: 'exclusion-unused', form: exclusion });
    }
  });

  const url = entry.source?.url.trim() ?? '';
  if (url !== '' && !isWebUrl(url)) issues.push({ field: 'source.url', severity: 'error', code: 'url-invalid' });
  const date = entry.source?.date?.trim() ?? '';
  if (date !== '' && !isIsoDate(date)) issues.push({ field: 'source.date', severity: 'error', code: 'date-invalid' });
  return issues;
}

/** True when the draft's issues allow saving. */
export function canSave(issues: readonly EntryIssue[]): boolean {
  return !issues.some((i) => i.severity === 'error');
}

/** Whether `claim` passes its checks wherever the draft's form would pass its own. */
function noStricter(claim: Claim, key: string, caseKey: string, entry: GlossaryEntry): boolean {
  if (claim.caseSensitive && HAS_CASE(caseKey) && (!entry.match.caseSensitive || claim.caseKey !== caseKey)) return false;
  if (claim.wholeWord && !entry.match.wholeWord && WORD_EDGE.test(key)) return false;
  return !claim.exclusionKeys.some((x) => x.includes(key));
}

function ref(claim: Claim): OtherEntryRef {
  return { entryId: claim.entryId, term: claim.term, listId: claim.listId, listName: claim.listName, form: claim.form };
}
