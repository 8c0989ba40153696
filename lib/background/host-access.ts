/**
 * Access to the pages the reader visits. In Firefox, Manifest V3 host access is
 * the user's to give and take back: since Firefox 127 the install prompt shows
 * it and grants it, but the reader may withdraw it (Add-ons → Permissions), and
 * an update that needs new hosts is granted nothing. Without it the content
 * script never runs, so TermLens says so on a page of its own and asks.
 */
import { browser } from 'wxt/browser';

/** What the content script's `matches: ['<all_urls>']` needs. */
export const ALL_SITES = { origins: ['<all_urls>'] };

/** The page that explains and asks (entrypoints/host-access, built for Firefox only). */
export const HOST_ACCESS_PAGE = '/host-access.html';

/** True when the content script may run on every site. */
export async function hasPageAccess(): Promise<boolean> {
  return browser.permissions.contains(ALL_SITES).catch(() => false);
}

/**
 * Opens the host-access page when TermLens may not read pages. Call it on
 * install and update only: the permission prompt needs a click on that page,
 * and a tab opened at every browser start would be a nuisance.
 */
export async function askForPageAccessIfMissing(): Promise<boolean> {
  if (await hasPageAccess()) return false;
  await browser.tabs.create({ url: browser.runtime.getURL(HOST_ACCESS_PAGE as '/popup.html') });
  return true;
}
