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
  /**
   * From a frame's page script, when the count of entries it holds changes: the entries, for the
   * toolbar badge, which counts them over the tab's frames (tab-terms.ts). The top frame adds when
   * its document started (`performance.timeOrigin`), or when the browser last brought it back from
   * its back/forward cache: frames that reported before are gone.
   */
  | { type: 'page-stats'; entryIds: string[]; documentStart?: number }
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
  /**
   * A keyboard command: go to the next or previous occurrence and open its card. With
   * `focusedOnly`, sent to every frame, only the frame that holds the keyboard focus answers
   * (page-commands.ts); without it, the top frame.
   */
  | { type: 'navigate-term'; direction: TermDirection; focusedOnly?: boolean }
  /** The top frame's address and title (the background may not read tab URLs). */
  | { type: 'get-page-info' }
  /**
   * To every frame: each frame but the top one tells its entries again (`page-stats`), if it holds
   * some. Sent when a top frame's new document dropped frames that had reported (tab-terms.ts).
   */
  | { type: 'report-page-stats' };

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

/**
 * The port the popup opens to every frame of a tab (`tabs.connect` without a frame id), to list the
 * terms of all its frames and reveal one in the frame that holds it. Frames are told apart by a
 * token each page script makes for itself: an extension page cannot learn a frame's id without the
 * webNavigation permission, and a message on a port to every frame reaches every frame.
 */
export const PAGE_TERMS_PORT = 'termlens-page-terms';

/** From the popup to every frame, on PAGE_TERMS_PORT. */
export type PagePortRequest =
  /** Every frame answers with its `page-terms`, `seq` echoed. */
  | { type: 'get-page-terms'; seq: number }
  /** Only the frame whose token is `frame` acts, and answers `revealed`. */
  | { type: 'reveal-term'; entryId: string; frame: string };

/** A frame's terms, with its token, and whether it is the top frame. */
export type PageTermsReply = PageTermsResponse & { type: 'page-terms'; seq: number; frame: string; top: boolean };

/** Which occurrence a frame revealed (`index` of `total`; -1 of 0 when it holds none now). */
export interface RevealedReply {
  type: 'revealed';
  frame: string;
  entryId: string;
  index: number;
  total: number;
}

/** From a frame to the popup, on PAGE_TERMS_PORT. */
export type PagePortReply = PageTermsReply | RevealedReply;

/** The most entries a page-stats message may name: more than any glossary holds. */
const MAX_PAGE_ENTRIES = 1_000_000;

type Validator<T> = (value: Record<string, unknown>) => T | null;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const isId = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= 200;
const isCount = (v: unknown): v is number => typeof v === "number" && Number.isSafeInteger(v) && v >= 0;
/** A time in ms since the epoch, such as `performance.timeOrigin`. */
const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;
const isText = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max;

const backgroundValidators: Record<BackgroundRequest['type'], Validator<BackgroundRequest>> = {
  'get-matcher': (m) =>
    m.knownRevision === undefined || isCount(m.knownRevision)
      ? { type: 'get-matcher', knownRevision: m.knownRevision as number | undefined }
      : null,
  'get-card-entry': (m) => (isId(m.entryId) ? { type: 'get-card-entry', entryId: m.entryId } : null),
  'page-stats': (m) => {
    const ids = m.entryIds;
    if (!Array.isArray(ids) || ids.length > MAX_PAGE_ENTRIES || !ids.every(isId)) return null;
    if (m.documentStart === undefined) return { type: 'page-stats', entryIds: [...ids] as string[] };
    return isTime(m.documentStart) ? { type: 'page-stats', entryIds: [...ids] as string[], documentStart: m.documentStart } : null;
  },
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
  'navigate-term': (m) => {
    if (m.direction !== 'next' && m.direction !== 'previous') return null;
    if (m.focusedOnly === undefined) return { type: 'navigate-term', direction: m.direction };
    return typeof m.focusedOnly === 'boolean' ? { type: 'navigate-term', direction: m.direction, focusedOnly: m.focusedOnly } : null;
  },
  'get-page-info': () => ({ type: 'get-page-info' }),
  'report-page-stats': () => ({ type: 'report-page-stats' }),
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

/** A popup's request on PAGE_TERMS_PORT, rebuilt field by field, or null. */
export function parsePagePortRequest(value: unknown): PagePortRequest | null {
  if (!isRecord(value)) return null;
  if (value.type === 'get-page-terms') return isCount(value.seq) ? { type: 'get-page-terms', seq: value.seq } : null;
  if (value.type === 'reveal-term') {
    return isId(value.entryId) && isId(value.frame) ? { type: 'reveal-term', entryId: value.entryId, frame: value.frame } : null;
  }
  return null;
}

function parsePageTermCount(value: unknown): PageTermCount | null {
  if (!isRecord(value)) return null;
  const { entryId, term, slot, count } = value;
  if (!isId(entryId) || !isText(term, 10_000) || !isCount(slot) || !isCount(count)) return null;
  return { entryId, term, slot, count };
}

/** A frame's reply on PAGE_TERMS_PORT, rebuilt field by field, or null. */
export function parsePagePortReply(value: unknown): PagePortReply | null {
  if (!isRecord(value) || !isId(value.frame)) return null;
  if (value.type === 'revealed') {
    const { frame, entryId, index, total } = value;
    if (!isId(entryId) || typeof index !== 'number' || !Number.isSafeInteger(index) || index < -1 || !isCount(total)) return null;
    return { type: 'revealed', frame, entryId, index, total };
  }
  if (value.type !== 'page-terms') return null;
  const { seq, frame, top, supported, active, host, terms } = value;
  if (!isCount(seq) || typeof top !== 'boolean' || typeof supported !== 'boolean' || typeof active !== 'boolean') return null;
  if (!isText(host, 300) || !Array.isArray(terms) || terms.length > MAX_PAGE_ENTRIES) return null;
  const counts: PageTermCount[] = [];
  for (const term of terms) {
    const parsed = parsePageTermCount(term);
    if (!parsed) return null;
    counts.push(parsed);
  }
  return { type: 'page-terms', seq, frame, top, supported, active, host, terms: counts };
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
  /** No frame answers. */
  'report-page-stats': undefined;
}
