/**
 * The one typed message protocol between TermLens's contexts (design: "The
 * contexts"). Every message is a plain JSON object with a `type`; every receiver
 * validates what it gets with `parse…Message` before acting on it, because a
 * content script runs beside a hostile page and a message is only data.
 */
import type { GlossaryEntry } from './glossary/model';

/** What a content script may see of an entry: everything but the private note. */
export type CardEntry = Omit<GlossaryEntry, 'note'> & { listName: string; listColor: number };

/** A term found on a page, with how often. */
export interface PageTermCount {
  entryId: string;
  term: string;
  slot: number;
  count: number;
}

/** Messages to the background. */
export type BackgroundRequest =
  | { type: 'get-matcher'; knownRevision?: number }
  | { type: 'get-card-entry'; entryId: string }
  | { type: 'page-stats'; distinctTerms: number }
  /** From a frame's small script: the frame holds text now; the page script should come into it (frame-text.ts). */
  | { type: 'frame-has-text' }
  /** From an extension page; `generation`: the glossary's generation it read after the change (db.ts). */
  | { type: 'glossary-changed'; generation?: string };

/**
 * The answer to `get-matcher`. Kept small, because extension messaging costs time in proportion to
 * the size of a message: the matcher carries the entries' ids and labels (headwords, for the
 * popup's list of a page's terms) itself, each list as one string (compile.ts, CompiledMatcher).
 */
export interface MatcherResponse {
  revision: number;
  /**
   * The CompiledMatcher as packMatcherForWire packs it (a JSON header, then its strings); read it with
   * unpackMatcherFromWire, then Matcher.from, which both throw on a malformed one. Absent when the
   * caller already holds `knownRevision`.
   */
  matcher?: string;
}

/** Which way keyboard navigation moves through a page's occurrences, in document order. */
export type TermDirection = 'next' | 'previous';

/** Messages to a content script. */
export type ContentRequest =
  | { type: 'glossary-changed'; revision: number }
  | { type: 'get-page-terms' }
  | { type: 'reveal-term'; entryId: string }
  /** A keyboard command: go to the next or previous occurrence and open its card. */
  | { type: 'navigate-term'; direction: TermDirection }
  /** The top frame's address and title (the background may not read tab URLs). */
  | { type: 'get-page-info' };

/** What a page says about itself: for the add-to-glossary form and the site toggle. */
export interface PageInfo {
  url: string;
  title: string;
  /** `location.hostname`, the key of site rules. */
  host: string;
}

export interface PageTermsResponse {
  /** False where the Highlight API is missing, so the popup can say so. */
  supported: boolean;
  /** False when highlighting is off here (paused, or a site rule). */
  active: boolean;
  /** The page's host name, the key of site rules: the popup may not read tab URLs. */
  host: string;
  terms: PageTermCount[];
}

type Validator<T> = (value: Record<string, unknown>) => T | null;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isId = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 200;
const isCount = (v: unknown): v is number => typeof v === "number" && Number.isSafeInteger(v) && v >= 0;

const backgroundValidators: Record<BackgroundRequest['type'], Validator<BackgroundRequest>> = {
  'get-matcher': (m) =>
    m.knownRevision === undefined || isCount(m.knownRevision)
      ? { type: 'get-matcher', knownRevision: m.knownRevision as number | undefined }
      : null,
  'get-card-entry': (m) => (isId(m.entryId) ? { type: 'get-card-entry', entryId: m.entryId } : null),
  'page-stats': (m) => (isCount(m.distinctTerms) ? { type: 'page-stats', distinctTerms: m.distinctTerms } : null),
  'frame-has-text': () => ({ type: 'frame-has-text' }),
  'glossary-changed': (m) =>
    m.generation === undefined
      ? { type: 'glossary-changed' }
      : typeof m.generation === 'string' && m.generation.length <= 200
        ? { type: 'glossary-changed', generation: m.generation }
        : null,
};

const contentValidators: Record<ContentRequest['type'], Validator<ContentRequest>> = {
  'glossary-changed': (m) => (isCount(m.revision) ? { type: 'glossary-changed', revision: m.revision } : null),
  'get-page-terms': () => ({ type: 'get-page-terms' }),
  'reveal-term': (m) => (isId(m.entryId) ? { type: 'reveal-term', entryId: m.entryId } : null),
  'navigate-term': (m) =>
    m.direction === 'next' || m.direction === 'previous' ? { type: 'navigate-term', direction: m.direction } : null,
  'get-page-info': () => ({ type: 'get-page-info' }),
};

function parseWith<T>(validators: Record<string, Validator<T>>, value: unknown): T | null {
  if (!isRecord(value) || typeof value.type !== 'string') return null;
  const validate = Object.hasOwn(validators, value.type) ? validators[value.type] : undefined;
  return validate ? validate(value) : null;
}

/** The request, rebuilt field by field, or null when `value` is not a valid background request. */
export function parseBackgroundRequest(value: unknown): BackgroundRequest | null {
  return parseWith(backgroundValidators, value);
}

/** The request, rebuilt field by field, or null when `value` is not a valid content request. */
export function parseContentRequest(value: unknown): ContentRequest | null {
  return parseWith(contentValidators, value);
}

/** Message types a content script may send: reads, and the stats of its own tab. */
export const CONTENT_SCRIPT_ALLOWED: ReadonlySet<BackgroundRequest['type']> = new Set([
  'get-matcher',
  'get-card-entry',
  'page-stats',
  'frame-has-text',
]);

/** The answer to each background request. */
export interface BackgroundResponses {
  'get-matcher': MatcherResponse;
  'get-card-entry': CardEntry | null;
  'page-stats': null;
  'frame-has-text': null;
  'glossary-changed': null;
}

/** The answer to each content request. */
export interface ContentResponses {
  'glossary-changed': null;
  'get-page-terms': PageTermsResponse;
  'reveal-term': boolean;
  /** False when the page holds no occurrence to go to. */
  'navigate-term': boolean;
  'get-page-info': PageInfo;
}
