/**
 * Fetches a published list and reads it with the exchange parsers (lib/exchange),
 * checking everything before anything is stored. Conditional: with the validators of
 * the last good copy it sends `If-None-Match` / `If-Modified-Since`, and a 304 comes
 * back as "not modified".
 */
import { decodeText, ImportError, parseCsv, parseJson, parseTbx, type ExchangeList } from '../exchange';
import { detectListFormat, type ListFormat } from './detect-list-format';
import { maxAgeMinutes } from './refresh-interval';
import { SubscriptionError } from './subscription-error';

/** `fetch` as lib/sync uses it; tests pass their own. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** The largest list accepted (the same bound as a file import). */
export const MAX_LIST_BYTES = 50 * 1024 * 1024;
/** How long one fetch may take before it counts as a network failure. */
export const FETCH_TIMEOUT_MS = 60_000;

export interface Validators {
  etag?: string;
  lastModified?: string;
}

export type FetchedList =
  | { kind: 'not-modified'; maxAgeMinutes?: number }
  | {
      kind: 'list';
      format: ListFormat;
      list: ExchangeList;
      etag?: string;
      lastModified?: string;
      maxAgeMinutes?: number;
    };

export interface FetchListOptions {
  fetch?: FetchLike;
  timeoutMs?: number;
}

/**
 * Fetches `url` and returns the one list it holds, validated, or "not modified".
 * Throws a SubscriptionError for a network failure, an HTTP status other than 200 or
 * 304, a body that is not a list (HTML, an image), one over MAX_LIST_BYTES, one that
 * fails validation (the message names the file's first problems), and a file holding
 * other than exactly one list. No cookies are sent (`credentials: 'omit'`), and the
 * browser's HTTP cache is bypassed so that the validators sent are ours.
 */
export async function fetchList(url: string, validators: Validators, options: FetchListOptions = {}): Promise<FetchedList> {
  const doFetch = options.fetch ?? ((u: string, init: RequestInit) => fetch(u, init));
  const headers: Record<string, string> = { accept: 'application/json, text/csv, application/x-tbx+xml, application/xml;q=0.9, */*;q=0.1' };
  if (validators.etag !== undefined) headers['if-none-match'] = validators.etag;
  if (validators.lastModified !== undefined) headers['if-modified-since'] = validators.lastModified;
  let response: Response;
  try {
    response = await doFetch(url, {
      method: 'GET',
      headers,
      credentials: 'omit',
      cache: 'no-store',
      redirect: 'follow',
      signal: AbortSignal.timeout(options.timeoutMs ?? FETCH_TIMEOUT_MS),
    });
  } catch (error) {
    throw new SubscriptionError('network', `The list could not be fetched: ${error instanceof Error ? error.message : String(error)}`);
  }
  const maxAge = maxAgeMinutes(response.headers.get('cache-control'));
  if (response.status === 304) return maxAge === undefined ? { kind: 'not-modified' } : { kind: 'not-modified', maxAgeMinutes: maxAge };
  if (response.status !== 200) {
    throw new SubscriptionError('http-status', `The server answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}.`);
  }
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > MAX_LIST_BYTES) throw tooLarge(declared);
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.length > MAX_LIST_BYTES) throw tooLarge(bytes.length);
  const contentType = response.headers.get('content-type');
  let text: string;
  let list: ExchangeList;
  let format: ListFormat | null;
  try {
    text = decodeText(bytes);
    format = detectListFormat(contentType, response.url || url, text);
    if (format === null) {
      throw new SubscriptionError('not-a-list', `The URL answered with ${contentType ?? 'an unknown type'}, not a glossary list (JSON, CSV or TBX).`);
    }
    list = await readOneList(format, text, url);
  } catch (error) {
    if (error instanceof ImportError) throw new SubscriptionError('invalid-list', `The list is not valid: ${firstProblems(error)}`);
    throw error;
  }
  const out: FetchedList = { kind: 'list', format, list };
  const etag = response.headers.get('etag');
  const lastModified = response.headers.get('last-modified');
  if (etag) out.etag = etag;
  if (lastModified) out.lastModified = lastModified;
  if (maxAge !== undefined) out.maxAgeMinutes = maxAge;
  return out;
}

async function readOneList(format: ListFormat, text: string, url: string): Promise<ExchangeList> {
  const listName = nameFromUrl(url);
  const bundle =
    format === 'json' ? await parseJson(text) : format === 'csv' ? await parseCsv(text, { listName }) : await parseTbx(text, { listName });
  const [list, ...more] = bundle.lists;
  if (!list || more.length > 0) {
    throw new SubscriptionError('not-one-list', `A subscription is one list; this file holds ${bundle.lists.length}.`);
  }
  return list;
}

/** The file name of a URL without its extension, for lists whose file names none. */
export function nameFromUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const file = decodeURIComponent(parsed.pathname.split('/').pop() ?? '').replace(/\.[^.]*$/, '');
    return file || parsed.host;
  } catch {
    return url;
  }
}

function firstProblems(error: ImportError): string {
  const shown = error.issues.slice(0, 3).map((i) => i.message);
  const more = error.issues.length - shown.length;
  return shown.join(' ') + (more > 0 ? ` (and ${more} more)` : '');
}

function tooLarge(bytes: number): SubscriptionError {
  return new SubscriptionError('too-large', `The list is ${Math.round(bytes / 1048576)} MB; the limit is ${MAX_LIST_BYTES / 1048576} MB.`);
}
