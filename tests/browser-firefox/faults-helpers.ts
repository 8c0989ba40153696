// What the Firefox "faults" suite (faults.test.ts, faults-worker.test.ts) does to the browser, the
// counterpart of tests/browser/faults-helpers.ts. Firefox's MV3 background is an event page, not a
// service worker: it is stopped with `terminateBackground`, the call Firefox's own idle timer
// (`extensions.background.idle.timeout`) and about:debugging's "Terminate background script" make.
// The extension is reloaded with `runtime.reload()` from its background or, as about:debugging and
// an update do, through the AddonManager, which also turns it off and on as about:addons does. A
// content script's world is its sandbox (ExtensionContent), and network requests are observed in
// the parent process (`http-on-modify-request`), which sees the background's too. All of it runs
// with chrome privileges (firefox.mjs: chromeEval, frame scripts).

import type { Page } from 'puppeteer-core';
import { GECKO_ID, type ExtensionPageHandle } from '../browser/firefox.mjs';
import type { FirefoxSuite } from './harness';

const POLICY = `WebExtensionPolicy.getByID(${JSON.stringify(GECKO_ID)})`;
const ADDON = `ChromeUtils.importESModule('resource://gre/modules/AddonManager.sys.mjs').AddonManager.getAddonByID(${JSON.stringify(GECKO_ID)})`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The background's state: starting, running, suspending or stopped; null while the add-on is not running. */
export function backgroundState(suite: FirefoxSuite): Promise<string | null> {
  return suite.firefox.chromeEval<string | null>(`Promise.resolve(${POLICY}?.extension?.backgroundState ?? null)`);
}

/**
 * Stops the background as Firefox does when it is idle (`terminateBackground`, forced: listeners
 * that are still pending do not postpone it, as they would not stop Chrome's CDP stop either), and
 * waits until it is stopped. Returns false when no background was running.
 */
export async function stopBackground(suite: FirefoxSuite): Promise<boolean> {
  let state = await backgroundState(suite);
  // A background that is starting is running a moment later.
  for (let i = 0; i < 50 && state === 'starting'; i++) {
    await sleep(100);
    state = await backgroundState(suite);
  }
  if (state !== 'running' && state !== 'suspending') return false;
  const deadline = Date.now() + 15_000;
  for (;;) {
    // Read in the same task as the terminate's end: a message may wake a new background right after.
    const after = await suite.firefox.chromeEval<string | null>(`(async () => {
      const extension = ${POLICY}?.extension;
      if (!extension) return null;
      if (extension.backgroundState === 'running') await extension.terminateBackground({ disableResetIdleForTest: true, ignoreDevToolsAttached: true });
      return extension.backgroundState;
    })()`);
    if (after === 'stopped') return true;
    if (Date.now() > deadline) throw new Error(`the background did not stop (state: ${after})`);
    await sleep(100);
  }
}

/** Marks the add-on's running instance, so that waitForNewInstance can tell the next one from it. */
function markInstance(suite: FirefoxSuite): Promise<unknown> {
  return suite.firefox.chromeEval(`Promise.resolve((window.__termlensFaultsInstance = ${POLICY}?.extension ?? null, null))`);
}

/** Waits until a new instance of the add-on (after a reload, an update or turning it on) runs its background. */
async function waitForNewInstance(suite: FirefoxSuite, timeout = 20_000): Promise<void> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const state = await suite.firefox.chromeEval<string | null>(`(async () => {
      const extension = ${POLICY}?.extension;
      if (!extension || extension === window.__termlensFaultsInstance) return 'old';
      return extension.backgroundState ?? null;
    })()`);
    if (state === 'running') return;
    if (Date.now() > deadline) throw new Error(`no new instance of the add-on ran its background within ${timeout} ms (last: ${state})`);
    await sleep(100);
  }
}

/** Reloads the extension from its background (`browser.runtime.reload()`), and waits for the new background. */
export async function reloadFromBackground(suite: FirefoxSuite): Promise<void> {
  await markInstance(suite);
  await suite.firefox.callBackground('(setTimeout(() => browser.runtime.reload(), 20), true)');
  await waitForNewInstance(suite);
}

/**
 * Reloads the extension through the AddonManager (about:debugging's "Reload", which reinstalls it
 * from its folder as an update does; works while the background is stopped), and waits for the new background.
 */
