import { browser } from 'wxt/browser';

/** The ids of every open tab (`tabs.query({})`, which needs no `tabs` permission for ids). */
export async function openTabIds(): Promise<number[]> {
  const tabs = await browser.tabs.query({});
  return tabs.flatMap((tab) => (tab.id === undefined ? [] : [tab.id]));
}
