/**
 * Puts the content script of this version into the tabs that were open before it was
 * installed, reloaded or updated (issue 8, point 4). Chrome injects a manifest's
 * content scripts only into pages loaded after the extension started; the tabs already
 * open keep the old version's script, whose extension APIs now throw. The new script
 * announces itself in the frame (WXT's ContentScriptContext), the old one detaches on
 * that signal (lib/content/termlens-page.ts), and the new one highlights, all without
 * reloading the page.
 *
 * `scripting.executeScript` needs host access to each tab: the content script's
 * `<all_urls>` match does not grant it in MV3, so the manifest asks for the same
 * `<all_urls>` as a host permission (README, "Permissions").
 */
import { browser } from 'wxt/browser';

/** What the handover needs of the browser (a parameter so that a test can pass a fake). */
export interface HandoverApi {
  tabIds(): Promise<number[]>;
  contentScripts(): { js: string[]; css: string[] }[];
  insertCss(tabId: number, files: string[]): Promise<void>;
  executeScript(tabId: number, files: string[]): Promise<void>;
}

const browserApi: HandoverApi = {
  async tabIds() {
    const tabs = await browser.tabs.query({});
    return tabs.flatMap((tab) => (tab.id === undefined ? [] : [tab.id]));
  },
  contentScripts() {
    return (browser.runtime.getManifest().content_scripts ?? []).map((cs) => ({ js: cs.js ?? [], css: cs.css ?? [] }));
  },
  async insertCss(tabId, files) {
    await browser.scripting.insertCSS({ target: { tabId, allFrames: true }, files });
  },
  async executeScript(tabId, files) {
    // The manifest's own paths, read at run time: WXT types only paths it knows at build time.
    await browser.scripting.executeScript({ target: { tabId, allFrames: true }, files: files as never[] });
  },
};

/**
 * Injects every content script of the manifest (its CSS, then its JS, in all frames) into
 * every open tab. Tabs that cannot be scripted (the browser's own pages, the web store,
 * a tab that closed meanwhile) are skipped; the count of tabs that took the script is
 * returned. Never throws: a failed handover must not stop the worker's start.
 */
export async function handOverOpenTabs(api: HandoverApi = browserApi): Promise<number> {
  // Without the scripting API (permission missing, or a browser without it) there is nothing to do.
  if (api === browserApi && !browser.scripting) return 0;
  let tabIds: number[];
  try {
    tabIds = await api.tabIds();
  } catch {
    return 0;
  }
  const scripts = api.contentScripts();
  const results = await Promise.all(
    tabIds.map(async (tabId) => {
      try {
        for (const { js, css } of scripts) {
          if (css.length) await api.insertCss(tabId, css);
          if (js.length) await api.executeScript(tabId, js);
        }
        return true;
      } catch {
        return false;
      }
    }),
  );
  return results.filter(Boolean).length;
}
