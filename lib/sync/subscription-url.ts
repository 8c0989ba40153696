import { SubscriptionError } from './subscription-error';

/**
 * Checks a URL typed by the reader and returns it normalised (`URL.href`). Only
 * `http:` and `https:` may be subscribed (issue 6, point 5): a `file:`, `data:`,
 * `javascript:` or extension URL is refused with a SubscriptionError, and so is a URL
 * with a user name or password, which would be stored and synced in the clear.
 */
export function checkSubscriptionUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new SubscriptionError('bad-url', `"${input}" is not a URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new SubscriptionError('not-http', `Only http and https URLs can be subscribed, not ${url.protocol}`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new SubscriptionError('bad-url', 'A subscription URL must not hold a user name or password.');
  }
  url.hash = '';
  return url.href;
}

/**
 * The host-permission pattern for a subscription URL (`https://example.org/*`), for
 * `browser.permissions.request({ origins: [...] })` from the page where the reader
 * subscribes. Hosts that answer with CORS headers need no permission at all.
 */
export function originPattern(url: string): string {
  return `${new URL(url).origin}/*`;
}
