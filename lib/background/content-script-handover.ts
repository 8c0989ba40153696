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
import { openTabIds } from '../browser/tabs';

/** Where a script goes: every frame of a tab, its top frame only, or some of its frames. */
export interface ScriptTarget {
  tabId: number;
  allFrames?: boolean;
  frameIds?: number[];
}

/** What the handover needs of the browser (a parameter so that a test can pass a fake). */
export interface HandoverApi {
  tabIds(): Promise<number[]>;
  contentScripts(): { js: string[]; css: string[]; allFrames: boolean }[];
  insertCss(target: ScriptTarget, files: string[]): Promise<void>;
  executeScript(target: ScriptTarget, files: string[]): Promise<void>;
}

const browserApi: HandoverApi = {
  tabIds: openTabIds,
  contentScripts() {
    return (browser.runtime.getManifest().content_scripts ?? []).map((cs) => ({ js: cs.js ?? [], css: cs.css ?? [], allFrames: cs.all_frames ?? false }));
  },
  async insertCss(target, files) {
    await browser.scripting.insertCSS({ target: injectionTarget(target), files });
  },
  async executeScript(target, files) {
    // The manifest's own paths, read at run time: WXT types only paths it knows at build time.
    await browser.scripting.executeScript({ target: injectionTarget(target), files: files as never[] });
  },
};

/** The scripting API's target: frames by id, or all frames or the top one (its type has no such union). */
function injectionTarget(target: ScriptTarget) {
  return target.frameIds ? { tabId: target.tabId, frameIds: target.frameIds } : { tabId: target.tabId, allFrames: target.allFrames === true };
}

/** The page script's file (entrypoints/content/, built by WXT): the content script that runs in the top frame. */
export const PAGE_SCRIPT = 'content-scripts/content.js';

/**
 * Puts the page script (PAGE_SCRIPT, with its CSS, as the manifest lists them) into one frame of a
 * tab: a frame's small script asks for it once the frame holds text (entrypoints/frame.content.ts).
 * False when the frame cannot be scripted (it navigated or closed meanwhile, or host access to it
 * was withheld). Never throws.
 */
export async function putPageScriptIntoFrame(tabId: number, frameId: number, api: HandoverApi = browserApi): Promise<boolean> {
  // Firefox gives the manifest's files as full moz-extension: addresses.
  const script = api.contentScripts().find((cs) => cs.js.some((file) => file.endsWith(PAGE_SCRIPT)));
  if (!script || frameId === 0) return false;
  const target = { tabId, frameIds: [frameId] };
  try {
    if (script.css.length) await api.insertCss(target, script.css);
    await api.executeScript(target, script.js);
    return true;
  } catch {
    return false;
  }
}

/**
 * Injects every content script of the manifest (its CSS, then its JS, in the frames its entry names) into
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
        // Each into the frames the manifest gives it: the page script into the top frame, the
        // frames' small script into every frame (where one holding text then asks for the page script).
        for (const { js, css, allFrames } of scripts) {
          const target = { tabId, allFrames };
          if (css.length) await api.insertCss(target, css);
          if (js.length) await api.executeScript(target, js);
        }
        return true;
      } catch {
        return false;
      }
    }),
  );
  return results.filter(Boolean).length;
}
