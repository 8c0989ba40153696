/**
 * What an import reports when a file is bad. An import is all-or-nothing, so the
 * parsers collect every problem they can find before they give up: the reader then
 * fixes the file once instead of once per error.
 */

/** Where in the file a problem is. Every field is optional: each format fills what it knows. */
export interface IssueLocation {
  /** 1-based line of the file (CSV: the header is line 1; TBX: the element's first line). */
  line?: number;
  /** 1-based column of the line (XML syntax errors). */
  col?: number;
  /** A CSV column name. */
  column?: string;
  /** 1-based number of the entry in its list (JSON) or in the file (TBX). */
  entry?: number;
  /** The entry's term, when it has one. */
  term?: string;
  /** A JSON path such as `lists[0].entries[12].translations.en[1]`. */
  path?: string;
}

/**
 * One problem in an imported file. `code` is stable and machine-readable, so the UI
 * can translate it with `params`; `message` is a complete English sentence.
 */
export interface ImportIssue {
  code: IssueCode;
  where: IssueLocation;
  message: string;
  params?: Record<string, string | number>;
}

/** Every code an import can report; the UI keys its translations on these. */
export type IssueCode =
  | 'empty-file'
  | 'not-utf8'
  | 'utf16'
  | 'json-syntax'
  | 'unknown-format'
  | 'unsupported-version'
  | 'wrong-type'
  | 'missing-field'
  | 'unknown-field'
  | 'invalid-value'
  | 'empty-term'
  | 'duplicate-term'
  | 'duplicate-id'
  | 'duplicate-list'
  | 'csv-syntax'
  | 'missing-column'
  | 'unknown-column'
  | 'duplicate-column'
  | 'field-count'
  | 'xml-syntax'
  | 'not-tbx'
  | 'no-term'
  | 'no-language'
  | 'too-many-issues';

/** How many issues an error keeps; a broken 50 MB file must not build a 50 MB error. */
export const MAX_ISSUES = 200;

/** Thrown by every parser: the file was not imported, and `issues` says why, all of it. */
export class ImportError extends Error {
  override readonly name = 'ImportError';
  readonly issues: readonly ImportIssue[];

  constructor(issues: readonly ImportIssue[]) {
    super(summarise(issues));
    this.issues = issues;
  }
}

function summarise(issues: readonly ImportIssue[]): string {
  const shown = issues.slice(0, 5).map((i) => i.message);
  const more = issues.length - shown.length;
  return shown.join('\n') + (more > 0 ? `\n… and ${more} more problem(s).` : '');
}

/** Renders a location as English words, e.g. `line 12, column "en"`. */
export function describeLocation(where: IssueLocation): string {
  const parts: string[] = [];
  if (where.line !== undefined) parts.push(`line ${where.line}` + (where.col !== undefined ? `, col ${where.col}` : ''));
  if (where.column !== undefined) parts.push(`column "${where.column}"`);
  if (where.path !== undefined) parts.push(where.path);
  if (where.entry !== undefined && where.path === undefined) parts.push(`entry ${where.entry}`);
  const place = parts.join(', ');
  if (where.term === undefined || where.term === '') return place;
  return place ? `${place} (${where.term})` : `"${where.term}"`;
}

/**
 * Gathers issues up to {@link MAX_ISSUES}; past that it records one `too-many-issues`
 * and drops the rest.
 */
export class IssueList {
  readonly #issues: ImportIssue[] = [];
  #dropped = 0;

  /** Adds an issue; the message gets its location prefixed (`line 3: …`). */
  add(code: IssueCode, where: IssueLocation, text: string, params?: Record<string, string | number>): void {
    if (this.#issues.length >= MAX_ISSUES) {
      this.#dropped++;
      return;
    }
    const place = describeLocation(where);
    const issue: ImportIssue = { code, where, message: place ? `${place}: ${text}` : text };
    if (params) issue.params = params;
    this.#issues.push(issue);
  }

  get count(): number {
    return this.#issues.length + this.#dropped;
  }

  /** Throws an {@link ImportError} holding every issue, if there is any. */
  throwIfAny(): void {
    if (this.count === 0) return;
    const issues = [...this.#issues];
    if (this.#dropped > 0) {
      issues.push({
        code: 'too-many-issues',
        where: {},
        message: `${this.#dropped} more problem(s) were found and not listed.`,
        params: { count: this.#dropped },
      });
    }
    throw new ImportError(issues);
  }
}

/** Throws an {@link ImportError} with a single issue. */
export function fail(code: IssueCode, where: IssueLocation, text: string, params?: Record<string, string | number>): never {
  const list = new IssueList();
  list.add(code, where, text, params);
  list.throwIfAny();
  throw new Error('unreachable');
}
