// Everything Firefox-specific about running TermLens in a real browser: finding the executable,
// launching it headless over WebDriver BiDi (puppeteer-core), installing the unpacked build as a
// temporary add-on, and reaching what BiDi does not expose. The counterpart of chromium.mjs.
//
// Why the privileged route: Firefox's WebDriver BiDi hides extension contexts (moz-extension://
// pages are neither navigable nor scriptable, Mozilla bug 1755014), and page scripts cannot read a
// closed shadow root. Launched with --remote-allow-system-access, BiDi can evaluate in the browser
// window itself (`moz:scope: chrome`); from there a tab is opened on an extension page and a frame
// script, which runs with the system principal in the tab's own process, reads its DOM, calls the
// extension's APIs through a sandbox over the page, or opens a closed shadow root
// (`openOrClosedShadowRoot`). The background (an event page, not a worker) is reached the same
// way: it is a windowless <browser> among the extension's views, so a frame script loaded into it
// can call what background.ts puts on its global (`termlensBackground`). Only tests use this; the extension never depends on it.
// Plain ESM, like chromium.mjs. Types: firefox.d.mts.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import puppeteer from 'puppeteer-core';
import { INSECURE_HOST } from './page-server.mjs';

const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** Where `wxt build -b firefox` puts the Firefox build of the extension. */
export const DEFAULT_FIREFOX_EXTENSION_PATH = join(REPO_ROOT, '.output', 'firefox-mv3');

/** The add-on id in the manifest (wxt.config.ts, browser_specific_settings.gecko.id). */
export const GECKO_ID = 'termlens@termlens.dev';

const CANDIDATES = ['/usr/bin/firefox-esr', '/usr/bin/firefox', '/Applications/Firefox.app/Contents/MacOS/firefox'];

export class FirefoxNotFoundError extends Error {
  constructor(tried) {
    super(
      `Firefox was not found (tried ${tried.join(', ')}).\n` +
        'Install it with `sudo apt-get install firefox-esr fonts-noto-cjk`, or set FIREFOX_PATH to a Firefox executable.',
    );
    this.name = 'FirefoxNotFoundError';
  }
}

/** The Firefox executable: $FIREFOX_PATH if set and present, else the first usual install path, else null. */
export function firefoxPath() {
  const fromEnv = process.env.FIREFOX_PATH;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : null;
  return CANDIDATES.find((p) => existsSync(p)) ?? null;
}

/** Like firefoxPath(), but throws FirefoxNotFoundError instead of returning null. */
export function findFirefox() {
  const found = firefoxPath();
  if (!found) throw new FirefoxNotFoundError(process.env.FIREFOX_PATH ? [`FIREFOX_PATH=${process.env.FIREFOX_PATH}`] : CANDIDATES);
  return found;
}

/**
 * Launches Firefox headless with the unpacked extension installed as a temporary add-on, in a
 * fresh profile (removed by close()). The extension's moz-extension:// UUID is fixed through the
 * `extensions.webextensions.uuids` pref, so its pages have known addresses.
 */