export async function reloadAsUpdate(suite: FirefoxSuite): Promise<void> {
  await markInstance(suite);
  await suite.firefox.chromeEval(`${ADDON}.then((addon) => addon.reload()).then(() => null)`);
  await waitForNewInstance(suite);
}

/** Turns the extension off or on as the reader does in about:addons; on waits for its background. */
export async function setExtensionEnabled(suite: FirefoxSuite, enabled: boolean): Promise<void> {
  if (enabled) await markInstance(suite);
  await suite.firefox.chromeEval(`${ADDON}.then((addon) => addon.${enabled ? 'enable' : 'disable'}()).then(() => null)`);
  if (enabled) await waitForNewInstance(suite);
}

/**
 * Evaluates `source` (an expression, may be a Promise of a JSON-able value) with an extension page's
 * own globals (`browser`, `indexedDB`), as ExtensionPageHandle.callExtension does, but waiting up
 * to `timeout` ms: large transactions take longer than its 10 s on a busy machine.
 */
export async function callIn<T = unknown>(handle: ExtensionPageHandle, source: string, timeout = 60_000): Promise<T> {
  const json = await handle.evaluate<string>('(content, src, sandboxEval) => sandboxEval(src)', `Promise.resolve(${source}).then((v) => JSON.stringify(v ?? null))`, timeout);
  return JSON.parse(json) as T;
}

/** Source text calling an in-page function of tests/browser/shared-faults.ts with `arg`. */
export function callSource(fn: (arg: never) => unknown, arg?: unknown): string {
  return `(${fn.toString()})(${arg === undefined ? '' : JSON.stringify(arg)})`;
}

/** `browser.runtime.sendMessage(message)` from an extension page (it wakes the background). */
export function sendFromExtensionPage<T = unknown>(handle: ExtensionPageHandle, message: unknown): Promise<T> {
  return callIn<T>(handle, `browser.runtime.sendMessage(${JSON.stringify(message)})`);
}

/**
 * Evaluates `expression` (a Promise of a JSON-able value) in TermLens's content script in `page`'s
 * top frame: its sandbox, where only content scripts run, so this is "what a content script could
 * do", e.g. send a message. Its `chrome` and `browser` are the content script's.
 */
export async function evaluateInContentScript(suite: FirefoxSuite, page: Page, expression: string): Promise<unknown> {
  const json = await suite.firefox.inPageTab<string>(
    page,
    `(content, src) => {
      const { ExtensionContent } = ChromeUtils.importESModule('resource://gre/modules/ExtensionContent.sys.mjs');
      const context = ExtensionContent.getContextByExtensionId(${JSON.stringify(GECKO_ID)}, content);
      if (!context || !context.sandbox) throw new Error('no TermLens content script in ' + content.location.href);
      return Components.utils.evalInSandbox('(async () => JSON.stringify(await (' + src + ')))()', context.sandbox);
    }`,
    expression,
  );
  return json === undefined || json === null ? json : JSON.parse(json);
}

/** The inner window id of an extension page (its document), to find the errors it logged. */
export function windowIdOf(handle: ExtensionPageHandle): Promise<number> {
  return handle.evaluate<number>('(content) => content.windowGlobalChild.innerWindowId');
}

/** The inner window id of the background page, woken if stopped. */
export async function backgroundWindowId(suite: FirefoxSuite): Promise<number> {
  await suite.firefox.callBackground('true');
  return suite.firefox.chromeEval<number>(`(async () => {
    const view = [...${POLICY}.extension.views].find((v) => v.viewType === 'background');
    return view.xulBrowser.browsingContext.currentWindowGlobal.innerWindowId;
  })()`);
}

/**
 * The errors logged by one window of the extension since `since` (Date.now()): uncaught errors and
 * unhandled rejections, and with `console`, console.error calls too. Read from the console of the
 * extension process (every extension page and the background run in it) through `reader`, any
 * extension page; the test harness's own frame scripts are left out.
 */
