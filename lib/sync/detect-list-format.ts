/**
 * Which exchange format a fetched list is in. The Content-Type decides when it names a
 * format; otherwise lib/exchange's `detectFormat` decides from the URL's file name and
 * the body, as for a dropped file. Types that are clearly not a list (an HTML error or
 * login page, an image) are refused, so that a captive portal's page is reported as
 * "not a list", not as a broken CSV.
 */
import { detectFormat, type ExchangeFormat } from '../exchange';

export type ListFormat = ExchangeFormat;

const BY_TYPE: Record<string, ListFormat> = {
  'application/json': 'json',
  'text/json': 'json',
  'text/csv': 'csv',
  'application/csv': 'csv',
  'text/comma-separated-values': 'csv',
  'application/x-tbx+xml': 'tbx',
  'application/tbx+xml': 'tbx',
  'application/xml': 'tbx',
  'text/xml': 'tbx',
};

const NOT_A_LIST =
  /^(text\/html|application\/xhtml\+xml|image\/|audio\/|video\/|font\/|application\/pdf|application\/zip|application\/(x-)?javascript|text\/javascript|text\/css)/;

/** The format of a fetched list, or null when the response is clearly not a list. */
export function detectListFormat(contentType: string | null, url: string, body: string): ListFormat | null {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (NOT_A_LIST.test(type)) return null;
  const byType = BY_TYPE[type] ?? (type.endsWith('+json') ? 'json' : undefined);
  return byType ?? detectFormat(fileName(url), body);
}

function fileName(url: string): string {
  try {
    return new URL(url).pathname.split('/').pop() ?? '';
  } catch {
    return '';
  }
}
