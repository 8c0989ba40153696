/**
 * "Add to glossary" from a page's context menu: the selection becomes the term
 * of the options page's add form (`options.html#/add?term=…&url=…&title=…`),
 * which the reader completes and saves. Saving writes the DB, which the
 * background hears (Dexie `storagemutated`), recompiles and broadcasts: every
 * open tab highlights the new term without a reload.
 */
import { browser } from 'wxt/browser';
import { sendToTab } from '../browser/send';

export const ADD_MENU_ID = 'termlens-add-to-glossary';

/** The longest selection taken as a term: a term is a phrase, not a paragraph. */
export const MAX_TERM_LENGTH = 200;

const HAN = '\\p{Script=Han}';
const BETWEEN_HAN = new RegExp(`(?<=${HAN})[\\s\\u00ad\\u200b-\\u200d\\u2060\\ufeff]+(?=${HAN})`, 'gu');

/**
 * The selection as a term: layout whitespace between Chinese characters (a
 * printed line break, a letter-spaced headline) dropped, other whitespace runs
 * made one space, trimmed, and cut at `MAX_TERM_LENGTH` characters.
 */
export function termFromSelection(selection: string): string {
  const term = selection.replace(BETWEEN_HAN, '').replace(/\s+/g, ' ').trim();
  return [...term].slice(0, MAX_TERM_LENGTH).join('').trim();
}

/** The options page's add form, prefilled. Only http(s) page URLs are passed as a source. */
export function addFormPath(term: string, pageUrl: string, pageTitle: string): string {
  const params = new URLSearchParams({ term });
  if (/^https?:\/\//i.test(pageUrl)) {
    params.set('url', pageUrl);
    if (pageTitle) params.set('title', pageTitle);
  }
  return `/options.html#/add?${params.toString()}`;
}

/** Creates the context menu item. Menus outlive the worker: call it on install and update only. */
export async function createAddMenu(title: string): Promise<void> {
  await browser.contextMenus.removeAll();
  browser.contextMenus.create({ id: ADD_MENU_ID, title, contexts: ['selection'] });
}

/** Opens the prefilled add form beside the tab the reader selected in. */
export async function openAddForm(selection: string, pageUrl: string, tab?: { id?: number; index?: number }): Promise<void> {
  const term = termFromSelection(selection);
  if (!term) return;
  let title = '';
  if (tab?.id !== undefined) {
    // The worker may not read tab titles (no `tabs` permission): the page says its own.
    title = await sendToTab(tab.id, { type: 'get-page-info' }).then(
      (info) => info?.title ?? '',
      () => '',
    );
  }
  await browser.tabs.create({
    url: browser.runtime.getURL(addFormPath(term, pageUrl, title) as '/options.html'),
    ...(tab?.index !== undefined ? { index: tab.index + 1 } : {}),
    ...(tab?.id !== undefined ? { openerTabId: tab.id } : {}),
  });
}