export function windowErrors(reader: ExtensionPageHandle, windowId: number, options: { since?: number; console?: boolean } = {}): Promise<string[]> {
  return reader.evaluate<string[]>(
    `(content, { windowId, since, console }) => {
      const Ci = Components.interfaces;
      const errors = Services.console
        .getMessageArray()
        .filter((m) => m instanceof Ci.nsIScriptError && !(m.flags & Ci.nsIScriptError.warningFlag) && !(m.flags & Ci.nsIScriptError.infoFlag))
        .filter((m) => m.innerWindowID === windowId && m.timeStamp >= since && !m.sourceName.startsWith('data:text/javascript'))
        .map((m) => m.errorMessage + ' (' + m.sourceName + ':' + m.lineNumber + ')');
      if (console) {
        const storage = Components.classes['@mozilla.org/consoleAPI-storage;1'].getService(Ci.nsIConsoleAPIStorage);
        for (const e of storage.getEvents(String(windowId))) {
          if (e.level === 'error' && e.timeStamp >= since) errors.push(Array.from(e.arguments ?? []).map(String).join(' '));
        }
      }
      return errors;
    }`,
    { windowId, since: options.since ?? 0, console: options.console ?? false },
  );
}

/** A network request Firefox made: its address, and whether the browser made it for itself (a system load, no page or extension behind it). */
export interface RecordedRequest {
  url: string;
  byBrowser: boolean;
}

/**
 * Records every HTTP(S) request of the whole browser from now on, in the parent process, where the
 * background's and the extension pages' requests pass too; returns a reader of what was recorded.
 */
export async function recordRequests(suite: FirefoxSuite): Promise<() => Promise<RecordedRequest[]>> {
  await suite.firefox.chromeEval(`Promise.resolve((() => {
    if (window.__termlensFaultsRequests) return null;
    const seen = (window.__termlensFaultsRequests = []);
    Services.obs.addObserver({
      observe(subject) {
        const channel = subject.QueryInterface(Ci.nsIHttpChannel);
        const loading = channel.loadInfo.loadingPrincipal;
        seen.push({ url: channel.URI.spec, byBrowser: Boolean(loading && loading.isSystemPrincipal) });
      },
    }, 'http-on-modify-request');
    return null;
  })())`);
  return () => suite.firefox.chromeEval<RecordedRequest[]>('Promise.resolve(window.__termlensFaultsRequests)');
}

/**
 * How many pixels of the page's viewport are painted in a colour (not black, white or grey): the
 * highlights are the only coloured thing on the faults pages. Drawn with drawWindow in the tab.
 */
export function colouredPixels(suite: FirefoxSuite, page: Page): Promise<number> {
  return suite.firefox.inPageTab<number>(
    page,
    `(content) => {
      const width = content.innerWidth;
      const height = content.innerHeight;
      const canvas = content.document.createElement('canvas');
      canvas.width = width;
      canvas.height = height;
      const context = canvas.getContext('2d');
      context.drawWindow(content, content.scrollX, content.scrollY, width, height, 'rgb(255,255,255)');
      const data = context.getImageData(0, 0, width, height).data;
      let coloured = 0;
      for (let i = 0; i < data.length; i += 4) {
        if (Math.max(data[i], data[i + 1], data[i + 2]) - Math.min(data[i], data[i + 1], data[i + 2]) > 40) coloured++;
      }
      return coloured;
    }`,
  );
}

/**
 * The errors of a web page's documents (its top frame and its frames), whoever ran the code: the
 * page, or a content script, old or new (Chromium's harness hears both on the page's console).
 * Uncaught errors, unhandled rejections and console.error calls, read from the console of the
 * tab's process.
 */
export function tabErrors(suite: FirefoxSuite, page: Page): Promise<string[]> {
  return suite.firefox.inPageTab<string[]>(
    page,
    `(content) => {
      const Ci = Components.interfaces;
      const windows = [content, ...Array.from({ length: content.frames.length }, (_, i) => content.frames[i])];
      const ids = new Set(windows.map((w) => { try { return w.windowGlobalChild.innerWindowId; } catch { return -1; } }));
      const errors = Services.console
        .getMessageArray()
        .filter((m) => m instanceof Ci.nsIScriptError && !(m.flags & Ci.nsIScriptError.warningFlag) && !(m.flags & Ci.nsIScriptError.infoFlag))
        .filter((m) => ids.has(m.innerWindowID) && !m.sourceName.startsWith('data:text/javascript') && m.category !== 'CSS Parser')
        .map((m) => m.errorMessage + ' (' + m.sourceName + ':' + m.lineNumber + ')');
      const storage = Components.classes['@mozilla.org/consoleAPI-storage;1'].getService(Ci.nsIConsoleAPIStorage);
      for (const id of ids) {
        for (const e of storage.getEvents(String(id))) if (e.level === 'error') errors.push(Array.from(e.arguments ?? []).map(String).join(' '));
      }
      return errors;
    }`,
  );
}