export async function launchFirefoxWithExtension(options = {}) {
  const extensionPath = resolve(options.extensionPath ?? process.env.TERMLENS_FIREFOX_EXTENSION ?? DEFAULT_FIREFOX_EXTENSION_PATH);
  if (!existsSync(join(extensionPath, 'manifest.json'))) {
    throw new Error(`No built extension at ${extensionPath} (no manifest.json). Run \`npx wxt build -b firefox\` first.`);
  }
  const executablePath = findFirefox();
  const userDataDir = mkdtempSync(join(tmpdir(), 'termlens-firefox-'));
  const extensionUuid = randomUUID();
  const viewport = options.viewport ?? { width: 1280, height: 900 };

  let browser;
  try {
    browser = await puppeteer.launch({
      browser: 'firefox',
      protocol: 'webDriverBiDi',
      executablePath,
      headless: options.headless ?? true,
      userDataDir,
      args: ['--remote-allow-system-access'],
      defaultViewport: viewport,
      extraPrefsFirefox: {
        'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: extensionUuid }),
        'intl.accept_languages': 'zh-CN, zh, en',
        // Resolved to this machine, as Chromium's --host-resolver-rules does: not a secure context (page-server.mjs).
        'network.dns.localDomains': INSECURE_HOST,
      },
    });
  } catch (error) {
    rmSync(userDataDir, { recursive: true, force: true });
    throw error;
  }
  const close = async () => {
    await browser.close().catch(() => {});
    rmSync(userDataDir, { recursive: true, force: true });
  };

  let extensionId;
  let chromeContext;
  try {
    extensionId = await browser.installExtension(extensionPath);
    const tree = await browser.connection.send('browsingContext.getTree', { 'moz:scope': 'chrome' });
    chromeContext = tree.result.contexts[0]?.context;
    if (!chromeContext) throw new Error('Firefox showed no browser window to BiDi (moz:scope chrome).');
  } catch (error) {
    await close();
    throw error;
  }

  /** Evaluates `expression` (a Promise of a JSON-able value) in the browser window, with chrome privileges. */
  async function chromeEval(expression) {
    const { result } = await browser.connection.send('script.evaluate', {
      expression: `(async () => JSON.stringify(await (${expression})))()`,
      target: { context: chromeContext },
      awaitPromise: true,
      resultOwnership: 'none',
    });
    if (result.type === 'exception') throw new Error(`chrome eval failed: ${result.exceptionDetails.text}`);
    const value = result.result.value;
    return value === undefined ? undefined : JSON.parse(value);
  }

  /**
   * Runs `fnSource` (source of `(content, arg, sandboxEval) => value`) by a frame script in the
   * <browser> element found by `browserExpression` (chrome-side JS: a tab's `linkedBrowser`, or the
   * background page's). `sandboxEval(src)` evaluates source text with the page's own principal and
   * globals (an extension page's `browser`).
   */
  async function inBrowserElement(browserExpression, fnSource, arg, timeoutMs = 10_000) {
    const message = `termlens-test:${randomUUID()}`;
    const script = `(async () => {
      const sandboxEval = (src) => {
        const sandbox = Components.utils.Sandbox(content, { sandboxPrototype: content, wantXrays: false });
        return Components.utils.evalInSandbox(src, sandbox);
      };
      try {
        const value = await (${fnSource})(content, ${JSON.stringify(arg ?? null)}, sandboxEval);
        sendAsyncMessage(${JSON.stringify(message)}, { ok: true, json: JSON.stringify(value ?? null) });
      } catch (e) {
        sendAsyncMessage(${JSON.stringify(message)}, { ok: false, error: String(e && e.stack || e) });
      }
    })();`;
    const answer = await chromeEval(`(async () => {
      const element = await (${browserExpression});
      if (!element) throw new Error('no such tab or page');
      const mm = element.messageManager;
      let listener;
      const reply = new Promise((resolve) => {
        listener = (m) => resolve(m.data);
        mm.addMessageListener(${JSON.stringify(message)}, listener);
      });
      mm.loadFrameScript('data:text/javascript;charset=utf-8,' + encodeURIComponent(${JSON.stringify(script)}), false);
      const timeout = new Promise((resolve) => setTimeout(() => resolve({ ok: false, error: 'no answer from the tab within ${timeoutMs} ms' }), ${timeoutMs}));
      try { return await Promise.race([reply, timeout]); } finally { mm.removeMessageListener(${JSON.stringify(message)}, listener); }
    })()`);
    if (!answer.ok) throw new Error(`in-tab evaluation failed: ${answer.error}`);
    return JSON.parse(answer.json);
  }

  const inTab = (tabExpression, fnSource, arg, timeoutMs) => inBrowserElement(`${tabExpression}?.linkedBrowser`, fnSource, arg, timeoutMs);

  // The background is an event page (MV3 in Firefox): a windowless <browser> that Firefox unloads
  // when idle. It is woken first, then found among the extension's views.
  const backgroundBrowser = `(async () => {
    const extension = WebExtensionPolicy.getByID(${JSON.stringify(GECKO_ID)})?.extension;
    if (!extension) throw new Error('the add-on is not running');
    const find = () => [...extension.views].find((view) => view.viewType === 'background')?.xulBrowser;
    if (!find()) await extension.wakeupBackground?.();
    for (let i = 0; i < 50 && !find(); i++) await new Promise((r) => setTimeout(r, 100));
    return find();
  })()`;

  // Puppeteer's pages and the window's tabs are paired by bringing the page to the front.
  const selectedTab = 'gBrowser.selectedTab';
  const tabByKey = (key) => `gBrowser.tabs.find((t) => t.getAttribute('termlens-test') === ${JSON.stringify(key)})`;

  const extensionUrl = (path) => `moz-extension://${extensionUuid}/${path.replace(/^\//, '')}`;

  return {
    browserName: 'firefox',
    browser,
    extensionId,
    extensionUuid,
    extensionPath,
    userDataDir,
    extensionUrl,
    chromeEval,
    async newPage() {
      const page = await browser.newPage();
      await page.setViewport(viewport);
      return page;
    },
    async tabIdOf(page) {
      await page.bringToFront();
      return chromeEval(`(async () => {
        const { ExtensionParent } = ChromeUtils.importESModule('resource://gre/modules/ExtensionParent.sys.mjs');
        return ExtensionParent.apiManager.global.tabTracker.getId(${selectedTab});
      })()`);
    },
    async inPageTab(page, fnSource, arg) {
      await page.bringToFront();
      return inTab(selectedTab, fnSource, arg);
    },
    // Stringified inside the background's compartment: its objects are opaque to the frame script.
    callBackground: async (source) =>
      JSON.parse(
        await inBrowserElement(
          backgroundBrowser,
          '(content, src, sandboxEval) => sandboxEval(src)',
          `Promise.resolve(${source}).then((v) => JSON.stringify(v ?? null))`,
        ),
      ),
    async openExtensionPage(path, loadTimeoutMs = 15_000) {
      const key = randomUUID();
      const url = extensionUrl(path);
      await chromeEval(`(async () => {
        const tab = gBrowser.addTab(${JSON.stringify(url)}, { triggeringPrincipal: Services.scriptSecurityManager.getSystemPrincipal() });
        tab.setAttribute('termlens-test', ${JSON.stringify(key)});
        gBrowser.selectedTab = tab;
        return null;
      })()`);
      const deadline = Date.now() + loadTimeoutMs;
      for (;;) {
        const state = await inTab(tabByKey(key), '(content) => ({ url: content.location.href, ready: content.document.readyState })', null, 2_000).catch(() => null);
        if (state && state.url.startsWith(`moz-extension://${extensionUuid}/`) && state.ready === 'complete') break;
        if (Date.now() > deadline) throw new Error(`${url} did not load within ${loadTimeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 200));
      }
      return {
        url,
        evaluate: (fnSource, arg, timeoutMs) => inTab(tabByKey(key), fnSource, arg, timeoutMs),
        // Stringified inside the page's compartment: its objects are opaque to the frame script.
        callExtension: async (source) =>
          JSON.parse(await inTab(tabByKey(key), '(content, src, sandboxEval) => sandboxEval(src)', `Promise.resolve(${source}).then((v) => JSON.stringify(v ?? null))`)),
        close: () => chromeEval(`(async () => { const tab = ${tabByKey(key)}; if (tab) gBrowser.removeTab(tab); return null; })()`),
      };
    },
    close,
  };
}
